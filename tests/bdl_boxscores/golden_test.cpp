// BDL box scores parity: every reference sample object transforms to its golden rows, field by field, and the
// table is declared as the spec gives it; then bdl_boxscores_backfill end to end over the same samples.
#include "support/driver_run.hpp"
#include "support/processor_kit.hpp"

#include <nbaraw/core/date.hpp>
#include <nbaraw/processors/bdl_boxscores.hpp>

#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

using namespace nbaraw::test;
using nbaraw::processors::BdlBoxscores;

// ---- every reference sample object transforms to its golden rows, field by field; the table as the spec
//      declares it.
namespace {

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
  check_golden_parity(BdlBoxscores{});
}

TEST_CASE("bdl_boxscores: sample rows keep the reference's order: per game, home players then away players",
          "[bdl_boxscores][golden]") {
  const BdlBoxscores processor;
  std::size_t compared = 0;
  for (const auto& name : samples_of(processor)) {
    const boost::json::value document = read_sample(name);
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
  for (const auto& name : samples_of(processor)) {
    const boost::json::value document = read_sample(name);
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
  for (const auto& name : samples_of(processor)) {
    const boost::json::value document = read_sample(name);
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

// ---- bdl_boxscores_backfill end to end over the reference samples: SQLite rows equal to the goldens, the
//      empty-day file loaded as no data, resume, and a newer file replacing a game's rows (merge_update).
namespace fs = std::filesystem;

namespace {

const DriverUnderTest boxscores = driver_of<BdlBoxscores>();
constexpr std::string_view boxscores_table = "bdl_player_boxscores";

std::vector<std::string> objects() { return boxscores.objects(); }

std::vector<std::string> args(const fs::path& source, const fs::path& db) {
  return boxscores.args(source.string(), "sqlite:" + db.string());
}

/// Sample objects whose boxScores list is empty (a day without games).
std::vector<std::string> empty_days() {
  std::vector<std::string> out;
  for (const auto& name : objects())
    if (boost::json::parse(read_text(sample_file(name))).at("boxScores").as_array().empty()) out.push_back(name);
  return out;
}

}  // namespace

TEST_CASE("bdl_boxscores driver: the samples load into SQLite equal to the goldens", "[bdl_boxscores][e2e][golden]") {
  TempDir tmp;
  const fs::path db = tmp / "nba_raw.db";
  const ProcessResult r = boxscores.run(args(sample_bucket(), db), tmp.path());
  const auto empty = empty_days();
  const auto loaded = std::int64_t(objects().size() - empty.size());
  // A day without games (an empty boxScores list) has no data: not a failure, unlike the reference's
  // validate_data, so the run exits 0; every other file loads.
  CHECK(r.exit_code == 0);
  const auto summary = summary_of(r);
  CHECK(files_with(summary, "success") == loaded);
  CHECK(files_with(summary, "no_data") == std::int64_t(empty.size()));
  CHECK(summary.at("rows").to_number<std::int64_t>() == std::int64_t(boxscores.golden_row_total()));
  CHECK(summary.at("processor").as_string() == "bdl_boxscores");
  CHECK(summary.at("table").as_string() == "nba_raw.bdl_player_boxscores");
  const auto statuses = file_lines(r);
  for (const auto& name : empty) {
    INFO(name);
    REQUIRE(statuses.count(name) == 1);
    CHECK(statuses.at(name).at("status").as_string() == "no_data");
    CHECK_THAT(std::string(statuses.at(name).at("reason").as_string()), Catch::Contains("boxScores") && Catch::Contains("empty"));
  }
  // The quality lines interpret the run's counters.
  const auto& quality = summary.at("quality").as_array();
  const bool has_rows_line = std::any_of(quality.begin(), quality.end(), [&](const boost::json::value& l) {
    return l.as_string().subview().find(fmt::format("player rows {} from", boxscores.golden_row_total())) != std::string_view::npos;
  });
  CHECK(has_rows_line);
  boxscores.check_equals_goldens(db);
  boxscores.check_with_compare_rows_py(db);
}

TEST_CASE("bdl_boxscores driver: a re-run skips the loaded files and keeps the rows", "[bdl_boxscores][e2e]") {
  TempDir tmp;
  const fs::path db = tmp / "nba_raw.db";
  const fs::path bucket = sample_bucket();
  boxscores.run(args(bucket, db), tmp.path());
  REQUIRE(rows_from_sqlite(db, boxscores_table).size() == boxscores.golden_row_total());
  const ProcessResult again = boxscores.run(args(bucket, db), tmp.path());
  const auto summary = summary_of(again);
  CHECK(files_with(summary, "skipped") == std::int64_t(objects().size()));  // game-less days too: loaded, no data
  CHECK(files_with(summary, "success") == 0);
  CHECK(summary.at("rows").to_number<std::int64_t>() == 0);
  boxscores.check_equals_goldens(db);
}

TEST_CASE("bdl_boxscores driver: a newer file replaces the rows of the games it holds, other games stay",
          "[bdl_boxscores][e2e]") {
  // A bucket with the first sample day, then a later scrape of the same day holding only its first game with
  // one player's points corrected.
  std::string older;
  for (const auto& name : objects())
    if (!boost::json::parse(read_text(sample_file(name))).at("boxScores").as_array().empty()) {
      older = name;
      break;
    }
  REQUIRE_FALSE(older.empty());
  const nbaraw::Date day = *nbaraw::date_folder_of(older);
  TempDir src, work;
  src.write(older, read_text(sample_file(older)));
  boost::json::value doc = boost::json::parse(read_text(sample_file(older)));
  auto& games = doc.at("boxScores").as_array();
  REQUIRE_FALSE(games.empty());
  boost::json::value first = games.front();
  auto& first_player = first.at("home_team").at("players").as_array().front().as_object();
  first_player["pts"] = first_player.at("pts").to_number<std::int64_t>() + 100;
  games = boost::json::array{first};
  const std::string newer = boxscores.prefixes.front() + "/" + day.iso() + "/" + day.next().compact() + "_235959.json";
  src.write(newer, boost::json::serialize(doc));

  const fs::path db = work / "nba_raw.db";
  const ProcessResult r = boxscores.run({"--source", src.path().string(), "--sink", "sqlite:" + db.string(), "--start-date",
                                      day.iso(), "--end-date", day.iso(), "--log-format", "json"},
                                     work.path());
  CHECK(r.exit_code == 0);
  const auto golden = load_golden(golden_file(older));
  const auto rows = rows_from_sqlite(db, boxscores_table);
  CHECK(rows.size() == golden.size());  // replaced, not duplicated
  const auto newer_rows = rows_from_sqlite(db, boxscores_table, newer);
  REQUIRE_FALSE(newer_rows.empty());
  const boost::json::value first_game_id = newer_rows.front().at("game_id");
  std::size_t golden_first_game = 0;
  for (const auto& g : golden) golden_first_game += g.at("game_id") == first_game_id;
  CHECK(newer_rows.size() == golden_first_game);
  for (const auto& row : rows_from_sqlite(db, boxscores_table, older)) CHECK(row.at("game_id") != first_game_id);
  // The corrected player: points and data_hash follow the newer file.
  const auto& g0 = golden.front().as_object();
  REQUIRE(g0.at("game_id") == first_game_id);
  const auto corrected = std::find_if(newer_rows.begin(), newer_rows.end(), [&](const boost::json::object& row) {
    return row.at("bdl_player_id") == g0.at("bdl_player_id");
  });
  REQUIRE(corrected != newer_rows.end());
  CHECK(corrected->at("points").as_int64() == g0.at("points").as_int64() + 100);
  CHECK(corrected->at("data_hash") != g0.at("data_hash"));
}

TEST_CASE("bdl_boxscores driver: --dry-run lists the files and writes nothing", "[bdl_boxscores][e2e]") {
  TempDir tmp;
  const fs::path db = tmp / "dry" / "nba_raw.db";
  fs::create_directories(db.parent_path());
  std::vector<std::string> a{"--source", sample_bucket().string(), "--sink", "sqlite:" + db.string(),
                             "--dry-run", "--log-format", "text"};
  for (auto& d : boxscores.date_args()) a.push_back(d);
  const ProcessResult r = boxscores.run(a, tmp.path());
  CHECK(r.exit_code == 0);
  for (const auto& name : objects()) CHECK_THAT(r.err, Catch::Contains("would process " + name));
  CHECK(fs::is_empty(db.parent_path()));
}
