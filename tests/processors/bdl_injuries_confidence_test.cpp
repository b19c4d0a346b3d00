// BDL injuries: parsing_confidence (mean of five factors, 3 decimals), data_quality_flags, data_hash.
#include "bdl_injuries_fixture.hpp"

using namespace nbaraw::test::bdl;

namespace {
const std::string long_description = "Jul 14: Brown (knee) is expected to be ready for training camp.";
}

TEST_CASE("bdl_injuries: parsing_confidence and its flags, in the reference's order", "[bdl_injuries]") {
  // status, return_date, team_id (0: null), description, confidence, flags ("" for NULL)
  auto [status, ret, team, description, confidence, flags] =
      GENERATE_REF(table<std::string, std::string, int, std::string, double, std::string>({
          {"Out", "Oct 1", 2, long_description, 1.0, ""},
          {"", "Oct 1", 2, long_description, 0.86, "missing_status"},               // (1+0.3+1+1+1)/5
          {"Out", "Sept 5", 2, long_description, 0.86, "unparseable_return_date"},  // (1+1+0.3+1+1)/5
          {"Out", "TBD", 2, long_description, 0.96, "unparseable_return_date"},     // 0.8, but text given
          {"Out", "", 2, long_description, 0.9, ""},                                // 0.5, no text: no flag
          {"Out", "Feb 30", 2, long_description, 0.84, "unparseable_return_date"},  // 0.2
          {"Out", "Oct 1", 31, long_description, 0.9, "unknown_team_mapping"},
          {"Out", "Oct 1", 0, long_description, 0.9, "unknown_team_mapping"},
          {"Out", "Oct 1", 2, "Knee", 0.94, "short_description"},  // 4.7/5 is 0.9400000000000001 before rounding
          {"", "Sept 5", 31, "Knee", 0.56,                         // 2.8/5 is 0.5599999999999999 before rounding
           "missing_status,unparseable_return_date,unknown_team_mapping,short_description"},
          {"", "", 31, long_description, 0.66, "missing_status,unknown_team_mapping"},
          {"Out", "Feb 30", 31, "Knee", 0.68, "unparseable_return_date,unknown_team_mapping,short_description"},
      }));
  INFO("status '" << status << "' return '" << ret << "' team " << team << " description '" << description << "'");
  boost::json::object rec = record();
  rec["status"] = status;
  rec["return_date"] = ret;
  rec["description"] = description;
  if (team)
    player(rec)["team_id"] = team;
  else
    player(rec)["team_id"] = nullptr;
  const auto row = row_of(rec);
  CHECK(row.at("parsing_confidence").as_double() == confidence);  // exactly: Python's round(x, 3)
  if (flags.empty())
    CHECK(row.at("data_quality_flags").is_null());
  else
    CHECK(row.at("data_quality_flags").as_string() == flags);
}

TEST_CASE("bdl_injuries: the description length is counted in characters, not bytes", "[bdl_injuries]") {
  // 20 characters (21 bytes) is long enough; 19 characters (20 bytes) is short.
  auto [description, is_short] = GENERATE(table<std::string, bool>({
      {"é" + std::string(19, 'x'), false},
      {"é" + std::string(18, 'x'), true},
      {std::string(20, 'x'), false},
      {std::string(19, 'x'), true},
  }));
  boost::json::object rec = record();
  rec["description"] = description;
  const auto row = row_of(rec);
  CHECK(row.at("parsing_confidence").as_double() == (is_short ? 0.94 : 1.0));
  CHECK((flags_of(row) == std::vector<std::string>{"short_description"}) == is_short);
}

TEST_CASE("bdl_injuries: data_hash equals the spec's verified example", "[bdl_injuries]") {
  // player_lookup jaylenbrown, team BOS, day_to_day, return 2024-10-01, category injury → 216789e1a3a761e4
  const auto row = row_of(record());
  REQUIRE(row.at("player_lookup").as_string() == "jaylenbrown");
  REQUIRE(row.at("team_abbr").as_string() == "BOS");
  REQUIRE(row.at("injury_status_normalized").as_string() == "day_to_day");
  REQUIRE(row.at("return_date").as_string() == "2024-10-01");
  REQUIRE(row.at("reason_category").as_string() == "injury");
  CHECK(row.at("data_hash").as_string() == "216789e1a3a761e4");
}

TEST_CASE("bdl_injuries: data_hash covers exactly the five hash fields", "[bdl_injuries]") {
  const std::string example = "216789e1a3a761e4";
  SECTION("fields outside the hash do not change it") {
    boost::json::object rec = record();
    player(rec)["id"] = 9999;
    rec["status"] = "day to day";                          // same normalised status
    rec["description"] = "Sore left knee, listed for Monday.";  // same category
    const auto row = row_of(rec, "ball-dont-lie/injuries/2025-07-16/20250716_090000.json");  // same season
    CHECK(row.at("data_hash").as_string() == example);
  }
  SECTION("each hash field changes it") {
    boost::json::object rec = record();
    const int which = GENERATE(0, 1, 2, 3, 4);
    switch (which) {
      case 0: player(rec)["first_name"] = "Jalen"; break;  // player_lookup
      case 1: player(rec)["team_id"] = 3; break;           // team_abbr
      case 2: rec["status"] = "Out"; break;                // injury_status_normalized
      case 3: rec["return_date"] = "Oct 2"; break;         // return_date
      case 4: rec["description"] = "Personal reasons, away for a week."; break;  // reason_category
    }
    INFO("variant " << which);
    const auto hash = row_of(rec).at("data_hash");
    REQUIRE(hash.is_string());
    CHECK(hash.as_string().size() == 16);
    CHECK(hash.as_string() != example);
  }
}
