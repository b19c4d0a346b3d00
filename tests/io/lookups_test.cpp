// Lookups answered by the SQLite file and by BigQuery (the loopback test server): the same rows for the
// same query, values bound as parameters, a missing table answering no rows.
#include "sink_harness.hpp"

#include <nbaraw/sinks/bigquery_lookups.hpp>
#include <nbaraw/sinks/sqlite_lookups.hpp>

#include <catch2/catch.hpp>

using namespace nbaraw;
using namespace nbaraw::test;

namespace {

const std::string hostile = "O'Neal'); DROP TABLE strategy_test; --";

/// Loads four rows into player_schema's table through the sink under test, then asks its lookups.
template <class K>
struct LookupBench {
  SinkHarness<K> harness;
  TableSchema schema = player_schema();
  Strategy strategy{StrategyKind::append_always, {}};

  LookupBench() {
    const std::string file = "src/2024-01-01/20240101_000000.json";
    Rows rows{player_row(file, "g1", "Jokic", 30), player_row(file, "g1", "Murray", 21), player_row(file, "g2", hostile, 5),
              player_row(file, "g2", "Jokic", 12)};
    rows[3]["d"] = "2024-01-05";
    harness.load(LoadTarget{schema, strategy, "v1"}, load_file(file, std::move(rows)));
  }

  std::unique_ptr<Lookups> lookups();
};

template <>
std::unique_ptr<Lookups> LookupBench<SqliteSink>::lookups() {
  return std::make_unique<SqliteLookups>(SinkBackend<SqliteSink>::database(harness.folder()));
}

template <>
std::unique_ptr<Lookups> LookupBench<BigQueryTestSink>::lookups() {
  return std::make_unique<BigQueryLookups>(harness.sink().client(), "test-project", "nba_raw");
}

std::vector<std::string> players(const Rows& rows) {
  std::vector<std::string> out;
  for (const Row& r : rows) out.emplace_back(r.at("player").as_string());
  return out;
}

}  // namespace

TEMPLATE_TEST_CASE("lookups: equality, date range, order, limit and distinct, typed values", "[io][lookups]", SqliteSink,
                   BigQueryTestSink) {
  LookupBench<TestType> bench;
  auto lookups = bench.lookups();

  LookupQuery by_game{"strategy_test", {"player", "points"}, {{"game_id", "g1", ColumnType::STRING}}};
  by_game.order_by = "points";
  by_game.descending = true;
  const Rows g1 = lookups->find(by_game);
  CHECK(players(g1) == std::vector<std::string>{"Jokic", "Murray"});
  REQUIRE(g1.size() == 2);
  CHECK(g1[0].at("points").as_int64() == 30);  // integers come back as integers

  LookupQuery in_range{"strategy_test", {"player", "d"}, {{"player", "Jokic", ColumnType::STRING}}};
  in_range.range = LookupQuery::Range{"d", "2024-01-02", "2024-01-31", ColumnType::DATE};
  CHECK(lookups->find(in_range).size() == 1);
  in_range.range->low = "2023-12-01";
  CHECK(lookups->find(in_range).size() == 2);

  LookupQuery distinct{"strategy_test", {"game_id"}, {}};
  distinct.order_by = "game_id";
  CHECK(lookups->find(distinct).size() == 2);
  distinct.limit = 1;
  CHECK(lookups->find(distinct).size() == 1);

  // A value that would break SQL text matches itself, and nothing is dropped.
  LookupQuery by_name{"strategy_test", {"player", "game_id"}};
  by_name.equals.push_back({"player", boost::json::string(hostile), ColumnType::STRING});
  const Rows found = lookups->find(by_name);
  REQUIRE(found.size() == 1);
  CHECK(found[0].at("game_id").as_string() == "g2");
  CHECK(lookups->find(by_game).size() == 2);
}

TEMPLATE_TEST_CASE("lookups: a table that does not exist answers no rows, a bad identifier is refused", "[io][lookups]",
                   SqliteSink, BigQueryTestSink) {
  LookupBench<TestType> bench;
  auto lookups = bench.lookups();
  CHECK(lookups->find(LookupQuery{"nbac_injury_report", {"player_full_name"}, {}}).empty());
  CHECK_THROWS(lookups->find(LookupQuery{"strategy_test; DROP", {"player"}, {}}));
  CHECK_THROWS(lookups->find(LookupQuery{"strategy_test", {"player\" FROM x --"}, {}}));
}

TEST_CASE("lookups: NoLookups answers nothing, SqliteLookups on a missing file answers nothing", "[io][lookups]") {
  CHECK(no_lookups()->find(LookupQuery{"t", {"c"}, {}}).empty());
  TempDir dir;
  SqliteLookups missing((dir / "absent.db").string());
  CHECK(missing.find(LookupQuery{"t", {"c"}, {}}).empty());
  CHECK_FALSE(std::filesystem::exists(dir / "absent.db"));
}
