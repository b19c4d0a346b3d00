// BDL injuries parity: every reference sample object transforms to its golden rows, field by field.
#include "support/golden.hpp"
#include "support/temp_dir.hpp"

#include <nbaraw/core/date.hpp>
#include <nbaraw/detail/gzip.hpp>
#include <nbaraw/processors/bdl_injuries.hpp>

#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>

#include <set>

using namespace nbaraw::test;

namespace {

constexpr std::string_view prefix = "ball-dont-lie/injuries";

boost::json::value read_document(std::string_view object) {
  std::string bytes = read_file(sample_file(object));
  if (nbaraw::looks_gzipped(bytes)) bytes = nbaraw::gunzip(bytes);
  return boost::json::parse(bytes);
}

nbaraw::TransformResult transform_sample(std::string_view object) {
  const nbaraw::processors::BdlInjuries processor;
  const boost::json::value document = read_document(object);
  REQUIRE(processor.validate(document).empty());
  return processor.transform(document, nbaraw::FileContext{std::string(object), nbaraw::date_folder_of(object)});
}

// The DDL columns of nba_raw.bdl_injuries (processors_spec.md §4.1), in order.
const std::vector<std::string> ddl_columns{
    "scrape_date",        "season_year",          "bdl_player_id",      "player_full_name", "player_lookup",
    "bdl_team_id",        "team_abbr",            "injury_status",      "injury_status_normalized",
    "return_date",        "return_date_original", "injury_description", "reason_category",
    "parsing_confidence", "data_quality_flags",   "return_date_parsed", "scrape_timestamp",
    "source_file_path",   "data_hash",            "processed_at"};

}  // namespace

TEST_CASE("bdl_injuries: every sample object gives exactly its golden rows", "[bdl_injuries][golden]") {
  const auto objects = sample_objects(prefix);
  REQUIRE_FALSE(objects.empty());
  for (const auto& name : objects) {
    INFO("object " << name);
    REQUIRE(std::filesystem::exists(golden_file(name)));
    const nbaraw::TransformResult result = transform_sample(name);
    CHECK(result.skipped.empty());
    CHECK(result.records_seen == read_document(name).at("injuries").as_array().size());
    const GoldenDiff diff = compare_rows(load_golden(golden_file(name)), result.rows);
    INFO(diff.message());
    CHECK(diff.ok());
  }
}

TEST_CASE("bdl_injuries: rows carry exactly the table's DDL columns", "[bdl_injuries]") {
  const std::set<std::string> expected(ddl_columns.begin(), ddl_columns.end());
  for (const auto& name : sample_objects(prefix)) {
    const auto result = transform_sample(name);
    REQUIRE_FALSE(result.rows.empty());
    for (const auto& row : result.rows) {
      std::set<std::string> columns;
      for (const auto& [k, v] : row) columns.emplace(k);
      CHECK(columns == expected);
    }
  }
  const nbaraw::processors::BdlInjuries processor;
  std::vector<std::string> declared;
  for (const auto& c : processor.info().table.columns) declared.push_back(c.name);
  CHECK(declared == ddl_columns);
  CHECK(processor.info().table.qualified_name() == "nba_raw.bdl_injuries");
}
