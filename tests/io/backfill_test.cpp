// Backfill over a local bucket into SQLite: planning, --limit, resume, re-runs, dry runs, concurrency.
#include <nbaraw/backfill.hpp>

#include "backfill_support.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

using namespace nbaraw;
using namespace nbaraw::test;

namespace {
}  // namespace

TEST_CASE("a backfill plans the matching files of the range's date folders only", "[io][backfill]") {
  BackfillBench bench;
  bench.put("src/2023-12-31/20231231_000000.json", items_doc({"a"}));
  bench.put("src/2024-01-01/20240101_000000.json", items_doc({"a"}));
  bench.put("src/2024-01-02/g1/20240102_000000.json", items_doc({"a"}));
  bench.put("src/2024-01-02/g2/20240102_000000.json.gz", items_doc({"a"}), true);
  bench.put("src/2024-01-02/notes.txt", "not a data file");
  bench.put("src/2024-01-03/20240103_000000.json", items_doc({"a"}));
  bench.put("other/2024-01-02/20240102_000000.json", items_doc({"a"}));

  const BackfillPlan plan = bench.plan(options_for(jan1, jan2));
  CHECK(names_of(plan.to_process) == std::vector<std::string>{"src/2024-01-01/20240101_000000.json",
                                                              "src/2024-01-02/g1/20240102_000000.json",
                                                              "src/2024-01-02/g2/20240102_000000.json.gz"});
  CHECK(plan.already_loaded.empty());
}

TEST_CASE("the limit caps the files a run processes, and the next run goes on from there", "[io][backfill]") {
  BackfillBench bench;
  for (std::string_view id : {"a", "b", "c", "d", "e"})
    bench.put(fmt::format("src/2024-01-01/{}.json", id), items_doc({id}));
  BackfillOptions options = options_for(jan1, jan1);
  options.limit = 2;

  RecordingReporter first;
  const RunSummary first_summary = bench.run(options, first);
  CHECK(first.statuses() ==
        std::vector<std::string>{"src/2024-01-01/a.json: success", "src/2024-01-01/b.json: success"});
  CHECK(first_summary.files() == 2);
  CHECK(bench.table() == std::vector<std::string>{"src/2024-01-01/a.json a 1", "src/2024-01-01/b.json b 1"});

  RecordingReporter second;
  const RunSummary second_summary = bench.run(options, second);
  CHECK(second.statuses() ==
        std::vector<std::string>{"src/2024-01-01/a.json: skipped", "src/2024-01-01/b.json: skipped",
                                 "src/2024-01-01/c.json: success", "src/2024-01-01/d.json: success"});
  CHECK(second_summary.count(FileStatus::success) == 2);
  CHECK(bench.table().size() == 4);
}

TEST_CASE("a second run skips every loaded file and changes nothing", "[io][backfill][resume]") {
  BackfillBench bench;
  bench.put("src/2024-01-01/a.json", items_doc({"a1", "a2"}));
  bench.put("src/2024-01-02/b.json", items_doc({"b1"}));
  bench.put("src/2024-01-02/c.json", items_doc({}));
  RecordingReporter first;
  REQUIRE(bench.run(options_for(jan1, jan2), first).exit_code() == 0);
  const auto table = bench.table();
  REQUIRE(table.size() == 3);
  const std::size_t reads = bench.source().reads();

  RecordingReporter second;
  const RunSummary summary = bench.run(options_for(jan1, jan2), second);
  CHECK(second.statuses() == std::vector<std::string>{"src/2024-01-01/a.json: skipped",
                                                      "src/2024-01-02/b.json: skipped",
                                                      "src/2024-01-02/c.json: skipped"});
  CHECK(second.planned_to_process == 0);
  CHECK(second.planned_already_loaded == 3);
  CHECK(summary.count(FileStatus::skipped) == 3);
  CHECK(summary.rows == 0);
  CHECK(summary.load_batches == 0);
  CHECK(bench.source().reads() == reads);
  CHECK(bench.table() == table);
}

TEST_CASE("a rewritten file is processed again on the next run and its rows replaced", "[io][backfill][resume]") {
  BackfillBench bench;
  bench.put("src/2024-01-01/a.json", items_doc({"old1", "old2"}));
  bench.put("src/2024-01-01/b.json", items_doc({"b"}));
  RecordingReporter first;
  bench.run(options_for(jan1, jan1), first);
  REQUIRE(bench.table().size() == 3);

  bench.put("src/2024-01-01/a.json", items_doc({"new"}));
  RecordingReporter second;
  bench.run(options_for(jan1, jan1), second);
  CHECK(second.statuses() ==
        std::vector<std::string>{"src/2024-01-01/a.json: success", "src/2024-01-01/b.json: skipped"});
  CHECK(second.result("src/2024-01-01/a.json").rows == 1);
  CHECK(bench.table() == std::vector<std::string>{"src/2024-01-01/a.json new 1", "src/2024-01-01/b.json b 1"});
}

TEST_CASE("a run re-processes loaded files when asked to or when the processor version changed",
          "[io][backfill][resume]") {
  BackfillBench bench;
  bench.put("src/2024-01-01/a.json", items_doc({"a1", "a2"}));
  bench.put("src/2024-01-02/b.json", items_doc({"b1"}));
  RecordingReporter first;
  bench.run(options_for(jan1, jan2), first);
  const auto table = bench.table();
  REQUIRE(table.size() == 3);

  struct Rerun {
    std::string why;
    bool reprocess;
    std::string version;
  };
  const Rerun rerun = GENERATE(Rerun{"--reprocess", true, "v1"}, Rerun{"new processor version", false, "v2"});
  INFO(rerun.why);
  BackfillOptions options = options_for(jan1, jan2);
  options.reprocess = rerun.reprocess;
  const TestProcessor processor(rerun.version);
  RecordingReporter second;
  const RunSummary summary = bench.run(options, second, processor);

  CHECK(second.statuses() ==
        std::vector<std::string>{"src/2024-01-01/a.json: success", "src/2024-01-02/b.json: success"});
  CHECK(summary.rows == 3);
  CHECK(bench.table() == table);
  const Ledger ledger = bench.ledger(processor);
  REQUIRE(ledger.size() == 2);
  for (const auto& [name, entry] : ledger) CHECK(entry.processor_version == rerun.version);
}

TEST_CASE("a dry run reports what it would do and reads and writes nothing", "[io][backfill][dry_run]") {
  BackfillBench bench;
  bench.put("src/2024-01-01/a.json", items_doc({"a"}));
  bench.put("src/2024-01-02/b.json", items_doc({"b"}));
  BackfillOptions dry = options_for(jan1, jan2);
  dry.dry_run = true;

  RecordingReporter before;
  const RunSummary summary = bench.run(dry, before, TestProcessor(), SqliteSink::Mode::read_only);
  CHECK(summary.dry_run);
  CHECK_FALSE(std::filesystem::exists(bench.database()));
  CHECK(before.done.empty());
  CHECK(before.would ==
        std::vector<std::string>{"src/2024-01-01/a.json: would run", "src/2024-01-02/b.json: would run"});
  CHECK(bench.source().reads() == 0);

  RecordingReporter real;
  bench.run(options_for(jan1, jan2), real);
  const auto table = bench.table();
  const std::size_t reads = bench.source().reads();
  bench.put("src/2024-01-02/c.json", items_doc({"c"}));

  RecordingReporter after;
  bench.run(dry, after, TestProcessor(), SqliteSink::Mode::read_only);
  auto would = after.would;
  std::sort(would.begin(), would.end());
  CHECK(would == std::vector<std::string>{"src/2024-01-01/a.json: would skip", "src/2024-01-02/b.json: would skip",
                                          "src/2024-01-02/c.json: would run"});
  CHECK(after.done.empty());
  CHECK(bench.source().reads() == reads);
  CHECK(bench.table() == table);
  CHECK(bench.ledger().count("src/2024-01-02/c.json") == 0);
}

TEST_CASE("the loaded rows do not depend on the number of workers or the batch size", "[io][backfill][concurrency]") {
  const unsigned workers = GENERATE(1u, 8u);
  const std::size_t batch_files = GENERATE(std::size_t{1}, std::size_t{100});
  INFO(workers << " workers, " << batch_files << " files per batch");

  BackfillBench bench;
  std::vector<std::string> expected;
  std::size_t with_rows = 0, without_rows = 0;
  for (int i = 0; i < 24; ++i) {
    const std::string name = fmt::format("src/2024-01-0{}/f{:02}.json", 1 + i % 3, i);
    // i % 4 items: a quarter of the files hold none.
    std::string doc = R"({"items":[)";
    for (int k = 1; k <= i % 4; ++k) {
      doc += fmt::format(R"({}{{"id":"i{}-{}","value":{}}})", k > 1 ? "," : "", i, k, k);
      expected.push_back(fmt::format("{} i{}-{} {}", name, i, k, k));
    }
    bench.put(name, doc + "]}");
    ++(i % 4 ? with_rows : without_rows);
  }
  bench.put("src/2024-01-02/broken.json", R"({"items":[)");
  bench.put("src/2024-01-03/no_items.json", R"({"rows":[]})");
  std::sort(expected.begin(), expected.end());

  BackfillOptions options = options_for(jan1, jan3);
  options.max_workers = workers;
  options.batch_files = batch_files;
  RecordingReporter reporter;
  const RunSummary summary = bench.run(options, reporter);

  CHECK(bench.table() == expected);
  CHECK(reporter.done.size() == 26);
  CHECK(summary.count(FileStatus::success) == with_rows);
  CHECK(summary.count(FileStatus::no_data) == without_rows);
  CHECK(summary.failed_files() == 2);
  CHECK(summary.rows == expected.size());
  CHECK(summary.load_batches == (batch_files == 1 ? with_rows + without_rows : 1));
  CHECK(bench.ledger().size() == with_rows + without_rows);
}
