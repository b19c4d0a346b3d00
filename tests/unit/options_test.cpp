#include <nbaraw/cli/options.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

using nbaraw::Date;
using nbaraw::cli::LogFormat;
using nbaraw::cli::Options;
using nbaraw::cli::SinkSpec;
using nbaraw::cli::UsageError;

namespace {

// Every accepted command line needs a source; tests add theirs after it.
Options parse_with_source(std::vector<std::string_view> args) {
  args.insert(args.begin(), {"--source", "/data"});
  return nbaraw::cli::parse(args);
}

// The same flag written as "--flag=value" and as "--flag value".
std::vector<std::string_view> flag_args(std::string_view flag, std::string_view value, bool inline_form,
                                        std::string& storage) {
  if (inline_form) {
    storage = std::string(flag) + "=" + std::string(value);
    return {"--source", "/data", storage};
  }
  return {"--source", "/data", flag, value};
}

nbaraw::ProcessorInfo demo_info() {
  nbaraw::ProcessorInfo info;
  info.name = "demo_proc";
  info.table.table = "demo_table";
  info.table.columns = {{"source_file_path"}};
  info.prefixes = {"demo/prefix"};
  info.default_start = Date{2024, 10, 1};
  return info;
}

}  // namespace

TEST_CASE("parse: defaults with only a source", "[options]") {
  Options o = nbaraw::cli::parse({"--source", "/data"});
  CHECK(o.source.kind == nbaraw::cli::SourceSpec::Kind::local);
  CHECK(o.source.location == "/data");
  CHECK_FALSE(o.start_date);
  CHECK_FALSE(o.end_date);
  CHECK(o.dates.empty());
  CHECK_FALSE(o.dry_run);
  CHECK_FALSE(o.reprocess);
  CHECK(o.limit == 0);
  CHECK(o.sink.kind == SinkSpec::Kind::bigquery);
  CHECK(o.sink.project == "nba-props-platform");
  CHECK(o.sink.dataset == "nba_raw");
  CHECK_FALSE(o.create_tables);
  CHECK(o.batch_bytes == 16u << 20);
  CHECK(o.batch_rows == 5'000);
  CHECK(o.max_loads == 2);
  CHECK(o.max_workers == 4);
  CHECK(o.batch_size == 10'000);
  CHECK(o.progress_every == 100);
  CHECK_FALSE(o.log_format);  // decided by the terminal: log_format_of
  CHECK(o.report.empty());
  CHECK(o.shard == nbaraw::Shard(0, 1));
  CHECK(o.shard_origin.empty());
  CHECK(o.task_attempt == 0);
  CHECK_FALSE(o.help);
  CHECK_FALSE(o.version);
}

TEST_CASE("parse: every value flag works as --flag=value and --flag value", "[options]") {
  const bool inline_form = GENERATE(true, false);
  INFO((inline_form ? "--flag=value" : "--flag value"));
  std::string storage;
  auto parse = [&](std::string_view flag, std::string_view value) {
    return nbaraw::cli::parse(flag_args(flag, value, inline_form, storage));
  };

  CHECK(parse("--start-date", "2024-01-15").start_date == Date{2024, 1, 15});
  CHECK(parse("--end-date", "2024-02-29").end_date == Date{2024, 2, 29});
  CHECK(parse("--dates", "2024-01-03,2024-01-01").dates == std::vector<Date>{{2024, 1, 3}, {2024, 1, 1}});
  CHECK(parse("--limit", "25").limit == 25);
  CHECK(parse("--max-workers", "8").max_workers == 8);
  CHECK(parse("--batch-size", "7").batch_size == 7);
  CHECK(parse("--batch-rows", "5000").batch_rows == 5000);
  CHECK(parse("--max-loads", "1").max_loads == 1);
  CHECK(parse("--progress-every", "0").progress_every == 0);
  CHECK(parse("--progress-every", "50").progress_every == 50);
  CHECK(parse("--log-format", "json").log_format == LogFormat::json);
  CHECK(parse("--log-format", "text").log_format == LogFormat::text);

  const Options sqlite = parse("--sink", "sqlite:out/raw.db");
  CHECK(sqlite.sink.kind == SinkSpec::Kind::sqlite);
  CHECK(sqlite.sink.location == "out/raw.db");
  const Options ndjson = parse("--sink", "ndjson:out/rows");
  CHECK(ndjson.sink.kind == SinkSpec::Kind::ndjson);
  CHECK(ndjson.sink.location == "out/rows");
  const Options bigquery = parse("--sink", "bigquery://my-project/my_dataset");
  CHECK(bigquery.sink.kind == SinkSpec::Kind::bigquery);
  CHECK(bigquery.sink.project == "my-project");
  CHECK(bigquery.sink.dataset == "my_dataset");
  CHECK(parse("--sink", "bigquery://my-project").sink.dataset == "nba_raw");
  CHECK(parse("--project", "other-project").sink.project == "other-project");
  CHECK(parse("--batch-bytes", "1000").batch_bytes == 1000);
  CHECK(parse("--batch-bytes", "8M").batch_bytes == 8u << 20);
  CHECK(parse("--batch-bytes", "2k").batch_bytes == 2048);
  CHECK(parse("--report", "out/report.json").report == "out/report.json");
  CHECK(parse("--shard", "2/5").shard == nbaraw::Shard(2, 5));
  CHECK(parse("--shard", "0/1").shard == nbaraw::Shard(0, 1));
  CHECK(parse("--shard", "2/5").shard_origin == "--shard");
}

TEST_CASE("parse: the BigQuery project comes from --sink, then --project, then GCP_PROJECT_ID", "[options]") {
  using nbaraw::cli::parse;
  CHECK(parse({"--source", "/d"}, "env-project").sink.project == "env-project");
  CHECK(parse({"--source", "/d"}, std::string()).sink.project == "nba-props-platform");
  CHECK(parse({"--source", "/d", "--project", "flag-project"}, "env-project").sink.project == "flag-project");
  CHECK(parse({"--source", "/d", "--sink", "bigquery://sink-project/ds"}, "env-project").sink.project == "sink-project");
  CHECK(parse({"--source", "/d", "--sink", "bigquery://same/ds", "--project", "same"}).sink.project == "same");
  CHECK(parse({"--source", "/d", "--create-tables"}).create_tables);
  // The environment does not turn a file sink into BigQuery, nor fail it.
  CHECK(parse({"--source", "/d", "--sink", "sqlite:x.db"}, "env-project").sink.kind == SinkSpec::Kind::sqlite);
  CHECK_THROWS_WITH(parse({"--source", "/d"}, "bad project!"), Catch::Contains("GCP_PROJECT_ID"));
}

TEST_CASE("parse: --source takes a folder or a file:// URI in both forms", "[options]") {
  CHECK(nbaraw::cli::parse({"--source", "/srv/bucket"}).source.location == "/srv/bucket");
  CHECK(nbaraw::cli::parse({"--source=/srv/bucket"}).source.location == "/srv/bucket");
  CHECK(nbaraw::cli::parse({"--source", "file:///srv/bucket"}).source.location == "/srv/bucket");
  CHECK(nbaraw::cli::parse({"--source=file://rel/dir"}).source.location == "rel/dir");
  CHECK(nbaraw::cli::parse({"--source=file://rel/dir"}).source.kind == nbaraw::cli::SourceSpec::Kind::local);
}

TEST_CASE("parse: the source is a GCS bucket by default, by --bucket or by --source gs://", "[options]") {
  using Kind = nbaraw::cli::SourceSpec::Kind;
  struct Case {
    std::vector<std::string_view> args;
    std::string bucket;
  };
  const auto c = GENERATE(values<Case>({
      {{}, "nba-scraped-data"},
      {{"--dry-run"}, "nba-scraped-data"},
      {{"--bucket", "my-bucket"}, "my-bucket"},
      {{"--bucket=my.bucket_1"}, "my.bucket_1"},
      {{"--bucket-name", "other-bucket"}, "other-bucket"},
      {{"--source", "gs://some-bucket"}, "some-bucket"},
      {{"--source=gs://some-bucket/"}, "some-bucket"},
  }));
  const Options o = nbaraw::cli::parse(c.args);
  CHECK(o.source.kind == Kind::gcs);
  CHECK(o.source.location == c.bucket);
  CHECK(nbaraw::cli::parse({"--ca-file", "/etc/ca.pem"}).ca_file == "/etc/ca.pem");
}

TEST_CASE("parse: switches", "[options]") {
  CHECK(parse_with_source({"--dry-run"}).dry_run);
  CHECK(parse_with_source({"--reprocess"}).reprocess);
  CHECK(parse_with_source({"--version"}).version);
  CHECK(parse_with_source({"--help"}).help);
  CHECK(parse_with_source({"-h"}).help);
  // --help and --version need no source.
  CHECK(nbaraw::cli::parse({"--help"}).help);
  CHECK(nbaraw::cli::parse({"-h"}).help);
  CHECK(nbaraw::cli::parse({"--version"}).version);
}

TEST_CASE("parse: a later --dates replaces an earlier one and empty items are skipped", "[options]") {
  Options o = parse_with_source({"--dates", "2024-01-01", "--dates", "2024-02-01,,2024-02-02,"});
  CHECK(o.dates == std::vector<Date>{{2024, 2, 1}, {2024, 2, 2}});
}

TEST_CASE("parse: a bad command line is a UsageError naming the problem", "[options]") {
  struct Case {
    std::vector<std::string_view> args;
    std::string mentions;  // a fragment the one-line message must hold
  };
  const auto c = GENERATE(values<Case>({
      {{"--source", "/d", "--start-date", "2024-02-01", "--end-date", "2024-01-31"}, "2024-02-01"},
      {{"--source", "/d", "--start-date", "2024-1-5"}, "2024-1-5"},
      {{"--source", "/d", "--end-date", "2023-02-29"}, "2023-02-29"},
      {{"--source", "/d", "--dates", "2024-01-01,2024-13-01"}, "2024-13-01"},
      {{"--source", "/d", "--dates", ","}, "--dates"},
      {{"--source", "/d", "--frobnicate"}, "--frobnicate"},
      {{"--source", "/d", "--frobnicate=3"}, "--frobnicate"},
      {{"--source", "/d", "stray"}, "stray"},
      {{"--source", "/d", "--sink", "postgres:db"}, "postgres:db"},
      {{"--source", "/d", "--sink", "sqlite:"}, "sqlite:"},
      {{"--source", "/d", "--sink=ndjson:"}, "ndjson:"},
      {{"--source", "/d", "--limit"}, "--limit"},
      {{"--source"}, "--source"},
      {{"--source", "/d", "--dry-run=1"}, "--dry-run"},
      {{"--source", "/d", "--help=yes"}, "--help"},
      {{"--source", "/d", "--dates", "2024-01-01", "--start-date", "2024-01-01"}, "--dates"},
      {{"--source", "/d", "--end-date", "2024-01-01", "--dates", "2024-01-01"}, "--dates"},
      {{"--source", "/d", "--limit", "0"}, "--limit"},
      {{"--source", "/d", "--limit", "abc"}, "abc"},
      {{"--source", "/d", "--limit", "-1"}, "-1"},
      {{"--source", "/d", "--limit", "5x"}, "5x"},
      {{"--source", "/d", "--limit="}, "--limit"},
      {{"--source", "/d", "--max-workers", "0"}, "--max-workers"},
      {{"--source", "/d", "--batch-size", "0"}, "--batch-size"},
      {{"--source", "/d", "--batch-rows", "0"}, "--batch-rows"},
      {{"--source", "/d", "--max-loads", "65"}, "--max-loads"},
      {{"--source", "/d", "--log-format", "xml"}, "xml"},
      {{"--source", "gs://bucket/x"}, "gs://bucket/x"},
      {{"--source", "gs://"}, "bucket name"},
      {{"--source", "s3://bucket"}, "s3://bucket"},
      {{"--source", "file://"}, "--source"},
      {{"--bucket", "Upper"}, "Upper"},
      {{"--bucket", "ab"}, "ab"},
      {{"--bucket", "-bad-"}, "-bad-"},
      {{"--bucket", "a/b"}, "a/b"},
      {{"--bucket-name", "x?y"}, "x?y"},
      {{"--bucket", "bbb", "--source", "/d"}, "--bucket"},
      {{"--source", "/d", "--bucket=bbb"}, "--source"},
      {{"--ca-file="}, "--ca-file"},
      {{"--sink", "bigquery://"}, "project"},
      {{"--sink", "bigquery://p`x/ds"}, "p`x"},
      {{"--sink", "bigquery://proj/data set"}, "data set"},
      {{"--sink", "bigquery://proj/a/b"}, "a/b"},
      {{"--sink", "bigquery://a/ds", "--project", "b"}, "contradicts"},
      {{"--sink", "sqlite:x.db", "--project", "b"}, "--project"},
      {{"--sink", "sqlite:x.db", "--create-tables"}, "--create-tables"},
      {{"--project", "has space"}, "has space"},
      {{"--batch-bytes", "0"}, "--batch-bytes"},
      {{"--batch-bytes", "12X"}, "12X"},
      {{"--batch-bytes", "M"}, "--batch-bytes"},
      {{"--batch-bytes", "17G"}, "17G"},
      {{"--report="}, "--report"},
      {{"--shard", "5/5"}, "5/5"},
      {{"--shard", "0/0"}, "0/0"},
      {{"--shard", "1"}, "--shard"},
      {{"--shard", "a/3"}, "a/3"},
      {{"--shard", "1/3x"}, "1/3x"},
      {{"--shard", "-1/3"}, "-1/3"},
      {{"--shard", "/3"}, "--shard"},
      {{"--shard", "1/"}, "--shard"},
      {{"--shard", "0/100001"}, "0/100001"},
      {{"--shard", "1/4", "--shard-count", "4"}, "--shard-count"},
      {{"--shard-count", "0"}, "--shard-count"},
      {{"--shard-count", "3"}, "--shard-count"},  // no task index anywhere
  }));
  std::string line;
  for (auto a : c.args) line += std::string(a) + " ";
  INFO("args: " << line);
  CHECK_THROWS_AS(nbaraw::cli::parse(c.args), UsageError);
  CHECK_THROWS_WITH(nbaraw::cli::parse(c.args), Catch::Contains(c.mentions));
}

TEST_CASE("planned_dates: --dates sorted and de-duplicated", "[options]") {
  Options o = parse_with_source({"--dates", "2024-01-03,2024-01-01,2024-01-03,2023-12-31"});
  CHECK(nbaraw::cli::planned_dates(o, demo_info(), Date{2024, 6, 1}) ==
        std::vector<Date>{{2023, 12, 31}, {2024, 1, 1}, {2024, 1, 3}});
}

TEST_CASE("planned_dates: start and end from flags or defaults", "[options]") {
  const auto info = demo_info();  // default_start 2024-10-01

  // Both from the flags.
  Options both = parse_with_source({"--start-date", "2024-01-30", "--end-date", "2024-02-02"});
  CHECK(nbaraw::cli::planned_dates(both, info, Date{2030, 1, 1}) ==
        std::vector<Date>{{2024, 1, 30}, {2024, 1, 31}, {2024, 2, 1}, {2024, 2, 2}});

  // Start from the processor, end = today.
  Options none = parse_with_source({});
  CHECK(nbaraw::cli::planned_dates(none, info, Date{2024, 10, 3}) ==
        std::vector<Date>{{2024, 10, 1}, {2024, 10, 2}, {2024, 10, 3}});

  // Only an end date: start still from the processor.
  Options end_only = parse_with_source({"--end-date", "2024-10-02"});
  CHECK(nbaraw::cli::planned_dates(end_only, info, Date{2030, 1, 1}) ==
        std::vector<Date>{{2024, 10, 1}, {2024, 10, 2}});

  // No processor default: start is today as well.
  auto no_default = info;
  no_default.default_start.reset();
  CHECK(nbaraw::cli::planned_dates(none, no_default, Date{2025, 3, 4}) == std::vector<Date>{{2025, 3, 4}});
}

TEST_CASE("planned_dates: a default start after the end is a UsageError", "[options]") {
  const auto info = demo_info();  // default_start 2024-10-01
  Options none = parse_with_source({});
  CHECK_THROWS_AS(nbaraw::cli::planned_dates(none, info, Date{2024, 9, 30}), UsageError);
  CHECK_THROWS_WITH(nbaraw::cli::planned_dates(none, info, Date{2024, 9, 30}),
                    Catch::Contains("2024-10-01") && Catch::Contains("2024-09-30"));

  Options start_only = parse_with_source({"--start-date", "2024-05-02"});
  CHECK_THROWS_AS(nbaraw::cli::planned_dates(start_only, info, Date{2024, 5, 1}), UsageError);
}

TEST_CASE("usage names the processor, its prefixes and its table", "[options]") {
  const std::string text = nbaraw::cli::usage("demo_backfill", demo_info());
  CHECK_THAT(text, Catch::Contains("demo_backfill"));
  CHECK_THAT(text, Catch::Contains("demo_proc"));
  CHECK_THAT(text, Catch::Contains("demo/prefix"));
  CHECK_THAT(text, Catch::Contains("nba_raw.demo_table"));
  CHECK_THAT(text, Catch::Contains("2024-10-01"));  // the default start
  CHECK_THAT(text, Catch::Contains("demo/prefix/<YYYY-MM-DD>/"));
}

TEST_CASE("usage shows the folders of the processor's listing shape", "[options]") {
  nbaraw::ProcessorInfo info = demo_info();
  info.listing.layout = nbaraw::Layout::season_folders;
  info.listing.season_start_month = 9;
  const std::string text = nbaraw::cli::usage("demo_backfill", info);
  CHECK_THAT(text, Catch::Contains("demo/prefix/<YYYY-YY>/"));
  CHECK_THAT(text, Catch::Contains("seasons start in month 9"));
}

namespace {

/// An environment from a list of NAME=VALUE pairs; unlisted names are unset.
nbaraw::cli::Environment env_of(std::vector<std::pair<std::string, std::string>> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    for (const auto& [k, v] : vars)
      if (k == name) return v;
    return std::nullopt;
  };
}

Options parse_env(std::vector<std::string_view> args, std::vector<std::pair<std::string, std::string>> vars) {
  return nbaraw::cli::parse(args, env_of(std::move(vars)));
}

}  // namespace

TEST_CASE("parse: START_DATE, END_DATE, BUCKET_NAME and GCP_PROJECT_ID are defaults that flags override", "[options][env]") {
  const std::vector<std::pair<std::string, std::string>> env{{"START_DATE", "2021-10-01"},
                                                             {"END_DATE", "2025-06-30"},
                                                             {"BUCKET_NAME", "env-bucket"},
                                                             {"GCP_PROJECT_ID", "env-project"}};
  const Options from_env = parse_env({}, env);
  CHECK(from_env.start_date == Date{2021, 10, 1});
  CHECK(from_env.end_date == Date{2025, 6, 30});
  CHECK(from_env.source.kind == nbaraw::cli::SourceSpec::Kind::gcs);
  CHECK(from_env.source.location == "env-bucket");
  CHECK(from_env.sink.project == "env-project");

  // Each flag wins over its own variable only.
  const Options start_flag = parse_env({"--start-date", "2024-01-01"}, env);
  CHECK(start_flag.start_date == Date{2024, 1, 1});
  CHECK(start_flag.end_date == Date{2025, 6, 30});
  const Options end_flag = parse_env({"--end-date=2022-01-01"}, env);
  CHECK(end_flag.start_date == Date{2021, 10, 1});
  CHECK(end_flag.end_date == Date{2022, 1, 1});
  CHECK(parse_env({"--bucket", "flag-bucket"}, env).source.location == "flag-bucket");
  CHECK(parse_env({"--source", "/data"}, env).source.kind == nbaraw::cli::SourceSpec::Kind::local);
  CHECK(parse_env({"--source", "gs://src-bucket"}, env).source.location == "src-bucket");
  CHECK(parse_env({"--project", "flag-project"}, env).sink.project == "flag-project");
  CHECK(parse_env({"--sink", "bigquery://sink-project/ds"}, env).sink.project == "sink-project");

  // --dates replaces the whole range, so the range variables are not read at all.
  const Options dates = parse_env({"--dates", "2024-03-01"}, {{"START_DATE", "not a date"}, {"END_DATE", "2020-01-01"}});
  CHECK(dates.dates == std::vector<Date>{{2024, 3, 1}});
  CHECK_FALSE(dates.start_date);
  CHECK_FALSE(dates.end_date);

  // Empty means unset.
  const Options empty = parse_env({}, {{"START_DATE", ""}, {"END_DATE", ""}, {"BUCKET_NAME", ""}, {"GCP_PROJECT_ID", ""},
                                       {"CLOUD_RUN_TASK_INDEX", ""}, {"CLOUD_RUN_TASK_COUNT", ""},
                                       {"CLOUD_RUN_TASK_ATTEMPT", ""}, {"JOB_COMPLETION_INDEX", ""}});
  CHECK_FALSE(empty.start_date);
  CHECK_FALSE(empty.end_date);
  CHECK(empty.source.location == "nba-scraped-data");
  CHECK(empty.sink.project == "nba-props-platform");
  CHECK(empty.shard == nbaraw::Shard(0, 1));
  CHECK(empty.task_attempt == 0);

  // Without an environment, nothing is read (the overload the older tests use).
  CHECK(nbaraw::cli::parse({}).source.location == "nba-scraped-data");
}

TEST_CASE("parse: the read limits come from their flags, else NBARAW_* variables, else the defaults", "[options][env]") {
  const Options defaults = parse_env({}, {});
  CHECK(defaults.max_file_bytes == std::uint64_t(64) << 20);
  CHECK(defaults.max_gzip_ratio == 100);
  CHECK(defaults.read_timeout == std::chrono::seconds(300));

  const std::vector<std::pair<std::string, std::string>> env{
      {"NBARAW_MAX_FILE_BYTES", "16M"}, {"NBARAW_MAX_GZIP_RATIO", "0"}, {"NBARAW_READ_TIMEOUT", "30"}};
  const Options from_env = parse_env({}, env);
  CHECK(from_env.max_file_bytes == std::uint64_t(16) << 20);
  CHECK(from_env.max_gzip_ratio == 0);  // no ratio cap
  CHECK(from_env.read_timeout == std::chrono::seconds(30));

  const Options flags = parse_env({"--max-file-bytes", "2G", "--max-gzip-ratio=500", "--read-timeout", "5"}, env);
  CHECK(flags.max_file_bytes == std::uint64_t(2) << 30);
  CHECK(flags.max_gzip_ratio == 500);
  CHECK(flags.read_timeout == std::chrono::seconds(5));

  for (const auto& [args, variables, named] :
       std::vector<std::tuple<std::vector<std::string>, std::vector<std::pair<std::string, std::string>>, std::string>>{
           {{"--max-file-bytes", "0"}, {}, "--max-file-bytes"},
           {{"--max-file-bytes", "lots"}, {}, "lots"},
           {{"--max-gzip-ratio", "-1"}, {}, "--max-gzip-ratio"},
           {{"--read-timeout", "0"}, {}, "--read-timeout"},
           {{"--read-timeout", "86401"}, {}, "--read-timeout"},
           {{}, {{"NBARAW_MAX_FILE_BYTES", "64 MB"}}, "NBARAW_MAX_FILE_BYTES"},
           {{}, {{"NBARAW_READ_TIMEOUT", "soon"}}, "NBARAW_READ_TIMEOUT"},
       }) {
    INFO(named);
    CHECK_THROWS_WITH(parse_env(std::vector<std::string_view>(args.begin(), args.end()), variables), Catch::Contains(named));
  }
}

TEST_CASE("parse: a malformed environment value is a UsageError naming the variable", "[options][env]") {
  struct Case {
    std::vector<std::pair<std::string, std::string>> env;
    std::vector<std::string_view> args;
    std::vector<std::string> mentions;
  };
  const auto c = GENERATE(values<Case>({
      {{{"START_DATE", "2021/10/01"}}, {}, {"START_DATE", "2021/10/01"}},
      {{{"END_DATE", "2025-02-30"}}, {}, {"END_DATE", "2025-02-30"}},
      {{{"START_DATE", "2025-07-02"}, {"END_DATE", "2025-07-01"}}, {}, {"START_DATE", "END_DATE", "after"}},
      {{{"END_DATE", "2025-07-01"}}, {"--start-date", "2025-07-02"}, {"--start-date", "END_DATE"}},
      {{{"BUCKET_NAME", "Bad_Bucket!"}}, {}, {"BUCKET_NAME", "Bad_Bucket!"}},
      {{{"BUCKET_NAME", "gs://nba-scraped-data"}}, {}, {"BUCKET_NAME"}},
      {{{"GCP_PROJECT_ID", "bad project"}}, {}, {"GCP_PROJECT_ID"}},
      {{{"CLOUD_RUN_TASK_INDEX", "3"}, {"CLOUD_RUN_TASK_COUNT", "3"}}, {}, {"CLOUD_RUN_TASK_INDEX", "CLOUD_RUN_TASK_COUNT"}},
      {{{"CLOUD_RUN_TASK_INDEX", "0"}, {"CLOUD_RUN_TASK_COUNT", "0"}}, {}, {"CLOUD_RUN_TASK_COUNT", "'0'"}},
      {{{"CLOUD_RUN_TASK_INDEX", "one"}, {"CLOUD_RUN_TASK_COUNT", "3"}}, {}, {"CLOUD_RUN_TASK_INDEX", "one"}},
      {{{"CLOUD_RUN_TASK_INDEX", "-1"}, {"CLOUD_RUN_TASK_COUNT", "3"}}, {}, {"CLOUD_RUN_TASK_INDEX", "-1"}},
      {{{"CLOUD_RUN_TASK_INDEX", "1"}, {"CLOUD_RUN_TASK_COUNT", "3x"}}, {}, {"CLOUD_RUN_TASK_COUNT", "3x"}},
      {{{"CLOUD_RUN_TASK_INDEX", " 1"}, {"CLOUD_RUN_TASK_COUNT", "3"}}, {}, {"CLOUD_RUN_TASK_INDEX"}},
      {{{"CLOUD_RUN_TASK_INDEX", "1"}}, {}, {"CLOUD_RUN_TASK_INDEX", "CLOUD_RUN_TASK_COUNT"}},
      {{{"CLOUD_RUN_TASK_COUNT", "4"}}, {}, {"CLOUD_RUN_TASK_COUNT", "CLOUD_RUN_TASK_INDEX"}},
      {{{"JOB_COMPLETION_INDEX", "2"}}, {}, {"JOB_COMPLETION_INDEX", "--shard-count"}},
      {{{"JOB_COMPLETION_INDEX", "4"}}, {"--shard-count", "4"}, {"JOB_COMPLETION_INDEX", "--shard-count"}},
      {{{"CLOUD_RUN_TASK_ATTEMPT", "again"}}, {}, {"CLOUD_RUN_TASK_ATTEMPT", "again"}},
      {{{"CLOUD_RUN_TASK_ATTEMPT", "-1"}}, {}, {"CLOUD_RUN_TASK_ATTEMPT"}},
  }));
  std::string described;
  for (const auto& [k, v] : c.env) described += k + "=" + v + " ";
  for (auto a : c.args) described += std::string(a) + " ";
  INFO(described);
  CHECK_THROWS_AS(parse_env(c.args, c.env), UsageError);
  for (const auto& word : c.mentions) CHECK_THROWS_WITH(parse_env(c.args, c.env), Catch::Contains(word));
}

TEST_CASE("parse: the task's shard comes from --shard, else CLOUD_RUN_TASK_* or JOB_COMPLETION_INDEX", "[options][shard]") {
  using nbaraw::Shard;
  // Cloud Run Jobs.
  const Options cloud_run = parse_env({}, {{"CLOUD_RUN_TASK_INDEX", "2"}, {"CLOUD_RUN_TASK_COUNT", "5"},
                                           {"CLOUD_RUN_TASK_ATTEMPT", "1"}});
  CHECK(cloud_run.shard == Shard(2, 5));
  CHECK(cloud_run.shard_origin == "CLOUD_RUN_TASK_INDEX/CLOUD_RUN_TASK_COUNT");
  CHECK(cloud_run.task_attempt == 1);
  // A single-task execution is the whole plan.
  CHECK(parse_env({}, {{"CLOUD_RUN_TASK_INDEX", "0"}, {"CLOUD_RUN_TASK_COUNT", "1"}}).shard == Shard(0, 1));
  CHECK(parse_env({}, {{"CLOUD_RUN_TASK_COUNT", "1"}}).shard == Shard(0, 1));
  // Kubernetes indexed Jobs: the index from JOB_COMPLETION_INDEX, the count from --shard-count (or CLOUD_RUN_TASK_COUNT).
  const Options k8s = parse_env({"--shard-count", "4"}, {{"JOB_COMPLETION_INDEX", "3"}});
  CHECK(k8s.shard == Shard(3, 4));
  CHECK(k8s.shard_origin == "JOB_COMPLETION_INDEX/--shard-count");
  CHECK(parse_env({}, {{"JOB_COMPLETION_INDEX", "1"}, {"CLOUD_RUN_TASK_COUNT", "2"}}).shard == Shard(1, 2));
  // CLOUD_RUN_TASK_INDEX is preferred when both are set; --shard-count wins over CLOUD_RUN_TASK_COUNT.
  CHECK(parse_env({}, {{"CLOUD_RUN_TASK_INDEX", "1"}, {"JOB_COMPLETION_INDEX", "7"}, {"CLOUD_RUN_TASK_COUNT", "3"}}).shard ==
        Shard(1, 3));
  CHECK(parse_env({"--shard-count=8"}, {{"CLOUD_RUN_TASK_INDEX", "6"}, {"CLOUD_RUN_TASK_COUNT", "3"}}).shard == Shard(6, 8));
  // --shard wins over the whole environment (even a malformed one).
  const Options flag = parse_env({"--shard", "1/2"}, {{"CLOUD_RUN_TASK_INDEX", "x"}, {"CLOUD_RUN_TASK_COUNT", "0"}});
  CHECK(flag.shard == Shard(1, 2));
  CHECK(flag.shard_origin == "--shard");
  CHECK(parse_env({}, {}).shard == Shard(0, 1));
}

TEST_CASE("log_format_of: --log-format, else json when stderr is not a terminal and text when it is", "[options]") {
  using nbaraw::cli::log_format_of;
  const Options none = nbaraw::cli::parse({"--source", "/d"});
  CHECK(log_format_of(none, false) == LogFormat::json);
  CHECK(log_format_of(none, true) == LogFormat::text);
  CHECK(log_format_of(nbaraw::cli::parse({"--log-format", "text"}), false) == LogFormat::text);
  CHECK(log_format_of(nbaraw::cli::parse({"--log-format", "json"}), true) == LogFormat::json);
}

TEST_CASE("usage names the environment defaults, the shard flags and the report", "[options]") {
  const std::string text = nbaraw::cli::usage("demo_backfill", demo_info());
  for (std::string_view word : {"START_DATE", "END_DATE", "BUCKET_NAME", "GCP_PROJECT_ID", "CLOUD_RUN_TASK_INDEX",
                                "JOB_COMPLETION_INDEX", "--shard I/N", "--shard-count", "--report FILE", "CLOUD_RUN_TASK_ATTEMPT"})
    CHECK_THAT(text, Catch::Contains(std::string(word)));
}
