// The strategy semantics and the ledger, the same test bodies for every sink.
#include "sink_harness.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <limits>
#include <vector>

using namespace nbaraw;
using namespace nbaraw::test;

namespace {

const std::string older = "src/2024-01-01/20240101_000000.json";
const std::string newer = "src/2024-01-02/20240102_000000.json";

Strategy strategy_of(StrategyKind kind) {
  if (kind == StrategyKind::append_always) return {kind, {}};
  return {kind, {"game_id"}};
}

/// Which of two files go into which load call, in order.
struct LoadOrder {
  std::string name;
  std::vector<std::vector<std::size_t>> batches;
};

std::vector<LoadOrder> orders_of_older_and_newer() {
  return {{"older, then newer", {{0}, {1}}},
          {"newer, then older", {{1}, {0}}},
          {"one load, older listed first", {{0, 1}}},
          {"one load, newer listed first", {{1, 0}}},
          {"older, newer, then older again", {{0}, {1}, {0}}},
          {"newer, older, then newer again", {{1}, {0}, {1}}}};
}

/// Loads files[0] (older) and files[1] (newer) as the order says, reopening the sink between loads when asked.
template <class K>
void load_in_order(SinkHarness<K>& harness, const LoadTarget& target, const std::vector<LoadFile>& files,
                   const LoadOrder& order, bool reopen) {
  for (const auto& batch : order.batches) {
    std::vector<LoadFile> chosen;
    for (std::size_t i : batch) chosen.push_back(files.at(i));
    if (reopen) harness.reopen();
    harness.load(target, chosen);
  }
}

}  // namespace

TEMPLATE_TEST_CASE("a sink stores each column's value with its type", "[io][sink]", SqliteSink, NdjsonSink, BigQueryTestSink) {
  SinkHarness<TestType> harness;
  const TableSchema schema = player_schema();
  const Strategy strategy = strategy_of(StrategyKind::append_always);
  const LoadTarget target{schema, strategy, "v1"};
  harness.load(target, load_file(older, {player_row(older, "g1", "Jokic", 30)}));

  const Rows rows = harness.rows(schema);
  REQUIRE(rows.size() == 1);
  const Row& row = rows.front();
  CHECK(row.at("source_file_path").as_string() == older);
  CHECK(row.at("game_id").as_string() == "g1");
  CHECK(row.at("player").as_string() == "Jokic");
  CHECK(row.at("points").as_int64() == 30);
  CHECK(row.at("ratio").as_double() == 7.5);
  CHECK(row.at("active").as_bool() == true);
  CHECK(row.at("d").as_string() == "2024-01-01");
}

TEMPLATE_TEST_CASE("loading the same file twice leaves the same rows, whatever the strategy", "[io][sink][strategy]",
                   SqliteSink, NdjsonSink, BigQueryTestSink) {
  const StrategyKind kind =
      GENERATE(StrategyKind::append_always, StrategyKind::merge_update, StrategyKind::insert_new_only);
  const bool reopen = GENERATE(false, true);
  INFO("strategy " << to_string(kind) << (reopen ? ", sink reopened between loads" : ", same sink"));

  SinkHarness<TestType> harness;
  const TableSchema schema = player_schema();
  const Strategy strategy = strategy_of(kind);
  const LoadTarget target{schema, strategy, "v1"};
  const LoadFile file =
      load_file(older, {player_row(older, "g1", "p1"), player_row(older, "g1", "p2"), player_row(older, "g2", "p3")});

  harness.load(target, file);
  const Rows first = harness.rows(schema);
  if (reopen) harness.reopen();
  harness.load(target, file);
  const Rows second = harness.rows(schema);

  // insert_new_only keeps one row per key; the other strategies keep every row of the file.
  const std::vector<std::string> expected =
      kind == StrategyKind::insert_new_only
          ? std::vector<std::string>{"20240101_000000 g1 p1", "20240101_000000 g2 p3"}
          : std::vector<std::string>{"20240101_000000 g1 p1", "20240101_000000 g1 p2", "20240101_000000 g2 p3"};
  CHECK(row_facts(first) == expected);
  CHECK(second.size() == first.size());
  CHECK(row_snapshot(second) == row_snapshot(first));
}

TEMPLATE_TEST_CASE("append_always keeps every file's rows and replaces a re-loaded file's rows", "[io][sink][strategy]",
                   SqliteSink, NdjsonSink, BigQueryTestSink) {
  const bool reopen = GENERATE(false, true);
  INFO((reopen ? "sink reopened between loads" : "same sink"));
  SinkHarness<TestType> harness;
  const TableSchema schema = player_schema();
  const Strategy strategy = strategy_of(StrategyKind::append_always);
  const LoadTarget target{schema, strategy, "v1"};

  harness.load(target, load_file(older, {player_row(older, "g1", "p1"), player_row(older, "g1", "p2")}));
  if (reopen) harness.reopen();
  harness.load(target, load_file(newer, {player_row(newer, "g1", "p3")}));
  CHECK(row_facts(harness.rows(schema)) ==
        std::vector<std::string>{"20240101_000000 g1 p1", "20240101_000000 g1 p2", "20240102_000000 g1 p3"});

  // The older file was rewritten with one row fewer: its rows are replaced, the other file's kept.
  if (reopen) harness.reopen();
  harness.load(target, load_file(older, {player_row(older, "g1", "p1")}, "2:2"));
  CHECK(row_facts(harness.rows(schema)) == std::vector<std::string>{"20240101_000000 g1 p1", "20240102_000000 g1 p3"});
}

TEMPLATE_TEST_CASE("merge_update keeps the newest file's rows for a key, whatever the load order",
                   "[io][sink][strategy]", SqliteSink, NdjsonSink, BigQueryTestSink) {
  const LoadOrder order = GENERATE(from_range(orders_of_older_and_newer()));
  const bool reopen = GENERATE(false, true);
  INFO(order.name << (reopen ? ", sink reopened between loads" : ", same sink"));

  SinkHarness<TestType> harness;
  const TableSchema schema = player_schema();
  const Strategy strategy = strategy_of(StrategyKind::merge_update);
  const LoadTarget target{schema, strategy, "v1"};
  const std::vector<LoadFile> files{
      load_file(older, {player_row(older, "g1", "old-1"), player_row(older, "g2", "old-2")}),
      load_file(newer, {player_row(newer, "g1", "new-1"), player_row(newer, "g1", "new-2")})};

  load_in_order(harness, target, files, order, reopen);

  // g1: every row of the newer file and none of the older; g2 only the older file has.
  CHECK(row_facts(harness.rows(schema)) ==
        std::vector<std::string>{"20240101_000000 g2 old-2", "20240102_000000 g1 new-1", "20240102_000000 g1 new-2"});
}

TEMPLATE_TEST_CASE("insert_new_only keeps one row per key from the oldest file, whatever the load order",
                   "[io][sink][strategy]", SqliteSink, NdjsonSink, BigQueryTestSink) {
  const LoadOrder order = GENERATE(from_range(orders_of_older_and_newer()));
  const bool reopen = GENERATE(false, true);
  INFO(order.name << (reopen ? ", sink reopened between loads" : ", same sink"));

  SinkHarness<TestType> harness;
  const TableSchema schema = player_schema();
  const Strategy strategy = strategy_of(StrategyKind::insert_new_only);
  const LoadTarget target{schema, strategy, "v1"};
  const std::vector<LoadFile> files{
      load_file(older, {player_row(older, "g1", "old-first"), player_row(older, "g1", "old-second")}),
      load_file(newer, {player_row(newer, "g1", "new-1"), player_row(newer, "g3", "new-3")})};

  load_in_order(harness, target, files, order, reopen);

  CHECK(row_facts(harness.rows(schema)) ==
        std::vector<std::string>{"20240101_000000 g1 old-first", "20240102_000000 g3 new-3"});
}

TEMPLATE_TEST_CASE("the ledger records each loaded file and a re-load updates its entry", "[io][sink][ledger]",
                   SqliteSink, NdjsonSink, BigQueryTestSink) {
  const bool reopen = GENERATE(false, true);
  INFO((reopen ? "sink reopened between loads" : "same sink"));
  SinkHarness<TestType> harness;
  const TableSchema schema = player_schema();
  const Strategy strategy = strategy_of(StrategyKind::append_always);
  const LoadTarget v1{schema, strategy, "v1"};
  CHECK(harness.ledger(v1).empty());

  const std::vector<LoadFile> first{
      load_file(older, {player_row(older, "g1", "p1"), player_row(older, "g2", "p2")}, "100:7"),
      load_file(newer, {}, "3:9")};
  harness.load(v1, first);
  if (reopen) harness.reopen();
  Ledger ledger = harness.ledger(v1);
  REQUIRE(ledger.size() == 2);
  CHECK(ledger.at(older).object_name == older);
  CHECK(ledger.at(older).generation == "100:7");
  CHECK(ledger.at(older).processor_version == "v1");
  CHECK(ledger.at(older).rows == 2);
  CHECK_FALSE(ledger.at(older).loaded_at.empty());
  CHECK(ledger.at(newer).rows == 0);  // a file without rows is still recorded

  const LoadTarget v2{schema, strategy, "v2"};
  harness.load(v2, load_file(older, {player_row(older, "g1", "p1")}, "80:8"));
  if (reopen) harness.reopen();
  ledger = harness.ledger(v2);
  REQUIRE(ledger.size() == 2);
  CHECK(ledger.at(older).generation == "80:8");
  CHECK(ledger.at(older).processor_version == "v2");
  CHECK(ledger.at(older).rows == 1);
  CHECK(ledger.at(newer).generation == "3:9");
  CHECK(ledger.at(newer).processor_version == "v1");
}

TEMPLATE_TEST_CASE("each table has its own ledger", "[io][sink][ledger]", SqliteSink, NdjsonSink, BigQueryTestSink) {
  SinkHarness<TestType> harness;
  const TableSchema players = player_schema("strategy_test");
  const TableSchema others = player_schema("other_table");
  const Strategy strategy = strategy_of(StrategyKind::append_always);
  const LoadTarget players_target{players, strategy, "v1"};
  const LoadTarget others_target{others, strategy, "v1"};

  harness.load(players_target, load_file(older, {player_row(older, "g1", "p1")}));
  CHECK(harness.ledger(others_target).empty());

  harness.load(others_target, load_file(newer, {player_row(newer, "g9", "p9")}));
  const Ledger players_ledger = harness.ledger(players_target);
  const Ledger others_ledger = harness.ledger(others_target);
  REQUIRE(players_ledger.size() == 1);
  CHECK(players_ledger.count(older) == 1);
  REQUIRE(others_ledger.size() == 1);
  CHECK(others_ledger.count(newer) == 1);
  CHECK(row_facts(harness.rows(players)) == std::vector<std::string>{"20240101_000000 g1 p1"});
  CHECK(row_facts(harness.rows(others)) == std::vector<std::string>{"20240102_000000 g9 p9"});
}

TEMPLATE_TEST_CASE("newest is decided by the scrape time in the name, then by creation, never by name order",
                   "[io][sink][strategy][recency]", SqliteSink, NdjsonSink, BigQueryTestSink) {
  const LoadOrder order = GENERATE(from_range(orders_of_older_and_newer()));
  const bool reopen = GENERATE(false, true);
  const StrategyKind kind = GENERATE(StrategyKind::merge_update, StrategyKind::insert_new_only);
  INFO(order.name << (reopen ? ", sink reopened between loads" : ", same sink") << ", " << to_string(kind));
  SinkHarness<TestType> harness;
  const TableSchema schema = player_schema();
  const Strategy strategy = strategy_of(kind);
  const LoadTarget target{schema, strategy, "v1"};

  // "a b c.json" sorts after "20240116_080000.json" as text, and was even created later; but it states no
  // scrape time, so it is the older of the two.
  const std::string unnamed = "src/2024-01-15/a b c.json", scraped = "src/2024-01-16/20240116_080000.json";
  const std::vector<LoadFile> files{load_file(unnamed, {player_row(unnamed, "g1", "unnamed")}, "10:900"),
                                    load_file(scraped, {player_row(scraped, "g1", "scraped")}, "10:100")};
  load_in_order(harness, target, files, order, reopen);
  CHECK(row_facts(harness.rows(schema)) ==
        std::vector<std::string>{kind == StrategyKind::merge_update ? "20240116_080000 g1 scraped" : "a b c g1 unnamed"});

  // Between two names without a scrape time, the later creation is the newer, whatever the names.
  const std::string b = "src/2024-01-15/b.json", a = "src/2024-01-15/a.json";
  const std::vector<LoadFile> unnamed_files{load_file(b, {player_row(b, "g2", "b-created-first")}, "10:200"),
                                            load_file(a, {player_row(a, "g2", "a-created-later")}, "10:300")};
  load_in_order(harness, target, unnamed_files, order, reopen);
  const auto facts = row_facts(harness.rows(schema));
  CHECK(std::count(facts.begin(), facts.end(),
                   kind == StrategyKind::merge_update ? "a g2 a-created-later" : "b g2 b-created-first") == 1);
  CHECK(facts.size() == 2);
}

TEMPLATE_TEST_CASE("a sink refuses a batch holding a number that is not finite, and writes none of it",
                   "[io][sink][non_finite]", SqliteSink, NdjsonSink, BigQueryTestSink) {
  SinkHarness<TestType> harness;
  const TableSchema schema = player_schema();
  const Strategy strategy = strategy_of(StrategyKind::append_always);
  const LoadTarget target{schema, strategy, "v1"};
  harness.load(target, load_file(older, {player_row(older, "g1", "kept")}));

  Row bad = player_row(newer, "g2", "bad");
  bad["ratio"] = GENERATE(std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                          std::numeric_limits<double>::quiet_NaN());
  std::vector<LoadFile> batch{load_file(newer, {player_row(newer, "g2", "fine"), bad})};
  CHECK_THROWS_WITH(harness.load(target, batch), Catch::Contains("ratio is not a finite number"));
  CHECK(row_facts(harness.rows(schema)) == std::vector<std::string>{"20240101_000000 g1 kept"});
  CHECK(harness.ledger(target).count(newer) == 0);
}
