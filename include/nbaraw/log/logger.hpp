#pragma once
// Log lines (readable text or one JSON object per line), a live progress line on a terminal, and the
// final summary. Never given secrets: it prints object names, statuses, reasons and counts.
#include <nbaraw/cli/options.hpp>
#include <nbaraw/config.hpp>
#include <nbaraw/core/reporter.hpp>

#include <boost/json/object.hpp>

#include <chrono>
#include <iosfwd>
#include <mutex>
#include <string_view>

namespace nbaraw {

class Logger : public Reporter {
 public:
  enum class Severity { DEBUG, INFO, NOTICE, WARNING, ERROR };

  /// live_progress: redraw one progress line in place (for a terminal; text format only).
  NBARAW_DECL Logger(cli::LogFormat format, std::ostream& out, bool live_progress);

  NBARAW_DECL void log(Severity severity, std::string_view message, const boost::json::object& fields = {});

  NBARAW_DECL void planned(std::size_t to_process, std::size_t already_loaded) override;
  NBARAW_DECL void would_process(const ObjectInfo& object, bool would_run) override;
  NBARAW_DECL void file_done(const FileResult& result, const std::vector<std::string>& remarks) override;
  NBARAW_DECL void progress(const RunSummary& so_far, std::size_t planned_total) override;
  NBARAW_DECL void warning(std::string_view message) override;

  /// The final summary: files by status, rows, bytes, seconds, files/s, quality, failed files.
  NBARAW_DECL void summary(const RunSummary& summary, std::ostream& out);

 private:
  void clear_live_line();
  cli::LogFormat format_;
  std::ostream& out_;
  bool live_;
  bool live_line_shown_ = false;
  std::mutex mutex_;
};

}  // namespace nbaraw

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/logger.ipp>
#endif
