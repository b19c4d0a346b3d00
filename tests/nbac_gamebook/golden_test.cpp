// nbac_gamebook parity: every reference sample object transforms to its golden rows, field by field, with
// no lookups (the goldens were made with every external look-up answering nothing).
#include "gamebook_fixture.hpp"
#include "support/golden.hpp"
#include "support/temp_dir.hpp"

#include <nbaraw/detail/gzip.hpp>

#include <regex>
#include <set>

using namespace nbaraw::test;
using nbaraw::processors::NbacGamebook;

namespace {

constexpr std::string_view prefix = "nba-com/gamebooks-data";

boost::json::value read_document(std::string_view object) {
  std::string bytes = read_file(sample_file(object));
  if (nbaraw::looks_gzipped(bytes)) bytes = nbaraw::gunzip(bytes);
  return boost::json::parse(bytes);
}

nbaraw::TransformResult transform_sample(const NbacGamebook& processor, std::string_view object) {
  const boost::json::value document = read_document(object);
  REQUIRE(processor.validate(document).empty());
  return processor.transform(document, nbaraw::FileContext{std::string(object), nbaraw::date_folder_of(object)});
}

// nbac_gamebook_tables.sql, in order.
const std::vector<std::string> ddl_columns{
    "game_id", "game_code", "game_date", "season_year", "home_team_abbr", "away_team_abbr", "player_name",
    "player_name_original", "player_lookup", "team_abbr", "player_status", "dnp_reason", "name_resolution_status",
    "name_resolution_confidence", "name_resolution_method", "br_team_abbr_used", "minutes", "minutes_decimal",
    "points", "field_goals_made", "field_goals_attempted", "field_goal_percentage", "three_pointers_made",
    "three_pointers_attempted", "three_point_percentage", "free_throws_made", "free_throws_attempted",
    "free_throw_percentage", "offensive_rebounds", "defensive_rebounds", "total_rebounds", "assists", "steals",
    "blocks", "turnovers", "personal_fouls", "plus_minus", "processed_by_run_id", "source_file_path", "data_hash",
    "processed_at", "data_quality_flags", "requires_manual_review"};

}  // namespace

TEST_CASE("nbac_gamebook: every sample object gives exactly its golden rows (no lookups)", "[nbac_gamebook][golden]") {
  const auto objects = sample_objects(prefix);
  REQUIRE_FALSE(objects.empty());
  const NbacGamebook processor;
  for (const auto& name : objects) {
    INFO("object " << name);
    REQUIRE(std::filesystem::exists(golden_file(name)));
    const nbaraw::TransformResult result = transform_sample(processor, name);
    CHECK(result.skipped.empty());
    const auto doc = read_document(name).as_object();
    std::size_t players = 0;
    for (auto key : {"active_players", "dnp_players", "inactive_players"})
      if (doc.contains(key)) players += doc.at(key).as_array().size();
    CHECK(result.records_seen == players);
    for (const auto& row : result.rows) CHECK_FALSE(nbaraw::row_problem(processor.info().table, row).has_value());
    const GoldenDiff diff = compare_rows(load_golden(golden_file(name)), result.rows);
    INFO(diff.message());
    CHECK(diff.ok());
  }
}

TEST_CASE("nbac_gamebook: rows come in the golden's order: active, then DNP, then inactive", "[nbac_gamebook][golden]") {
  const NbacGamebook processor;
  for (const auto& name : sample_objects(prefix)) {
    INFO("object " << name);
    const auto golden = load_golden(golden_file(name));
    const auto result = transform_sample(processor, name);
    REQUIRE(result.rows.size() == golden.size());
    for (std::size_t i = 0; i < golden.size(); ++i) {
      CHECK(result.rows[i].at("player_name_original") == golden[i].at("player_name_original"));
      CHECK(result.rows[i].at("player_status") == golden[i].at("player_status"));
      CHECK(result.rows[i].at("data_hash") == golden[i].at("data_hash"));
    }
  }
}

TEST_CASE("nbac_gamebook: rows carry exactly the table's DDL columns and the table is declared per the DDL",
          "[nbac_gamebook]") {
  const NbacGamebook processor;
  const std::set<std::string> expected(ddl_columns.begin(), ddl_columns.end());
  for (const auto& name : sample_objects(prefix)) {
    const auto result = transform_sample(processor, name);
    REQUIRE_FALSE(result.rows.empty());
    for (const auto& row : result.rows) {
      std::vector<std::string> columns;
      for (const auto& [k, v] : row) columns.emplace_back(k);
      CHECK(columns == ddl_columns);  // in DDL order, so that sinks read without key searches
    }
  }
  const auto& info = processor.info();
  std::vector<std::string> declared;
  for (const auto& c : info.table.columns) declared.push_back(c.name);
  CHECK(declared == ddl_columns);
  CHECK(info.name == "nbac_gamebook");
  CHECK(info.table.qualified_name() == "nba_raw.nbac_gamebook_player_stats");
  using nbaraw::ColumnMode;
  using nbaraw::ColumnType;
  auto column = [&](std::string_view n) { return *info.table.find(n); };
  for (auto required : {"game_id", "game_date", "season_year", "player_name_original", "player_status"})
    CHECK(column(required).mode == ColumnMode::REQUIRED);
  CHECK(column("data_quality_flags").mode == ColumnMode::REPEATED);
  CHECK(column("data_quality_flags").type == ColumnType::STRING);
  CHECK(column("requires_manual_review").type == ColumnType::BOOLEAN);
  CHECK(column("processed_at").type == ColumnType::TIMESTAMP);
  CHECK(column("game_date").type == ColumnType::DATE);
  CHECK(column("minutes_decimal").type == ColumnType::FLOAT64);
  CHECK(column("plus_minus").type == ColumnType::INT64);
  CHECK(info.table.partitioning.kind == nbaraw::Partitioning::Kind::day);
  CHECK(info.table.partitioning.field == "game_date");
  CHECK(info.table.clustering ==
        std::vector<std::string>{"season_year", "team_abbr", "player_status", "name_resolution_status"});
  CHECK_FALSE(info.table.require_partition_filter);
  CHECK(info.strategy.kind == nbaraw::StrategyKind::merge_update);
  CHECK(info.strategy.keys == std::vector<std::string>{"game_id"});
  CHECK(info.prefixes == std::vector<std::string>{"nba-com/gamebooks-data"});
  CHECK(info.selection == nbaraw::Selection::latest_per_folder);
  CHECK_FALSE(nbaraw::schema_problem(info.table, info.strategy).has_value());
}

TEST_CASE("nbac_gamebook: processed_by_run_id is run_YYYYMMDD_HHMMSS_<8 hex>, one per instance", "[nbac_gamebook]") {
  const NbacGamebook a, b;
  static const std::regex shape("^run_\\d{8}_\\d{6}_[0-9a-f]{8}$");
  CHECK(std::regex_match(a.processing_run_id(), shape));
  CHECK(a.processing_run_id() != b.processing_run_id());
  const auto first = transform_sample(a, sample_objects(prefix).front());
  const auto second = transform_sample(a, sample_objects(prefix).front());
  for (const auto* result : {&first, &second})
    for (const auto& row : result->rows) CHECK(row.at("processed_by_run_id").as_string() == a.processing_run_id());
  // processed_at: UTC now, ISO
  static const std::regex iso("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?$");
  CHECK(std::regex_match(std::string(first.rows.front().at("processed_at").as_string()), iso));
}

TEST_CASE("nbac_gamebook: the sample's quality counters and summary", "[nbac_gamebook]") {
  const NbacGamebook processor;
  const auto result = transform_sample(processor, sample_objects(prefix).front());
  using nbaraw::test::gamebook::counter;
  CHECK(counter(result, "rows") == 41);
  CHECK(counter(result, "rows_active") == 21);
  CHECK(counter(result, "rows_dnp") == 6);
  CHECK(counter(result, "rows_inactive") == 14);
  CHECK(counter(result, "inactive_attempted") == 14);
  CHECK(counter(result, "resolution:not_found") == 14);
  CHECK(counter(result, "flag:suffix_handled") == 2);
  const auto lines = processor.summarize(result.counters);
  REQUIRE(lines.size() >= 2);
  CHECK_THAT(lines[0], Catch::Contains("rows: 41") && Catch::Contains("active 21") && Catch::Contains("inactive 14"));
  CHECK_THAT(lines[1], Catch::Contains("0 of 14 resolved") && Catch::Contains("WARNING: below 80%"));
  CHECK_THAT(lines.back(), Catch::Contains("name_resolution_log"));
}
