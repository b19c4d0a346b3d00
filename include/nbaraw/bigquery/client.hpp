#pragma once
// The BigQuery REST v2 calls a loader needs: tables get/insert/delete, load jobs with multipart upload,
// query jobs with named parameters, jobs.get polling and getQueryResults paging. Jobs carry ids chosen by
// the caller, so a submission that may or may not have reached BigQuery is simply sent again: a 409
// attaches to the job that exists.
#include <nbaraw/auth/credentials.hpp>
#include <nbaraw/config.hpp>
#include <nbaraw/net/http_client.hpp>

#include <boost/json/object.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace nbaraw::bigquery {

/// BigQuery's ErrorProto: `reason` is the machine-readable class (invalid, backendError, ...).
struct ErrorProto {
  std::string reason;
  std::string location;
  std::string message;
};

/// A request BigQuery refused or could not answer (after retries), with its own message and reason.
struct BigQueryError : std::runtime_error {
  BigQueryError(unsigned http_status, ErrorProto e, const std::string& what)
      : std::runtime_error(what), status(http_status), error(std::move(e)) {}
  unsigned status;
  ErrorProto error;
};

/// A job that ended with status.errorResult: nothing of it was applied.
struct JobFailed : std::runtime_error {
  JobFailed(std::string id, ErrorProto e)
      : std::runtime_error(fmt_message(id, e)), job_id(std::move(id)), error(std::move(e)) {}
  std::string job_id;
  ErrorProto error;

 private:
  static std::string fmt_message(const std::string& id, const ErrorProto& e) {
    return "BigQuery job " + id + " failed (" + e.reason + "): " + e.message;
  }
};

/// A fresh job id for a read-only query: nothing to adopt after a retry, so it only has to be unique.
NBARAW_DECL std::string random_job_id(std::string_view prefix);

/// Transient job failures: the same work may be submitted again under a new job id.
NBARAW_DECL bool is_retryable_reason(std::string_view reason);

/// A transient reason, or a transaction BigQuery cancelled because another one mutated the same table at
/// the same time (tasks of a sharded job load one table in parallel): nothing was applied, so it may run again.
NBARAW_DECL bool is_retryable(const ErrorProto& error);

struct ClientOptions {
  std::string endpoint = "https://bigquery.googleapis.com";  ///< or an emulator's base URL
  std::string project;                                      ///< the project jobs run in and tables live in
  std::string location;                                     ///< job location; empty: BigQuery's default
  std::chrono::milliseconds first_poll{250};                ///< jobs.get backoff (load jobs): first wait,
  std::chrono::milliseconds max_poll{5'000};                ///<   doubling up to this,
  std::chrono::milliseconds job_timeout{std::chrono::hours(6)};  ///< and giving up after this
  /// Query jobs are awaited by getQueryResults?timeoutMs=: BigQuery holds the answer until the job is done
  /// or this passes, so a job is seen done the moment it is, with no sleeping between polls.
  std::chrono::milliseconds long_poll{10'000};
  unsigned job_attempts = 5;  ///< submissions of one job after transient failures (backendError, ...)
  net::RetryPolicy rate_limit_retry{8, std::chrono::milliseconds(1'000), std::chrono::milliseconds(60'000), 2.0,
                                    std::chrono::milliseconds(600'000)};  ///< for 403 rateLimitExceeded answers
};

/// BIGQUERY_EMULATOR_HOST as the Google client libraries read it: "host:port" (http assumed) or a URL.
NBARAW_DECL std::optional<std::string> emulator_endpoint(const auth::Environment& env);

/// A finished, successful job.
struct JobResult {
  std::string job_id;            ///< the id that succeeded (the base id, or base id + "_a<N>")
  std::string location;
  boost::json::object resource;  ///< the Job resource as jobs.get returned it
  bool attached = false;         ///< the job existed already (409) and was adopted, not run again
};

/// A query's result rows, every value as BigQuery sends it (scalars as strings, NULL as null).
struct QueryRows {
  std::vector<std::string> columns;
  std::vector<std::string> types;  ///< each column's type as the result schema names it (INTEGER, STRING, ...)
  std::vector<std::vector<std::optional<std::string>>> rows;
};

/// Counters, safe to read while calls run.
struct ClientStats {
  std::atomic<std::uint64_t> load_jobs{0};     ///< load jobs submitted (attempts included)
  std::atomic<std::uint64_t> query_jobs{0};    ///< query jobs submitted (attempts included)
  std::atomic<std::uint64_t> attached{0};      ///< submissions answered 409 and adopted
  std::atomic<std::uint64_t> job_retries{0};   ///< jobs submitted again after a transient failure
  std::atomic<std::uint64_t> rate_limited{0};  ///< requests repeated after 403 rateLimitExceeded
  std::atomic<std::uint64_t> polls{0};         ///< jobs.get and getQueryResults calls
  std::atomic<std::uint64_t> sleeps{0};        ///< waits between polls (a server that answered a long poll early)
  std::atomic<std::uint64_t> bytes_uploaded{0};
};

/// Thread-safe (the HTTP client and credentials are).
class Client {
 public:
  NBARAW_DECL Client(net::HttpClient& http, std::shared_ptr<auth::Credentials> credentials, ClientOptions options);

  /// tables.get: the Table resource, or nullopt when the table does not exist.
  NBARAW_DECL std::optional<boost::json::object> get_table(std::string_view dataset, std::string_view table);
  /// tables.insert; true when created, false when it existed already (409).
  NBARAW_DECL bool insert_table(const boost::json::object& table_resource);
  /// tables.delete; a missing table is not an error.
  NBARAW_DECL void delete_table(std::string_view dataset, std::string_view table);
  /// tables.patch of the schema (BigQuery lets a patch add NULLABLE columns at the end); the patched resource.
  NBARAW_DECL boost::json::object patch_table_schema(std::string_view dataset, std::string_view table,
                                                     const boost::json::array& fields);

  /// Runs a load job (configuration.load in `configuration`) uploading `data` as the second part of a
  /// multipart request, and waits for it. The job id is `job_id`; a 409 attaches to that job. A job that
  /// exists and failed, or that fails with a transient reason, is superseded by `job_id_a2`, `_a3`, ...
  /// (a failed job applied nothing). Throws JobFailed, BigQueryError, net::HttpError.
  NBARAW_DECL JobResult run_load(const std::string& job_id, const boost::json::object& configuration, std::string_view data);
  /// The same for a query job (configuration.query).
  NBARAW_DECL JobResult run_query(const std::string& job_id, const boost::json::object& configuration);
  /// Every row of a finished query job, over all pages.
  NBARAW_DECL QueryRows query_results(const JobResult& job);

  const ClientStats& stats() const { return stats_; }
  const ClientOptions& options() const { return options_; }
  /// Where requests go, for logs: the endpoint and project.
  std::string describe() const { return options_.endpoint + " project " + options_.project; }

 private:
  NBARAW_DECL net::HttpResponse call(net::HttpRequest request);
  NBARAW_DECL JobResult run_job(const std::string& job_id, const boost::json::object& configuration,
                                std::optional<std::string_view> upload);
  NBARAW_DECL boost::json::object wait(const std::string& job_id, const std::string& location);
  /// Waits for a query job by long polls of getQueryResults; returns when it is done (or its results fail).
  NBARAW_DECL void long_poll(const std::string& job_id, const std::string& location);
  NBARAW_DECL std::string results_url(const std::string& job_id, const std::string& location) const;
  std::string api() const { return options_.endpoint + "/bigquery/v2/projects/" + net::percent_encode(options_.project); }

  net::HttpClient& http_;
  std::shared_ptr<auth::Credentials> credentials_;
  ClientOptions options_;
  ClientStats stats_;
};

}  // namespace nbaraw::bigquery

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/bigquery_client.ipp>
#endif
