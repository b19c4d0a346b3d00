// Backfill's per-file status taxonomy, with specific reasons, and the run summary and exit code.
#include <nbaraw/backfill.hpp>

#include "backfill_support.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

using namespace nbaraw;
using namespace nbaraw::test;

namespace {


struct FileCase {
  std::string name;
  std::string bytes;
  FileStatus status;
  std::string reason_part;  ///< a piece of the reason that says why
};

std::vector<FileCase> every_kind_of_file() {
  const std::string d = "src/2024-01-01/";
  return {
      {d + "good.json", items_doc({"a", "b"}), FileStatus::success, ""},
      {d + "mixed.json", R"({"items":[{"id":"m","value":1},"oops"]})", FileStatus::success, ""},
      {d + "empty_items.json", R"({"items":[]})", FileStatus::no_data, "no records"},
      {d + "off_day.json", R"({"items":[],"no_rows_reason":"no games that day"})", FileStatus::no_data, "no games that day"},
      {d + "empty.json", "", FileStatus::json_error, "empty"},
      {d + "truncated.json", R"({"items":[{"id":"a","val)", FileStatus::json_error, "truncated"},
      {d + "binary.json", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), FileStatus::json_error, "binary"},
      {d + "top_list.json", R"([{"id":"a","value":1}])", FileStatus::validation_failed, "not an object"},
      {d + "no_items.json", R"({"rows":[{"id":"a"}]})", FileStatus::validation_failed, "\"items\""},
      {d + "all_bad.json", R"({"items":[1,"two",null]})", FileStatus::validation_failed, "all 3 records"},
      {d + "vanished.json", items_doc({"v"}), FileStatus::not_found, "vanished.json"},
      {d + "corrupt.json.gz", "\x1f\x8b this is not deflate data", FileStatus::error, "gzip"},
      {d + "unreadable.json", items_doc({"u"}), FileStatus::error, "disk on fire"},
  };
}

}  // namespace

TEST_CASE("every file ends with the status and reason that say what was wrong with it, good files still load",
          "[io][backfill][status]") {
  BackfillBench bench;
  const auto cases = every_kind_of_file();
  for (const auto& c : cases) bench.put(c.name, c.bytes);
  // Listed, then gone (or unreadable) by the time a worker reads it.
  bench.source().before_read = [&](const ObjectInfo& object) {
    if (object.name.ends_with("vanished.json")) std::filesystem::remove(bench.path_of(object.name));
    if (object.name.ends_with("unreadable.json")) throw std::runtime_error("disk on fire");
  };

  RecordingReporter reporter;
  const RunSummary summary = bench.run(options_for(jan1, jan1), reporter);

  REQUIRE(reporter.done.size() == cases.size());
  for (const auto& c : cases) {
    INFO(c.name);
    const FileResult& result = reporter.result(c.name);
    CHECK(to_string(result.status) == to_string(c.status));
    if (c.status == FileStatus::success)
      CHECK(result.reason.empty());
    else
      CHECK_THAT(result.reason, Catch::Contains(c.reason_part));
  }
  CHECK(reporter.result("src/2024-01-01/good.json").rows == 2);
  CHECK(reporter.result("src/2024-01-01/mixed.json").rows == 1);
  CHECK(reporter.remarks.at("src/2024-01-01/mixed.json") ==
        std::vector<std::string>{"record skipped: item 1 is not an object"});

  CHECK(bench.table() == std::vector<std::string>{"src/2024-01-01/good.json a 1", "src/2024-01-01/good.json b 2",
                                                  "src/2024-01-01/mixed.json m 1"});
  CHECK(summary.count(FileStatus::success) == 2);
  CHECK(summary.count(FileStatus::no_data) == 2);
  CHECK(summary.count(FileStatus::json_error) == 3);
  CHECK(summary.count(FileStatus::validation_failed) == 3);
  CHECK(summary.count(FileStatus::not_found) == 1);
  CHECK(summary.count(FileStatus::error) == 2);
  CHECK(summary.count(FileStatus::skipped) == 0);
  CHECK(summary.rows == 3);
  CHECK(summary.records_skipped == 4);  // "oops" and all_bad's three
  CHECK(summary.failures.size() == 9);
  CHECK(summary.exit_code() == 1);

  // Failed files are not in the ledger, so the next run tries them again.
  const Ledger ledger = bench.ledger();
  CHECK(ledger.size() == 4);
  CHECK(ledger.count("src/2024-01-01/empty_items.json") == 1);
  CHECK(ledger.count("src/2024-01-01/off_day.json") == 1);
}

TEST_CASE("a run whose files all succeed, have no data or are skipped exits with 0", "[io][backfill][status]") {
  BackfillBench bench;
  bench.put("src/2024-01-01/good.json", items_doc({"a"}));
  bench.put("src/2024-01-01/empty_items.json", R"({"items":[]})");

  RecordingReporter first;
  const RunSummary loaded = bench.run(options_for(jan1, jan1), first);
  CHECK(loaded.count(FileStatus::success) == 1);
  CHECK(loaded.count(FileStatus::no_data) == 1);
  CHECK(loaded.failures.empty());
  CHECK(loaded.exit_code() == 0);

  RecordingReporter second;
  const RunSummary resumed = bench.run(options_for(jan1, jan1), second);
  CHECK(resumed.count(FileStatus::skipped) == 2);
  CHECK(resumed.exit_code() == 0);

  bench.put("src/2024-01-01/broken.json", "{");
  RecordingReporter third;
  const RunSummary failed = bench.run(options_for(jan1, jan1), third);
  CHECK(failed.count(FileStatus::skipped) == 2);
  CHECK(failed.count(FileStatus::json_error) == 1);
  CHECK(failed.exit_code() == 1);
}
