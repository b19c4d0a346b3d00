#pragma once
// What a run did: files by status, rows, bytes, time, quality counters, the failed files and why.
#include <nbaraw/core/file_status.hpp>
#include <nbaraw/core/row.hpp>
#include <nbaraw/core/shard.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace nbaraw {

/// A prefix (one day of one source prefix) that could not be listed: its files are unknown, and the run fails.
struct ListingFailure {
  std::string prefix;
  std::string reason;
};

struct RunSummary {
  std::string processor, table, source, sink;  ///< table: the main table (dataset.table)
  bool dry_run = false;
  std::array<std::uint64_t, all_file_statuses.size()> files_by_status{};
  std::uint64_t rows = 0;             ///< rows loaded, every table together
  std::map<std::string, std::uint64_t> rows_by_table;  ///< rows loaded per table (dataset.table), each table listed
  std::uint64_t bytes = 0;            ///< bytes read (decoded)
  std::uint64_t records_skipped = 0;  ///< input records that gave no row
  std::uint64_t load_batches = 0;     ///< sink loads (transactions / load jobs)
  std::uint64_t retries = 0;          ///< source requests repeated (HTTP retries, integrity re-downloads)
  double seconds = 0;
  QualityCounters counters;
  std::vector<std::string> quality;  ///< the processor's interpretation of the counters
  std::vector<FileResult> failures;  ///< failed files with their reasons (the first max_kept_failures)
  std::uint64_t failures_not_kept = 0;
  static constexpr std::size_t max_kept_failures = 10000;
  /// no_data files with their reasons (the first max_kept_failures): what a report lists besides failures.
  /// Other files (success, skipped) are counted only, so memory follows the failures, not the file count.
  std::vector<FileResult> no_data_files;
  std::uint64_t no_data_not_kept = 0;

  /// Days of this task that could not be listed (every other day is processed); each makes the exit code 1.
  std::vector<ListingFailure> failed_listings;
  /// Entries the source would not list (symbolic links, FIFOs, ...): each is a warning, counted here.
  std::uint64_t refused_entries = 0;

  Shard shard;                      ///< this task's share of the plan
  std::uint64_t files_in_plan = 0;  ///< files selected for the whole run, every task's share together
  std::uint64_t files_in_shard = 0; ///< of which this task's share (before the ledger and --limit)

  std::uint64_t count(FileStatus s) const { return files_by_status[std::size_t(s)]; }
  std::uint64_t files() const {
    std::uint64_t n = 0;
    for (auto c : files_by_status) n += c;
    return n;
  }
  std::uint64_t failed_files() const {
    std::uint64_t n = 0;
    for (FileStatus s : all_file_statuses)
      if (is_failure(s)) n += count(s);
    return n;
  }
  double files_per_second() const { return seconds > 0 ? double(files() - count(FileStatus::skipped)) / seconds : 0; }

  /// Counts a finished file (keeping its reason when it failed).
  void record(const FileResult& r) {
    ++files_by_status[std::size_t(r.status)];
    rows += r.rows;
    bytes += r.bytes;
    if (r.status == FileStatus::no_data) {
      if (no_data_files.size() < max_kept_failures)
        no_data_files.push_back(r);
      else
        ++no_data_not_kept;
    }
    if (!is_failure(r.status)) return;
    if (failures.size() < max_kept_failures)
      failures.push_back(r);
    else
      ++failures_not_kept;
  }

  /// 0 when every day was listed and every file succeeded, had no data or was already loaded; 1 otherwise.
  int exit_code() const { return failed_files() == 0 && failed_listings.empty() ? 0 : 1; }
};

}  // namespace nbaraw
