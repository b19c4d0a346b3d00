// The odds props rules one by one: American odds, the object name, Python's datetime parsing and printing,
// minutes before tip-off, the format and data_source. Expected values are what CPython 3.11 gives.
#include "odds_fixture.hpp"

#include <optional>

using namespace nbaraw::test::odds;

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
