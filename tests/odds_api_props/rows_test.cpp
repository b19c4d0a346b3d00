// Rows from small fixtures: both capture formats, grouping of outcomes into one row per player, prices and
// their American odds, player_lookup, teams exact/fuzzy/unknown, data_hash, counters and the summary.
#include "odds_fixture.hpp"

#include <nbaraw/rules/data_hash.hpp>

using namespace nbaraw::test::odds;
using nbaraw::Row;
using nbaraw::TransformResult;

TEST_CASE("rows: a historical capture", "[odds_api_props][rows]") {
  const Row row = row_of(envelope(event()));
  CHECK(row.at("game_id") == "20240124_ATL_GSW");
  CHECK(row.at("odds_api_event_id") == "cd0bc7d0c238f4446ce1c03d0cea7ec4");
  CHECK(row.at("game_date") == "2024-01-24");
  CHECK(row.at("game_start_time") == "2024-01-25T03:20:30+00:00");
  CHECK(row.at("home_team_abbr") == "GSW");
  CHECK(row.at("away_team_abbr") == "ATL");
  CHECK(row.at("snapshot_timestamp") == "2024-01-25T03:55:40+00:00");
  CHECK(row.at("snapshot_tag") == "snap-0410");
  CHECK(row.at("capture_timestamp") == "2025-08-12T04:10:00");  // from the name, even for historical files
  CHECK(row.at("minutes_before_tipoff") == -35);
  CHECK(row.at("bookmaker") == "draftkings");
  CHECK(row.at("player_name") == "Stephen Curry");
  CHECK(row.at("player_lookup") == "stephencurry");
  CHECK(row.at("points_line") == 28.5);
  CHECK(row.at("over_price") == 1.87);
  CHECK(row.at("over_price_american") == -114);
  CHECK(row.at("under_price") == 1.95);
  CHECK(row.at("under_price_american") == -105);
  CHECK(row.at("bookmaker_last_update") == "2024-01-25T03:55:22+00:00");
  CHECK(row.at("source_file_path") == boost::json::value(historical_path));
  CHECK(row.at("data_source") == "historical");
  CHECK(row.at("data_hash") == "97565923216d2773");  // the golden row's
  CHECK(row.at("processed_at").is_string());
}

TEST_CASE("rows: a current capture takes its snapshot time from the file name, as UTC", "[odds_api_props][rows]") {
  const Row row = row_of(event(), current_path);
  CHECK(row.at("snapshot_timestamp") == "2024-01-24T23:05:00+00:00");
  CHECK(row.at("capture_timestamp") == "2024-01-24T23:05:00");
  CHECK(row.at("snapshot_tag") == "snap-2305");
  CHECK(row.at("minutes_before_tipoff") == 255);
  CHECK(row.at("data_source") == "current");
  // data_hash hashes the snapshot as Python's str() shows the aware datetime: "2024-01-24 23:05:00+00:00".
  CHECK(row.at("data_hash") == "a4016073e7cfc5e2");
}

TEST_CASE("rows: a bare event under player-props-history/ is historical by its path", "[odds_api_props][rows]") {
  const std::string path =
      "odds-api/player-props-history/2024-01-24/cd0bc7d0c238f4446ce1c03d0cea7ec4-ATLGSW/20240124_230500-snap-2305.json";
  const Row row = row_of(event(), path);
  CHECK(row.at("data_source") == "historical");
  CHECK(row.at("snapshot_timestamp") == "2024-01-24T23:05:00+00:00");  // still the current format's snapshot rule
}

TEST_CASE("rows: outcomes group by player with the first point and the last Over and Under prices", "[odds_api_props][rows]") {
  auto ev = event();
  outcomes_of(ev) = boost::json::array{
      outcome("Over", "Stephen Curry", 1.87, 28.5),
      outcome("Under", "Stephen Curry", 1.95, 28.5),
      outcome("Over", "Trae Young", 2.1, 27.5),
      outcome("Over", "Stephen Curry", 2.5, 30.5),   // an alternate line: collapses into Curry's row
      outcome("Under", "Stephen Curry", 1.5, 30.5),  // and its prices replace the main line's
      outcome("Under", "Trae Young", 1.74, 27.5),
  };
  const TransformResult r = transform(envelope(ev));
  REQUIRE(r.rows.size() == 2);
  CHECK(r.records_seen == 6);
  CHECK(r.skipped.empty());
  CHECK(r.rows[0].at("player_name") == "Stephen Curry");  // order of first appearance
  CHECK(r.rows[0].at("points_line") == 28.5);
  CHECK(r.rows[0].at("over_price") == 2.5);
  CHECK(r.rows[0].at("over_price_american") == 150);
  CHECK(r.rows[0].at("under_price") == 1.5);
  CHECK(r.rows[0].at("under_price_american") == -200);
  CHECK(r.rows[1].at("player_name") == "Trae Young");
  CHECK(r.rows[1].at("over_price_american") == 110);
  CHECK(r.rows[1].at("under_price_american") == -135);
  CHECK(counter(r.counters, "alternate_lines_collapsed") == 2);
}

TEST_CASE("rows: one row per bookmaker, and per player_points market", "[odds_api_props][rows]") {
  auto ev = event();
  bookmakers_of(ev).push_back(bookmaker("fanduel", {outcome("Over", "Stephen Curry", 1.9, 29.5)}, "2024-01-25T03:55:01Z"));
  // A second player_points market in the same bookmaker is grouped on its own, as the reference does.
  bookmakers_of(ev)[1].as_object()["markets"].as_array().push_back(boost::json::object{
      {"key", "player_points"}, {"outcomes", boost::json::array{outcome("Under", "Stephen Curry", 1.8, 29.5)}}});
  // Other markets are ignored, player ones included.
  bookmakers_of(ev)[0].as_object()["markets"].as_array().push_back(boost::json::object{
      {"key", "player_rebounds"}, {"outcomes", boost::json::array{outcome("Over", "Stephen Curry", 1.9, 5.5)}}});
  const TransformResult r = transform(envelope(ev));
  REQUIRE(r.rows.size() == 3);
  CHECK(r.records_seen == 4);
  CHECK(r.rows[0].at("bookmaker") == "draftkings");
  CHECK(r.rows[1].at("bookmaker") == "fanduel");
  CHECK(r.rows[1].at("over_price") == 1.9);
  CHECK(r.rows[1].at("under_price").is_null());
  CHECK(r.rows[1].at("bookmaker_last_update") == "2024-01-25T03:55:01+00:00");
  CHECK(r.rows[2].at("bookmaker") == "fanduel");
  CHECK(r.rows[2].at("over_price").is_null());
  CHECK(r.rows[2].at("under_price") == 1.8);
  CHECK(counter(r.counters, "bookmaker:draftkings") == 1);
  CHECK(counter(r.counters, "bookmaker:fanduel") == 2);
}

TEST_CASE("rows: missing and odd prices and points", "[odds_api_props][rows]") {
  auto ev = event();
  outcomes_of(ev) = boost::json::array{
      boost::json::object{{"name", "Over"}, {"description", "No Price"}, {"point", 20.5}},  // price defaults to 0
      boost::json::object{{"name", "Over"}, {"description", "Null Price"}, {"price", nullptr}, {"point", 20.5}},
      boost::json::object{{"name", "Over"}, {"description", "No Point"}, {"price", 1.9}},  // points_line 0
      boost::json::object{{"name", "Yes"}, {"description", "Other Side"}, {"price", 1.9}, {"point", 10.5}},
      boost::json::object{{"name", "Under"}, {"description", "Even Money"}, {"price", 1.0}, {"point", 10.5}},
      boost::json::object{{"name", "Over"}, {"description", "Integer Price"}, {"price", 3}, {"point", 12}},
  };
  const TransformResult r = transform(envelope(ev));
  REQUIRE(r.rows.size() == 6);
  CHECK(r.rows[0].at("over_price") == 0);
  CHECK(r.rows[0].at("over_price_american").is_null());  // 0 is falsy
  CHECK(r.rows[1].at("over_price").is_null());
  CHECK(r.rows[1].at("over_price_american").is_null());
  CHECK(r.rows[2].at("points_line") == 0);
  CHECK(r.rows[2].at("points_line").is_int64());
  CHECK(r.rows[3].at("over_price").is_null());  // neither Over nor Under: a row without prices
  CHECK(r.rows[3].at("under_price").is_null());
  CHECK(r.rows[4].at("under_price") == 1.0);
  CHECK(r.rows[4].at("under_price_american").is_null());  // the reference would divide by zero
  CHECK(any_contains(r.warnings, "no American odds"));
  CHECK(r.rows[5].at("over_price_american") == 200);
  CHECK(r.rows[5].at("points_line") == 12);
  // points_line 0 hashes as "0" (Python int), not "0.0".
  Row expected;
  expected["player_lookup"] = "nopoint";
  expected["game_date"] = "2024-01-24";
  expected["game_id"] = "20240124_ATL_GSW";
  expected["bookmaker"] = "draftkings";
  expected["points_line"] = 0;
  expected["snapshot_timestamp"] = "2024-01-25 03:55:40+00:00";
  const auto hash =
      nbaraw::data_hash(expected, {"player_lookup", "game_date", "game_id", "bookmaker", "points_line", "snapshot_timestamp"});
  REQUIRE(hash);
  CHECK(r.rows[2].at("data_hash") == boost::json::value(*hash));
  CHECK(counter(r.counters, "rows_no_over_price") == 3);
  CHECK(counter(r.counters, "rows_no_under_price") == 5);
}

TEST_CASE("rows: player_lookup by name_utils.normalize_name (A.2)", "[odds_api_props][rows]") {
  auto ev = event();
  outcomes_of(ev) = boost::json::array{outcome("Over", "Bogdan Bogdanović", 1.9, 14.5),
                                       outcome("Over", "D'Angelo Russell Jr.", 1.9, 14.5),
                                       outcome("Over", "李小龍", 1.9, 14.5)};
  const TransformResult r = transform(envelope(ev));
  REQUIRE(r.rows.size() == 3);
  CHECK(r.rows[0].at("player_lookup") == "bogdanbogdanovic");
  CHECK(r.rows[1].at("player_lookup") == "dangelorusselljr");
  CHECK(r.rows[2].at("player_lookup") == "");  // empty, not null: the name was not empty
  CHECK(counter(r.counters, "rows_empty_player_lookup") == 1);
}

TEST_CASE("rows: teams exact, by variation, fuzzy at 85, or kept as given", "[odds_api_props][teams]") {
  SECTION("variations and other codes map exactly") {
    auto ev = event();
    ev["home_team"] = "LA Clippers";
    ev["away_team"] = "Phoenix Suns";
    const TransformResult r = transform(envelope(ev));
    REQUIRE(r.rows.size() == 1);
    CHECK(r.rows[0].at("home_team_abbr") == "LAC");
    CHECK(r.rows[0].at("away_team_abbr") == "PHX");
    CHECK(r.rows[0].at("game_id") == "20240124_PHX_LAC");
    CHECK(any_contains(r.warnings, "the event folder names ATL@GSW but the event is PHX@LAC"));
  }
  SECTION("a misspelt name matches fuzzily") {
    auto ev = event();
    ev["away_team"] = "Atlanta Hawkz";  // partial_ratio 92
    const TransformResult r = transform(envelope(ev));
    REQUIRE(r.rows.size() == 1);
    CHECK(r.rows[0].at("away_team_abbr") == "ATL");
    CHECK(any_contains(r.warnings, "fuzzy-matched to ATL"));
    CHECK(counter(r.counters, "rows_fuzzy_team") == 1);
  }
  SECTION("below the cutoff the name is kept as given, and so is the game id") {
    auto ev = event();
    ev["away_team"] = "Golden St. Warriors";  // partial_ratio 84 < 85
    ev["home_team"] = "Seattle SuperSonics";
    const TransformResult r = transform(envelope(ev));
    REQUIRE(r.rows.size() == 1);
    CHECK(r.rows[0].at("away_team_abbr") == "Golden St. Warriors");
    CHECK(r.rows[0].at("home_team_abbr") == "Seattle SuperSonics");
    CHECK(r.rows[0].at("game_id") == "20240124_Golden St. Warriors_Seattle SuperSonics");
    CHECK(any_contains(r.warnings, "unknown team names (stored as given in the team columns): Golden St. Warriors, "
                                   "Seattle SuperSonics"));
    CHECK(counter(r.counters, "rows_unknown_team") == 1);
  }
}

TEST_CASE("rows: without commence_time there is no tip-off", "[odds_api_props][rows]") {
  auto ev = event();
  ev.erase("commence_time");
  const TransformResult r = transform(envelope(ev));
  REQUIRE(r.rows.size() == 1);
  CHECK(r.rows[0].at("game_start_time").is_null());
  CHECK(r.rows[0].at("minutes_before_tipoff").is_null());
  CHECK(any_contains(r.warnings, "Missing required field: commence_time"));  // the reference's advisory validation
  CHECK(counter(r.counters, "rows_no_tipoff_time") == 1);
}

TEST_CASE("rows: counters and the summary", "[odds_api_props][summary]") {
  auto ev = event();
  outcomes_of(ev).push_back(outcome("Over", "Big Line", 1.2, 60.5));  // out of 5.5-50.5, -500
  const TransformResult r = transform(envelope(ev));
  REQUIRE(r.rows.size() == 2);
  CHECK(counter(r.counters, "rows") == 2);
  CHECK(counter(r.counters, "rows_historical") == 2);
  CHECK(counter(r.counters, "rows_fallback_game_id") == 2);
  CHECK(counter(r.counters, "rows_after_tipoff") == 2);
  CHECK(counter(r.counters, "rows_line_out_of_range") == 1);
  CHECK(counter(r.counters, "rows_odds_beyond_500") == 0);  // -500 exactly is within
  const auto lines = OddsApiProps{}.summarize(r.counters);
  CHECK(any_contains(lines, "2 rows: 2 historical, 0 current"));
  CHECK(any_contains(lines, "game_id from the schedule: 0 (0.0%); YYYYMMDD_AWAY_HOME fallback: 2"));
  CHECK(any_contains(lines, "rows by bookmaker: draftkings 2"));
  CHECK(any_contains(lines, "snapshots after tip-off (minutes_before_tipoff < 0): 2 (100.0%)"));
  CHECK(any_contains(lines, "points_line outside 5.5-50.5: 1 (50.0%)"));
  CHECK(OddsApiProps{}.summarize({}).empty());
}
