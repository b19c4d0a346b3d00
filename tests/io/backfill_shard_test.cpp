// Backfill with a shard: each task plans its share of the selected files, after the processor's selection
// (latest file per game folder, decided on the whole listing) and before the ledger and --limit.
#include <nbaraw/backfill.hpp>

#include "backfill_support.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

using namespace nbaraw;
using namespace nbaraw::test;

namespace {

/// TestProcessor with the gamebook's selection rule: only the latest file of each game folder.
class LatestPerFolderProcessor {
 public:
  using input_type = boost::json::value;
  LatestPerFolderProcessor() : info_(inner_.info()) { info_.selection = Selection::latest_per_folder; }
  const ProcessorInfo& info() const { return info_; }
  std::vector<std::string> validate(const boost::json::value& in) const { return inner_.validate(in); }
  TransformResult transform(const boost::json::value& in, const FileContext& context) const {
    return inner_.transform(in, context);
  }

 private:
  TestProcessor inner_;
  ProcessorInfo info_;
};
static_assert(Processor<LatestPerFolderProcessor>);

constexpr Date first_day{2024, 1, 14}, last_day{2024, 1, 20};  // tasks of 3: 0, 2, 2, 1, 0, 2, 2 (shard_test)

/// Three game folders a day, each with an older and a newer file.
void lay_games(BackfillBench& bench) {
  for (const Date& d : dates_between(first_day, last_day))
    for (int game = 0; game < 3; ++game)
      for (const char* time : {"100000", "230000"})
        bench.put(fmt::format("src/{}/game{}/{}_{}.json", d.iso(), game, d.compact(), time), items_doc({"x"}));
}

BackfillPlan plan_of(BackfillBench& bench, Shard shard, std::size_t limit = 0) {
  SqliteSink sink(bench.database(), SqliteSink::Mode::read_write);
  Reporter quiet;
  BackfillOptions options = options_for(first_day, last_day);
  options.shard = shard;
  options.limit = limit;
  LatestPerFolderProcessor processor;
  return Backfill<LatestPerFolderProcessor, ObservedSource, SqliteSink>(processor, bench.source(), sink, options, quiet).plan();
}

}  // namespace

TEST_CASE("a shard plans its days' files after the latest-per-folder selection, and the shares make the plan",
          "[io][backfill][shard]") {
  BackfillBench bench;
  lay_games(bench);
  const BackfillPlan whole = plan_of(bench, Shard());
  REQUIRE(whole.to_process.size() == 7 * 3);  // one file per game folder: the latest
  for (const auto& o : whole.to_process) CHECK_THAT(o.name, Catch::EndsWith("_230000.json"));
  CHECK(whole.files_in_plan == 21);
  CHECK(whole.files_in_shard == 21);

  std::set<std::string> together;
  std::size_t shares = 0;
  for (std::size_t index = 0; index < 3; ++index) {
    const BackfillPlan share = plan_of(bench, Shard(index, 3));
    CHECK(share.files_in_plan == 21);
    CHECK(share.files_in_shard == share.to_process.size());
    shares += share.to_process.size();
    for (const auto& o : share.to_process) {
      CHECK_THAT(o.name, Catch::EndsWith("_230000.json"));  // selected on the whole listing, then sharded
      CHECK(shard_of(o.name, 3) == index);
      together.insert(o.name);
    }
  }
  CHECK(shares == whole.to_process.size());  // disjoint ...
  const auto all = names_of(whole.to_process);
  CHECK(together == std::set<std::string>(all.begin(), all.end()));  // ... and complete
  // Days 14 and 18 go to task 0: six games.
  CHECK(plan_of(bench, Shard(0, 3)).to_process.size() == 6);
}

TEST_CASE("a shard's --limit counts its own files, after the shard is taken", "[io][backfill][shard]") {
  BackfillBench bench;
  lay_games(bench);
  // Task 1 of 3 has one day (2024-01-17): a limit of 2 takes two of its games, never files of other tasks.
  const BackfillPlan limited = plan_of(bench, Shard(1, 3), 2);
  CHECK(limited.files_in_shard == 3);
  REQUIRE(limited.to_process.size() == 2);
  for (const auto& o : limited.to_process) CHECK_THAT(o.name, Catch::StartsWith("src/2024-01-17/"));
}

TEST_CASE("a shard's run loads its share, a second attempt skips it, the other shards load the rest", "[io][backfill][shard]") {
  BackfillBench bench;
  lay_games(bench);
  LatestPerFolderProcessor processor;
  auto run_shard = [&](std::size_t index, RecordingReporter& reporter) {
    SqliteSink sink(bench.database(), SqliteSink::Mode::read_write);
    BackfillOptions options = options_for(first_day, last_day);
    options.shard = Shard(index, 3);
    return Backfill<LatestPerFolderProcessor, ObservedSource, SqliteSink>(processor, bench.source(), sink, options, reporter)
        .run();
  };
  RecordingReporter first;
  const RunSummary task2 = run_shard(2, first);
  CHECK(task2.count(FileStatus::success) == 12);  // four days of three games
  CHECK(task2.shard == Shard(2, 3));
  CHECK(task2.files_in_plan == 21);
  CHECK(task2.files_in_shard == 12);

  RecordingReporter retry;
  const RunSummary again = run_shard(2, retry);
  CHECK(again.count(FileStatus::skipped) == 12);
  CHECK(again.count(FileStatus::success) == 0);
  CHECK(retry.planned_already_loaded == 12);

  RecordingReporter r0, r1;
  CHECK(run_shard(0, r0).count(FileStatus::success) == 6);
  CHECK(run_shard(1, r1).count(FileStatus::success) == 3);
  CHECK(bench.table().size() == 21);
}
