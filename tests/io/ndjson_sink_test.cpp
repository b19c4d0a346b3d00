// NdjsonSink specifics: crash remnants in the table and ledger files, and the shape of its lines.
#include <nbaraw/sinks/ndjson_sink.hpp>

#include "sink_harness.hpp"
#include "support/temp_dir.hpp"

#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>

#include <fstream>
#include <string>
#include <vector>

using namespace nbaraw;
using namespace nbaraw::test;

namespace {


void append(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::app);
  out.write(bytes.data(), std::streamsize(bytes.size()));
}

}  // namespace

TEST_CASE("NdjsonSink cuts off a partial last line of the table file and keeps the file valid", "[io][ndjson]") {
  SinkHarness<NdjsonSink> harness;
  const TableSchema schema = player_schema();
  const Strategy strategy;
  const LoadTarget target{schema, strategy, "v1"};
  harness.load(target, load_file(file_a, {player_row(file_a, "g1", "p1"), player_row(file_a, "g2", "p2")}));
  const auto table = harness.sink().table_file(schema);
  const std::string intact = read_file(table);
  REQUIRE(intact.ends_with('\n'));

  // What a crash in the middle of an append leaves: half a line, no newline.
  append(table, R"({"source_file_path":"src/2024-01-09/20240109_000000.json","game_id":"g9","pla)");
  harness.reopen();
  harness.sink().prepare(target);
  CHECK(read_file(table) == intact);

  harness.load(target, load_file(file_b, {player_row(file_b, "g3", "p3")}));
  CHECK(read_file(table).ends_with('\n'));
  CHECK(row_facts(harness.rows(schema)) ==
        std::vector<std::string>{"20240101_000000 g1 p1", "20240101_000000 g2 p2", "20240102_000000 g3 p3"});
}

TEST_CASE("NdjsonSink ignores a torn ledger line and records later loads after it", "[io][ndjson]") {
  SinkHarness<NdjsonSink> harness;
  const TableSchema schema = player_schema();
  const Strategy strategy;
  const LoadTarget target{schema, strategy, "v1"};
  harness.load(target, load_file(file_a, {player_row(file_a, "g1", "p1")}, "10:1"));
  append(harness.sink().ledger_file(), R"({"table_name":"nba_raw.strategy_test","object_name":"src/2024-01-0)");

  harness.reopen();
  Ledger ledger = harness.ledger(target);
  REQUIRE(ledger.size() == 1);
  CHECK(ledger.at(file_a).generation == "10:1");

  harness.load(target, load_file(file_b, {player_row(file_b, "g2", "p2")}, "20:2"));
  harness.reopen();
  ledger = harness.ledger(target);
  REQUIRE(ledger.size() == 2);
  CHECK(ledger.at(file_a).generation == "10:1");
  CHECK(ledger.at(file_b).generation == "20:2");
  CHECK(ledger.at(file_b).rows == 1);
}

TEST_CASE("NdjsonSink writes the schema's columns only, in schema order, as JSON lines", "[io][ndjson]") {
  SinkHarness<NdjsonSink> harness;
  const TableSchema schema = player_schema();
  const Strategy strategy;
  const LoadTarget target{schema, strategy, "v1"};
  // Keys in another order, one column missing (ratio), one the table does not have (extra).
  const Row row{{"extra", "not a column"},     {"d", "2024-02-03"}, {"active", false},           {"points", 12},
                {"player", "Doncic \"Luka\""}, {"game_id", "g1"},   {"source_file_path", file_a}};
  harness.load(target, load_file(file_a, {row, row}));

  std::ifstream in(harness.sink().table_file(schema), std::ios::binary);
  std::size_t lines = 0;
  for (std::string line; std::getline(in, line); ++lines) {
    INFO(line);
    const boost::json::value parsed = boost::json::parse(line);
    REQUIRE(parsed.is_object());
    const auto& object = parsed.get_object();
    std::vector<std::string> keys;
    for (const auto& item : object) keys.emplace_back(item.key());
    CHECK(keys == std::vector<std::string>{"source_file_path", "game_id", "player", "points", "ratio", "active", "d"});
    CHECK(object.at("source_file_path").as_string() == file_a);
    CHECK(object.at("player").as_string() == "Doncic \"Luka\"");
    CHECK(object.at("points").as_int64() == 12);
    CHECK(object.at("ratio").is_null());
    CHECK(object.at("active").as_bool() == false);
    CHECK(object.at("d").as_string() == "2024-02-03");
  }
  CHECK(lines == 2);
}
