#pragma once
// The command line every driver shares, compatible with the reference jobs' flags.
#include <nbaraw/config.hpp>
#include <nbaraw/core/date.hpp>
#include <nbaraw/core/shard.hpp>
#include <nbaraw/processor.hpp>
#include <nbaraw/source.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
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

/// Reads an environment variable (nullopt: unset). Injected, so that parsing is testable without setenv.
using Environment = std::function<std::optional<std::string>(std::string_view name)>;

struct SinkSpec {
  enum class Kind { bigquery, sqlite, ndjson } kind = Kind::bigquery;
  std::string location;                    ///< the file (sqlite) or folder (ndjson)
  std::string project = "nba-props-platform";  ///< bigquery
  std::string dataset = "nba_raw";             ///< bigquery
  bool project_given = false;                  ///< bigquery://PROJECT or --project named it
};

struct SourceSpec {
  enum class Kind { local, gcs } kind = Kind::gcs;
  std::string location = "nba-scraped-data";  ///< the folder (local) or the bucket name (gcs)
};

struct Options {
  std::optional<Date> start_date, end_date;
  std::vector<Date> dates;  ///< --dates: only these
  std::vector<std::string> team_filter;  ///< --team-filter A,B: NBA tricodes (upper case); games of these teams only
  bool dry_run = false;
  bool reprocess = false;
  std::size_t limit = 0;
  SourceSpec source;    ///< --source DIR | file://DIR | gs://BUCKET, or --bucket NAME; default gs://nba-scraped-data
  std::string ca_file;  ///< --ca-file: an extra CA bundle for TLS (also $NBARAW_CA_FILE)
  SinkSpec sink;        ///< --sink bigquery://PROJECT/DATASET | sqlite:FILE | ndjson:DIR; default bigquery://nba-props-platform/nba_raw
  bool create_tables = false;  ///< --create-tables: create a missing BigQuery table from the processor's schema
  unsigned max_workers = 4;
  std::size_t batch_size = 10'000;      ///< --batch-size: at most this many files per load (a cap)
  std::size_t batch_rows = 5'000;       ///< --batch-rows: rows per load (what sizes batches, with the bytes)
  std::size_t batch_bytes = 16u << 20;  ///< --batch-bytes: input bytes per load
  unsigned max_loads = 2;               ///< --max-loads: batches uploading or waiting to commit at once
  std::size_t progress_every = 100;
  std::uint64_t max_file_bytes = ReadLimits::default_max_bytes;      ///< --max-file-bytes (or $NBARAW_MAX_FILE_BYTES)
  std::uint64_t max_gzip_ratio = ReadLimits::default_max_gzip_ratio; ///< --max-gzip-ratio (or $NBARAW_MAX_GZIP_RATIO); 0: none
  std::chrono::seconds read_timeout = ReadLimits::default_timeout;   ///< --read-timeout (or $NBARAW_READ_TIMEOUT)
  std::optional<LogFormat> log_format;  ///< --log-format; unset: json when stderr is not a terminal, else text
  std::string report;                   ///< --report FILE: the run's JSON report, written at the end
  Shard shard;                          ///< this task's share: --shard I/N, or the task environment
  std::string shard_origin;             ///< where the shard came from ("--shard", "CLOUD_RUN_TASK_INDEX/..."); empty: unsharded
  std::size_t task_attempt = 0;         ///< CLOUD_RUN_TASK_ATTEMPT: 0 first attempt, >0 a retry of this task
  bool validate = false;                ///< --validate (or a first argument `validate`): check the table, run no backfill
  bool help = false;
  bool version = false;
};

/// Parses the arguments after the program name; `--flag=value` and `--flag value` both work.
/// The environment gives defaults that a flag overrides (an empty value counts as unset):
///   START_DATE, END_DATE (the range; ignored with --dates), BUCKET_NAME (the bucket, unless --bucket or
///   --source), GCP_PROJECT_ID (the BigQuery project, unless --sink bigquery://P or --project),
///   NBARAW_MAX_FILE_BYTES, NBARAW_MAX_GZIP_RATIO and NBARAW_READ_TIMEOUT (the read limits);
/// and the task's place in its job, unless --shard I/N names it:
///   CLOUD_RUN_TASK_INDEX (else JOB_COMPLETION_INDEX) of CLOUD_RUN_TASK_COUNT (or --shard-count N), and
///   CLOUD_RUN_TASK_ATTEMPT.
/// A malformed value is a UsageError that names the variable. With --validate, the NDJSON sink and the flags
/// of a backfill run (--dry-run, --reprocess, --limit, --create-tables, --report, --shard, --shard-count,
/// --team-filter) are UsageErrors.
NBARAW_DECL Options parse(const std::vector<std::string_view>& args, const Environment& env);

/// parse() with no environment but GCP_PROJECT_ID = `project_from_env`.
NBARAW_DECL Options parse(const std::vector<std::string_view>& args, std::optional<std::string> project_from_env = std::nullopt);

/// The log format: --log-format, else json when the log stream (stderr) is not a terminal, text when it is.
NBARAW_DECL LogFormat log_format_of(const Options& options, bool stderr_is_terminal);

/// The dates to list: --dates, else --start-date (or the processor's default) to --end-date (or today).
NBARAW_DECL std::vector<Date> planned_dates(const Options& options, const ProcessorInfo& info, const Date& today);

NBARAW_DECL std::string usage(std::string_view program, const ProcessorInfo& info);

}  // namespace nbaraw::cli

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/options.ipp>
#endif
