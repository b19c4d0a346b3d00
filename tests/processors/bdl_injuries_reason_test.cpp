// BDL injuries: reason_category by substring tests in the reference's order, quirks included.
#include "bdl_injuries_fixture.hpp"

using namespace nbaraw::test::bdl;

TEST_CASE("bdl_injuries reason_category", "[bdl_injuries]") {
  auto [description, category] = GENERATE(table<std::string, std::string>({
      {"", "other"},
      {"Left ankle sprain", "injury"},
      {"Illness", "injury"},
      {"Concussion protocol", "injury"},
      {"Recovering from surgery", "injury"},
      {"Assigned to the G League", "g_league"},
      {"On a two-way contract", "g_league"},
      {"On assignment with the affiliate", "g_league"},
      {"G League two-way assignment; rest; personal; suspension; knee", "g_league"},  // g_league is tested first
      {"Load management", "rest"},
      {"Injury maintenance", "rest"},  // rest is tested before injury
      {"Will miss the rest of the season after knee surgery", "rest"},  // substring quirk (Tatum in the golden)
      {"Interested in a buyout", "rest"},                                // "interested" holds "rest"
      {"Personal reasons", "personal"},
      {"Family matter, knee soreness", "personal"},  // personal before injury
      {"Bereavement", "personal"},
      {"Away from team", "personal"},
      {"Serving a suspension", "suspension"},
      {"Disciplinary, ankle", "suspension"},  // suspension before injury
      {"Team violation", "suspension"},
      {"Nearing a comeback", "injury"},  // "comeback" holds "back"
      {"Stubbed toe", "injury"},
      {"Suspended one game", "other"},  // "suspended" does not hold "suspension"
      {"Not with team", "other"},
      {"COVID protocols", "other"},
      {"LEFT KNEE", "injury"},  // lower-cased first
  }));
  INFO(description);
  CHECK(nbaraw::processors::BdlInjuries::reason_category(description) == category);
  boost::json::object rec = record();
  rec["description"] = description;
  CHECK(row_of(rec).at("reason_category").as_string() == category);
}

TEST_CASE("bdl_injuries: an absent description is stored as \"\" with category other", "[bdl_injuries]") {
  boost::json::object rec = record();
  rec.erase("description");
  const auto row = row_of(rec);
  CHECK(row.at("injury_description").as_string() == "");
  CHECK(row.at("reason_category").as_string() == "other");
  CHECK(flags_of(row) == std::vector<std::string>{"short_description"});
}
