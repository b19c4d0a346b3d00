#pragma once
// Log lines (readable text or one JSON object per line), a live progress line on a terminal, and the
// final summary. Never given secrets: it prints object names, statuses, reasons and counts.
#include <nbaraw/cli/options.hpp>
#include <nbaraw/config.hpp>
#include <nbaraw/core/reporter.hpp>
#include <nbaraw/core/shard.hpp>

#include <boost/json/object.hpp>

#include <chrono>
#include <iosfwd>
#include <mutex>
#include <string>
#include <string_view>

namespace nbaraw {

/// Who is running: the labels of every JSON log line, and the head of the summary and the report.
struct RunIdentity {
  RunIdentity() = default;

  std::string job;           ///< the driver, e.g. "bdl_injuries_backfill"
  std::string processor;     ///< e.g. "bdl_injuries"
  std::string run_id;        ///< unique per run (new_run_id())
  Shard shard;               ///< this task's share of the plan
  std::string shard_origin;  ///< where the shard came from ("--shard", "CLOUD_RUN_TASK_INDEX/CLOUD_RUN_TASK_COUNT", ...)
  std::size_t attempt = 0;   ///< CLOUD_RUN_TASK_ATTEMPT: >0 is a retry of this task
  std::string execution;     ///< CLOUD_RUN_EXECUTION, when set

  /// Cloud Logging's `logging.googleapis.com/labels` (string values): job, processor, run_id, and task,
  /// task_count when sharded, attempt when a retry, execution when known.
  NBARAW_DECL boost::json::object labels() const;
};

/// "20250715T143022Z-3f9a1c2e": the UTC start time and 32 random bits, unique per run, sortable by time.
NBARAW_DECL std::string new_run_id();

class Logger : public Reporter {
 public:
  enum class Severity { DEBUG, INFO, NOTICE, WARNING, ERROR };

  /// live_progress: redraw one progress line in place (for a terminal; text format only).
  NBARAW_DECL Logger(cli::LogFormat format, std::ostream& out, bool live_progress);

  /// Labels every later JSON line, and heads the summary.
  NBARAW_DECL void set_identity(RunIdentity identity);
  const RunIdentity& identity() const { return identity_; }
  cli::LogFormat format() const { return format_; }

  NBARAW_DECL void log(Severity severity, std::string_view message, const boost::json::object& fields = {});

  NBARAW_DECL void sharded(const Shard& shard, std::size_t files_in_shard, std::size_t files_in_plan) override;
  NBARAW_DECL void planned(std::size_t to_process, std::size_t already_loaded) override;
  NBARAW_DECL void would_list(const ListingShape& shape, const std::vector<ListingFolder>& folders) override;
  NBARAW_DECL void would_process(const ObjectInfo& object, bool would_run) override;
  NBARAW_DECL void file_done(const FileResult& result, const std::vector<std::string>& remarks) override;
  NBARAW_DECL void progress(const RunSummary& so_far, std::size_t planned_total) override;
  NBARAW_DECL void warning(std::string_view message) override;
  NBARAW_DECL void listing_failed(const ListingFailure& failure) override;
  NBARAW_DECL void entry_refused(const RefusedEntry& entry) override;

  /// The final summary: files by status, rows, bytes, seconds, files/s, quality, failed files.
  NBARAW_DECL void summary(const RunSummary& summary, std::ostream& out);

 private:
  void clear_live_line();
  cli::LogFormat format_;
  std::ostream& out_;
  bool live_;
  bool live_line_shown_ = false;
  RunIdentity identity_;
  boost::json::object labels_;
  std::mutex mutex_;
};

}  // namespace nbaraw

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/logger.ipp>
#endif
