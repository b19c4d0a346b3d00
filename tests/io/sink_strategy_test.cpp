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

/// Keyed by game_id; merge_keep keeps the date column d (as rosters keep first_seen_date).
Strategy strategy_of(StrategyKind kind) {
  if (kind == StrategyKind::append_always || kind == StrategyKind::replace_table) return {kind, {}};
  if (kind == StrategyKind::merge_keep) return {kind, {"game_id"}, {"d"}};
  return {kind, {"game_id"}};
}

const auto every_strategy = {StrategyKind::append_always,   StrategyKind::merge_update,  StrategyKind::insert_new_only,
                             StrategyKind::replace_table,   StrategyKind::insert_new_keys, StrategyKind::merge_keep};

/// player_row with the date column d set.
Row dated_row(std::string_view file, std::string_view game, std::string_view player, std::string_view day) {
  Row row = player_row(file, game, player);
  row["d"] = day;
  return row;
}

/// "<game_id> <player> <d>" per row, sorted: what merge_keep decides.
std::vector<std::string> dated_facts(const Rows& rows) {
  std::vector<std::string> out;
  for (const Row& row : rows)
    out.push_back(std::string(row.at("game_id").as_string()) + " " + std::string(row.at("player").as_string()) + " " +
                  std::string(row.at("d").as_string()));
  std::sort(out.begin(), out.end());
  return out;
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
  const StrategyKind kind = GENERATE(values(every_strategy));
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

TEMPLATE_TEST_CASE("replace_table makes the table the newest file's rows, whatever the load order",
                   "[io][sink][strategy]", SqliteSink, NdjsonSink, BigQueryTestSink) {
  const LoadOrder order = GENERATE(from_range(orders_of_older_and_newer()));
  const bool reopen = GENERATE(false, true);
  INFO(order.name << (reopen ? ", sink reopened between loads" : ", same sink"));

  SinkHarness<TestType> harness;
  const TableSchema schema = player_schema();
  const Strategy strategy = strategy_of(StrategyKind::replace_table);
  const LoadTarget target{schema, strategy, "v1"};
  const std::vector<LoadFile> files{
      load_file(older, {player_row(older, "g1", "old-1"), player_row(older, "g2", "old-2")}),
      load_file(newer, {player_row(newer, "g1", "new-1"), player_row(newer, "g3", "new-3")})};

  load_in_order(harness, target, files, order, reopen);
  CHECK(row_facts(harness.rows(schema)) == std::vector<std::string>{"20240102_000000 g1 new-1", "20240102_000000 g3 new-3"});

  // A newer file without rows replaces nothing (it is recorded all the same).
  const std::string empty = "src/2024-01-03/20240103_000000.json";
  if (reopen) harness.reopen();
  harness.load(target, load_file(empty, {}));
  CHECK(row_facts(harness.rows(schema)) == std::vector<std::string>{"20240102_000000 g1 new-1", "20240102_000000 g3 new-3"});
  CHECK(harness.ledger(target).count(empty) == 1);

  // The file holding the table, re-written with one row: the table is that row.
  if (reopen) harness.reopen();
  harness.load(target, load_file(newer, {player_row(newer, "g9", "new-9")}, "2:2"));
  CHECK(row_facts(harness.rows(schema)) == std::vector<std::string>{"20240102_000000 g9 new-9"});
}

TEMPLATE_TEST_CASE("insert_new_keys keeps every row of the oldest file that has a key, whatever the load order",
                   "[io][sink][strategy]", SqliteSink, NdjsonSink, BigQueryTestSink) {
  const LoadOrder order = GENERATE(from_range(orders_of_older_and_newer()));
  const bool reopen = GENERATE(false, true);
  INFO(order.name << (reopen ? ", sink reopened between loads" : ", same sink"));

  SinkHarness<TestType> harness;
  const TableSchema schema = player_schema();
  const Strategy strategy = strategy_of(StrategyKind::insert_new_keys);
  const LoadTarget target{schema, strategy, "v1"};
  // Two rows of g1 in the older file (as one trade's several rows): both kept; the newer file's g1 is dropped.
  const std::vector<LoadFile> files{
      load_file(older, {player_row(older, "g1", "old-first"), player_row(older, "g1", "old-second")}),
      load_file(newer, {player_row(newer, "g1", "new-1"), player_row(newer, "g3", "new-3")})};

  load_in_order(harness, target, files, order, reopen);
  CHECK(row_facts(harness.rows(schema)) ==
        std::vector<std::string>{"20240101_000000 g1 old-first", "20240101_000000 g1 old-second", "20240102_000000 g3 new-3"});
}

TEMPLATE_TEST_CASE("merge_keep updates a key's rows from the newest file but keeps the stored kept columns",
                   "[io][sink][strategy]", SqliteSink, NdjsonSink, BigQueryTestSink) {
  // Files loaded in the order they were scraped, in any batching, re-runs included: the kept column d holds
  // the date of the first file that had the key.
  const LoadOrder order = GENERATE(LoadOrder{"older, then newer", {{0}, {1}}},
                                   LoadOrder{"one load, older listed first", {{0, 1}}},
                                   LoadOrder{"one load, newer listed first", {{1, 0}}},
                                   LoadOrder{"older, newer, then older again", {{0}, {1}, {0}}},
                                   LoadOrder{"older, newer, then newer again", {{0}, {1}, {1}}},
                                   LoadOrder{"older, newer, then both again", {{0}, {1}, {0, 1}}});
  const bool reopen = GENERATE(false, true);
  INFO(order.name << (reopen ? ", sink reopened between loads" : ", same sink"));

  SinkHarness<TestType> harness;
  const TableSchema schema = player_schema();
  const Strategy strategy = strategy_of(StrategyKind::merge_keep);
  const LoadTarget target{schema, strategy, "v1"};
  const std::vector<LoadFile> files{
      load_file(older, {dated_row(older, "g1", "old-1", "2024-01-01")}),
      load_file(newer, {dated_row(newer, "g1", "new-1", "2024-01-02"), dated_row(newer, "g2", "new-2", "2024-01-02")})};

  load_in_order(harness, target, files, order, reopen);
  const Rows rows = harness.rows(schema);
  CHECK(dated_facts(rows) == std::vector<std::string>{"g1 new-1 2024-01-01", "g2 new-2 2024-01-02"});
  CHECK(row_facts(rows) == std::vector<std::string>{"20240102_000000 g1 new-1", "20240102_000000 g2 new-2"});
}

TEMPLATE_TEST_CASE("merge_keep keeps what the table stored, even from a newer file loaded first",
                   "[io][sink][strategy]", SqliteSink, NdjsonSink, BigQueryTestSink) {
  SinkHarness<TestType> harness;
  const TableSchema schema = player_schema();
  const Strategy strategy = strategy_of(StrategyKind::merge_keep);
  const LoadTarget target{schema, strategy, "v1"};
  harness.load(target, load_file(newer, {dated_row(newer, "g1", "new-1", "2024-01-02")}));
  harness.load(target, load_file(older, {dated_row(older, "g1", "old-1", "2024-01-01")}));
  CHECK(dated_facts(harness.rows(schema)) == std::vector<std::string>{"g1 new-1 2024-01-02"});
  // A third file updates g1; d stays as stored.
  const std::string newest = "src/2024-01-05/20240105_000000.json";
  harness.load(target, load_file(newest, {dated_row(newest, "g1", "newest-1", "2024-01-05")}));
  CHECK(dated_facts(harness.rows(schema)) == std::vector<std::string>{"g1 newest-1 2024-01-02"});
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

namespace {

/// The rows of one file for the two tables of a multi-table batch: `players` rows into the first table, one
/// row into the second.
struct TwoTables {
  TableSchema first = player_schema("strategy_test"), second = player_schema("second_table");
  Strategy first_strategy, second_strategy;
  LoadTarget first_target{first, first_strategy, "v1"}, second_target{second, second_strategy, "v1"};

  explicit TwoTables(StrategyKind kind) : first_strategy(strategy_of(kind)), second_strategy(strategy_of(kind)) {}

  /// Loads each file's rows into both tables in one load call.
  template <class K>
  void load(SinkHarness<K>& harness, const std::vector<LoadFile>& first_files, const std::vector<LoadFile>& second_files) {
    const std::vector<TableLoad> tables{{first_target, first_files}, {second_target, second_files}};
    harness.load(tables);
  }
};

}  // namespace

TEMPLATE_TEST_CASE("a multi-table batch is written whole or not at all, with every table's ledger",
                   "[io][sink][tables]", SqliteSink, NdjsonSink, BigQueryTestSink) {
  const StrategyKind kind = GENERATE(values(every_strategy));
  const bool reopen = GENERATE(false, true);
  INFO("strategy " << to_string(kind) << (reopen ? ", sink reopened between loads" : ", same sink"));
  SinkHarness<TestType> harness;
  TwoTables t(kind);

  t.load(harness, {load_file(older, {player_row(older, "g1", "p1"), player_row(older, "g2", "p2")})},
         {load_file(older, {player_row(older, "g1", "ref-1")})});
  const Rows first_before = harness.rows(t.first), second_before = harness.rows(t.second);
  CHECK(row_facts(second_before) == std::vector<std::string>{"20240101_000000 g1 ref-1"});
  CHECK(harness.ledger(t.first_target).at(older).rows == 2);
  CHECK(harness.ledger(t.second_target).at(older).rows == 1);

  // The second table fails once the first is written: nothing of the batch stays, in no table and no ledger.
  const std::vector<LoadFile> first_files{load_file(newer, {player_row(newer, "g3", "p3")})};
  const std::vector<LoadFile> second_files{load_file(newer, {player_row(newer, "g3", "ref-3")})};
  if (reopen) harness.reopen();
  harness.break_table(t.second, true);
  CHECK_THROWS_AS(t.load(harness, first_files, second_files), SinkError);
  harness.break_table(t.second, false);
  CHECK(row_snapshot(harness.rows(t.first)) == row_snapshot(first_before));
  CHECK(row_snapshot(harness.rows(t.second)) == row_snapshot(second_before));
  CHECK(harness.ledger(t.first_target).count(newer) == 0);
  CHECK(harness.ledger(t.second_target).count(newer) == 0);

  // Run again (twice): both tables get the batch, once.
  for (int run = 0; run < 2; ++run) {
    if (reopen) harness.reopen();
    t.load(harness, first_files, second_files);
  }
  const auto second_facts = row_facts(harness.rows(t.second));
  CHECK(std::count(second_facts.begin(), second_facts.end(), "20240102_000000 g3 ref-3") == 1);
  const auto first_facts = row_facts(harness.rows(t.first));
  CHECK(std::count(first_facts.begin(), first_facts.end(), "20240102_000000 g3 p3") == 1);
  CHECK(harness.ledger(t.first_target).at(newer).rows == 1);
  CHECK(harness.ledger(t.second_target).at(newer).rows == 1);
  CHECK(harness.ledger(t.first_target).at(older).rows == 2);
}

TEMPLATE_TEST_CASE("a multi-table batch applies each table's own strategy", "[io][sink][tables]", SqliteSink,
                   NdjsonSink, BigQueryTestSink) {
  SinkHarness<TestType> harness;
  TwoTables t(StrategyKind::append_always);
  t.second_strategy = strategy_of(StrategyKind::replace_table);
  const std::vector<LoadFile> first{load_file(older, {player_row(older, "g1", "p1")}),
                                    load_file(newer, {player_row(newer, "g2", "p2")})};
  const std::vector<LoadFile> second{load_file(older, {player_row(older, "g1", "old")}),
                                     load_file(newer, {player_row(newer, "g2", "new")})};
  t.load(harness, first, second);
  CHECK(row_facts(harness.rows(t.first)) == std::vector<std::string>{"20240101_000000 g1 p1", "20240102_000000 g2 p2"});
  CHECK(row_facts(harness.rows(t.second)) == std::vector<std::string>{"20240102_000000 g2 new"});
}
