// BDL box scores parity: every reference sample object transforms to its golden rows, field by field; the
// table as the spec declares it.
#include "support/golden.hpp"

#include <nbaraw/core/date.hpp>
#include <nbaraw/detail/gzip.hpp>
#include <nbaraw/processors/bdl_boxscores.hpp>

#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <set>

using namespace nbaraw::test;
using nbaraw::processors::BdlBoxscores;

namespace {

constexpr std::string_view prefix = "ball-dont-lie/boxscores";

boost::json::value read_document(std::string_view object) {
  std::string bytes = read_file(sample_file(object));
  if (nbaraw::looks_gzipped(bytes)) bytes = nbaraw::gunzip(bytes);
  return boost::json::parse(bytes);
}

// The DDL columns of nba_raw.bdl_player_boxscores (processors_spec.md §4.2), in order, REQUIRED or not.
const std::vector<std::pair<std::string, bool>> ddl_columns{
    {"game_id", true},
    {"game_date", true},
    {"season_year", true},
    {"game_status", false},
    {"period", false},
    {"is_postseason", true},
    {"home_team_abbr", true},
    {"away_team_abbr", true},
    {"home_team_score", false},
    {"away_team_score", false},
    {"team_abbr", true},
    {"player_full_name", true},
    {"player_lookup", true},
    {"bdl_player_id", false},
    {"jersey_number", false},
    {"position", false},
    {"minutes", false},
    {"points", false},
    {"assists", false},
    {"rebounds", false},
    {"offensive_rebounds", false},
    {"defensive_rebounds", false},
    {"steals", false},
    {"blocks", false},
    {"turnovers", false},
    {"personal_fouls", false},
    {"field_goals_made", false},
    {"field_goals_attempted", false},
    {"field_goal_pct", false},
    {"three_pointers_made", false},
    {"three_pointers_attempted", false},
    {"three_point_pct", false},
    {"free_throws_made", false},
    {"free_throws_attempted", false},
    {"free_throw_pct", false},
    {"source_file_path", true},
    {"created_at", true},
    {"data_hash", false},
    {"processed_at", true},
};

}  // namespace

TEST_CASE("bdl_boxscores: every sample object gives exactly its golden rows, field by field", "[bdl_boxscores][golden]") {
  const auto objects = sample_objects(prefix);
  REQUIRE_FALSE(objects.empty());
  const BdlBoxscores processor;
  for (const auto& name : objects) {
    INFO("object " << name);
    REQUIRE(std::filesystem::exists(golden_file(name)));
    const boost::json::array golden = load_golden(golden_file(name));
    const boost::json::value document = read_document(name);
    std::vector<boost::json::object> rows;
    const auto errors = processor.validate(document);
    if (errors.empty()) {
      const nbaraw::TransformResult result =
          processor.transform(document, nbaraw::FileContext{name, nbaraw::date_folder_of(name)});
      CHECK(result.skipped.empty());
      for (const auto& row : result.rows) {
        INFO(boost::json::serialize(row));
        CHECK_FALSE(nbaraw::row_problem(processor.info().table, row).has_value());
      }
      rows = result.rows;
    } else {
      // A file the validation rejects loads nothing, which must be what the reference emitted.
      INFO("validation: " << errors.front());
      CHECK(golden.empty());
    }
    const GoldenDiff diff = compare_rows(golden, rows);
    INFO(diff.message());
    CHECK(diff.ok());
  }
}

TEST_CASE("bdl_boxscores: sample rows keep the reference's order: per game, home players then away players",
          "[bdl_boxscores][golden]") {
  const BdlBoxscores processor;
  std::size_t compared = 0;
  for (const auto& name : sample_objects(prefix)) {
    const boost::json::value document = read_document(name);
    if (!processor.validate(document).empty()) continue;
    const auto result = processor.transform(document, nbaraw::FileContext{name, nbaraw::date_folder_of(name)});
    const boost::json::array golden = load_golden(golden_file(name));
    REQUIRE(result.rows.size() == golden.size());
    for (std::size_t i = 0; i < golden.size(); ++i) {
      INFO(name << " row " << i);
      CHECK(result.rows[i].at("game_id") == golden[i].at("game_id"));
      CHECK(result.rows[i].at("team_abbr") == golden[i].at("team_abbr"));
      CHECK(result.rows[i].at("bdl_player_id") == golden[i].at("bdl_player_id"));
      ++compared;
    }
  }
  CHECK(compared > 0);
}

TEST_CASE("bdl_boxscores: the empty-day sample is valid and gives no rows, saying why", "[bdl_boxscores][golden]") {
  const BdlBoxscores processor;
  std::size_t empty_days = 0;
  for (const auto& name : sample_objects(prefix)) {
    const boost::json::value document = read_document(name);
    if (!document.at("boxScores").as_array().empty()) continue;
    ++empty_days;
    INFO(name);
    CHECK(processor.validate(document).empty());  // the reference's validation rejected it: a failed file each off day
    const nbaraw::TransformResult result = processor.transform(document, nbaraw::FileContext{name, std::nullopt});
    CHECK(result.rows.empty());
    CHECK(result.skipped.empty());
    CHECK_THAT(result.no_rows_reason, Catch::Contains("boxScores") && Catch::Contains("empty"));
    CHECK(load_golden(golden_file(name)).empty());
  }
  CHECK(empty_days > 0);  // the 2024-01-16 sample
}

TEST_CASE("bdl_boxscores: rows carry exactly the DDL columns, in DDL order", "[bdl_boxscores]") {
  std::vector<std::string> expected;
  for (const auto& [column, required] : ddl_columns) expected.push_back(column);
  const BdlBoxscores processor;
  std::size_t checked = 0;
  for (const auto& name : sample_objects(prefix)) {
    const boost::json::value document = read_document(name);
    if (!processor.validate(document).empty()) continue;
    for (const auto& row : processor.transform(document, nbaraw::FileContext{name, nbaraw::date_folder_of(name)}).rows) {
      std::vector<std::string> columns;
      for (const auto& [k, v] : row) columns.emplace_back(k);
      CHECK(columns == expected);
      ++checked;
    }
  }
  CHECK(checked > 0);
}

TEST_CASE("bdl_boxscores: info() declares the table, strategy, prefix and dates of the spec", "[bdl_boxscores]") {
  const BdlBoxscores processor;
  const nbaraw::ProcessorInfo& info = processor.info();
  CHECK(info.name == "bdl_boxscores");
  CHECK(info.table.qualified_name() == "nba_raw.bdl_player_boxscores");
  REQUIRE(info.table.columns.size() == ddl_columns.size());
  for (std::size_t i = 0; i < ddl_columns.size(); ++i) {
    const auto& column = info.table.columns[i];
    INFO(column.name);
    CHECK(column.name == ddl_columns[i].first);
    CHECK((column.mode == nbaraw::ColumnMode::REQUIRED) == ddl_columns[i].second);
  }
  using T = nbaraw::ColumnType;
  auto type_of = [&](std::string_view c) { return info.table.find(c)->type; };
  CHECK(type_of("game_date") == T::DATE);
  CHECK(type_of("season_year") == T::INT64);
  CHECK(type_of("is_postseason") == T::BOOLEAN);
  CHECK(type_of("minutes") == T::STRING);
  CHECK(type_of("jersey_number") == T::STRING);
  CHECK(type_of("points") == T::INT64);
  CHECK(type_of("field_goal_pct") == T::FLOAT64);
  CHECK(type_of("three_point_pct") == T::FLOAT64);
  CHECK(type_of("free_throw_pct") == T::FLOAT64);
  CHECK(type_of("created_at") == T::TIMESTAMP);
  CHECK(type_of("processed_at") == T::TIMESTAMP);
  CHECK(type_of("data_hash") == T::STRING);
  CHECK(info.table.partitioning.kind == nbaraw::Partitioning::Kind::day);
  CHECK(info.table.partitioning.field == "game_date");
  CHECK(info.table.clustering == std::vector<std::string>{"player_lookup", "team_abbr", "game_date"});
  CHECK(info.table.require_partition_filter);
  CHECK(info.strategy.kind == nbaraw::StrategyKind::merge_update);
  CHECK(info.strategy.keys == std::vector<std::string>{"game_id", "game_date"});
  CHECK(info.prefixes == std::vector<std::string>{"ball-dont-lie/boxscores"});
  CHECK(info.selection == nbaraw::Selection::all_files);
  REQUIRE(info.default_start.has_value());
  CHECK(info.default_start->iso() == "2021-10-01");
  CHECK_FALSE(nbaraw::schema_problem(info.table, info.strategy).has_value());
}
