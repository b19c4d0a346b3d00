// BDL injuries bad input: structural validation, object names without a usable timestamp, and records that
// crashed the reference or break the types, which must not fail the whole file.
#include "support/processor_kit.hpp"

#include <nbaraw/processors/bdl_injuries.hpp>

#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <string>
#include <string_view>
#include <time.h>
#include <vector>

using namespace nbaraw::test;
using nbaraw::processors::BdlInjuries;

// ---- the inputs: the sample file, its records replaced by a real record with one thing broken.
namespace {

/// The league's list scraped 2025-07-15 14:30:22 (2024 season).
constexpr std::string_view injuries_sample = "ball-dont-lie/injuries/2025-07-15/20250715_143022.json";

/// Jaylen Brown's record in the sample: Boston (team 2), Day-To-Day, back "Oct 1", a knee description of
/// 20+ characters, so a flag-free row until a test breaks one thing of it.
boost::json::object brown() {
  const boost::json::value sample = read_sample(injuries_sample);
  for (const auto& rec : sample.at("injuries").as_array()) {
    const auto& p = rec.at("player");
    if (p.at("first_name") == "Jaylen" && p.at("last_name") == "Brown") return rec.as_object();
  }
  FAIL("no Jaylen Brown in " << injuries_sample);
  return {};
}

boost::json::object& player_of(boost::json::object& rec) { return rec["player"].as_object(); }

/// The sample file holding these records instead of its own.
boost::json::value injuries_file(boost::json::array records) {
  return sample_with(injuries_sample, {{"injuries", std::move(records)}});
}

nbaraw::TransformResult transformed(const boost::json::value& doc, std::string_view object_name = injuries_sample) {
  return transform_as<BdlInjuries>(doc, object_name);
}

nbaraw::Row row_from(const boost::json::object& rec, std::string_view object_name = injuries_sample) {
  return one_row_of_record<BdlInjuries>(injuries_file, rec, object_name);
}

bool has_flag(const nbaraw::Row& row, std::string_view flag) {
  return std::ranges::count(comma_list(row.at("data_quality_flags")), flag) > 0;
}

}  // namespace

// ---- structural validation, scrape date and time from the object name, season year.
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
  CHECK(processor.validate(injuries_file(boost::json::array{})).empty());
  CHECK(processor.validate(injuries_file(boost::json::array{brown()})).empty());
  const auto result = transformed(injuries_file(boost::json::array{}));
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
  const nbaraw::Row row = row_from(brown(), name);
  CHECK(row.at("scrape_date").as_string() == date);
  CHECK(row.at("scrape_timestamp").as_string() == timestamp);
  CHECK(row.at("season_year").as_int64() == season);
  CHECK(row.at("source_file_path").as_string() == name);
}

TEST_CASE("bdl_injuries: a file name without a timestamp takes scrape_date from the date folder, never today",
          "[bdl_injuries]") {
  const std::string name = "ball-dont-lie/injuries/2023-11-20/injuries.json";
  const auto result = transformed(injuries_file(boost::json::array{brown()}), name);
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
  const auto result = transformed(injuries_file(boost::json::array{brown(), brown()}), "manual/injuries.json");
  CHECK(result.rows.empty());
  CHECK(result.records_seen == 2);
  REQUIRE(result.skipped.size() == 2);
  for (const auto& reason : result.skipped) CHECK_THAT(reason, Catch::Contains("date"));
}

TEST_CASE("bdl_injuries: processed_at is the UTC time of the transform", "[bdl_injuries]") {
  const auto before = std::chrono::system_clock::now();
  const nbaraw::Row row = row_from(brown());
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

// ---- inputs that crashed the reference or break the types must not fail the whole file.

TEST_CASE("bdl_injuries: a null first_name or last_name keeps the record, flagged missing_name", "[bdl_injuries]") {
  auto [null_field, full_name] = GENERATE(table<std::string, std::string>({
      {"first_name", "Brown"},
      {"last_name", "Jaylen"},
  }));
  boost::json::object rec = brown();
  player_of(rec)[null_field] = nullptr;
  const auto result = transformed(injuries_file(boost::json::array{rec}));
  REQUIRE(result.rows.size() == 1);
  CHECK(result.skipped.empty());
  CHECK(result.rows.front().at("player_full_name").as_string() == full_name);
  CHECK(has_flag(result.rows.front(), "missing_name"));
}

TEST_CASE("bdl_injuries: a record with neither name is skipped with a reason, the others kept", "[bdl_injuries]") {
  boost::json::object nameless = brown();
  player_of(nameless)["first_name"] = nullptr;
  player_of(nameless)["last_name"] = nullptr;
  const auto result = transformed(injuries_file(boost::json::array{brown(), nameless}));
  CHECK(result.rows.size() == 1);
  REQUIRE(result.skipped.size() == 1);
  CHECK_THAT(result.skipped.front(), Catch::Contains("name"));
}

TEST_CASE("bdl_injuries: a null description is kept as NULL, category other, flagged short", "[bdl_injuries]") {
  boost::json::object rec = brown();
  rec["description"] = nullptr;
  const auto row = row_from(rec);
  CHECK(row.at("injury_description").is_null());
  CHECK(row.at("reason_category").as_string() == "other");
  CHECK(comma_list(row.at("data_quality_flags")) == std::vector<std::string>{"short_description"});
  CHECK(row.at("parsing_confidence").as_double() == 0.94);
}

TEST_CASE("bdl_injuries: a null status stores \"\" (NOT NULL column), normalised unknown, flagged", "[bdl_injuries]") {
  boost::json::object rec = brown();
  rec["status"] = nullptr;
  const auto row = row_from(rec);
  REQUIRE(row.at("injury_status").is_string());
  CHECK(row.at("injury_status").as_string() == "");
  CHECK(row.at("injury_status_normalized").as_string() == "unknown");
  CHECK(comma_list(row.at("data_quality_flags")) == std::vector<std::string>{"missing_status"});
  CHECK(row.at("parsing_confidence").as_double() == 0.86);
}

TEST_CASE("bdl_injuries: a record of the wrong type is skipped with a reason naming the field, others kept",
          "[bdl_injuries]") {
  // how the bad record is made, what its reason must name
  auto [make_bad, field] = GENERATE(table<std::string, std::string>({
      {"player.id string", "player.id"},
      {"player.id fraction", "player.id"},
      {"player string", "player"},
      {"record number", "object"},
      {"record null", "object"},
      {"team_id string", "team_id"},
      {"first_name number", "first_name"},
      {"status object", "status"},
      {"description list", "description"},
      {"return_date number", "return_date"},
  }));
  boost::json::value bad = brown();
  auto& rec = bad.as_object();
  if (make_bad == "player.id string") player_of(rec)["id"] = "abc";
  if (make_bad == "player.id fraction") player_of(rec)["id"] = 12.5;
  if (make_bad == "player string") rec["player"] = "Jaylen Brown";
  if (make_bad == "record number") bad = 42;
  if (make_bad == "record null") bad = nullptr;
  if (make_bad == "team_id string") player_of(rec)["team_id"] = "BOS";
  if (make_bad == "first_name number") player_of(rec)["first_name"] = 7;
  if (make_bad == "status object") rec["status"] = boost::json::object{{"code", "out"}};
  if (make_bad == "description list") rec["description"] = boost::json::array{"knee"};
  if (make_bad == "return_date number") rec["return_date"] = 20251001;
  INFO(make_bad);

  boost::json::object first = brown(), last = brown();
  player_of(first)["id"] = 1;
  player_of(last)["id"] = 3;
  nbaraw::TransformResult result;
  REQUIRE_NOTHROW(result = transformed(injuries_file(boost::json::array{first, bad, last})));
  CHECK(result.records_seen == 3);
  REQUIRE(result.rows.size() == 2);
  CHECK(result.rows[0].at("bdl_player_id").as_int64() == 1);
  CHECK(result.rows[1].at("bdl_player_id").as_int64() == 3);
  REQUIRE(result.skipped.size() == 1);
  CHECK_THAT(result.skipped.front(), Catch::Contains(field));
  CHECK_THAT(result.skipped.front(), Catch::Contains("record 1"));  // which record
}

TEST_CASE("bdl_injuries: empty-string names are not null: the record gives a row, as in the reference",
          "[bdl_injuries]") {
  boost::json::object rec = brown();
  player_of(rec)["first_name"] = "";
  player_of(rec)["last_name"] = " ";
  const auto result = transformed(injuries_file(boost::json::array{rec}));
  CHECK(result.skipped.empty());
  REQUIRE(result.rows.size() == 1);
  CHECK(result.rows.front().at("player_full_name").as_string() == "");
  CHECK(result.rows.front().at("player_lookup").as_string() == "");
  CHECK_FALSE(has_flag(result.rows.front(), "missing_name"));
}

TEST_CASE("bdl_injuries: absent names read as \"\" without a flag, as in the reference", "[bdl_injuries]") {
  boost::json::object rec = brown();
  player_of(rec).erase("first_name");
  const auto result = transformed(injuries_file(boost::json::array{rec}));
  CHECK(result.skipped.empty());
  REQUIRE(result.rows.size() == 1);
  CHECK(result.rows.front().at("player_full_name").as_string() == "Brown");
  CHECK_FALSE(has_flag(result.rows.front(), "missing_name"));
}
