#pragma once
// Backfill test fixtures: a reporter that records, a source that observes reads, and a bench that lays
// files into a bucket folder and runs Backfill<TestProcessor, ObservedSource, SqliteSink> against it.
#include "sqlite_query.hpp"
#include "support/object_names.hpp"
#include "support/temp_dir.hpp"
#include "test_processor.hpp"

#include <nbaraw/backfill.hpp>
#include <nbaraw/sinks/sqlite_sink.hpp>
#include <nbaraw/sources/local_source.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <functional>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nbaraw::test {

/// The days most backfill tests plan over.
inline constexpr Date jan1{2024, 1, 1}, jan2{2024, 1, 2}, jan3{2024, 1, 3};

/// Keeps every event of a run.
class RecordingReporter : public Reporter {
 public:
  void planned(std::size_t to_process, std::size_t already_loaded) override {
    planned_to_process = to_process;
    planned_already_loaded = already_loaded;
  }
  void would_process(const ObjectInfo& object, bool would_run) override {
    would.push_back(object.name + (would_run ? ": would run" : ": would skip"));
  }
  void file_done(const FileResult& result, const std::vector<std::string>& file_remarks) override {
    done.push_back(result);
    remarks[result.object.name] = file_remarks;
  }

  /// The one result reported for this object.
  const FileResult& result(std::string_view name) const {
    INFO(name);
    REQUIRE(std::count_if(done.begin(), done.end(), [&](const FileResult& r) { return r.object.name == name; }) == 1);
    return *std::find_if(done.begin(), done.end(), [&](const FileResult& r) { return r.object.name == name; });
  }

  /// "<name>: <status>" for every file_done, sorted.
  std::vector<std::string> statuses() const {
    std::vector<std::string> out;
    for (const auto& r : done) out.push_back(r.object.name + ": " + std::string(to_string(r.status)));
    std::sort(out.begin(), out.end());
    return out;
  }

  void listing_failed(const ListingFailure& failure) override { failed_listings.push_back(failure.prefix + ": " + failure.reason); }
  void entry_refused(const RefusedEntry& entry) override { refused.push_back(entry.name + ": " + entry.reason); }

  std::size_t planned_to_process = 0, planned_already_loaded = 0;
  std::vector<std::string> failed_listings;  ///< "<prefix>: <reason>"
  std::vector<std::string> refused;          ///< "<entry>: <reason>"
  std::vector<FileResult> done;
  std::map<std::string, std::vector<std::string>> remarks;
  std::vector<std::string> would;  ///< "<name>: would run" or "<name>: would skip", in call order
};

/// A LocalSource that counts reads and can act on an object just before it is read.
class ObservedSource {
 public:
  explicit ObservedSource(const std::filesystem::path& root) : inner_(root) {}
  Listing list(std::string_view prefix) {
    if (before_list) before_list(prefix);
    return inner_.list(prefix);
  }
  std::string read(const ObjectInfo& object, const ReadLimits& limits) {
    ++reads_;
    if (before_read) before_read(object);
    return inner_.read(object, limits);
  }
  std::string describe() const { return inner_.describe(); }
  std::size_t reads() const { return reads_.load(); }

  /// Called from the backfill's worker threads.
  std::function<void(const ObjectInfo&)> before_read;
  /// Called from the backfill's listing threads; may throw to fail that prefix's listing.
  std::function<void(std::string_view prefix)> before_list;

 private:
  LocalSource inner_;
  std::atomic<std::size_t> reads_{0};
};

/// {"items":[{"id":"<id>","value":<position from 1>}, ...]}
inline std::string items_doc(std::initializer_list<std::string_view> ids) {
  std::string out = R"({"items":[)";
  int value = 0;
  for (std::string_view id : ids) {
    ++value;
    out += fmt::format(R"({}{{"id":"{}","value":{}}})", value > 1 ? "," : "", id, value);
  }
  return out + "]}";
}

inline BackfillOptions options_for(Date first, Date last) {
  BackfillOptions options;
  options.dates = dates_between(first, last);
  options.progress_every = 0;
  return options;
}

class BackfillBench {
 public:
  BackfillBench() : source_(bucket_.path()) {}

  void put(std::string_view name, std::string_view bytes, bool gzipped = false) { bucket_.write(name, bytes, gzipped); }
  std::filesystem::path path_of(std::string_view name) const { return bucket_ / name; }
  ObservedSource& source() { return source_; }
  std::string database() const { return (out_ / "out.db").string(); }

  /// One run, with its own sink, as one invocation of a driver would do it.
  RunSummary run(BackfillOptions options, Reporter& reporter, const TestProcessor& processor = TestProcessor(),
                 SqliteSink::Mode mode = SqliteSink::Mode::read_write) {
    SqliteSink sink(database(), mode);
    Backfill<TestProcessor, ObservedSource, SqliteSink> backfill(processor, source_, sink, std::move(options),
                                                                 reporter);
    return backfill.run();
  }

  BackfillPlan plan(BackfillOptions options, const TestProcessor& processor = TestProcessor()) {
    SqliteSink sink(database(), SqliteSink::Mode::read_only);
    Reporter quiet;
    Backfill<TestProcessor, ObservedSource, SqliteSink> backfill(processor, source_, sink, std::move(options), quiet);
    return backfill.plan();
  }

  /// "<source_file_path> <item_id> <value>" per table row, sorted.
  std::vector<std::string> table() const {
    std::vector<std::string> out;
    for (const SqlRow& row : sql_query(database(), "SELECT source_file_path, item_id, value FROM test_items"))
      out.push_back(fmt::format("{} {} {}", std::string_view(row.at(0).as_string()),
                                std::string_view(row.at(1).as_string()), row.at(2).as_int64()));
    std::sort(out.begin(), out.end());
    return out;
  }

  Ledger ledger(const TestProcessor& processor = TestProcessor()) {
    SqliteSink sink(database(), SqliteSink::Mode::read_only);
    const ProcessorInfo& info = processor.info();
    return sink.ledger({info.table, info.strategy, info.version});
  }

 private:
  TempDir bucket_, out_;
  ObservedSource source_;
};

}  // namespace nbaraw::test
