#pragma once
#include <nbaraw/bigquery/connection.hpp>
#include <nbaraw/cli/validate.hpp>
#include <nbaraw/core/timestamp.hpp>
#include <nbaraw/detail/printable.hpp>
#include <nbaraw/net/http_client.hpp>
#include <nbaraw/sinks/bigquery_validation.hpp>
#include <nbaraw/sinks/sqlite_validation.hpp>

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <ostream>

namespace nbaraw::cli {

NBARAW_DECL std::string validation_text(const validation::Report& r) {
  using validation::Outcome;
  std::string out = fmt::format("validation of {} in {}, {} to {} ({} dates)\n", r.table, r.store,
                                r.dates.empty() ? "" : r.dates.front().iso(), r.dates.empty() ? "" : r.dates.back().iso(),
                                r.dates.size());
  std::size_t check_width = 5, scope_width = 5;
  for (const auto& c : r.results) {
    check_width = std::max(check_width, c.check.size());
    scope_width = std::max(scope_width, c.scope.size());
  }
  auto line = [&](std::string_view check, std::string_view scope, std::string_view result, std::string_view detail) {
    out += fmt::format("{:<{}} | {:<{}} | {:<6} | {}\n", check, check_width, scope, scope_width, result, detail);
  };
  line("check", "scope", "result", "detail");
  out += fmt::format("{:-<{}}-+-{:-<{}}-+-{:-<6}-+-{:-<6}\n", "", check_width, "", scope_width, "", "");
  for (const auto& c : r.results) line(c.check, c.scope, validation::to_string(c.outcome), nbaraw::detail::printable(c.detail));  // table values: escaped
  out += fmt::format("result: {} ({} failed, {} warnings, {} passed)\n", r.failed() ? "FAIL" : "PASS", r.count(Outcome::fail),
                     r.count(Outcome::warning), r.count(Outcome::pass));
  return out;
}

NBARAW_DECL boost::json::object validation_json(const validation::Report& r, const RunIdentity& identity) {
  using validation::Outcome;
  boost::json::array checks;
  for (const auto& c : r.results) {
    boost::json::array examples;
    for (const auto& e : c.examples) examples.emplace_back(e);
    checks.push_back({{"check", c.check},
                      {"scope", c.scope},
                      {"result", validation::to_string(c.outcome)},
                      {"detail", c.detail},
                      {"offenders", c.offenders},
                      {"total", c.total},
                      {"examples", std::move(examples)}});
  }
  const bool warned = r.count(Outcome::warning) > 0;
  return {{"severity", r.failed() ? "ERROR" : warned ? "WARNING" : "NOTICE"},
          {"message", "validation"},
          {"time", utc_now_iso() + "Z"},
          {"logging.googleapis.com/labels", identity.labels()},
          {"run_id", identity.run_id},
          {"job", identity.job},
          {"processor", identity.processor},
          {"table", r.table},
          {"sink", r.store},
          {"first_date", r.dates.empty() ? std::string() : r.dates.front().iso()},
          {"last_date", r.dates.empty() ? std::string() : r.dates.back().iso()},
          {"dates", r.dates.size()},
          {"result", r.failed() ? "FAIL" : "PASS"},
          {"counts",
           {{"pass", r.count(Outcome::pass)},
            {"info", r.count(Outcome::info)},
            {"warning", r.count(Outcome::warning)},
            {"fail", r.count(Outcome::fail)},
            {"skipped", r.count(Outcome::skipped)}}},
          {"checks", std::move(checks)},
          {"exit_code", r.exit_code()}};
}

NBARAW_DECL int validate(const Options& options, const ProcessorInfo& info, const std::vector<Date>& dates, Logger& logger,
                         const auth::Environment& env, std::ostream& out) {
  try {
    // The main table, then each extra table with its own checks: one report each; the worst exit code.
    std::vector<ProcessorInfo> tables{info};
    for (const ExtraTable& extra : info.extra_tables) {
      ProcessorInfo& table = tables.emplace_back(info);
      table.table = extra.table;
      table.strategy = extra.strategy;
      table.validation = extra.validation;
    }
    auto run = [&](validation::Store& store) {
      int exit_code = 0;
      for (const ProcessorInfo& table : tables) {
        logger.log(Logger::Severity::INFO,
                   fmt::format("validating {} in {}: {} dates from {} to {}", table.table.qualified_name(), store.describe(),
                               dates.size(), dates.front().iso(), dates.back().iso()),
                   {{"table", table.table.qualified_name()}, {"sink", store.describe()}, {"first_date", dates.front().iso()},
                    {"last_date", dates.back().iso()}, {"dates", dates.size()}});
        const validation::Report report = validation::validate_table(table, store, dates);
        if (logger.format() == LogFormat::json) out << boost::json::serialize(validation_json(report, logger.identity())) << '\n';
        else out << validation_text(report);
        out.flush();
        exit_code = std::max(exit_code, report.exit_code());
      }
      return exit_code;
    };
    if (options.sink.kind == SinkSpec::Kind::sqlite) {
      SqliteValidationStore store(options.sink.location);
      return run(store);
    }
    if (options.sink.kind != SinkSpec::Kind::bigquery)
      throw std::invalid_argument("validation is not supported for the ndjson sink");
    net::HttpClientOptions http_options;
    http_options.ca_file = options.ca_file;
    net::HttpClient http(http_options);
    const bigquery::ClientSetup setup = bigquery::client_setup(http, options.sink.project, env);
    bigquery::Client client(http, setup.credentials, setup.options);
    BigQueryValidationStore store(client, options.sink.project, options.sink.dataset);
    return run(store);
  } catch (const std::exception& e) {
    logger.log(Logger::Severity::ERROR, fmt::format("validation failed: {}", e.what()));
    return 1;
  }
}

}  // namespace nbaraw::cli
