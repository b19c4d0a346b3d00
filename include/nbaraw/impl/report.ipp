#pragma once
#include <nbaraw/core/timestamp.hpp>
#include <nbaraw/log/report.hpp>

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <unistd.h>

namespace nbaraw {

namespace detail {
inline boost::json::object file_entry(const FileResult& r) {
  boost::json::object entry{{"object", r.object.name}, {"status", to_string(r.status)}, {"reason", r.reason}};
  if (!r.object.generation.empty()) entry["generation"] = r.object.generation;
  entry["bytes"] = r.bytes;
  return entry;
}
}  // namespace detail

NBARAW_DECL boost::json::object report_json(const RunReport& report) {
  const RunIdentity& id = report.identity;
  boost::json::object task{{"index", id.shard.index}, {"count", id.shard.count}, {"attempt", id.attempt}};
  if (!id.shard_origin.empty()) task["from"] = id.shard_origin;
  if (!id.execution.empty()) task["execution"] = id.execution;
  boost::json::object out{
      {"report_version", 1},
      {"run_id", id.run_id},
      {"job", id.job},
      {"processor", id.processor},
      {"task", std::move(task)},
      {"started_at", iso_timestamp(report.started) + "Z"},
      {"ended_at", iso_timestamp(report.ended) + "Z"},
      {"duration_seconds", std::chrono::duration<double>(report.ended - report.started).count()},
      {"exit_code", report.exit_code},
  };
  if (!report.error.empty()) out["error"] = report.error;
  if (!report.summary) return out;

  const RunSummary& s = *report.summary;
  out["table"] = s.table;
  out["source"] = s.source;
  out["sink"] = s.sink;
  out["dry_run"] = s.dry_run;
  out["files_in_plan"] = s.files_in_plan;
  out["files_in_shard"] = s.files_in_shard;

  boost::json::object by_status;
  for (FileStatus st : all_file_statuses) by_status[to_string(st)] = s.count(st);
  boost::json::array listed;
  for (const auto& f : s.failures) listed.push_back(detail::file_entry(f));
  for (const auto& f : s.no_data_files) listed.push_back(detail::file_entry(f));
  out["files"] = {{"total", s.files()},
                  {"by_status", std::move(by_status)},
                  {"failed", s.failed_files()},
                  {"listed", std::move(listed)},
                  {"listed_are", "every failed and every no_data file (success and skipped files are counted only)"},
                  {"not_listed", s.failures_not_kept + s.no_data_not_kept}};
  boost::json::array listings_failed;
  for (const auto& f : s.failed_listings) listings_failed.push_back({{"prefix", f.prefix}, {"reason", f.reason}});
  out["listings_failed"] = std::move(listings_failed);
  out["entries_refused"] = s.refused_entries;
  out["rows"] = s.rows;
  boost::json::object rows_by_table;
  for (const auto& [table, rows] : s.rows_by_table) rows_by_table[table] = rows;
  if (rows_by_table.empty()) rows_by_table[s.table] = s.rows;
  out["rows_by_table"] = std::move(rows_by_table);
  out["bytes"] = s.bytes;
  out["records_skipped"] = s.records_skipped;
  out["load_batches"] = s.load_batches;
  out["retries"] = s.retries;
  out["seconds"] = s.seconds;
  out["files_per_second"] = s.files_per_second();
  boost::json::object counters;
  for (const auto& [k, v] : s.counters) counters[k] = v;
  out["quality_counters"] = std::move(counters);
  boost::json::array quality;
  for (const auto& line : s.quality) quality.push_back(boost::json::string(line));
  out["quality"] = std::move(quality);
  return out;
}

NBARAW_DECL void write_report(const std::filesystem::path& path, const boost::json::object& report) {
  const std::string text = boost::json::serialize(report) + "\n";
  std::filesystem::path temporary = path;
  temporary += fmt::format(".tmp-{}", ::getpid());
  auto fail = [&](std::string_view what) {
    const int err = errno;
    ::unlink(temporary.c_str());
    throw std::runtime_error(fmt::format("cannot write the report {}: {}: {}", path.string(), what, std::strerror(err)));
  };
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail("open");
  std::string_view rest = text;
  while (!rest.empty()) {
    const ssize_t n = ::write(fd, rest.data(), rest.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      fail("write");
    }
    rest.remove_prefix(std::size_t(n));
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    fail("fsync");
  }
  if (::close(fd) != 0) fail("close");
  if (std::rename(temporary.c_str(), path.c_str()) != 0) fail("rename");
}

}  // namespace nbaraw
