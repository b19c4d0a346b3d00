// Odds API props parity: every reference sample object under odds-api/ transforms to its golden rows, field by
// field; the rows carry exactly the DDL's columns; the processor declares the table the spec gives.
#include "odds_fixture.hpp"
#include "support/golden.hpp"
#include "support/temp_dir.hpp"

#include <nbaraw/detail/gzip.hpp>

#include <set>

using namespace nbaraw::test;
using nbaraw::processors::OddsApiProps;

namespace {

boost::json::value read_document(std::string_view object) {
  std::string bytes = read_file(sample_file(object));
  if (nbaraw::looks_gzipped(bytes)) bytes = nbaraw::gunzip(bytes);
  return boost::json::parse(bytes);
}

nbaraw::TransformResult transform_sample(std::string_view object, const OddsApiProps& processor = OddsApiProps{}) {
  const boost::json::value document = read_document(object);
  REQUIRE(processor.validate(document).empty());
  return processor.transform(document, nbaraw::FileContext{std::string(object), nbaraw::date_folder_of(object)});
}

/// Every sample object the processor reads: under either of its prefixes.
std::vector<std::string> odds_objects() {
  std::vector<std::string> names;
  for (const auto& prefix : OddsApiProps{}.info().prefixes)
    if (std::filesystem::exists(shared_dir() / "samples/bucket" / prefix))
      for (auto& name : sample_objects(prefix)) names.push_back(std::move(name));
  std::sort(names.begin(), names.end());
  return names;
}

// The DDL columns of nba_raw.odds_api_player_points_props (processors_spec.md §4.3), in order.
const std::vector<std::string> ddl_columns{
    "game_id",          "odds_api_event_id",   "game_date",          "game_start_time",       "home_team_abbr",
    "away_team_abbr",   "snapshot_timestamp",  "snapshot_tag",       "capture_timestamp",     "minutes_before_tipoff",
    "bookmaker",        "player_name",         "player_lookup",      "points_line",           "over_price",
    "over_price_american", "under_price",      "under_price_american", "bookmaker_last_update", "source_file_path",
    "data_source",      "data_hash",           "processed_at"};

}  // namespace

TEST_CASE("odds_api_props: every sample object under odds-api/ gives exactly its golden rows", "[odds_api_props][golden]") {
  const auto objects = odds_objects();
  REQUIRE(objects.size() >= 2);
  // Samples and goldens pair up one to one under the processor's prefixes (odds-api/ also holds game lines).
  std::vector<std::string> goldens;
  for (const auto& prefix : OddsApiProps{}.info().prefixes)
    if (const auto folder = shared_dir() / "golden" / prefix; std::filesystem::exists(folder))
      for (const auto& entry : std::filesystem::recursive_directory_iterator(folder))
        if (entry.is_regular_file())
          goldens.push_back(entry.path().lexically_relative(shared_dir() / "golden").generic_string());
  std::sort(goldens.begin(), goldens.end());
  CHECK(objects == goldens);
  for (const auto& name : objects) {
    INFO("object " << name);
    REQUIRE(std::filesystem::exists(golden_file(name)));
    const nbaraw::TransformResult result = transform_sample(name);
    CHECK(result.skipped.empty());
    const GoldenDiff diff = compare_rows(load_golden(golden_file(name)), result.rows);
    INFO(diff.message());
    CHECK(diff.ok());
  }
}

TEST_CASE("odds_api_props: the synthetic 0410 sample, field by field", "[odds_api_props][golden]") {
  const std::string name(odds::historical_path);
  const auto result = transform_sample(name);
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
  const auto result = transform_sample(name);
  CHECK(result.rows.empty());
  CHECK(result.records_seen == 0);  // no player_points outcomes: the backfill records the file as no_data
  CHECK(result.skipped.empty());
  CHECK(load_golden(golden_file(name)).empty());
}

TEST_CASE("odds_api_props: rows carry exactly the table's DDL columns, in DDL order", "[odds_api_props]") {
  const auto result = transform_sample(odds::historical_path);
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
