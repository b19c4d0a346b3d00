// BDL injuries parity: every reference sample object transforms to its golden rows, field by field, and the
// rows carry exactly the table's DDL columns; bdl_injuries_backfill loads the same rows into SQLite and NDJSON.
// (The driver's other behaviour, over these samples: tests/e2e.)
#include "support/driver_run.hpp"
#include "support/processor_kit.hpp"

#include <nbaraw/processors/bdl_injuries.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <set>

using namespace nbaraw::test;
using nbaraw::processors::BdlInjuries;

namespace {

// The DDL columns of nba_raw.bdl_injuries (processors_spec.md §4.1), in order.
const std::vector<std::string> ddl_columns{
    "scrape_date",        "season_year",          "bdl_player_id",      "player_full_name", "player_lookup",
    "bdl_team_id",        "team_abbr",            "injury_status",      "injury_status_normalized",
    "return_date",        "return_date_original", "injury_description", "reason_category",
    "parsing_confidence", "data_quality_flags",   "return_date_parsed", "scrape_timestamp",
    "source_file_path",   "data_hash",            "processed_at"};

}  // namespace

TEST_CASE("bdl_injuries: every sample object gives exactly its golden rows", "[bdl_injuries][golden]") {
  for (const auto& sample : check_golden_parity(BdlInjuries{})) {
    INFO("object " << sample.object);
    REQUIRE(sample.result);
    CHECK(sample.result->records_seen == sample.document.at("injuries").as_array().size());
  }
}

TEST_CASE("bdl_injuries: rows carry exactly the table's DDL columns", "[bdl_injuries]") {
  const BdlInjuries processor;
  const std::set<std::string> expected(ddl_columns.begin(), ddl_columns.end());
  for (const auto& name : samples_of(processor)) {
    const auto result = transform_sample(processor, name);
    REQUIRE_FALSE(result.rows.empty());
    for (const auto& row : result.rows) {
      const auto columns = columns_of(row);
      CHECK(std::set<std::string>(columns.begin(), columns.end()) == expected);
    }
  }
  std::vector<std::string> declared;
  for (const auto& c : processor.info().table.columns) declared.push_back(c.name);
  CHECK(declared == ddl_columns);
  CHECK(processor.info().table.qualified_name() == "nba_raw.bdl_injuries");
}

TEST_CASE("bdl_injuries driver: the samples load into SQLite equal to the goldens", "[bdl_injuries][e2e][golden]") {
  const DriverUnderTest driver = driver_of<BdlInjuries>();
  TempDir tmp;
  const std::filesystem::path db = tmp / "nba_raw.db";
  const ProcessResult r = driver.run(driver.sqlite_args(db), tmp.path());
  REQUIRE(r.exit_code == 0);
  const auto summary = summary_of(r);
  CHECK(files_with(summary, "success") == std::int64_t(driver.objects().size()));
  CHECK(summary.at("rows").to_number<std::int64_t>() == std::int64_t(driver.golden_row_total()));
  driver.check_equals_goldens(db);
  driver.check_with_compare_rows_py(db);
}

TEST_CASE("bdl_injuries driver: the NDJSON sink writes bdl_injuries.ndjson equal to the goldens", "[bdl_injuries][e2e][golden]") {
  const DriverUnderTest driver = driver_of<BdlInjuries>();
  TempDir tmp;
  const std::filesystem::path out = tmp / "out";
  REQUIRE(driver.run(driver.args(sample_bucket().string(), "ndjson:" + out.string()), tmp.path()).exit_code == 0);
  const std::filesystem::path table = out / "bdl_injuries.ndjson";
  REQUIRE(std::filesystem::exists(table));
  driver.check_equals_goldens(ndjson_rows(table));
  driver.check_with_compare_rows_py(ndjson_rows(table));
}
