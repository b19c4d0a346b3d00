// A processor whose files feed two tables: both are written by one load per batch, counted per table, and a
// failure in either leaves neither.
#include <nbaraw/backfill.hpp>
#include <nbaraw/log/report.hpp>

#include "backfill_support.hpp"
#include "noted_items.hpp"
#include "sink_harness.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace nbaraw;
using namespace nbaraw::test;

namespace {


struct Bench {
  BackfillBench files;
  TempDir folder;
  std::string database() const { return (folder.path() / "out.db").string(); }

  RunSummary run(BackfillOptions options, Reporter& reporter) {
    SqliteSink sink(database());
    const NotedItems processor;
    Backfill<NotedItems, ObservedSource, SqliteSink> backfill(processor, files.source(), sink, std::move(options), reporter);
    return backfill.run();
  }
  /// "<item_id> <value or note>" per row of a table, sorted.
  std::vector<std::string> rows(const std::string& table, const std::string& column) const {
    std::vector<std::string> out;
    for (const SqlRow& row : sql_query(database(), "SELECT item_id, " + column + " FROM " + table))
      out.push_back(std::string(row.at(0).as_string()) + " " +
                    (row.at(1).is_string() ? std::string(row.at(1).as_string()) : std::to_string(row.at(1).as_int64())));
    std::sort(out.begin(), out.end());
    return out;
  }
  std::vector<std::string> items() const { return rows("test_items", "value"); }
  std::vector<std::string> notes() const { return rows("test_item_notes", "note"); }
};

}  // namespace

TEST_CASE("a backfill writes each file's rows into every table of its processor and counts them per table",
          "[io][backfill][tables]") {
  Bench bench;
  bench.files.put("src/2024-01-01/20240101_000000.json", items_doc({"a", "b"}));
  bench.files.put("src/2024-01-02/20240102_000000.json", R"({"items":[{"id":"c","value":1}],"notes_only":["z"]})");
  RecordingReporter reporter;
  const RunSummary summary = bench.run(options_for(jan1, jan2), reporter);
  REQUIRE(summary.exit_code() == 0);
  CHECK(bench.items() == std::vector<std::string>{"a 1", "b 2", "c 1"});
  CHECK(bench.notes() == std::vector<std::string>{"a note a", "b note b", "c note c", "z only"});
  CHECK(summary.rows == 7);
  CHECK(summary.rows_by_table == std::map<std::string, std::uint64_t>{{"nba_raw.test_item_notes", 4}, {"nba_raw.test_items", 3}});
  CHECK(summary.load_batches == 1);
  RunReport report;
  report.summary = summary;
  CHECK(report_json(report).at("rows_by_table").as_object() ==
        boost::json::object{{"nba_raw.test_item_notes", 4}, {"nba_raw.test_items", 3}});

  // Both ledgers know both files; the next run skips them.
  SqliteSink sink(bench.database(), SqliteSink::Mode::read_only);
  const NotedItems processor;
  const ExtraTable& notes = processor.info().extra_tables.front();
  const Ledger notes_ledger = sink.ledger({notes.table, notes.strategy, "v1"});
  CHECK(notes_ledger.at("src/2024-01-02/20240102_000000.json").rows == 2);
  RecordingReporter again;
  const RunSummary second = bench.run(options_for(jan1, jan2), again);
  CHECK(second.count(FileStatus::skipped) == 2);
  CHECK(bench.notes().size() == 4);
}

TEST_CASE("a file with rows only in an extra table is a success", "[io][backfill][tables]") {
  Bench bench;
  bench.files.put("src/2024-01-01/20240101_000000.json", R"({"items":[],"notes_only":["z"]})");
  RecordingReporter reporter;
  const RunSummary summary = bench.run(options_for(jan1, jan1), reporter);
  CHECK(reporter.statuses() == std::vector<std::string>{"src/2024-01-01/20240101_000000.json: success"});
  CHECK(summary.rows_by_table.at("nba_raw.test_item_notes") == 1);
  CHECK(summary.rows_by_table.at("nba_raw.test_items") == 0);
}

TEST_CASE("a bad row of an extra table rejects its file, naming the table", "[io][backfill][tables]") {
  Bench bench;
  bench.files.put("src/2024-01-01/20240101_000000.json", items_doc({"a", "bad-note"}));
  bench.files.put("src/2024-01-02/20240102_000000.json", R"({"items":[{"id":"c","value":1}],"stray":true})");
  RecordingReporter reporter;
  const RunSummary summary = bench.run(options_for(jan1, jan2), reporter);
  CHECK(reporter.statuses() == std::vector<std::string>{"src/2024-01-01/20240101_000000.json: validation_failed",
                                                        "src/2024-01-02/20240102_000000.json: error"});
  REQUIRE(summary.failures.size() == 2);  // in the order the workers finished
  CHECK_THAT(reporter.result("src/2024-01-01/20240101_000000.json").reason,
             Catch::Contains("test_item_notes row 1: ") && Catch::Contains("note"));
  CHECK_THAT(reporter.result("src/2024-01-02/20240102_000000.json").reason, Catch::Contains("nowhere"));
  CHECK(summary.rows == 0);
}

TEST_CASE("when the extra table cannot be written, the batch's files fail and the main table is untouched",
          "[io][backfill][tables]") {
  Bench bench;
  bench.files.put("src/2024-01-01/20240101_000000.json", items_doc({"a"}));
  RecordingReporter first;
  REQUIRE(bench.run(options_for(jan1, jan1), first).exit_code() == 0);

  bench.files.put("src/2024-01-02/20240102_000000.json", items_doc({"b"}));
  break_sqlite_table(bench.database(), "test_item_notes", true);
  RecordingReporter failing;
  const RunSummary failed = bench.run(options_for(jan1, jan2), failing);
  CHECK(failed.count(FileStatus::error) == 1);
  CHECK(bench.items() == std::vector<std::string>{"a 1"});
  CHECK(bench.notes() == std::vector<std::string>{"a note a"});

  break_sqlite_table(bench.database(), "test_item_notes", false);
  RecordingReporter again;
  const RunSummary fixed = bench.run(options_for(jan1, jan2), again);
  CHECK(fixed.count(FileStatus::success) == 1);
  CHECK(fixed.count(FileStatus::skipped) == 1);
  CHECK(bench.items() == std::vector<std::string>{"a 1", "b 1"});
  CHECK(bench.notes() == std::vector<std::string>{"a note a", "b note b"});
}
