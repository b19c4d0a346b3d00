// Odds API props rules: the rules one by one, rows from small fixtures, and game_id from the schedule
// through Lookups.
#include "support/processor_kit.hpp"

#include <nbaraw/lookups.hpp>
#include <nbaraw/processors/odds_api_props.hpp>
#include <nbaraw/rules/data_hash.hpp>

#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

using namespace nbaraw::test;
using nbaraw::processors::OddsApiProps;
using nbaraw::Row;
using nbaraw::TransformResult;
using nbaraw::LookupQuery;
using nbaraw::Rows;

// ---- the inputs each rule varies: an event, its bookmakers and outcomes, and the historical envelope.
namespace {

/// A historical capture's object name (the sample's event, 2024-01-24, ATL at GSW).
constexpr std::string_view historical_path =
    "odds-api/player-props-history/2024-01-24/cd0bc7d0c238f4446ce1c03d0cea7ec4-ATLGSW/20250812_041000-snap-0410.json";
/// A current capture's object name: the snapshot time comes from its 20240124_230500.
constexpr std::string_view current_path =
    "odds-api/player-props/2024-01-24/cd0bc7d0c238f4446ce1c03d0cea7ec4-ATLGSW/20240124_230500-snap-2305.json";

boost::json::object outcome(std::string_view side, std::string_view player, double price, double point) {
  return boost::json::object{{"name", side}, {"description", player}, {"price", price}, {"point", point}};
}

/// A bookmaker with one player_points market holding the outcomes (and a totals market to ignore).
boost::json::object bookmaker(std::string_view key, boost::json::array outcomes,
                              std::string_view last_update = "2024-01-25T03:55:22Z") {
  return boost::json::object{
      {"key", key},
      {"title", key},
      {"last_update", last_update},
      {"markets", boost::json::array{
                      boost::json::object{{"key", "totals"},
                                          {"outcomes", boost::json::array{outcome("Over", "", 1.87, 248.5)}}},
                      boost::json::object{{"key", "player_points"}, {"last_update", last_update}, {"outcomes", outcomes}},
                  }},
  };
}

/// The bare event (what a current capture holds): Atlanta at Golden State, tip-off 2024-01-25 03:20:30 UTC,
/// DraftKings with Stephen Curry Over/Under 28.5.
boost::json::object event() {
  return boost::json::object{
      {"id", "cd0bc7d0c238f4446ce1c03d0cea7ec4"},
      {"sport_key", "basketball_nba"},
      {"sport_title", "NBA"},
      {"commence_time", "2024-01-25T03:20:30Z"},
      {"home_team", "Golden State Warriors"},
      {"away_team", "Atlanta Hawks"},
      {"bookmakers", boost::json::array{bookmaker(
                         "draftkings", {outcome("Over", "Stephen Curry", 1.87, 28.5), outcome("Under", "Stephen Curry", 1.95, 28.5)})}},
  };
}

/// The historical envelope around an event, snapshot 2024-01-25 03:55:40 UTC.
boost::json::object envelope(boost::json::object ev, std::string_view timestamp = "2024-01-25T03:55:40Z") {
  return boost::json::object{{"timestamp", timestamp},
                             {"previous_timestamp", "2024-01-25T03:50:38Z"},
                             {"next_timestamp", "2024-01-25T04:00:38Z"},
                             {"data", std::move(ev)}};
}

boost::json::array& bookmakers_of(boost::json::object& ev) { return ev["bookmakers"].as_array(); }
boost::json::array& outcomes_of(boost::json::object& ev, std::size_t book = 0) {
  return bookmakers_of(ev)[book].as_object()["markets"].as_array()[1].as_object()["outcomes"].as_array();
}

/// Transforms as the backfill does (validate first); every row must be loadable into the table.
TransformResult transform(const boost::json::value& doc, std::string_view object_name = historical_path,
                          const OddsApiProps& processor = OddsApiProps{}) {
  INFO(boost::json::serialize(doc));
  return transform_checked(processor, doc, object_name);
}

/// The one row a document gives.
Row row_of(const boost::json::value& doc, std::string_view object_name = historical_path) {
  return one_row(transform(doc, object_name));
}

}  // namespace

// ---- American odds, the object name, Python's datetime parsing and printing, minutes before tip-off, the
//      format and data_source. Expected values are what CPython 3.11 gives.
TEST_CASE("decimal_to_american: truncating double arithmetic, quirks included", "[odds_api_props][american]") {
  auto [decimal, american] = GENERATE(table<double, std::int64_t>({
      {1.87, -114},
      {1.95, -105},
      {2.10, 110},
      {2.15, 114},  // (2.15 - 1) * 100 = 114.99999999999999
      {2.30, 129},  // 129.99999999999997
      {1.5, -200},
      {2.0, 100},
      {1.74, -135},
      {1.91, -109},
      {3.0, 200},
      {1.01, -9999},  // -100 / 0.010000000000000009
      {1.999, -100},
      {2.2, 120},
      {0.5, 200},  // nonsense in, the formula's answer out, as the reference
      {-1.0, 50},
  }));
  INFO(decimal);
  CHECK(OddsApiProps::decimal_to_american(decimal) == std::optional<std::int64_t>(american));
}

TEST_CASE("decimal_to_american: no value where the reference has none or fails", "[odds_api_props][american]") {
  CHECK(OddsApiProps::decimal_to_american(0) == std::nullopt);    // falsy
  CHECK(OddsApiProps::decimal_to_american(1.0) == std::nullopt);  // the reference divides by zero
  CHECK(OddsApiProps::decimal_to_american(1e300) == std::nullopt);  // beyond INT64
}

TEST_CASE("parse_path: the historical and current layouts", "[odds_api_props][path]") {
  auto p = OddsApiProps::parse_path(historical_path);
  REQUIRE(p);
  CHECK(p->date_folder == "2024-01-24");
  CHECK(p->event_id == "cd0bc7d0c238f4446ce1c03d0cea7ec4");
  CHECK(p->away == std::optional<std::string>("ATL"));
  CHECK(p->home == std::optional<std::string>("GSW"));
  CHECK(p->capture == "20250812_041000");
  CHECK(p->snapshot_tag == std::optional<std::string>("snap-0410"));

  p = OddsApiProps::parse_path(current_path);
  REQUIRE(p);
  CHECK(p->capture == "20240124_230500");
  CHECK(p->snapshot_tag == std::optional<std::string>("snap-2305"));

  // A gs:// URI (the reference's backfill form) only adds leading parts: the last three decide.
  p = OddsApiProps::parse_path(std::string("gs://nba-scraped-data/") + std::string(historical_path));
  REQUIRE(p);
  CHECK(p->date_folder == "2024-01-24");
  CHECK(p->snapshot_tag == std::optional<std::string>("snap-0410"));
}

TEST_CASE("parse_path: the event folder's fallback split and odd file names", "[odds_api_props][path]") {
  auto p = OddsApiProps::parse_path("odds-api/player-props/2024-01-24/ABC123-ATLGSW/20240124_230500-snap-2305.json");
  REQUIRE(p);  // upper-case hex does not match the pattern: split at the last '-'
  CHECK(p->event_id == "ABC123");
  CHECK(p->away == std::optional<std::string>("ATL"));
  CHECK(p->home == std::optional<std::string>("GSW"));

  p = OddsApiProps::parse_path("odds-api/player-props/2024-01-24/abc-def-LAL/x.json");
  REQUIRE(p);
  CHECK(p->event_id == "abc-def");
  CHECK(p->away == std::optional<std::string>("LAL"));
  CHECK(p->home == std::nullopt);  // fewer than 6 characters after the dash

  p = OddsApiProps::parse_path("odds-api/player-props/2024-01-24/nodash/20240124_230500.json");
  REQUIRE(p);
  CHECK(p->event_id == "nodash");
  CHECK(p->away == std::nullopt);
  CHECK(p->capture == "20240124_230500");
  CHECK(p->snapshot_tag == std::nullopt);  // no "-snap-"

  p = OddsApiProps::parse_path("odds-api/player-props/2024-01-24/abc-ATLGSW/20240124_230500-snap-2305.json.gz");
  REQUIRE(p);
  CHECK(p->snapshot_tag == std::optional<std::string>("snap-2305"));

  CHECK_FALSE(OddsApiProps::parse_path("odds-api/2024-01-24/abc-ATLGSW/20240124_230500-snap-2305.json"));  // 4 parts
  CHECK_FALSE(OddsApiProps::parse_path("20240124_230500-snap-2305.json"));
  CHECK_FALSE(OddsApiProps::parse_path(""));
}

TEST_CASE("parse_iso_timestamp: Python 3.11 fromisoformat after Z -> +00:00, printed as str() and isoformat()",
          "[odds_api_props][timestamp]") {
  auto [text, python_str, iso] = GENERATE(table<std::string, std::string, std::string>({
      {"2024-01-25T03:55:40Z", "2024-01-25 03:55:40+00:00", "2024-01-25T03:55:40+00:00"},
      {"2024-01-25T03:55:40.5+00:00", "2024-01-25 03:55:40.500000+00:00", "2024-01-25T03:55:40.500000+00:00"},
      {"2024-01-25 03:55:40-05:00", "2024-01-25 03:55:40-05:00", "2024-01-25T03:55:40-05:00"},
      {"2024-01-25", "2024-01-25 00:00:00", "2024-01-25T00:00:00"},
      {"2024-01-25T03:55", "2024-01-25 03:55:00", "2024-01-25T03:55:00"},
      {"2024-01-25T03", "2024-01-25 03:00:00", "2024-01-25T03:00:00"},
      {"20240125T035540Z", "2024-01-25 03:55:40+00:00", "2024-01-25T03:55:40+00:00"},
      {"2024-01-25T035540", "2024-01-25 03:55:40", "2024-01-25T03:55:40"},
      {"2024-01-25T03:55:40.1234567Z", "2024-01-25 03:55:40.123456+00:00", "2024-01-25T03:55:40.123456+00:00"},
      {"2024-01-25T03:55:40,25Z", "2024-01-25 03:55:40.250000+00:00", "2024-01-25T03:55:40.250000+00:00"},
      {"2024-01-25T03:55:40+0530", "2024-01-25 03:55:40+05:30", "2024-01-25T03:55:40+05:30"},
      {"2024-01-25T03:55:40+05:30:15", "2024-01-25 03:55:40+05:30:15", "2024-01-25T03:55:40+05:30:15"},
      {"2024-01-25x03:55:40", "2024-01-25 03:55:40", "2024-01-25T03:55:40"},  // any one separator
  }));
  INFO(text);
  const auto t = OddsApiProps::parse_iso_timestamp(text);
  REQUIRE(t);
  CHECK(t->python_str() == python_str);
  CHECK(t->iso() == iso);
}

TEST_CASE("parse_iso_timestamp: what Python rejects", "[odds_api_props][timestamp]") {
  auto text = GENERATE(as<std::string>{}, "2024-01-25T25:00:00", "garbage", "2024-02-30T00:00:00", "2024-01-25T",
                       "2024-01-25T03:55:40+", "", "2024-01-25T03:5540", "2024-1-25T03:55:40");
  INFO(text);
  CHECK_FALSE(OddsApiProps::parse_iso_timestamp(text));
}

TEST_CASE("parse_iso_timestamp: offsets give the instant", "[odds_api_props][timestamp]") {
  const auto utc = OddsApiProps::parse_iso_timestamp("2024-01-25T03:20:30Z");
  const auto eastern = OddsApiProps::parse_iso_timestamp("2024-01-24T22:20:30-05:00");
  REQUIRE((utc && eastern));
  CHECK(utc->utc_micros() == eastern->utc_micros());
  CHECK(utc->offset_seconds == std::optional<std::int32_t>(0));
  CHECK(eastern->offset_seconds == std::optional<std::int32_t>(-5 * 3600));
  const auto naive = OddsApiProps::parse_iso_timestamp("2024-01-25T03:20:30");
  REQUIRE(naive);
  CHECK_FALSE(naive->offset_seconds);
  CHECK(naive->utc_micros() == utc->utc_micros());  // a naive time is read as UTC
}

TEST_CASE("parse_capture: exactly YYYYMMDD_HHMMSS, naive", "[odds_api_props][timestamp]") {
  const auto t = OddsApiProps::parse_capture("20250812_041000");
  REQUIRE(t);
  CHECK(t->python_str() == "2025-08-12 04:10:00");
  CHECK(t->iso() == "2025-08-12T04:10:00");
  CHECK_FALSE(t->offset_seconds);
  for (std::string_view bad : {"20250812-041000", "20251312_000000", "20250230_000000", "2025081_041000", "",
                               "20250812_241000", "20250812_046000", "20250812_041060", "2025O812_041000"}) {
    INFO(bad);
    CHECK_FALSE(OddsApiProps::parse_capture(bad));
  }
}

TEST_CASE("minutes_before_tipoff: truncated toward zero, negative after tip-off", "[odds_api_props][timestamp]") {
  const auto start = *OddsApiProps::parse_iso_timestamp("2024-01-25T03:20:30Z");
  auto minutes = [&](std::string_view snapshot) {
    return OddsApiProps::minutes_before_tipoff(start, *OddsApiProps::parse_iso_timestamp(snapshot));
  };
  CHECK(minutes("2024-01-25T03:55:40Z") == -35);  // the spec's example: -35.17
  CHECK(minutes("2024-01-25T03:21:00Z") == 0);    // -0.5 truncates to 0
  CHECK(minutes("2024-01-25T03:19:31Z") == 0);
  CHECK(minutes("2024-01-25T03:19:30Z") == 1);
  CHECK(minutes("2024-01-25T03:19:29.999999Z") == 1);
  CHECK(minutes("2024-01-24T23:05:00Z") == 255);
  CHECK(minutes("2024-01-24T22:20:30-05:00") == 0);  // the same instant
}

TEST_CASE("historical format and data_source", "[odds_api_props]") {
  const boost::json::value historical = envelope(event());
  const boost::json::value current = event();
  CHECK(OddsApiProps::is_historical(historical));
  CHECK_FALSE(OddsApiProps::is_historical(current));
  CHECK_FALSE(OddsApiProps::is_historical(boost::json::object{{"data", 1}}));  // both keys are needed
  CHECK_FALSE(OddsApiProps::is_historical(boost::json::object{{"timestamp", 1}}));
  CHECK_FALSE(OddsApiProps::is_historical(boost::json::array{}));

  // The format wins; otherwise the path decides; otherwise "current".
  CHECK(OddsApiProps::data_source(historical, current_path) == "historical");
  CHECK(OddsApiProps::data_source(current, historical_path) == "historical");
  CHECK(OddsApiProps::data_source(current, current_path) == "current");
  CHECK(OddsApiProps::data_source(current, "somewhere/historical/x.json") == "historical");
  CHECK(OddsApiProps::data_source(current, "somewhere/current/x.json") == "current");
  CHECK(OddsApiProps::data_source(current, "elsewhere/x.json") == "current");
}

// ---- both capture formats, grouping of outcomes into one row per player, prices and their American odds,
//      player_lookup, teams exact/fuzzy/unknown, data_hash, counters and the summary.
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

// ---- game_id from the schedule (§4.3 step 9) through Lookups: the query, the match, the game types kept, the
//      per-date cache (across threads), and what a failing look-up does.
namespace {

/// Lookups answering from a handler, counting the queries and remembering the last one.
class FakeLookups final : public nbaraw::Lookups {
 public:
  using Handler = std::function<Rows(const LookupQuery&)>;
  explicit FakeLookups(Handler handler) : handler_(std::move(handler)) {}
  Rows find(const LookupQuery& query) override {
    calls++;
    {
      std::lock_guard lock(mutex_);
      last_ = query;
    }
    return handler_(query);
  }
  LookupQuery last() {
    std::lock_guard lock(mutex_);
    return last_;
  }
  std::atomic<int> calls{0};

 private:
  Handler handler_;
  std::mutex mutex_;
  LookupQuery last_;
};

/// A schedule row as nbac_schedule holds it.
Row schedule_row(std::string_view game_id, std::string_view away, std::string_view home) {
  Row r;
  r["game_id"] = game_id;
  r["away_team_tricode"] = away;
  r["home_team_tricode"] = home;
  return r;
}

/// A schedule holding one game of 2024-01-24: ATL at GSW, 0022300612 (and a preseason game with the same
/// teams, which must not be chosen).
std::shared_ptr<FakeLookups> schedule_with_game() {
  return std::make_shared<FakeLookups>([](const LookupQuery& q) {
    Rows rows;
    if (q.equals.size() == 1 && q.equals[0].value == "2024-01-24") {
      rows.push_back(schedule_row("0012300001", "ATL", "GSW"));
      rows.push_back(schedule_row("0022300612", "ATL", "GSW"));
      rows.push_back(schedule_row("0022300613", "BOS", "NYK"));
    }
    return rows;
  });
}

TransformResult transform_with(const std::shared_ptr<FakeLookups>& lookups, const boost::json::value& doc,
                               std::string_view path = historical_path) {
  const OddsApiProps processor(lookups);
  return transform(doc, path, processor);
}

}  // namespace

TEST_CASE("schedule: a game found in the schedule gives the NBA game id", "[odds_api_props][schedule]") {
  auto lookups = schedule_with_game();
  const TransformResult r = transform_with(lookups, envelope(event()));
  REQUIRE(r.rows.size() == 1);
  CHECK(r.rows[0].at("game_id") == "0022300612");
  CHECK(r.rows[0].at("data_hash") == "6b5c4da1f0d17bac");  // the hash follows the game id (Python: same inputs)
  CHECK(counter(r.counters, "rows_schedule_game_id") == 1);
  CHECK(counter(r.counters, "rows_fallback_game_id") == 0);

  // The query: nbac_schedule's game_id and tricodes for game_date = the path date, typed DATE.
  const LookupQuery q = lookups->last();
  CHECK(q.table == "nbac_schedule");
  CHECK(q.columns == std::vector<std::string>{"game_id", "away_team_tricode", "home_team_tricode"});
  REQUIRE(q.equals.size() == 1);
  CHECK(q.equals[0].column == "game_date");
  CHECK(q.equals[0].value == "2024-01-24");
  CHECK(q.equals[0].type == nbaraw::ColumnType::DATE);
  CHECK_FALSE(q.range);

  const auto lines = OddsApiProps{}.summarize(r.counters);
  CHECK(any_contains(lines, "game_id from the schedule: 1 (100.0%)"));
}

TEST_CASE("schedule: teams are compared as NBA tricodes on both sides", "[odds_api_props][schedule]") {
  auto lookups = std::make_shared<FakeLookups>([](const LookupQuery&) {
    return Rows{schedule_row("0022300700", "PHO", "BRK"), schedule_row("0022300701", "gs", "Utah")};
  });
  const OddsApiProps processor(lookups);
  const nbaraw::Date date{2024, 1, 24};
  CHECK(processor.schedule_game_id(date, "PHX", "BKN") == std::optional<std::string>("0022300700"));
  CHECK(processor.schedule_game_id(date, "Golden State Warriors", "UTA") == std::optional<std::string>("0022300701"));
  CHECK(processor.schedule_game_id(date, "BKN", "PHX") == std::nullopt);  // home and away matter
  CHECK(processor.schedule_game_id(date, "Seattle", "UTA") == std::nullopt);
}

TEST_CASE("schedule: regular season, play-in and playoff games only", "[odds_api_props][schedule]") {
  auto [game_id, kept] = GENERATE(table<std::string, bool>({
      {"0022300612", true},   // regular season
      {"0042300101", true},   // playoffs
      {"0052300101", true},   // play-in
      {"0012300001", false},  // pre-season
      {"0032300001", false},  // All-Star
      {"0062300001", false},  // NBA Cup final
      {"20240124_ATL_GSW", false},
      {"", false},
  }));
  INFO(game_id);
  const std::string id = game_id;
  const OddsApiProps processor(std::make_shared<FakeLookups>([id](const LookupQuery&) {
    return Rows{schedule_row(id, "ATL", "GSW")};
  }));
  CHECK(processor.schedule_game_id({2024, 1, 24}, "ATL", "GSW") == (kept ? std::optional<std::string>(id) : std::nullopt));
}

TEST_CASE("schedule: an id stored as a number regains its leading zeros", "[odds_api_props][schedule]") {
  const OddsApiProps processor(std::make_shared<FakeLookups>([](const LookupQuery&) {
    nbaraw::Row r = schedule_row("", "ATL", "GSW");
    r["game_id"] = 22300612;
    return Rows{r};
  }));
  CHECK(processor.schedule_game_id({2024, 1, 24}, "ATL", "GSW") == std::optional<std::string>("0022300612"));
}

TEST_CASE("schedule: no game for the teams falls back to YYYYMMDD_AWAY_HOME", "[odds_api_props][schedule]") {
  auto lookups = schedule_with_game();
  auto ev = event();
  ev["home_team"] = "Boston Celtics";
  const TransformResult r = transform_with(lookups, envelope(ev));
  REQUIRE(r.rows.size() == 1);
  CHECK(r.rows[0].at("game_id") == "20240124_ATL_BOS");
}

TEST_CASE("schedule: one query per date, cached across files and threads", "[odds_api_props][schedule]") {
  auto lookups = schedule_with_game();
  const OddsApiProps processor(lookups);
  const boost::json::value doc = envelope(event());
  std::vector<std::jthread> threads;
  std::atomic<int> found{0};
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 5; ++i) {
        const auto r = processor.transform(doc, nbaraw::FileContext{std::string(historical_path), nbaraw::Date{2024, 1, 24}});
        if (r.rows.size() == 1 && r.rows[0].at("game_id") == "0022300612") found++;
      }
    });
  threads.clear();
  CHECK(found == 40);
  CHECK(lookups->calls == 1);

  // Another date is another query; a copy of the processor shares the cache.
  const OddsApiProps copy = processor;
  CHECK(copy.schedule_game_id({2024, 1, 25}, "ATL", "GSW") == std::nullopt);
  CHECK(copy.schedule_game_id({2024, 1, 25}, "BOS", "NYK") == std::nullopt);
  CHECK(lookups->calls == 2);
  CHECK(copy.schedule_game_id({2024, 1, 24}, "BOS", "NYK") == std::optional<std::string>("0022300613"));
  CHECK(lookups->calls == 2);
}

TEST_CASE("schedule: a failing look-up falls back with a warning and is asked again next time",
          "[odds_api_props][schedule]") {
  std::atomic<bool> fail{true};
  auto lookups = std::make_shared<FakeLookups>([&](const LookupQuery&) {
    if (fail) throw std::runtime_error("BigQuery said no");
    return Rows{schedule_row("0022300612", "ATL", "GSW")};
  });
  const OddsApiProps processor(lookups);
  const boost::json::value doc = envelope(event());
  TransformResult r = transform(doc, historical_path, processor);
  REQUIRE(r.rows.size() == 1);
  CHECK(r.rows[0].at("game_id") == "20240124_ATL_GSW");
  CHECK(any_contains(r.warnings, "schedule look-up for 2024-01-24 failed (BigQuery said no)"));
  CHECK(counter(r.counters, "schedule_lookup_failures") == 1);
  CHECK(any_contains(OddsApiProps{}.summarize(r.counters), "schedule look-ups that failed"));

  fail = false;
  r = transform(doc, historical_path, processor);
  REQUIRE(r.rows.size() == 1);
  CHECK(r.rows[0].at("game_id") == "0022300612");
  CHECK(lookups->calls == 2);
}

TEST_CASE("schedule: no_lookups() answers nothing, so rows equal the goldens' fallback ids", "[odds_api_props][schedule]") {
  const OddsApiProps processor;  // default: no_lookups()
  CHECK(processor.schedule_game_id({2024, 1, 24}, "ATL", "GSW") == std::nullopt);
  const OddsApiProps with_null(nullptr);  // a null pointer is taken as no look-ups
  CHECK(with_null.schedule_game_id({2024, 1, 24}, "ATL", "GSW") == std::nullopt);
}
