#include <nbaraw/core/shard.hpp>

#include <nbaraw/core/date.hpp>

#include "support/object_names.hpp"

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

using nbaraw::ObjectInfo;
using nbaraw::Shard;

using nbaraw::test::names_of;

namespace {

/// A plan like a gamebook's: several game folders per day, several files per folder, over `days` days.
std::vector<ObjectInfo> plan_over(int days) {
  std::vector<ObjectInfo> plan;
  const nbaraw::Date first{2023, 10, 24};
  const nbaraw::Date last = nbaraw::Date::from_days(first.days() + std::chrono::days{days - 1});
  for (const nbaraw::Date& d : nbaraw::dates_between(first, last))
    for (int game = 0; game < 3; ++game)
      for (int file = 0; file < 2; ++file)
        plan.emplace_back(fmt::format("nba-com/gamebooks-data/{}/game{}/{}.json", d.iso(), game, file), 100, "1");
  return plan;
}

}  // namespace

TEST_CASE("fnv1a_64 matches the published FNV-1a test vectors", "[shard]") {
  CHECK(nbaraw::fnv1a_64("") == 0xcbf29ce484222325ull);
  CHECK(nbaraw::fnv1a_64("a") == 0xaf63dc4c8601ec8cull);
  CHECK(nbaraw::fnv1a_64("foobar") == 0x85944171f73967e8ull);
}

TEST_CASE("shard_key_of is the date folder, else the object's folder", "[shard]") {
  CHECK(nbaraw::shard_key_of("ball-dont-lie/injuries/2025-07-15/20250715_143022.json") == "2025-07-15");
  CHECK(nbaraw::shard_key_of("nba-com/gamebooks-data/2024-01-15/20240115-BOSLAL/20240115_230000.json") == "2024-01-15");
  CHECK(nbaraw::shard_key_of("odds-api/player-props/2024-01-15/abc/file.json") == "2024-01-15");
  CHECK(nbaraw::shard_key_of("misc/folder/file.json") == "misc/folder/");
  CHECK(nbaraw::shard_key_of("file.json") == "file.json");
}

TEST_CASE("shard_of is fixed: the same date goes to the same task in every build and run", "[shard]") {
  // Pinned values (computed independently from the FNV-1a definition): changing the hash or the key would
  // move days between tasks, and a retried or re-run task would then take other days than its first attempt.
  const std::map<std::string, std::pair<std::size_t, std::size_t>> expected{  // date -> (task of 4, task of 3)
      {"2024-01-14", {3, 0}}, {"2024-01-15", {0, 2}}, {"2024-01-16", {1, 2}}, {"2024-01-17", {2, 1}},
      {"2024-01-18", {3, 0}}, {"2024-01-19", {0, 2}}, {"2024-01-20", {0, 2}}};
  for (const auto& [date, tasks] : expected) {
    INFO(date);
    const std::string name = "src/" + date + "/file.json";
    CHECK(nbaraw::shard_of(name, 4) == tasks.first);
    CHECK(nbaraw::shard_of(name, 3) == tasks.second);
    CHECK(nbaraw::shard_of(name, 1) == 0);
    CHECK(nbaraw::shard_of("src/" + date + "/game7/other.json.gz", 4) == tasks.first);  // the whole day
  }
}

TEST_CASE("take_shard: the shares are disjoint, together exactly the plan, whole days, whatever the order", "[shard]") {
  const std::size_t count = GENERATE(1u, 2u, 3u, 7u, 64u);
  INFO("tasks: " << count);
  const std::vector<ObjectInfo> plan = plan_over(60);
  std::vector<ObjectInfo> shuffled = plan;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(42));

  std::multiset<std::string> together;
  std::map<std::string, std::size_t> task_of_day;
  for (std::size_t index = 0; index < count; ++index) {
    const std::vector<ObjectInfo> share = nbaraw::take_shard(plan, Shard(index, count));
    // The listing order does not matter: the same files, in the order they came.
    std::vector<std::string> from_shuffled = names_of(nbaraw::take_shard(shuffled, Shard(index, count)));
    std::vector<std::string> names = names_of(share);
    std::sort(from_shuffled.begin(), from_shuffled.end());
    CHECK(std::is_sorted(names.begin(), names.end()));  // the plan's order is kept
    CHECK(from_shuffled == names);
    for (const auto& name : names) {
      together.insert(name);
      const std::string day = nbaraw::shard_key_of(name);
      const auto [it, inserted] = task_of_day.emplace(day, index);
      CHECK(it->second == index);  // a day's files all go to one task
    }
  }
  const std::vector<std::string> all = names_of(plan);
  CHECK(together == std::multiset<std::string>(all.begin(), all.end()));  // disjoint and complete
  CHECK(task_of_day.size() == 60);
  if (count > 1 && count <= 7) {  // 60 days spread over every task, none with most of them
    std::map<std::size_t, std::size_t> days_per_task;
    for (const auto& [day, task] : task_of_day) ++days_per_task[task];
    CHECK(days_per_task.size() == count);
    for (const auto& [task, days] : days_per_task) CHECK(days < 60 / count * 2);
  }
}

TEST_CASE("take_shard of an unsharded plan is the plan", "[shard]") {
  const auto plan = plan_over(3);
  CHECK(names_of(nbaraw::take_shard(plan, Shard())) == names_of(plan));
  CHECK_FALSE(Shard().sharded());
  CHECK(Shard(0, 2).sharded());
}
