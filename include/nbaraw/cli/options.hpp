#pragma once
// The command line every driver shares, compatible with the reference jobs' flags.
#include <nbaraw/config.hpp>
#include <nbaraw/core/date.hpp>
#include <nbaraw/processor.hpp>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace nbaraw::cli {

/// A bad command line: one clear line, exit code 2.
struct UsageError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

enum class LogFormat { text, json };

struct SinkSpec {
  enum class Kind { sqlite, ndjson } kind = Kind::sqlite;
  std::string location = "nba_raw.db";
};

struct SourceSpec {
  enum class Kind { local, gcs } kind = Kind::gcs;
  std::string location = "nba-scraped-data";  ///< the folder (local) or the bucket name (gcs)
};

struct Options {
  std::optional<Date> start_date, end_date;
  std::vector<Date> dates;  ///< --dates: only these
  bool dry_run = false;
  bool reprocess = false;
  std::size_t limit = 0;
  SourceSpec source;    ///< --source DIR | file://DIR | gs://BUCKET, or --bucket NAME; default gs://nba-scraped-data
  std::string ca_file;  ///< --ca-file: an extra CA bundle for TLS (also $NBARAW_CA_FILE)
  SinkSpec sink;
  unsigned max_workers = 4;
  std::size_t batch_size = 100;
  std::size_t progress_every = 100;
  LogFormat log_format = LogFormat::text;
  bool help = false;
  bool version = false;
};

/// Parses the arguments after the program name; `--flag=value` and `--flag value` both work.
NBARAW_DECL Options parse(const std::vector<std::string_view>& args);

/// The dates to list: --dates, else --start-date (or the processor's default) to --end-date (or today).
NBARAW_DECL std::vector<Date> planned_dates(const Options& options, const ProcessorInfo& info, const Date& today);

NBARAW_DECL std::string usage(std::string_view program, const ProcessorInfo& info);

}  // namespace nbaraw::cli

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/options.ipp>
#endif
