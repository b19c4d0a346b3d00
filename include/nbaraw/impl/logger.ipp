#pragma once
#include <nbaraw/core/timestamp.hpp>
#include <nbaraw/detail/human_bytes.hpp>
#include <nbaraw/detail/printable.hpp>
#include <nbaraw/log/logger.hpp>

#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>
#include <fmt/format.h>

#include <ostream>
#include <random>

namespace nbaraw {

namespace detail {
inline std::string_view severity_name(Logger::Severity s) {
  switch (s) {
    case Logger::Severity::DEBUG: return "DEBUG";
    case Logger::Severity::INFO: return "INFO";
    case Logger::Severity::NOTICE: return "NOTICE";
    case Logger::Severity::WARNING: return "WARNING";
    case Logger::Severity::ERROR: return "ERROR";
  }
  return "INFO";
}

}  // namespace detail

NBARAW_DECL boost::json::object RunIdentity::labels() const {
  boost::json::object labels{{"job", job}, {"processor", processor}, {"run_id", run_id}};
  if (shard.sharded()) {
    labels["task"] = std::to_string(shard.index);
    labels["task_count"] = std::to_string(shard.count);
  }
  if (attempt > 0) labels["attempt"] = std::to_string(attempt);
  if (!execution.empty()) labels["execution"] = execution;
  return labels;
}

NBARAW_DECL std::string new_run_id() {
  std::string stamp;
  for (char c : utc_now_iso().substr(0, 19))  // 2025-07-15T14:30:22
    if (c != '-' && c != ':') stamp += c;
  std::random_device random;
  return fmt::format("{}Z-{:08x}", stamp, std::uint32_t(random()));
}

NBARAW_DECL Logger::Logger(cli::LogFormat format, std::ostream& out, bool live_progress)
    : format_(format), out_(out), live_(live_progress && format == cli::LogFormat::text) {}

NBARAW_DECL void Logger::set_identity(RunIdentity identity) {
  std::lock_guard lock(mutex_);
  identity_ = std::move(identity);
  labels_ = identity_.labels();
}

NBARAW_DECL void Logger::clear_live_line() {
  if (live_line_shown_) {
    out_ << "\r\033[K";
    live_line_shown_ = false;
  }
}

NBARAW_DECL void Logger::log(Severity severity, std::string_view message, const boost::json::object& fields) {
  std::lock_guard lock(mutex_);
  if (format_ == cli::LogFormat::json) {
    boost::json::object line{{"severity", detail::severity_name(severity)}, {"message", message},
                             {"time", utc_now_iso() + "Z"}};
    if (!labels_.empty()) line["logging.googleapis.com/labels"] = labels_;
    for (const auto& [k, v] : fields) line[k] = v;
    out_ << boost::json::serialize(line) << '\n';
  } else {
    clear_live_line();
    // Names and reasons come from the bucket: escaped, so that they cannot forge lines on a terminal.
    out_ << detail::severity_name(severity) << ' ' << detail::printable(message);
    for (const auto& [k, v] : fields)
      out_ << ' ' << detail::printable(k) << '='
           << detail::printable(v.is_string() ? std::string_view(v.get_string()) : boost::json::serialize(v));
    out_ << '\n';
  }
  out_.flush();
}

NBARAW_DECL void Logger::sharded(const Shard& shard, std::size_t files_in_shard, std::size_t files_in_plan) {
  log(Severity::INFO,
      fmt::format("task {} of {} takes {} of the {} selected files (whole date folders, by FNV-1a of the date)",
                  shard.index, shard.count, files_in_shard, files_in_plan),
      {{"task_index", shard.index}, {"task_count", shard.count}, {"files_in_shard", files_in_shard},
       {"files_in_plan", files_in_plan}});
}

NBARAW_DECL void Logger::planned(std::size_t to_process, std::size_t already_loaded) {
  log(Severity::INFO, fmt::format("planned {} files to process, {} already loaded", to_process, already_loaded),
      {{"files_to_process", to_process}, {"files_already_loaded", already_loaded}});
  if (identity_.attempt > 0)
    log(Severity::NOTICE,
        fmt::format("attempt {} of this task resumes from the ledger: {} files loaded before are skipped, {} left to process",
                    identity_.attempt, already_loaded, to_process),
        {{"attempt", identity_.attempt}, {"files_already_loaded", already_loaded}, {"files_to_process", to_process}});
}

NBARAW_DECL void Logger::would_list(const ListingShape& shape, const std::vector<ListingFolder>& folders) {
  log(Severity::INFO, fmt::format("listing {}: {} folders", describe(shape), folders.size()),
      {{"listing", describe(shape)}, {"folders", folders.size()}});
  for (const ListingFolder& folder : folders)
    log(Severity::INFO, fmt::format("would list {}", folder.path), {{"folder", folder.path}, {"unit", folder.unit}});
}

NBARAW_DECL void Logger::would_process(const ObjectInfo& object, bool would_run) {
  log(Severity::INFO, fmt::format("{} {}", would_run ? "would process" : "would skip (already loaded)", object.name),
      {{"object", object.name}, {"would_run", would_run}, {"size", object.size}});
}

NBARAW_DECL void Logger::file_done(const FileResult& r, const std::vector<std::string>& remarks) {
  if (r.status == FileStatus::skipped && format_ == cli::LogFormat::text) return;  // counted in the summary
  boost::json::object fields{{"object", r.object.name},
                             {"status", to_string(r.status)},
                             {"rows", r.rows},
                             {"bytes", r.bytes},
                             {"ms", double(r.duration.count()) / 1000.0}};
  if (!r.reason.empty()) fields["reason"] = r.reason;
  const bool failed = is_failure(r.status);
  if (failed || format_ == cli::LogFormat::json)
    log(failed ? Severity::ERROR : Severity::INFO,
        r.reason.empty() ? fmt::format("{} {}", to_string(r.status), r.object.name)
                         : fmt::format("{} {}: {}", to_string(r.status), r.object.name, r.reason),
        fields);
  for (const auto& remark : remarks)
    log(Severity::WARNING, fmt::format("{}: {}", r.object.name, remark), {{"object", r.object.name}});
}

NBARAW_DECL void Logger::progress(const RunSummary& s, std::size_t planned_total) {
  const std::uint64_t done = s.files();
  const std::string text =
      fmt::format("[{}/{}] {} rows, {} failed, {}", done, planned_total, s.rows, s.failed_files(), detail::human_bytes(double(s.bytes)));
  if (live_) {
    std::lock_guard lock(mutex_);
    out_ << "\r\033[K" << text << std::flush;
    live_line_shown_ = true;
    return;
  }
  if (done < planned_total)
    log(Severity::INFO, "progress " + text,
        {{"files_done", done}, {"files_planned", planned_total}, {"rows", s.rows}, {"failed", s.failed_files()}});
}

NBARAW_DECL void Logger::warning(std::string_view message) { log(Severity::WARNING, message); }

NBARAW_DECL void Logger::listing_failed(const ListingFailure& f) {
  log(Severity::ERROR, fmt::format("cannot list {}: {}; that day's files are unknown and not processed (run again)", f.prefix, f.reason),
      {{"prefix", f.prefix}, {"reason", f.reason}, {"status", "listing_failed"}});
}

NBARAW_DECL void Logger::entry_refused(const RefusedEntry& e) {
  log(Severity::WARNING, fmt::format("not listed: {}: {}", e.name, e.reason), {{"entry", e.name}, {"reason", e.reason}});
}

NBARAW_DECL void Logger::summary(const RunSummary& s, std::ostream& out) {
  {
    std::lock_guard lock(mutex_);
    clear_live_line();
    out_.flush();
  }
  if (format_ == cli::LogFormat::json) {
    boost::json::object by_status;
    for (FileStatus st : all_file_statuses) by_status[to_string(st)] = s.count(st);
    boost::json::array failures;
    for (const auto& f : s.failures)
      failures.push_back({{"object", f.object.name}, {"status", to_string(f.status)}, {"reason", f.reason}});
    boost::json::object counters;
    for (const auto& [k, v] : s.counters) counters[k] = v;
    boost::json::object rows_by_table;
    for (const auto& [table, rows] : s.rows_by_table) rows_by_table[table] = rows;
    boost::json::array listings_failed;
    for (const auto& f : s.failed_listings) listings_failed.push_back({{"prefix", f.prefix}, {"reason", f.reason}});
    boost::json::object line{{"severity", s.exit_code() ? "ERROR" : "NOTICE"},
                             {"message", "summary"},
                             {"time", utc_now_iso() + "Z"},
                             {"logging.googleapis.com/labels", labels_},
                             {"run_id", identity_.run_id},
                             {"job", identity_.job},
                             {"task", {{"index", s.shard.index}, {"count", s.shard.count}, {"attempt", identity_.attempt}}},
                             {"files_in_plan", s.files_in_plan},
                             {"files_in_shard", s.files_in_shard},
                             {"processor", s.processor},
                             {"table", s.table},
                             {"source", s.source},
                             {"sink", s.sink},
                             {"dry_run", s.dry_run},
                             {"files", s.files()},
                             {"files_by_status", by_status},
                             {"rows", s.rows},
                             {"rows_by_table", rows_by_table},
                             {"bytes", s.bytes},
                             {"records_skipped", s.records_skipped},
                             {"load_batches", s.load_batches},
                             {"retries", s.retries},
                             {"seconds", s.seconds},
                             {"files_per_second", s.files_per_second()},
                             {"quality_counters", counters},
                             {"quality", boost::json::value_from(s.quality)},
                             {"failures", failures},
                             {"listings_failed", listings_failed},
                             {"entries_refused", s.refused_entries},
                             {"exit_code", s.exit_code()}};
    out << boost::json::serialize(line) << '\n';
    out.flush();
    return;
  }
  std::string statuses;
  for (FileStatus st : all_file_statuses) statuses += fmt::format("{}{} {}", statuses.empty() ? "" : ", ", to_string(st), s.count(st));
  out << fmt::format("{}{}: {} files in {:.2f} s ({:.1f} files/s), {} read\n", s.dry_run ? "[dry run] " : "", s.processor,
                     s.files(), s.seconds, s.files_per_second(), detail::human_bytes(double(s.bytes)));
  out << fmt::format("  files: {}\n", statuses);
  std::string into = s.table;
  if (s.rows_by_table.size() > 1) {  // several tables: each with its rows
    into.clear();
    for (const auto& [table, rows] : s.rows_by_table) into += fmt::format("{}{} {}", into.empty() ? "" : ", ", rows, table);
    into = "(" + into + ")";
  }
  out << fmt::format("  rows loaded: {} into {} ({}), {} load transactions; {} input records skipped\n", s.rows, into,
                     s.sink, s.load_batches, s.records_skipped);
  out << fmt::format("  source: {}, {} retries\n", s.source, s.retries);
  if (!identity_.run_id.empty() || s.shard.sharded()) {
    std::string run = fmt::format("  run: {}", identity_.run_id.empty() ? std::string("-") : identity_.run_id);
    if (s.shard.sharded())
      run += fmt::format(", task {} of {} ({} of the plan's {} files)", s.shard.index, s.shard.count, s.files_in_shard,
                         s.files_in_plan);
    if (identity_.attempt > 0) run += fmt::format(", attempt {}", identity_.attempt);
    out << run << '\n';
  }
  for (const auto& line : s.quality) out << "  quality: " << detail::printable(line) << '\n';
  if (s.refused_entries) out << fmt::format("  entries not listed: {} (symbolic links, FIFOs, ...: see the warnings)\n", s.refused_entries);
  if (!s.failed_listings.empty()) {
    out << fmt::format("  days not listed ({}), their files unknown:\n", s.failed_listings.size());
    for (const auto& f : s.failed_listings) out << fmt::format("    {}: {}\n", detail::printable(f.prefix), detail::printable(f.reason));
  }
  if (!s.failures.empty()) {
    out << fmt::format("  failed files ({}):\n", s.failed_files());
    for (const auto& f : s.failures)
      out << fmt::format("    {:<17} {}: {}\n", to_string(f.status), detail::printable(f.object.name), detail::printable(f.reason));
    if (s.failures_not_kept) out << fmt::format("    ... and {} more\n", s.failures_not_kept);
  }
  out.flush();
}

}  // namespace nbaraw
