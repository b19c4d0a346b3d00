// SqliteSink specifics: the table it creates, what it accepts of an existing table, atomic loads,
// read-only mode, and values bound as parameters.
#include <nbaraw/sinks/sqlite_sink.hpp>

#include <nbaraw/core/recency.hpp>

#include "sink_harness.hpp"
#include "sqlite_query.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

using namespace nbaraw;
using namespace nbaraw::test;

namespace {


/// "name TYPE notnull" per column of the table, in column order.
std::vector<std::string> declared_columns(const std::string& database, const std::string& table) {
  std::vector<std::string> out;
  for (const SqlRow& row :
       sql_query(database, "SELECT name, type, \"notnull\" FROM pragma_table_info('" + table + "') ORDER BY cid"))
    out.push_back(std::string(row.at(0).as_string()) + " " + std::string(row.at(1).as_string()) + " " +
                  std::to_string(row.at(2).as_int64()));
  return out;
}

/// source_file_path, game_id and a REQUIRED points column.
TableSchema scored_schema() {
  TableSchema schema;
  schema.table = "sink_test";
  schema.columns = {{"source_file_path", ColumnType::STRING, ColumnMode::REQUIRED},
                    {"game_id", ColumnType::STRING, ColumnMode::NULLABLE},
                    {"points", ColumnType::INT64, ColumnMode::REQUIRED}};
  return schema;
}

}  // namespace

TEST_CASE("SqliteSink creates the table with the documented column types and NOT NULL for REQUIRED", "[io][sqlite]") {
  TempDir dir;
  const std::string database = (dir / "types.db").string();
  TableSchema schema;
  schema.table = "types_test";
  schema.columns = {{"source_file_path", ColumnType::STRING, ColumnMode::REQUIRED},
                    {"s", ColumnType::STRING, ColumnMode::NULLABLE},
                    {"i", ColumnType::INT64, ColumnMode::REQUIRED},
                    {"f", ColumnType::FLOAT64, ColumnMode::NULLABLE},
                    {"n", ColumnType::NUMERIC, ColumnMode::NULLABLE},
                    {"b", ColumnType::BOOLEAN, ColumnMode::NULLABLE},
                    {"d", ColumnType::DATE, ColumnMode::NULLABLE},
                    {"t", ColumnType::TIMESTAMP, ColumnMode::NULLABLE},
                    {"j", ColumnType::JSON, ColumnMode::NULLABLE},
                    {"tags", ColumnType::STRING, ColumnMode::REPEATED},
                    {"scores", ColumnType::INT64, ColumnMode::REPEATED}};
  const Strategy strategy;
  SqliteSink sink(database);
  sink.prepare({schema, strategy, "v1"});

  CHECK(declared_columns(database, "types_test") ==
        std::vector<std::string>{"source_file_path TEXT 1", "s TEXT 0", "i INTEGER 1", "f REAL 0", "n REAL 0",
                                 "b INTEGER 0", "d TEXT 0", "t TEXT 0", "j TEXT 0", "tags TEXT 0", "scores TEXT 0"});
}

TEST_CASE("SqliteSink refuses an existing table that cannot take the rows, naming the column", "[io][sqlite]") {
  struct Existing {
    std::string why;
    std::string create;
  };
  const Existing existing = GENERATE(
      Existing{"REQUIRED points missing", "CREATE TABLE sink_test (source_file_path TEXT NOT NULL, game_id TEXT)"},
      Existing{"points declared TEXT",
               "CREATE TABLE sink_test (source_file_path TEXT NOT NULL, game_id TEXT, points TEXT NOT NULL)"});
  INFO(existing.why);
  TempDir dir;
  const std::string database = (dir / "existing.db").string();
  sql_exec(database, existing.create);

  const TableSchema schema = scored_schema();
  const Strategy strategy;
  SqliteSink sink(database);
  try {
    sink.prepare({schema, strategy, "v1"});
    FAIL("prepare accepted the table");
  } catch (const SinkError& e) {
    CHECK_THAT(e.what(), Catch::Contains("points"));
    CHECK_THAT(e.what(), !Catch::Contains("game_id"));
  }
  // A refused table is left as it was: no NULLABLE column was added on the way.
  CHECK(declared_columns(database, "sink_test").size() == (existing.why == "points declared TEXT" ? 3u : 2u));
}

TEST_CASE("SqliteSink adds a missing NULLABLE column to an existing table and keeps its rows", "[io][sqlite]") {
  TempDir dir;
  const std::string database = (dir / "existing.db").string();
  sql_exec(database,
           "CREATE TABLE sink_test (source_file_path TEXT NOT NULL, points INTEGER NOT NULL);"
           "INSERT INTO sink_test VALUES ('earlier.json', 5)");

  const TableSchema schema = scored_schema();
  const Strategy strategy;
  const LoadTarget target{schema, strategy, "v1"};
  SqliteSink sink(database);
  sink.prepare(target);
  CHECK(declared_columns(database, "sink_test") ==
        std::vector<std::string>{"source_file_path TEXT 1", "points INTEGER 1", "game_id TEXT 0"});

  const std::vector<LoadFile> files{
      load_file(file_a, {Row{{"source_file_path", file_a}, {"game_id", "g1"}, {"points", 7}}})};
  sink.load(target, files);
  const auto rows = sql_query(database, "SELECT source_file_path, game_id, points FROM sink_test ORDER BY points");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].at(0).as_string() == "earlier.json");
  CHECK(rows[0].at(1).is_null());
  CHECK(rows[0].at(2).as_int64() == 5);
  CHECK(rows[1].at(0).as_string() == file_a);
  CHECK(rows[1].at(1).as_string() == "g1");
  CHECK(rows[1].at(2).as_int64() == 7);
}

TEST_CASE("a SqliteSink load that fails applies nothing of its batch", "[io][sqlite]") {
  SinkHarness<SqliteSink> harness;
  const TableSchema schema = player_schema();
  const Strategy strategy;
  const LoadTarget target{schema, strategy, "v1"};
  harness.load(target, load_file(file_a, {player_row(file_a, "g1", "p1"), player_row(file_a, "g1", "p2")}, "1:1"));
  const auto committed = row_snapshot(harness.rows(schema));

  // Re-loads file_a with one row and adds file_b, whose row has a null in the REQUIRED source_file_path
  // (sink.load does not check rows; the NOT NULL constraint fails half-way through the batch).
  Row broken = player_row(file_b, "g2", "p3");
  broken["source_file_path"] = nullptr;
  const std::vector<LoadFile> batch{load_file(file_a, {player_row(file_a, "g1", "p1")}, "2:2"),
                                    load_file(file_b, {broken}, "3:3")};
  CHECK_THROWS_AS(harness.load(target, batch), SinkError);

  CHECK(row_snapshot(harness.rows(schema)) == committed);
  Ledger ledger = harness.ledger(target);
  REQUIRE(ledger.size() == 1);
  CHECK(ledger.at(file_a).generation == "1:1");

  // The failed transaction is not left open: the next load goes through.
  harness.load(target, load_file(file_b, {player_row(file_b, "g2", "p3")}, "3:3"));
  CHECK(row_facts(harness.rows(schema)) ==
        std::vector<std::string>{"20240101_000000 g1 p1", "20240101_000000 g1 p2", "20240102_000000 g2 p3"});
  CHECK(harness.ledger(target).size() == 2);
}

TEST_CASE("a read-only SqliteSink on a missing file reads an empty ledger and creates nothing", "[io][sqlite]") {
  TempDir dir;
  const auto database = dir / "missing.db";
  const TableSchema schema = player_schema();
  const Strategy strategy;
  const LoadTarget target{schema, strategy, "v1"};
  SqliteSink sink(database.string(), SqliteSink::Mode::read_only);

  CHECK(sink.ledger(target).empty());
  CHECK_THROWS_AS(sink.prepare(target), SinkError);
  CHECK_THROWS_AS(sink.load(target, {}), SinkError);
  CHECK_FALSE(std::filesystem::exists(database));
  CHECK(std::filesystem::is_empty(dir.path()));
}

TEST_CASE("SqliteSink stores quotes, semicolons and SQL fragments verbatim", "[io][sqlite]") {
  SinkHarness<SqliteSink> harness;
  const TableSchema schema = player_schema();
  const Strategy strategy{StrategyKind::merge_update, {"game_id"}};
  const LoadTarget target{schema, strategy, "v1"};
  const std::string game = "'); DROP TABLE strategy_test;--";
  const std::string hostile_older = "src/2024-01-01/20240101_000000';--.json";
  const std::string hostile_newer = "src/2024-01-02/20240102_000000\"; DELETE FROM _nbaraw_ledger;--.json";
  const std::string player = "O'Neal \"Shaq\"; SELECT 1; --";

  harness.load(target, load_file(hostile_older, {player_row(hostile_older, game, "first")}));
  // The key is matched as a value: the hostile_newer file's row replaces the hostile_older one's under the same hostile key.
  harness.load(target, load_file(hostile_newer, {player_row(hostile_newer, game, player)}));

  const Rows rows = harness.rows(schema);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].at("source_file_path").as_string() == hostile_newer);
  CHECK(rows[0].at("game_id").as_string() == game);
  CHECK(rows[0].at("player").as_string() == player);
  const Ledger ledger = harness.ledger(target);
  CHECK(ledger.size() == 2);
  CHECK(ledger.count(hostile_older) == 1);
  CHECK(ledger.count(hostile_newer) == 1);
}

TEST_CASE("SqliteSink adds recency to a ledger from before it, filled from each entry's name and generation",
          "[io][sqlite][recency]") {
  TempDir dir;
  const std::string db = (dir / "legacy.db").string();
  sql_exec(db,
           "CREATE TABLE _nbaraw_ledger (table_name TEXT NOT NULL, object_name TEXT NOT NULL, generation TEXT NOT NULL, "
           "processor_version TEXT NOT NULL, rows INTEGER NOT NULL, loaded_at TEXT NOT NULL, PRIMARY KEY (table_name, object_name))");
  sql_exec(db, "CREATE TABLE sink_test (source_file_path TEXT NOT NULL, game_id TEXT, points INTEGER NOT NULL)");
  // An earlier run loaded game g1 from the later scrape (file_b).
  sql_exec(db, "INSERT INTO sink_test VALUES ('" + file_b + "', 'g1', 30)");
  const TableSchema schema = scored_schema();
  sql_exec(db, "INSERT INTO _nbaraw_ledger VALUES ('" + schema.qualified_name() + "', '" + file_b +
                   "', '10:5', 'v1', 1, '2024-01-02T00:00:00')");
  SqliteSink sink(db);
  const Strategy merge{StrategyKind::merge_update, {"game_id"}};
  const LoadTarget target{schema, merge, "v1"};
  sink.prepare(target);
  const auto ledger = sql_query(db, "SELECT object_name, recency FROM _nbaraw_ledger");
  REQUIRE(ledger.size() == 1);
  CHECK(ledger[0].at(1).as_string() == recency_key(file_b, "10:5"));

  // The older scrape of g1 (file_a) must not replace what the legacy entry's file holds.
  const LoadFile older_scrape = load_file(file_a, {Row{{"source_file_path", file_a}, {"game_id", "g1"}, {"points", 20}}});
  sink.load(target, std::span<const LoadFile>(&older_scrape, 1));
  const auto rows = sql_query(db, "SELECT source_file_path, points FROM sink_test");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].at(0).as_string() == file_b);
  CHECK(rows[0].at(1).as_int64() == 30);
}
