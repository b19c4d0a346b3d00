// The backfill against hostile input: decompression bombs and oversized files, a file swapped for a FIFO, a
// read past its deadline, a day whose listing fails, and entries the source refuses. Each costs its own file
// or day, with the reason; every other file loads; the exit code tells.
#include <nbaraw/backfill.hpp>

#include "backfill_support.hpp"

#include <nbaraw/detail/gzip.hpp>

#include <catch2/catch.hpp>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <stdexcept>
#include <string>
#include <vector>

using namespace nbaraw;
using namespace nbaraw::test;

namespace {


/// Runs the bench on another thread and fails the test (instead of hanging it) past the time limit.
RunSummary run_within(BackfillBench& bench, BackfillOptions options, RecordingReporter& reporter,
                      std::chrono::seconds limit = std::chrono::seconds(60)) {
  auto run = std::async(std::launch::async, [&] { return bench.run(std::move(options), reporter); });
  REQUIRE(run.wait_for(limit) == std::future_status::ready);
  return run.get();
}

}  // namespace

TEST_CASE("a bomb, an oversized file and a FIFO each fail alone with the reason, and the good files load",
          "[io][backfill][limits]") {
  BackfillBench bench;
  const std::string d = "src/2024-01-01/";
  bench.put(d + "good.json", items_doc({"a", "b"}));
  bench.put(d + "also_good.json.gz", items_doc({"c"}), true);
  bench.put(d + "bomb.json.gz", nbaraw::gzip(std::string(std::size_t(16) << 20, ' ')));  // 16 MiB of spaces, ~16 KiB stored: 1000x, under the 2 MiB limit at 100x
  bench.put(d + "huge.json", items_doc({"h"}) + std::string(3u << 20, ' '));             // over a 2 MiB limit
  bench.put(d + "piped.json", items_doc({"p"}));
  // Between listing and reading, piped.json becomes a FIFO with no writer.
  bench.source().before_read = [&](const ObjectInfo& object) {
    if (object.name.ends_with("piped.json")) {
      std::filesystem::remove(bench.path_of(object.name));
      REQUIRE(::mkfifo(bench.path_of(object.name).c_str(), 0600) == 0);
    }
  };
  BackfillOptions options = options_for(jan1, jan1);
  options.read_limits.max_bytes = std::uint64_t(2) << 20;
  RecordingReporter reporter;
  const RunSummary summary = run_within(bench, options, reporter);

  CHECK(reporter.result(d + "good.json").status == FileStatus::success);
  CHECK(reporter.result(d + "also_good.json.gz").status == FileStatus::success);
  const FileResult& bomb = reporter.result(d + "bomb.json.gz");
  CHECK(bomb.status == FileStatus::error);
  CHECK_THAT(bomb.reason, Catch::Contains("decompression bomb"));
  const FileResult& huge = reporter.result(d + "huge.json");
  CHECK(huge.status == FileStatus::error);
  CHECK_THAT(huge.reason, Catch::Contains("over the 2.0 MiB limit (--max-file-bytes)"));
  const FileResult& piped = reporter.result(d + "piped.json");
  CHECK(piped.status == FileStatus::error);
  CHECK_THAT(piped.reason, Catch::Contains("a FIFO, not a regular file"));
  CHECK(bench.table() == std::vector<std::string>{d + "also_good.json.gz c 1", d + "good.json a 1", d + "good.json b 2"});
  CHECK(summary.count(FileStatus::error) == 3);
  CHECK(summary.exit_code() == 1);
  // The failed files are not in the ledger: the next run (with a larger limit) tries them again.
  CHECK(bench.ledger().size() == 2);
}

TEST_CASE("a read that runs past --read-timeout fails that file only", "[io][backfill][limits]") {
  BackfillBench bench;
  bench.put("src/2024-01-01/slow.json", items_doc({"s"}));
  bench.put("src/2024-01-01/quick.json", items_doc({"q"}));
  bench.source().before_read = [](const ObjectInfo& object) {
    if (object.name.ends_with("slow.json")) std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  };
  BackfillOptions options = options_for(jan1, jan1);
  options.read_timeout = std::chrono::milliseconds(500);
  RecordingReporter reporter;
  const RunSummary summary = run_within(bench, options, reporter);
  CHECK(reporter.result("src/2024-01-01/quick.json").status == FileStatus::success);
  const FileResult& slow = reporter.result("src/2024-01-01/slow.json");
  CHECK(slow.status == FileStatus::error);
  CHECK_THAT(slow.reason, Catch::Contains("read timed out") && Catch::Contains("--read-timeout"));
  CHECK(summary.exit_code() == 1);
}

TEST_CASE("a day whose listing fails is reported failed, every other day loads, and a re-run picks it up",
          "[io][backfill][listing]") {
  BackfillBench bench;
  for (const char* day : {"2024-01-01", "2024-01-02", "2024-01-03"})
    bench.put(fmt::format("src/{}/f.json", day), items_doc({day}));
  bool listing_broken = true;
  bench.source().before_list = [&](std::string_view prefix) {
    if (listing_broken && prefix == "src/2024-01-02/") throw std::runtime_error("connection reset by peer (gave up after 12 attempts)");
  };
  RecordingReporter reporter;
  const RunSummary summary = bench.run(options_for(jan1, jan3), reporter);
  CHECK(reporter.failed_listings ==
        std::vector<std::string>{"src/2024-01-02/: connection reset by peer (gave up after 12 attempts)"});
  REQUIRE(summary.failed_listings.size() == 1);
  CHECK(summary.failed_listings[0].prefix == "src/2024-01-02/");
  CHECK(summary.count(FileStatus::success) == 2);
  CHECK(summary.failed_files() == 0);
  CHECK(summary.exit_code() == 1);  // the day's files are unknown: not a clean run
  CHECK(bench.table() == std::vector<std::string>{"src/2024-01-01/f.json 2024-01-01 1", "src/2024-01-03/f.json 2024-01-03 1"});

  listing_broken = false;
  RecordingReporter again;
  const RunSummary rerun = bench.run(options_for(jan1, jan3), again);
  CHECK(rerun.failed_listings.empty());
  CHECK(rerun.count(FileStatus::success) == 1);
  CHECK(rerun.count(FileStatus::skipped) == 2);
  CHECK(rerun.exit_code() == 0);
}

TEST_CASE("a failed day is reported by the one task its date folder belongs to", "[io][backfill][listing][shard]") {
  BackfillBench bench;
  bench.put("src/2024-01-01/f.json", items_doc({"a"}));
  bench.source().before_list = [](std::string_view prefix) {
    if (prefix == "src/2024-01-02/") throw std::runtime_error("503 after every retry");
  };
  std::size_t reported = 0;
  for (std::size_t task = 0; task < 3; ++task) {
    BackfillOptions options = options_for(jan1, jan3);
    options.shard = Shard(task, 3);
    const BackfillPlan plan = bench.plan(options);
    reported += plan.failed_listings.size();
    CHECK((plan.failed_listings.size() == 1) == (shard_of("src/2024-01-02/x.json", 3) == task));
  }
  CHECK(reported == 1);
}

TEST_CASE("when no day can be listed at all, the run fails before loading with the reason", "[io][backfill][listing]") {
  BackfillBench bench;
  bench.put("src/2024-01-01/f.json", items_doc({"a"}));
  bench.source().before_list = [](std::string_view) { throw std::runtime_error("403: the caller has no storage.objects.list"); };
  RecordingReporter reporter;
  CHECK_THROWS_WITH(bench.run(options_for(jan1, jan3), reporter), Catch::Contains("storage.objects.list"));
}

TEST_CASE("entries the source refuses are each a warning with the reason, counted in the summary",
          "[io][backfill][listing]") {
  BackfillBench bench;
  TempDir outside;
  outside.write("f.json", items_doc({"outside"}));
  bench.put("src/2024-01-01/f.json", items_doc({"a"}));
  std::filesystem::create_directories(bench.path_of("src"));
  std::filesystem::create_directory_symlink(outside.path(), bench.path_of("src/2024-01-02"));
  REQUIRE(::mkfifo(bench.path_of("src/2024-01-01/pipe.json").c_str(), 0600) == 0);
  RecordingReporter reporter;
  const RunSummary summary = bench.run(options_for(jan1, jan3), reporter);
  REQUIRE(reporter.refused.size() == 2);
  CHECK_THAT(reporter.refused[0], Catch::StartsWith("src/2024-01-01/pipe.json: a FIFO"));
  CHECK_THAT(reporter.refused[1], Catch::StartsWith("src/2024-01-02/: a symbolic link") && Catch::Contains("not followed"));
  CHECK(summary.refused_entries == 2);
  CHECK(summary.count(FileStatus::success) == 1);
  CHECK(bench.table() == std::vector<std::string>{"src/2024-01-01/f.json a 1"});
}
