// BDL injuries, file level: structural validation, scrape date and time from the object name, season year.
#include "bdl_injuries_fixture.hpp"

#include <chrono>
#include <ctime>
#include <time.h>

using namespace nbaraw::test::bdl;
using nbaraw::processors::BdlInjuries;

TEST_CASE("bdl_injuries validate: injuries must be present and a list in a JSON object", "[bdl_injuries]") {
  const BdlInjuries processor;
  // document, words the error must mention
  auto [json, must_mention] = GENERATE(table<std::string, std::vector<std::string>>({
      {R"({"ident":"league","timestamp":"2025-07-15T14:30:22+00:00","rowCount":0})", {"injuries"}},
      {R"({"injuries":"none today"})", {"injuries", "list"}},
      {R"({"injuries":{"0":{}}})", {"injuries", "list"}},
      {R"({"injuries":null})", {"injuries", "list"}},
      {R"([{"player":{"id":1}}])", {"object"}},
      {R"("injuries")", {"object"}},
  }));
  INFO(json);
  std::vector<std::string> errors;
  REQUIRE_NOTHROW(errors = processor.validate(boost::json::parse(json)));
  REQUIRE(errors.size() == 1);
  for (const auto& word : must_mention) CHECK_THAT(errors.front(), Catch::Contains(word));
}

TEST_CASE("bdl_injuries validate: an empty or populated injuries list is acceptable", "[bdl_injuries]") {
  const BdlInjuries processor;
  CHECK(processor.validate(document(boost::json::array{})).empty());
  CHECK(processor.validate(document(boost::json::array{record()})).empty());
  const auto result = transform(document(boost::json::array{}));
  CHECK(result.rows.empty());
  CHECK(result.records_seen == 0);
}

TEST_CASE("bdl_injuries: scrape_timestamp and scrape_date come from the first YYYYMMDD_HHMMSS.json in the path",
          "[bdl_injuries]") {
  // object name, scrape_date, scrape_timestamp, season_year
  auto [name, date, timestamp, season] = GENERATE(table<std::string, std::string, std::string, int>({
      {"ball-dont-lie/injuries/2025-07-15/20250715_143022.json", "2025-07-15", "2025-07-15T14:30:22", 2024},
      {"ball-dont-lie/injuries/2025-07-15/20250715_143022.json.gz", "2025-07-15", "2025-07-15T14:30:22", 2024},
      // the file name wins over the date folder
      {"ball-dont-lie/injuries/2025-07-16/20250715_235959.json", "2025-07-15", "2025-07-15T23:59:59", 2024},
      {"ball-dont-lie/injuries/2024-10-01/20241001_000001.json", "2024-10-01", "2024-10-01T00:00:01", 2024},
      {"ball-dont-lie/injuries/2024-09-30/20240930_120000.json", "2024-09-30", "2024-09-30T12:00:00", 2023},
      {"ball-dont-lie/injuries/2025-01-05/20250105_080000.json", "2025-01-05", "2025-01-05T08:00:00", 2024},
      // the leftmost match
      {"ball-dont-lie/injuries/2025-07-15/20250714_010203.json/20250715_143022.json", "2025-07-14",
       "2025-07-14T01:02:03", 2024},
  }));
  INFO(name);
  const nbaraw::Row row = row_of(record(), name);
  CHECK(row.at("scrape_date").as_string() == date);
  CHECK(row.at("scrape_timestamp").as_string() == timestamp);
  CHECK(row.at("season_year").as_int64() == season);
  CHECK(row.at("source_file_path").as_string() == name);
}

TEST_CASE("bdl_injuries: a file name without a timestamp takes scrape_date from the date folder, never today",
          "[bdl_injuries]") {
  const std::string name = "ball-dont-lie/injuries/2023-11-20/injuries.json";
  const auto result = transform(document(boost::json::array{record()}), name);
  REQUIRE(result.rows.size() == 1);
  const auto& row = result.rows.front();
  CHECK(row.at("scrape_date").as_string() == "2023-11-20");
  CHECK(row.at("season_year").as_int64() == 2023);
  CHECK(row.at("scrape_timestamp").is_null());
  CHECK(row.at("return_date").as_string() == "2023-10-01");  // "Oct 1" in the 2023 season
  REQUIRE(result.warnings.size() == 1);
  CHECK_THAT(result.warnings.front(), Catch::Contains("2023-11-20"));
}

TEST_CASE("bdl_injuries: with no date in the name at all every record is skipped with a reason", "[bdl_injuries]") {
  const auto result = transform(document(boost::json::array{record(), record()}), "manual/injuries.json");
  CHECK(result.rows.empty());
  CHECK(result.records_seen == 2);
  REQUIRE(result.skipped.size() == 2);
  for (const auto& reason : result.skipped) CHECK_THAT(reason, Catch::Contains("date"));
}

TEST_CASE("bdl_injuries: processed_at is the UTC time of the transform", "[bdl_injuries]") {
  const auto before = std::chrono::system_clock::now();
  const nbaraw::Row row = row_of(record());
  const auto after = std::chrono::system_clock::now();
  // naive ISO with microseconds: YYYY-MM-DDTHH:MM:SS.ffffff
  const std::string text(row.at("processed_at").as_string());
  REQUIRE(text.size() == 26);
  CHECK(text[10] == 'T');
  CHECK(text[19] == '.');
  std::tm tm{};
  REQUIRE(strptime(text.substr(0, 19).c_str(), "%Y-%m-%dT%H:%M:%S", &tm) != nullptr);
  const auto at = std::chrono::system_clock::from_time_t(timegm(&tm));
  CHECK(at >= std::chrono::floor<std::chrono::seconds>(before));
  CHECK(at <= after);
}
