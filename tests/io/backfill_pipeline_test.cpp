// Pipelined loading: batches sized by rows, staged several at once while fetching goes on, committed one
// at a time in the order they were formed, each batch all or nothing.
#include "io/backfill_support.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <thread>

using namespace nbaraw;
using namespace nbaraw::test;

namespace {

/// A StagingSink over an SQLite file whose stage() can be slowed down or made to fail per batch (a batch is
/// named by its first file), recording the order of its commits and how many stages ran at once.
class ScriptedStagingSink {
 public:
  struct Staged {
    std::string first;
  };
  explicit ScriptedStagingSink(const std::string& database) : inner_(database, SqliteSink::Mode::read_write) {}

  Ledger ledger(const LoadTarget& t) { return inner_.ledger(t); }
  void prepare(const LoadTarget& t) { inner_.prepare(t); }
  void load(std::span<const TableLoad> tables) { commit(tables, stage(tables)); }
  void load(const LoadTarget& t, std::span<const LoadFile> files) { load(one_table(t, files)); }
  std::string describe() const { return "scripted"; }

  Staged stage(std::span<const TableLoad> tables) {
    const std::string first = tables.front().files.front().object.name;
    {
      std::lock_guard lock(mutex_);
      max_staging = std::max(max_staging, ++staging_);
    }
    if (auto delay = slow.find(first); delay != slow.end()) std::this_thread::sleep_for(delay->second);
    {
      std::lock_guard lock(mutex_);
      --staging_;
      staged_order.push_back(first);
    }
    if (failing.contains(first)) throw SinkError("staging failed for " + first);
    return {first};
  }
  void commit(std::span<const TableLoad> tables, Staged staged) {
    committed.push_back(staged.first);  // commits come from one thread
    inner_.load(tables);
  }

  std::map<std::string, std::chrono::milliseconds> slow;  ///< first file of a batch -> its staging time
  std::set<std::string> failing;                          ///< first files of batches whose staging fails
  std::vector<std::string> committed, staged_order;
  unsigned max_staging = 0;

 private:
  SqliteSink inner_;
  std::mutex mutex_;
  unsigned staging_ = 0;
};
static_assert(StagingSink<ScriptedStagingSink>);

const std::vector<std::string> six = {"src/2024-01-01/20240101_000000.json", "src/2024-01-01/20240101_010000.json",
                                      "src/2024-01-02/20240102_000000.json", "src/2024-01-02/20240102_010000.json",
                                      "src/2024-01-03/20240103_000000.json", "src/2024-01-03/20240103_010000.json"};

void put_six(BackfillBench& bench) {
  for (std::size_t i = 0; i < six.size(); ++i)
    bench.put(six[i], items_doc({fmt::format("i{}a", i), fmt::format("i{}b", i)}));
}

/// One file per batch, formed in name order (one worker), up to three staged at once.
BackfillOptions one_file_batches() {
  BackfillOptions o = options_for(jan1, jan3);
  o.max_workers = 1;
  o.batch_files = 1;
  o.max_loads = 3;
  return o;
}

RunSummary run_scripted(BackfillBench& bench, ScriptedStagingSink& sink, BackfillOptions options, Reporter& reporter) {
  TestProcessor processor;
  Backfill<TestProcessor, ObservedSource, ScriptedStagingSink> backfill(processor, bench.source(), sink, std::move(options),
                                                                        reporter);
  return backfill.run();
}

}  // namespace

TEST_CASE("pipeline: staging loads that finish out of order still commit in the order the batches were formed",
          "[backfill][pipeline]") {
  BackfillBench bench;
  put_six(bench);
  ScriptedStagingSink sink(bench.database());
  sink.slow[six[0]] = std::chrono::milliseconds(300);  // the first batch stages last
  RecordingReporter reporter;
  RunSummary summary = run_scripted(bench, sink, one_file_batches(), reporter);
  CHECK(summary.exit_code() == 0);
  CHECK(summary.load_batches == 6);
  CHECK(sink.staged_order.front() != six[0]);  // later batches were staged meanwhile
  CHECK(sink.committed == six);
  CHECK(sink.max_staging >= 2);
  CHECK(sink.max_staging <= 3);  // max_loads
  CHECK(bench.table().size() == 12);
}

TEST_CASE("pipeline: a batch whose staging fails fails exactly its files, and the batches after it still commit in order",
          "[backfill][pipeline]") {
  BackfillBench bench;
  put_six(bench);
  ScriptedStagingSink sink(bench.database());
  sink.slow[six[1]] = std::chrono::milliseconds(200);
  sink.failing.insert(six[1]);
  RecordingReporter reporter;
  RunSummary summary = run_scripted(bench, sink, one_file_batches(), reporter);
  CHECK(summary.exit_code() == 1);
  CHECK(reporter.result(six[1]).status == FileStatus::error);
  CHECK(reporter.result(six[1]).reason.find("load failed: staging failed for " + six[1]) != std::string::npos);
  for (std::size_t i : {0, 2, 3, 4, 5}) CHECK(reporter.result(six[i]).status == FileStatus::success);
  CHECK(sink.committed == std::vector<std::string>{six[0], six[2], six[3], six[4], six[5]});
  const Ledger ledger = bench.ledger();
  CHECK(ledger.size() == 5);
  CHECK_FALSE(ledger.contains(six[1]));
  CHECK(bench.table().size() == 10);

  // A re-run loads the failed file only, and the table is what one clean run gives.
  sink.failing.clear();
  RecordingReporter again;
  CHECK(run_scripted(bench, sink, one_file_batches(), again).exit_code() == 0);
  CHECK(again.result(six[1]).status == FileStatus::success);
  CHECK(bench.table().size() == 12);
}

TEST_CASE("pipeline: batches end at --batch-rows rows, with the file count only a cap", "[backfill][pipeline]") {
  BackfillBench bench;
  put_six(bench);  // two rows per file
  RecordingReporter reporter;
  BackfillOptions options = options_for(jan1, jan3);
  options.batch_rows = 4;
  CHECK(bench.run(options, reporter).load_batches == 3);
  options.reprocess = true;
  options.batch_rows = 1'000;
  options.batch_files = 5;
  CHECK(bench.run(options, reporter).load_batches == 2);
  options.batch_files = 10'000;
  CHECK(bench.run(options, reporter).load_batches == 1);
  CHECK(bench.table().size() == 12);
}
