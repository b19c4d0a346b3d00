#pragma once
// How a backfill tells the outside world what happens, without knowing about terminals or log formats.
#include <nbaraw/core/file_status.hpp>
#include <nbaraw/core/listing.hpp>
#include <nbaraw/core/run_summary.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace nbaraw {

/// Receives a run's events. Called from the backfill's coordinating thread only, never concurrently.
class Reporter {
 public:
  virtual ~Reporter() = default;
  /// After planning: files to process, and files skipped because they are loaded already.
  virtual void planned(std::size_t /*to_process*/, std::size_t /*already_loaded*/) {}
  /// Before planned(), when the run is one task of several: its share of the plan (files_in_shard of
  /// files_in_plan, before the ledger and --limit).
  virtual void sharded(const Shard& /*shard*/, std::size_t /*files_in_shard*/, std::size_t /*files_in_plan*/) {}
  /// Dry run, before planning: how the processor's files are laid out, and the folders the plan lists.
  virtual void would_list(const ListingShape& /*shape*/, const std::vector<ListingFolder>& /*folders*/) {}
  /// Dry run: one line per planned file (would_run false = would be skipped as already loaded).
  virtual void would_process(const ObjectInfo& /*object*/, bool /*would_run*/) {}
  /// Every file once, with its final status, and the processor's remarks on it.
  virtual void file_done(const FileResult& /*result*/, const std::vector<std::string>& /*remarks*/) {}
  /// Every few files, and at the end.
  virtual void progress(const RunSummary& /*so_far*/, std::size_t /*planned_total*/) {}
  virtual void warning(std::string_view /*message*/) {}
  /// While planning: a prefix that could not be listed even after retries (the run goes on without it).
  virtual void listing_failed(const ListingFailure& /*failure*/) {}
  /// While planning: an entry the source would not list, with why.
  virtual void entry_refused(const RefusedEntry& /*entry*/) {}
};

}  // namespace nbaraw
