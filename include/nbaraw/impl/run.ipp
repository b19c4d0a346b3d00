// The runner, over any processor: see cli/run.hpp.
#include <nbaraw/cli/run.hpp>
#include <nbaraw/cli/options.hpp>
#include <nbaraw/cli/validate.hpp>
#include <nbaraw/log/logger.hpp>
#include <nbaraw/log/report.hpp>
#include <nbaraw/sinks/bigquery_lookups.hpp>
#include <nbaraw/sinks/bigquery_sink.hpp>
#include <nbaraw/sinks/ndjson_sink.hpp>
#include <nbaraw/bigquery/connection.hpp>
#include <nbaraw/gcs/client.hpp>
#include <nbaraw/sinks/sqlite_lookups.hpp>
#include <nbaraw/sinks/sqlite_sink.hpp>
#include <nbaraw/sources/gcs_source.hpp>
#include <nbaraw/sources/local_source.hpp>

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <string_view>
#include <unistd.h>
#include <vector>

namespace nbaraw::cli {

NBARAW_DECL int run(int argc, char** argv, const ProcessorFactory& factory) {
  const auto started = std::chrono::system_clock::now();
  const auth::Environment env = auth::process_environment();
  const std::string_view program = argc > 0 ? std::string_view(argv[0]).substr(std::string_view(argv[0]).rfind('/') + 1)
                                            : std::string_view("backfill");
  const ProcessorInfo& info = factory.declared.info();
  Options options;
  std::vector<Date> dates;
  try {
    options = parse(std::vector<std::string_view>(argv + (argc > 0 ? 1 : 0), argv + argc), env);
    if (options.help) {
      std::cout << usage(program, info);
      return 0;
    }
    if (options.version) {
      std::cout << fmt::format("{} (nbaraw {}, processor {} version {})\n", program, NBARAW_VERSION_STRING, info.name,
                               info.version);
      return 0;
    }
    dates = planned_dates(options, info, today_utc());
    if (!factory.takes_team_filter && !options.team_filter.empty())
        throw UsageError(fmt::format("--team-filter is not supported by {} (it reads no game folders)", info.name));
    if (!options.report.empty()) {
      std::error_code ec;
      const std::filesystem::path report(options.report);
      const std::filesystem::path folder = report.parent_path();
      if (!folder.empty() && !std::filesystem::is_directory(folder, ec))
        throw UsageError(fmt::format("--report {}: the folder {} does not exist", options.report, folder.string()));
      if (std::filesystem::is_directory(report, ec))
        throw UsageError(fmt::format("--report {} is a folder; name a file", options.report));
    }
  } catch (const UsageError& e) {
    std::cerr << program << ": " << e.what() << " (see --help)\n";
    return 2;
  }

  const bool terminal = ::isatty(STDERR_FILENO) == 1;
  Logger logger(log_format_of(options, terminal), std::cerr, terminal);
  RunIdentity identity;
  identity.job = std::string(program);
  identity.processor = info.name;
  identity.run_id = new_run_id();
  identity.shard = options.shard;
  identity.shard_origin = options.shard_origin;
  identity.attempt = options.task_attempt;
  if (auto execution = env("CLOUD_RUN_EXECUTION")) identity.execution = *execution;
  logger.set_identity(identity);
  if (options.validate) return validate(options, info, dates, logger, env, std::cout);  // checks the table; no backfill
  RunReport report;
  report.identity = identity;
  report.started = started;
  auto log_start = [&] {
    std::string task;
    if (options.shard.sharded())
      task = fmt::format(", task {} of {} (from {})", options.shard.index, options.shard.count, options.shard_origin);
    if (options.task_attempt > 0) task += fmt::format(", attempt {}", options.task_attempt);
    logger.log(Logger::Severity::INFO,
               fmt::format("run {} of {}: {} dates from {} to {}{}{}", identity.run_id, program, dates.size(),
                           dates.front().iso(), dates.back().iso(), task, options.dry_run ? " (dry run)" : ""),
               {{"first_date", dates.front().iso()}, {"last_date", dates.back().iso()}, {"dates", dates.size()}});
  };
  // A usage problem found once the logger exists: one line, in the log's format.
  auto usage_problem = [&](std::string_view what) {
    if (logger.format() == LogFormat::json)
      logger.log(Logger::Severity::ERROR, fmt::format("{}: {} (see --help)", program, what));
    else
      std::cerr << program << ": " << what << " (see --help)\n";
  };
  const int code = [&]() -> int {
    try {
      BackfillOptions backfill;
      backfill.dates = dates;
      backfill.limit = options.limit;
      backfill.max_workers = options.max_workers;
      backfill.dry_run = options.dry_run;
      backfill.reprocess = options.reprocess;
      backfill.batch_files = options.batch_size;
      backfill.batch_bytes = options.batch_bytes;
      backfill.batch_rows = options.batch_rows;
      backfill.max_loads = options.max_loads;
      backfill.progress_every = options.progress_every;
      backfill.shard = options.shard;
      backfill.read_limits.max_bytes = options.max_file_bytes;
      backfill.read_limits.max_gzip_ratio = options.max_gzip_ratio;
      backfill.read_timeout = options.read_timeout;
      net::HttpClientOptions http_options;
      http_options.ca_file = options.ca_file;
      auto with_sink = [&](auto& source) {
        // Processors that read other tables are built here, with lookups the sink's store answers.
        auto execute = [&](auto& sink, std::shared_ptr<Lookups> lookups) {
          using SourceT = std::decay_t<decltype(source)>;
          using SinkT = std::decay_t<decltype(sink)>;
          const AnyProcessor processor = factory.build(std::move(lookups), options.team_filter);
          log_start();
          RunSummary summary = Backfill<AnyProcessor, SourceT, SinkT>(processor, source, sink, backfill, logger).run();
          logger.summary(summary, std::cout);
          report.summary = summary;
          return summary.exit_code();
        };
        if (options.sink.kind == SinkSpec::Kind::sqlite) {
          SqliteSink sink(options.sink.location, options.dry_run ? SqliteSink::Mode::read_only : SqliteSink::Mode::read_write);
          return execute(sink, std::make_shared<SqliteLookups>(options.sink.location));
        }
        if (options.sink.kind == SinkSpec::Kind::ndjson) {
          NdjsonSink sink(options.sink.location, options.dry_run);
          return execute(sink, no_lookups());
        }
        net::HttpClient http(http_options);  // its own pool and counters, apart from the source's
        const bigquery::ClientSetup setup = bigquery::client_setup(http, options.sink.project, env);
        bigquery::Client client(http, setup.credentials, setup.options);
        BigQuerySinkOptions sink_options;
        sink_options.project = options.sink.project;
        sink_options.dataset = options.sink.dataset;
        sink_options.create_tables = options.create_tables;
        sink_options.read_only = options.dry_run;
        BigQuerySink sink(client, sink_options);
        logger.log(Logger::Severity::INFO,
                   fmt::format("loading into {} through {} as {}", sink.describe(), setup.options.endpoint,
                               setup.credentials->describe()),
                   {{"sink", sink.describe()}, {"endpoint", setup.options.endpoint}});
        return execute(sink, std::make_shared<BigQueryLookups>(client, options.sink.project, options.sink.dataset));
      };

      if (options.source.kind == SourceSpec::Kind::local) {
        LocalSource source(options.source.location);
        return with_sink(source);
      }
      net::HttpClient http(http_options);
      const std::optional<std::string> emulator = gcs::emulator_endpoint(env);
      // An emulator takes no credentials, as the Google client libraries do.
      std::shared_ptr<auth::Credentials> credentials =
          emulator ? auth::anonymous_credentials() : auth::application_default_credentials(http, env);
      gcs::ClientOptions gcs_options;
      if (emulator) gcs_options.endpoint = *emulator;
      logger.log(Logger::Severity::INFO,
                 fmt::format("reading gs://{} through {} as {}", options.source.location, gcs_options.endpoint,
                             credentials->describe()),
                 {{"bucket", options.source.location}, {"endpoint", gcs_options.endpoint}});
      gcs::Client client(http, credentials, gcs_options);
      GcsSource source(options.source.location, client, http);
      return with_sink(source);
    } catch (const UnsafePath& e) {
      logger.log(Logger::Severity::ERROR, fmt::format("{}: {}", program, e.what()));
      report.error = e.what();
      return 2;
    } catch (const std::invalid_argument& e) {  // e.g. the source folder does not exist
      usage_problem(e.what());
      report.error = e.what();
      return 2;
    } catch (const std::exception& e) {
      logger.log(Logger::Severity::ERROR, fmt::format("run failed before loading: {}", e.what()));
      report.error = fmt::format("run failed before loading: {}", e.what());
      return 1;
    }
  }();
  if (options.report.empty()) return code;
  report.exit_code = code;
  report.ended = std::chrono::system_clock::now();
  try {
    write_report(options.report, report_json(report));
  } catch (const std::exception& e) {
    logger.log(Logger::Severity::ERROR, e.what());
    return code == 0 ? 1 : code;  // the report is part of the run's result
  }
  return code;
}

}  // namespace nbaraw::cli
