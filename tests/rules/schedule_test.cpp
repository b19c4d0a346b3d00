// The cached schedule look-up: one read per date, shared by threads and copies; failures not cached.
#include <nbaraw/rules/schedule.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

using nbaraw::Date;
using nbaraw::LookupQuery;
using nbaraw::Row;
using nbaraw::Rows;
using nbaraw::ScheduleLookup;

namespace {

/// Answers one row holding the date it was asked for; counts the reads; fails while `failing`.
struct CountingLookups : nbaraw::Lookups {
  std::atomic<int> reads{0};
  std::atomic<bool> failing{false};
  LookupQuery last;
  Rows find(const LookupQuery& query) override {
    ++reads;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // long enough for the other threads to ask
    if (failing) throw std::runtime_error("schedule table unavailable");
    last = query;
    Row row;
    row["game_date"] = query.equals.back().value;
    return {row};
  }
};

LookupQuery games_query() {
  LookupQuery q("nbac_schedule", {"game_id", "game_date"}, {LookupQuery::Condition{"season_type", "regular"}});
  q.limit = 5;
  return q;
}

}  // namespace

TEST_CASE("ScheduleLookup reads a date once, with the date added to the query's conditions", "[schedule]") {
  auto lookups = std::make_shared<CountingLookups>();
  const ScheduleLookup schedule(lookups, games_query());
  const auto rows = schedule.rows_on(Date{2024, 1, 15});
  REQUIRE(rows->size() == 1);
  CHECK(rows->front().at("game_date") == "2024-01-15");
  CHECK(lookups->last.table == "nbac_schedule");
  CHECK(lookups->last.limit == 5);
  REQUIRE(lookups->last.equals.size() == 2);
  CHECK(lookups->last.equals[1].column == "game_date");
  CHECK(lookups->last.equals[1].type == nbaraw::ColumnType::DATE);

  CHECK(schedule.rows_on(Date{2024, 1, 15}) == rows);  // the same answer, not a second read
  const ScheduleLookup copy = schedule;
  CHECK(copy.rows_on(Date{2024, 1, 15}) == rows);
  CHECK(lookups->reads == 1);
  CHECK(copy.rows_on(Date{2024, 1, 16})->front().at("game_date") == "2024-01-16");
  CHECK(lookups->reads == 2);
}

TEST_CASE("ScheduleLookup: threads asking for one date wait for one read", "[schedule]") {
  auto lookups = std::make_shared<CountingLookups>();
  const ScheduleLookup schedule(lookups, games_query());
  std::vector<std::thread> threads;
  std::vector<std::shared_ptr<const Rows>> answers(8);
  for (std::size_t i = 0; i < answers.size(); ++i)
    threads.emplace_back([&, i] { answers[i] = schedule.rows_on(Date{2024, 3, 1}); });
  for (auto& t : threads) t.join();
  CHECK(lookups->reads == 1);
  for (const auto& a : answers) CHECK(a == answers.front());
}

TEST_CASE("ScheduleLookup: a failed read throws and is read again next time", "[schedule]") {
  auto lookups = std::make_shared<CountingLookups>();
  const ScheduleLookup schedule(lookups, games_query());
  lookups->failing = true;
  CHECK_THROWS_WITH(schedule.rows_on(Date{2024, 1, 15}), "schedule table unavailable");
  lookups->failing = false;
  CHECK(schedule.rows_on(Date{2024, 1, 15})->size() == 1);
  CHECK(lookups->reads == 2);
}

TEST_CASE("ScheduleLookup without lookups answers no rows", "[schedule]") {
  const ScheduleLookup schedule(nullptr, games_query());
  CHECK(schedule.rows_on(Date{2024, 1, 15})->empty());
}
