#pragma once
// --report FILE: one JSON document about the run, written atomically when it ends, failed runs included.
//
// It holds the run's identity (run id, job, task and attempt), its times, the exit code, files by status,
// rows per table, bytes, retries, loads, the processor's quality metrics, and one entry (object, status,
// reason) for every failed and every no_data file. Files that loaded (success) or were already loaded
// (skipped) are counted, not listed, so the report, like the run's memory, grows with the failures and not
// with the number of files; at most RunSummary::max_kept_failures entries of each kind are listed, and
// "files.not_listed" counts the rest.
#include <nbaraw/config.hpp>
#include <nbaraw/core/run_summary.hpp>
#include <nbaraw/log/logger.hpp>

#include <boost/json/object.hpp>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

namespace nbaraw {

struct RunReport {
  RunReport() = default;

  RunIdentity identity;
  std::chrono::system_clock::time_point started, ended;
  int exit_code = 0;
  std::string error;                  ///< why the run stopped without a summary (empty when it ran to the end)
  std::optional<RunSummary> summary;  ///< the run's summary, when it got that far
};

/// The report as JSON ("report_version": 1).
NBARAW_DECL boost::json::object report_json(const RunReport& report);

/// Writes the document to `path` atomically: into a temporary file next to it, flushed and synced, then
/// renamed over `path`, so a reader sees the old file or the whole new one. Throws std::runtime_error.
NBARAW_DECL void write_report(const std::filesystem::path& path, const boost::json::object& report);

}  // namespace nbaraw

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/report.ipp>
#endif
