#pragma once
#include <nbaraw/bigquery/schema.hpp>
#include <nbaraw/cli/options.hpp>
#include <nbaraw/rules/team_mapper.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <functional>
#include <map>

namespace nbaraw::cli {

namespace detail {
inline Date date_value(std::string_view flag, std::string_view text) {
  if (auto d = parse_iso_date(text)) return *d;
  throw UsageError(fmt::format("{} '{}' is not a date: use YYYY-MM-DD (a real calendar date)", flag, text));
}

inline std::size_t count_value(std::string_view flag, std::string_view text, std::size_t min, std::size_t max) {
  std::size_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max)
    throw UsageError(fmt::format("{} '{}' must be a whole number from {} to {}", flag, text, min, max));
  return value;
}

/// --team-filter A,B: comma-separated NBA tricodes, any case, each once.
inline std::vector<std::string> team_filter_value(std::string_view flag, std::string_view text) {
  std::vector<std::string> codes;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    std::string_view item = text.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) {
      std::string code(item);
      for (char& c : code)
        if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
      const auto known = nba_tricode(code);
      if (code.size() != 3 || !known || *known != code)
        throw UsageError(fmt::format("{} '{}' is not an NBA tricode (ATL, BOS, BKN, ...){}", flag, item,
                                     known ? fmt::format("; did you mean {}?", *known) : std::string()));
      if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(code);
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (codes.empty()) throw UsageError(fmt::format("{} names no team", flag));
  return codes;
}

inline std::string project_value(std::string_view flag, std::string_view text) {
  if (auto problem = bigquery::identifier_problem({std::string(text), "d", "t"}))
    throw UsageError(fmt::format("{}: {}", flag, *problem));
  return std::string(text);
}

inline SinkSpec sink_value(std::string_view text) {
  auto location = [&](std::size_t prefix) {
    std::string_view rest = text.substr(prefix);
    if (rest.empty()) throw UsageError(fmt::format("--sink '{}' names no file or folder", text));
    return std::string(rest);
  };
  SinkSpec spec;
  if (text.rfind("sqlite:", 0) == 0) spec.kind = SinkSpec::Kind::sqlite, spec.location = location(7);
  else if (text.rfind("ndjson:", 0) == 0) spec.kind = SinkSpec::Kind::ndjson, spec.location = location(7);
  else if (text.rfind("bigquery://", 0) == 0) {
    std::string_view rest = text.substr(11);
    if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
    const std::size_t slash = rest.find('/');
    spec.project = project_value("--sink", rest.substr(0, slash));
    spec.project_given = true;
    if (slash != std::string_view::npos) spec.dataset = std::string(rest.substr(slash + 1));
    if (auto problem = bigquery::identifier_problem({spec.project, spec.dataset, "t"}))
      throw UsageError(fmt::format("--sink '{}': {}", text, *problem));
  } else {
    throw UsageError(fmt::format("unknown sink '{}': use bigquery://PROJECT/DATASET, sqlite:FILE or ndjson:DIR", text));
  }
  return spec;
}

/// A byte count: digits with an optional K, M or G (powers of 1024).
inline std::size_t bytes_value(std::string_view flag, std::string_view text) {
  std::size_t unit = 1;
  if (!text.empty()) switch (text.back()) {
      case 'K': case 'k': unit = std::size_t(1) << 10; break;
      case 'M': case 'm': unit = std::size_t(1) << 20; break;
      case 'G': case 'g': unit = std::size_t(1) << 30; break;
      default: break;
    }
  std::string_view digits = unit == 1 ? text : text.substr(0, text.size() - 1);
  std::size_t value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || value == 0 ||
      value > (std::size_t(16) << 30) / unit)
    throw UsageError(fmt::format("{} '{}' must be a size from 1 to 16G (digits, optionally K, M or G)", flag, text));
  return value * unit;
}

/// GCS bucket names: 3-222 characters of a-z 0-9 - _ ., starting and ending with a letter or digit.
inline bool is_bucket_name(std::string_view name) {
  auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (name.size() < 3 || name.size() > 222 || !alnum(name.front()) || !alnum(name.back())) return false;
  return std::all_of(name.begin(), name.end(), [&](char c) { return alnum(c) || c == '-' || c == '_' || c == '.'; });
}

inline SourceSpec bucket_value(std::string_view flag, std::string_view name) {
  if (!is_bucket_name(name))
    throw UsageError(fmt::format("{} '{}' is not a bucket name (3-222 characters: a-z 0-9 - _ .)", flag, name));
  return {SourceSpec::Kind::gcs, std::string(name)};
}

/// At most this many tasks share a run (Cloud Run allows 10,000 tasks; Kubernetes indexed Jobs 100,000).
inline constexpr std::size_t max_shards = 100000;

/// --shard I/N: task I (0-based) of N.
inline Shard shard_value(std::string_view flag, std::string_view text) {
  const std::size_t slash = text.find('/');
  auto bad = [&] {
    return UsageError(fmt::format("{} '{}' must be INDEX/COUNT, a task index from 0 to COUNT-1 and a count from 1 to {} (e.g. 0/4)",
                                  flag, text, max_shards));
  };
  if (slash == std::string_view::npos) throw bad();
  std::size_t index = 0, count = 0;
  const std::string_view i = text.substr(0, slash), n = text.substr(slash + 1);
  auto [i_end, i_ec] = std::from_chars(i.data(), i.data() + i.size(), index);
  auto [n_end, n_ec] = std::from_chars(n.data(), n.data() + n.size(), count);
  if (i.empty() || n.empty() || i_ec != std::errc() || n_ec != std::errc() || i_end != i.data() + i.size() ||
      n_end != n.data() + n.size() || count < 1 || count > max_shards || index >= count)
    throw bad();
  return Shard(index, count);
}

inline SourceSpec source_value(std::string_view text) {
  if (text.rfind("gs://", 0) == 0) {
    std::string_view bucket = text.substr(5);
    if (!bucket.empty() && bucket.back() == '/') bucket.remove_suffix(1);
    if (bucket.find('/') != std::string_view::npos)
      throw UsageError(fmt::format("--source '{}': name a bucket only (gs://BUCKET); the processor knows its prefixes", text));
    return bucket_value("--source", bucket);
  }
  if (text.rfind("file://", 0) == 0) text.remove_prefix(7);
  else if (text.find("://") != std::string_view::npos)
    throw UsageError(fmt::format("source '{}': use a local folder, a file:// URI or gs://BUCKET", text));
  if (text.empty()) throw UsageError("--source names no folder");
  return {SourceSpec::Kind::local, std::string(text)};
}
}  // namespace detail

NBARAW_DECL Options parse(const std::vector<std::string_view>& args, std::optional<std::string> project_from_env) {
  return parse(args, Environment([project = std::move(project_from_env)](std::string_view name) -> std::optional<std::string> {
    if (name == "GCP_PROJECT_ID") return project;
    return std::nullopt;
  }));
}

NBARAW_DECL LogFormat log_format_of(const Options& options, bool stderr_is_terminal) {
  if (options.log_format) return *options.log_format;
  return stderr_is_terminal ? LogFormat::text : LogFormat::json;
}

NBARAW_DECL Options parse(const std::vector<std::string_view>& args, const Environment& env) {
  Options o;
  std::optional<SourceSpec> bucket, source;
  std::optional<std::string> project;
  std::optional<Shard> shard_flag;
  std::optional<std::size_t> shard_count_flag;
  std::optional<std::uint64_t> max_file_bytes, max_gzip_ratio, read_timeout;
  using Setter = std::function<void(std::string_view flag, std::string_view value)>;
  const std::map<std::string_view, Setter, std::less<>> with_value{
      {"--start-date", [&](auto f, auto v) { o.start_date = detail::date_value(f, v); }},
      {"--end-date", [&](auto f, auto v) { o.end_date = detail::date_value(f, v); }},
      {"--dates",
       [&](auto f, auto v) {
         o.dates.clear();
         std::size_t start = 0;
         while (start <= v.size()) {
           std::size_t comma = v.find(',', start);
           std::string_view item = v.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
           if (!item.empty()) o.dates.push_back(detail::date_value(f, item));
           if (comma == std::string_view::npos) break;
           start = comma + 1;
         }
         if (o.dates.empty()) throw UsageError("--dates names no date");
       }},
      {"--team-filter", [&](auto f, auto v) { o.team_filter = detail::team_filter_value(f, v); }},
      {"--limit", [&](auto f, auto v) { o.limit = detail::count_value(f, v, 1, std::size_t(1) << 40); }},
      {"--bucket", [&](auto f, auto v) { bucket = detail::bucket_value(f, v); }},
      {"--bucket-name", [&](auto f, auto v) { bucket = detail::bucket_value(f, v); }},
      {"--source", [&](auto, auto v) { source = detail::source_value(v); }},
      {"--ca-file",
       [&](auto f, auto v) {
         if (v.empty()) throw UsageError(fmt::format("{} names no file", f));
         o.ca_file = std::string(v);
       }},
      {"--sink", [&](auto, auto v) { o.sink = detail::sink_value(v); }},
      {"--max-workers", [&](auto f, auto v) { o.max_workers = unsigned(detail::count_value(f, v, 1, 512)); }},
      {"--batch-size", [&](auto f, auto v) { o.batch_size = detail::count_value(f, v, 1, 100000); }},
      {"--batch-rows", [&](auto f, auto v) { o.batch_rows = detail::count_value(f, v, 1, 10'000'000); }},
      {"--max-loads", [&](auto f, auto v) { o.max_loads = unsigned(detail::count_value(f, v, 1, 64)); }},
      {"--batch-bytes", [&](auto f, auto v) { o.batch_bytes = detail::bytes_value(f, v); }},
      {"--max-file-bytes", [&](auto f, auto v) { max_file_bytes = detail::bytes_value(f, v); }},
      {"--max-gzip-ratio", [&](auto f, auto v) { max_gzip_ratio = detail::count_value(f, v, 0, 1000000); }},
      {"--read-timeout", [&](auto f, auto v) { read_timeout = detail::count_value(f, v, 1, 86400); }},
      {"--project", [&](auto f, auto v) { project = detail::project_value(f, v); }},
      {"--progress-every", [&](auto f, auto v) { o.progress_every = detail::count_value(f, v, 0, std::size_t(1) << 40); }},
      {"--report",
       [&](auto f, auto v) {
         if (v.empty()) throw UsageError(fmt::format("{} names no file", f));
         o.report = std::string(v);
       }},
      {"--shard", [&](auto f, auto v) { shard_flag = detail::shard_value(f, v); }},
      {"--shard-count", [&](auto f, auto v) { shard_count_flag = detail::count_value(f, v, 1, detail::max_shards); }},
      {"--log-format",
       [&](auto f, auto v) {
         if (v == "text") o.log_format = LogFormat::text;
         else if (v == "json") o.log_format = LogFormat::json;
         else throw UsageError(fmt::format("{} '{}' must be text or json", f, v));
       }},
  };
  const std::map<std::string_view, std::function<void()>, std::less<>> switches{
      {"--dry-run", [&] { o.dry_run = true; }},   {"--reprocess", [&] { o.reprocess = true; }},
      {"--help", [&] { o.help = true; }},         {"-h", [&] { o.help = true; }},
      {"--version", [&] { o.version = true; }},  {"--create-tables", [&] { o.create_tables = true; }},
      {"--validate", [&] { o.validate = true; }},
  };
  std::vector<std::string_view> backfill_flags;  // given flags that only a backfill run takes

  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string_view arg = args[i];
    std::string_view flag = arg.substr(0, arg.find('='));
    std::optional<std::string_view> inline_value;
    if (flag.size() < arg.size()) inline_value = arg.substr(flag.size() + 1);
    if (i == 0 && arg == "validate") {  // the subcommand spelling of --validate
      o.validate = true;
      continue;
    }
    for (std::string_view f : {"--dry-run", "--reprocess", "--limit", "--create-tables", "--report", "--shard", "--shard-count",
                               "--team-filter"})
      if (flag == f) backfill_flags.push_back(f);
    if (auto s = switches.find(flag); s != switches.end()) {
      if (inline_value) throw UsageError(fmt::format("{} takes no value", flag));
      s->second();
    } else if (auto w = with_value.find(flag); w != with_value.end()) {
      if (!inline_value) {
        if (i + 1 >= args.size()) throw UsageError(fmt::format("{} needs a value", flag));
        inline_value = args[++i];
      }
      w->second(flag, *inline_value);
    } else {
      throw UsageError(arg.rfind("-", 0) == 0 ? fmt::format("unknown flag '{}'", flag)
                                              : fmt::format("unexpected argument '{}'", arg));
    }
  }
  if (o.help || o.version) return o;
  if (o.validate) {
    if (!backfill_flags.empty())
      throw UsageError(fmt::format("--validate checks the table and runs no backfill: drop {}", backfill_flags.front()));
    if (o.sink.kind == SinkSpec::Kind::ndjson)
      throw UsageError("validation is not supported for the ndjson sink (its files cannot be queried): validate with "
                       "--sink sqlite:FILE or --sink bigquery://PROJECT/DATASET");
  }

  // The environment: an empty value counts as unset; a flag wins over its variable.
  auto getenv = [&](std::string_view name) -> std::optional<std::string> {
    if (!env) return std::nullopt;
    auto value = env(name);
    if (value && value->empty()) return std::nullopt;
    return value;
  };
  std::string_view start_origin = "--start-date", end_origin = "--end-date";
  if (o.dates.empty()) {
    if (!o.start_date)
      if (auto v = getenv("START_DATE")) o.start_date = detail::date_value("START_DATE", *v), start_origin = "START_DATE";
    if (!o.end_date)
      if (auto v = getenv("END_DATE")) o.end_date = detail::date_value("END_DATE", *v), end_origin = "END_DATE";
  }
  if (!bucket && !source)
    if (auto v = getenv("BUCKET_NAME")) bucket = detail::bucket_value("BUCKET_NAME", *v);
  // The read limits: a flag, else its variable, else the default.
  if (!max_file_bytes)
    if (auto v = getenv("NBARAW_MAX_FILE_BYTES")) max_file_bytes = detail::bytes_value("NBARAW_MAX_FILE_BYTES", *v);
  if (!max_gzip_ratio)
    if (auto v = getenv("NBARAW_MAX_GZIP_RATIO")) max_gzip_ratio = detail::count_value("NBARAW_MAX_GZIP_RATIO", *v, 0, 1000000);
  if (!read_timeout)
    if (auto v = getenv("NBARAW_READ_TIMEOUT")) read_timeout = detail::count_value("NBARAW_READ_TIMEOUT", *v, 1, 86400);
  if (max_file_bytes) o.max_file_bytes = *max_file_bytes;
  if (max_gzip_ratio) o.max_gzip_ratio = *max_gzip_ratio;
  if (read_timeout) o.read_timeout = std::chrono::seconds(*read_timeout);

  // This task's share of the plan: --shard I/N, else the task's index and count from the environment.
  if (shard_flag) {
    if (shard_count_flag) throw UsageError("--shard I/N already names the count; drop --shard-count");
    o.shard = *shard_flag;
    o.shard_origin = "--shard";
  } else {
    std::optional<std::string> index_text;
    std::string_view index_name;
    for (std::string_view name : {"CLOUD_RUN_TASK_INDEX", "JOB_COMPLETION_INDEX"})
      if (auto v = getenv(name)) {
        index_text = std::move(v), index_name = name;
        break;
      }
    std::optional<std::size_t> count;
    std::string_view count_name;
    if (shard_count_flag) count = shard_count_flag, count_name = "--shard-count";
    else if (auto v = getenv("CLOUD_RUN_TASK_COUNT"))
      count = detail::count_value("CLOUD_RUN_TASK_COUNT", *v, 1, detail::max_shards), count_name = "CLOUD_RUN_TASK_COUNT";
    if (index_text) {
      if (!count)
        throw UsageError(fmt::format("{} is set but not the task count: set CLOUD_RUN_TASK_COUNT or pass --shard-count N",
                                     index_name));
      const std::size_t index = detail::count_value(index_name, *index_text, 0, detail::max_shards - 1);
      if (index >= *count)
        throw UsageError(fmt::format("{} {} must be below {} {} (tasks are numbered from 0)", index_name, index,
                                     count_name, *count));
      o.shard = Shard(index, *count);
      o.shard_origin = fmt::format("{}/{}", index_name, count_name);
    } else if (count && *count > 1) {
      throw UsageError(fmt::format("{} {} is set but not the task index: set CLOUD_RUN_TASK_INDEX or JOB_COMPLETION_INDEX, "
                                   "or pass --shard I/N",
                                   count_name, *count));
    }
  }
  if (auto v = getenv("CLOUD_RUN_TASK_ATTEMPT")) o.task_attempt = detail::count_value("CLOUD_RUN_TASK_ATTEMPT", *v, 0, 1000000);

  if (bucket && source) throw UsageError("--bucket and --source both name a source; pass one");
  if (project) {
    if (o.sink.kind != SinkSpec::Kind::bigquery) throw UsageError("--project applies to a bigquery:// sink only");
    if (o.sink.project_given && o.sink.project != *project)
      throw UsageError(fmt::format("--project {} contradicts --sink bigquery://{}/...", *project, o.sink.project));
    o.sink.project = *project;
    o.sink.project_given = true;
  }
  if (o.sink.kind == SinkSpec::Kind::bigquery && !o.sink.project_given) {
    if (auto from_env = getenv("GCP_PROJECT_ID")) {
      o.sink.project = detail::project_value("GCP_PROJECT_ID", *from_env);
      o.sink.project_given = true;
    }
  }
  if (o.create_tables && o.sink.kind != SinkSpec::Kind::bigquery)
    throw UsageError("--create-tables applies to a bigquery:// sink only (SQLite and NDJSON sinks always create tables)");
  if (bucket) o.source = *bucket;
  if (source) o.source = *source;
  if (!o.dates.empty() && (o.start_date || o.end_date))
    throw UsageError("--dates cannot be combined with --start-date or --end-date");
  if (o.start_date && o.end_date && *o.start_date > *o.end_date)
    throw UsageError(fmt::format("{} {} is after {} {}", start_origin, o.start_date->iso(), end_origin, o.end_date->iso()));
  return o;
}

NBARAW_DECL std::vector<Date> planned_dates(const Options& o, const ProcessorInfo& info, const Date& today) {
  if (!o.dates.empty()) {
    std::vector<Date> dates = o.dates;
    std::sort(dates.begin(), dates.end());
    dates.erase(std::unique(dates.begin(), dates.end()), dates.end());
    return dates;
  }
  Date start = o.start_date ? *o.start_date : info.default_start.value_or(today);
  Date end = o.end_date ? *o.end_date : today;
  if (start > end)
    throw UsageError(fmt::format("start date {} is after end date {}", start.iso(), end.iso()));
  return dates_between(start, end);
}

NBARAW_DECL std::string usage(std::string_view program, const ProcessorInfo& info) {
  std::vector<std::string> patterns;
  for (const auto& prefix : info.prefixes) patterns.push_back(folder_pattern(info.listing, prefix));
  return fmt::format(
      R"(Usage: {0} [--bucket NAME | --source gs://BUCKET | --source DIR] [options]

Backfill {1}: list {2} for the dates ({6}), transform each file, load the rows
into {3} ({4}). Re-running never duplicates rows; loaded files are skipped.

Source and sink:
  --bucket NAME             the GCS bucket gs://NAME (default $BUCKET_NAME, else nba-scraped-data); STORAGE_EMULATOR_HOST
                            points at an emulator; credentials: Application Default Credentials
  --source gs://BUCKET      the same
  --source DIR|file://DIR   a local folder laid out like the bucket
  --ca-file PEM             an extra CA bundle for TLS (also $NBARAW_CA_FILE); verification stays on
  --sink bigquery://PROJECT/DATASET   load into BigQuery (the default: bigquery://nba-props-platform/nba_raw);
                            BIGQUERY_EMULATOR_HOST points at an emulator
  --sink sqlite:FILE        load into an SQLite file (the embedded sink)
  --sink ndjson:DIR         write one NDJSON file per table into DIR
  --project ID              the BigQuery project (also $GCP_PROJECT_ID)
  --create-tables           create a missing BigQuery table from the processor's schema

Dates (default {5} to today):
  --start-date YYYY-MM-DD   first date, inclusive (default $START_DATE)
  --end-date YYYY-MM-DD     last date, inclusive (default $END_DATE)
  --dates D1,D2,...         only these dates
                            The dates mean the same for every listing: a date folder is listed for its date, a
                            season folder (YYYY-YY) when a date falls in its season, a whole prefix always.
  --team-filter A,B         only games where the away or home team is one of these NBA tricodes
                            (processors of game folders, e.g. nbac_gamebook; others reject it)

Run:
  --limit N                 process at most N files
  --max-workers N           downloads at once (default 4); parsing uses at most one thread per core
  --batch-rows N            rows per load: a batch (one load job per table and one transaction) ends at
                            this many rows or --batch-bytes, whichever comes first (default 5000)
  --batch-bytes N[K|M|G]    input bytes per load (default 16M)
  --batch-size N            at most N files per load (default 10000)
  --max-loads N             batches uploaded at once while earlier ones are applied, in order (default 2);
                            fetching goes on meanwhile
  --max-file-bytes N[K|M|G] refuse files larger than this, stored or decoded, with status error (default 64M;
                            also $NBARAW_MAX_FILE_BYTES): a file costs several times its size in memory
  --max-gzip-ratio N        refuse gzip objects that decode to more than N times their size, a decompression
                            bomb (default 100, 0 = no ratio cap; also $NBARAW_MAX_GZIP_RATIO)
  --read-timeout SECONDS    a read that takes longer gets status error; the others go on (default 300;
                            also $NBARAW_READ_TIMEOUT)
  --reprocess               process files the ledger says are already loaded
  --dry-run                 show what would run and what would be skipped; change nothing
  --log-format text|json    log lines on stderr as text, or one JSON object per line for Cloud Logging
                            (default: text on a terminal, json otherwise)
  --progress-every N        a progress line every N files (default 100, 0 = never)
  --report FILE             write the run's JSON report to FILE when it ends (atomically; failed runs too)
  --help, --version

Validate (no backfill): {0} --validate --sink SINK [dates], or {0} validate ...
  --validate                check {3} in the sink (sqlite or bigquery) over the dates: rows per
                            date, date span, games, NULL key fields and the processor's own checks (spec 5);
                            print a table (check | scope | result | detail), or one JSON object with
                            --log-format json

Tasks (Cloud Run Jobs, Kubernetes indexed Jobs): each task takes the files of its share of the date folders.
  --shard I/N               task I (from 0) of N; default: $CLOUD_RUN_TASK_INDEX (or $JOB_COMPLETION_INDEX)
                            of $CLOUD_RUN_TASK_COUNT (or --shard-count N)
  --shard-count N           the task count, where the platform gives only the index (JOB_COMPLETION_INDEX)
  A retried task ($CLOUD_RUN_TASK_ATTEMPT > 0) resumes from the ledger.

Environment defaults (a flag wins; an empty value counts as unset): START_DATE, END_DATE, BUCKET_NAME,
GCP_PROJECT_ID, NBARAW_MAX_FILE_BYTES, NBARAW_MAX_GZIP_RATIO, NBARAW_READ_TIMEOUT.

Exit status: 0 when every file loaded, had no data or was loaded already; 1 when any file failed or the run
could not start (Cloud Run then retries the task); 2 for a usage error. With --validate: 0 when no check
failed (warnings do not fail), 1 when one failed or a query could not run, 2 for a usage error (the ndjson
sink, a backfill flag).
)",
      program, info.name, fmt::join(patterns, ", "), info.table.qualified_name(), to_string(info.strategy.kind),
      info.default_start ? info.default_start->iso() : std::string("today"), describe(info.listing));
}

}  // namespace nbaraw::cli
