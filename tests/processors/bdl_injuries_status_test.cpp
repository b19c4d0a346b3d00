// BDL injuries: injury_status kept as given, injury_status_normalized by the reference's table.
#include "bdl_injuries_fixture.hpp"

using namespace nbaraw::test::bdl;

TEST_CASE("bdl_injuries: status normalisation", "[bdl_injuries]") {
  auto [status, normalized] = GENERATE(table<std::string, std::string>({
      {"Out", "out"},
      {"OUT", "out"},
      {"Questionable", "questionable"},
      {"  Doubtful ", "doubtful"},
      {"Probable", "probable"},
      {"Day-To-Day", "day_to_day"},
      {"day to day", "day_to_day"},
      {"DAY TO DAY", "day_to_day"},
      {"", "unknown"},
      {"   ", "unknown"},
      {"Game Time Decision", "game_time_decision"},
      {"Out For Season", "out_for_season"},
      {"Re-Evaluation", "re_evaluation"},
  }));
  boost::json::object rec = record();
  rec["status"] = status;
  const auto row = row_of(rec);
  CHECK(row.at("injury_status").as_string() == status);  // as given
  CHECK(row.at("injury_status_normalized").as_string() == normalized);
  CHECK(nbaraw::processors::BdlInjuries::normalize_status(status) == normalized);
}

TEST_CASE("bdl_injuries: an absent status is stored as \"\", normalised unknown and flagged", "[bdl_injuries]") {
  boost::json::object rec = record();
  rec.erase("status");
  const auto row = row_of(rec);
  CHECK(row.at("injury_status").as_string() == "");
  CHECK(row.at("injury_status_normalized").as_string() == "unknown");
  CHECK(flags_of(row) == std::vector<std::string>{"missing_status"});
}
