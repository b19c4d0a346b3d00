// Odds API props parity: every reference sample object under odds-api/ transforms to its golden rows, field by
// field; the rows carry exactly the DDL's columns; the processor declares the table the spec gives. Then
// odds_api_props_backfill end to end over the same samples.
#include "support/driver_run.hpp"
#include "support/processor_kit.hpp"

#include <nbaraw/detail/sqlite.hpp>
#include <nbaraw/processors/odds_api_props.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <set>

using namespace nbaraw::test;
using nbaraw::processors::OddsApiProps;

// ---- every reference sample object under odds-api/ transforms to its golden rows, field by field; the rows
//      carry exactly the DDL's columns; the processor declares the table the spec gives.
namespace {

/// The synthetic sample with player_points: DraftKings' lines for Curry, Young and Bogdanović at 03:55:40.
constexpr std::string_view synthetic_0410 =
    "odds-api/player-props-history/2024-01-24/cd0bc7d0c238f4446ce1c03d0cea7ec4-ATLGSW/20250812_041000-snap-0410.json";

// The DDL columns of nba_raw.odds_api_player_points_props (processors_spec.md §4.3), in order.
const std::vector<std::string> ddl_columns{
    "game_id",          "odds_api_event_id",   "game_date",          "game_start_time",       "home_team_abbr",
    "away_team_abbr",   "snapshot_timestamp",  "snapshot_tag",       "capture_timestamp",     "minutes_before_tipoff",
    "bookmaker",        "player_name",         "player_lookup",      "points_line",           "over_price",
    "over_price_american", "under_price",      "under_price_american", "bookmaker_last_update", "source_file_path",
    "data_source",      "data_hash",           "processed_at"};

}  // namespace

TEST_CASE("odds_api_props: every sample object under odds-api/ gives exactly its golden rows", "[odds_api_props][golden]") {
  // Samples and goldens pair up one to one under the processor's prefixes (odds-api/ also holds game lines).
  const auto samples = check_golden_parity(OddsApiProps{});
  REQUIRE(samples.size() >= 2);
  for (const auto& sample : samples) CHECK(sample.result);
}

TEST_CASE("odds_api_props: the synthetic 0410 sample, field by field", "[odds_api_props][golden]") {
  const std::string name(synthetic_0410);
  const auto result = transform_sample(OddsApiProps{}, name);
  REQUIRE(result.rows.size() == 3);
  CHECK(result.records_seen == 5);  // five player_points outcomes: two for Curry, two for Young, one for Bogdanović
  const auto golden = load_golden(golden_file(name));
  REQUIRE(golden.size() == 3);
  for (std::size_t i = 0; i < golden.size(); ++i) {  // the reference's order too
    const auto& g = golden[i].as_object();
    for (const auto& [column, value] : g) {
      INFO("row " << i << " column " << std::string_view(column));
      CHECK(compare_rows(boost::json::array{boost::json::object{{column, value}}},
                         {boost::json::object{{column, result.rows[i].at(column)}}})
                .ok());
    }
  }
  // The values as stored.
  const auto& curry = result.rows[0];
  CHECK(curry.at("game_id") == "20240124_ATL_GSW");
  CHECK(curry.at("snapshot_timestamp") == "2024-01-25T03:55:40+00:00");
  CHECK(curry.at("game_start_time") == "2024-01-25T03:20:30+00:00");
  CHECK(curry.at("capture_timestamp") == "2025-08-12T04:10:00");
  CHECK(curry.at("bookmaker_last_update") == "2024-01-25T03:55:22+00:00");
  CHECK(curry.at("minutes_before_tipoff") == -35);
  CHECK(curry.at("data_hash") == "97565923216d2773");
  CHECK(result.rows[2].at("points_line").is_int64());  // the default 0 is an int, hashed as "0"
  CHECK(result.rows[2].at("data_hash") == "14e065a7696a7101");
}

TEST_CASE("odds_api_props: the real 0355 capture holds only spreads and totals: no rows, no skips", "[odds_api_props][golden]") {
  const std::string name =
      "odds-api/player-props-history/2024-01-24/cd0bc7d0c238f4446ce1c03d0cea7ec4-ATLGSW/20250812_035909-snap-0355.json";
  const auto result = transform_sample(OddsApiProps{}, name);
  CHECK(result.rows.empty());
  CHECK(result.records_seen == 0);  // no player_points outcomes: the backfill records the file as no_data
  CHECK(result.skipped.empty());
  CHECK(load_golden(golden_file(name)).empty());
}

TEST_CASE("odds_api_props: rows carry exactly the table's DDL columns, in DDL order", "[odds_api_props]") {
  const auto result = transform_sample(OddsApiProps{}, synthetic_0410);
  REQUIRE_FALSE(result.rows.empty());
  for (const auto& row : result.rows) {
    std::vector<std::string> columns;
    for (const auto& [k, v] : row) columns.emplace_back(k);
    CHECK(columns == ddl_columns);
    CHECK_FALSE(row.contains("snapshot_type"));  // not in the DDL: the reference's load drops it
  }
  const OddsApiProps processor;
  std::vector<std::string> declared;
  for (const auto& c : processor.info().table.columns) declared.push_back(c.name);
  CHECK(declared == ddl_columns);
}

TEST_CASE("odds_api_props: the table, strategy and prefixes the spec gives", "[odds_api_props]") {
  using nbaraw::ColumnMode;
  using nbaraw::ColumnType;
  const auto& info = OddsApiProps{}.info();
  CHECK(info.name == "odds_api_props");
  CHECK(info.table.qualified_name() == "nba_raw.odds_api_player_points_props");
  CHECK(info.table.partitioning.kind == nbaraw::Partitioning::Kind::day);
  CHECK(info.table.partitioning.field == "game_date");
  CHECK(info.table.clustering == std::vector<std::string>{"player_lookup", "game_date", "bookmaker"});
  CHECK_FALSE(info.table.require_partition_filter);  // §3b: "–" for this table
  CHECK(info.strategy.kind == nbaraw::StrategyKind::append_always);
  CHECK(info.strategy.keys.empty());
  CHECK(info.prefixes == std::vector<std::string>{"odds-api/player-props", "odds-api/player-props-history"});
  CHECK(info.selection == nbaraw::Selection::all_files);
  CHECK_FALSE(nbaraw::schema_problem(info.table, info.strategy).has_value());

  // Types and modes, column by column (DDL: NN = REQUIRED).
  struct Expected {
    std::string_view name;
    ColumnType type;
    ColumnMode mode;
  };
  const std::vector<Expected> expected{
      {"game_id", ColumnType::STRING, ColumnMode::REQUIRED},
      {"odds_api_event_id", ColumnType::STRING, ColumnMode::REQUIRED},
      {"game_date", ColumnType::DATE, ColumnMode::REQUIRED},
      {"game_start_time", ColumnType::TIMESTAMP, ColumnMode::NULLABLE},
      {"home_team_abbr", ColumnType::STRING, ColumnMode::REQUIRED},
      {"away_team_abbr", ColumnType::STRING, ColumnMode::REQUIRED},
      {"snapshot_timestamp", ColumnType::TIMESTAMP, ColumnMode::REQUIRED},
      {"snapshot_tag", ColumnType::STRING, ColumnMode::NULLABLE},
      {"capture_timestamp", ColumnType::TIMESTAMP, ColumnMode::NULLABLE},
      {"minutes_before_tipoff", ColumnType::INT64, ColumnMode::NULLABLE},
      {"bookmaker", ColumnType::STRING, ColumnMode::REQUIRED},
      {"player_name", ColumnType::STRING, ColumnMode::REQUIRED},
      {"player_lookup", ColumnType::STRING, ColumnMode::NULLABLE},
      {"points_line", ColumnType::FLOAT64, ColumnMode::REQUIRED},
      {"over_price", ColumnType::FLOAT64, ColumnMode::NULLABLE},
      {"over_price_american", ColumnType::INT64, ColumnMode::NULLABLE},
      {"under_price", ColumnType::FLOAT64, ColumnMode::NULLABLE},
      {"under_price_american", ColumnType::INT64, ColumnMode::NULLABLE},
      {"bookmaker_last_update", ColumnType::TIMESTAMP, ColumnMode::NULLABLE},
      {"source_file_path", ColumnType::STRING, ColumnMode::NULLABLE},
      {"data_source", ColumnType::STRING, ColumnMode::NULLABLE},
      {"data_hash", ColumnType::STRING, ColumnMode::NULLABLE},
      {"processed_at", ColumnType::TIMESTAMP, ColumnMode::NULLABLE},
  };
  REQUIRE(info.table.columns.size() == expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO(expected[i].name);
    CHECK(info.table.columns[i].name == expected[i].name);
    CHECK(info.table.columns[i].type == expected[i].type);
    CHECK(info.table.columns[i].mode == expected[i].mode);
  }
}

// ---- odds_api_props_backfill end to end over the reference sample bucket: into SQLite equal to the goldens
//      (C++ comparator and, when python3 is there, compare_rows.py), resume, NDJSON, and the schedule look-up
//      answered by the SQLite sink's own nbac_schedule table.
namespace fs = std::filesystem;

namespace {

const DriverUnderTest props_driver = driver_of<OddsApiProps>();
constexpr std::string_view props_table = "odds_api_player_points_props";

std::vector<std::string> args(const std::string& sink, const std::vector<std::string>& extra = {}) {
  return props_driver.args(sample_bucket().string(), sink, extra);
}

}  // namespace

TEST_CASE("driver: the odds samples load into SQLite equal to the goldens", "[odds_api_props][e2e][golden]") {
  TempDir tmp;
  const fs::path db = tmp / "nba_raw.db";
  const ProcessResult r = props_driver.run(args("sqlite:" + db.string()), tmp.path());
  REQUIRE(r.exit_code == 0);
  const auto summary = summary_of(r);
  // The synthetic 0410 capture gives rows; the real 0355 one (spreads and totals only) gives none.
  CHECK(files_with(summary, "success") == 1);
  CHECK(files_with(summary, "no_data") == 1);
  CHECK(summary.at("rows").to_number<std::int64_t>() == std::int64_t(props_driver.golden_row_total()));
  CHECK(summary.at("table").as_string() == "nba_raw.odds_api_player_points_props");
  const auto& quality = summary.at("quality").as_array();
  CHECK(std::any_of(quality.begin(), quality.end(), [](const boost::json::value& line) {
    return std::string_view(line.as_string()).find("YYYYMMDD_AWAY_HOME fallback: 3") != std::string_view::npos;
  }));
  props_driver.check_equals_goldens(db);
  props_driver.check_with_compare_rows_py(db);
}

TEST_CASE("driver: a re-run skips the loaded files and --reprocess replaces their rows", "[odds_api_props][e2e]") {
  TempDir tmp;
  const fs::path db = tmp / "nba_raw.db";
  const std::string sink = "sqlite:" + db.string();
  REQUIRE(props_driver.run(args(sink), tmp.path()).exit_code == 0);
  const ProcessResult again = props_driver.run(args(sink), tmp.path());
  CHECK(again.exit_code == 0);
  CHECK(files_with(summary_of(again), "skipped") == std::int64_t(props_driver.objects().size()));
  CHECK(rows_from_sqlite(db, props_table).size() == props_driver.golden_row_total());
  const ProcessResult reprocess = props_driver.run(args(sink, {"--reprocess"}), tmp.path());
  CHECK(reprocess.exit_code == 0);
  CHECK(files_with(summary_of(reprocess), "success") == 1);
  props_driver.check_equals_goldens(db);  // replaced, not duplicated
}

TEST_CASE("driver: the NDJSON sink writes the golden rows", "[odds_api_props][e2e][golden]") {
  TempDir tmp;
  const fs::path out = tmp / "out";
  REQUIRE(props_driver.run(args("ndjson:" + out.string()), tmp.path()).exit_code == 0);
  const fs::path file = out / (std::string(props_table) + ".ndjson");
  REQUIRE(fs::exists(file));
  for (const auto& name : props_driver.objects()) {
    INFO("object " << name);
    const GoldenDiff diff = compare_rows(load_golden(golden_file(name)), rows_from_ndjson(file, name));
    INFO(diff.message());
    CHECK(diff.ok());
  }
  props_driver.check_with_compare_rows_py(ndjson_rows(file));
}

TEST_CASE("driver: the schedule in the sink's nbac_schedule gives the NBA game id", "[odds_api_props][e2e][schedule]") {
  TempDir tmp;
  const fs::path db = tmp / "nba_raw.db";
  {
    nbaraw::detail::SqliteDatabase schedule(db.string(), false);
    schedule.exec(
        "CREATE TABLE nbac_schedule (game_id TEXT, game_date TEXT, away_team_tricode TEXT, home_team_tricode TEXT);"
        "INSERT INTO nbac_schedule VALUES ('0022300612', '2024-01-24', 'ATL', 'GSW'),"
        " ('0022300613', '2024-01-24', 'BOS', 'NYK'), ('0022300650', '2024-01-25', 'ATL', 'GSW');");
  }
  const ProcessResult r = props_driver.run(args("sqlite:" + db.string()), tmp.path());
  REQUIRE(r.exit_code == 0);
  const auto rows = rows_from_sqlite(db, props_table);
  REQUIRE(rows.size() == props_driver.golden_row_total());
  for (const auto& row : rows) {
    CHECK(row.at("game_id") == "0022300612");
    CHECK(row.at("data_hash") != "97565923216d2773");  // the hash covers game_id
  }
  // The Curry row's hash as Python computes it with the NBA id.
  CHECK(std::any_of(rows.begin(), rows.end(), [](const auto& row) { return row.at("data_hash") == "6b5c4da1f0d17bac"; }));
}

TEST_CASE("driver: --help names the table and both prefixes", "[odds_api_props][e2e]") {
  TempDir tmp;
  const ProcessResult r = props_driver.run({"--help"}, tmp.path());
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::Contains("odds-api/player-props") && Catch::Contains("odds_api_player_points_props"));
}
