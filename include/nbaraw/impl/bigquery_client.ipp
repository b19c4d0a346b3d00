#pragma once
#include <nbaraw/bigquery/client.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <random>
#include <thread>

namespace nbaraw::bigquery {

namespace detail {
/// A request safe to repeat (reads, and writes BigQuery answers 409 to when repeated).
inline net::HttpRequest request(std::string method, std::string url, net::Headers headers = {}, std::string body = {}) {
  net::HttpRequest r;
  r.method = std::move(method);
  r.url = std::move(url);
  r.headers = std::move(headers);
  r.body = std::move(body);
  r.idempotent = true;
  return r;
}

inline std::string text_of(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

inline ErrorProto error_proto(const boost::json::object& o) {
  return {text_of(o, "reason"), text_of(o, "location"), text_of(o, "message")};
}

/// The error of a non-2xx answer: {"error":{"code","message","errors":[{"reason",...}]}}.
inline ErrorProto error_of(const net::HttpResponse& r) {
  boost::system::error_code ec;
  auto v = boost::json::parse(r.body, ec);
  ErrorProto e;
  if (!ec && v.is_object())
    if (const auto* error = v.get_object().if_contains("error"); error && error->is_object()) {
      const auto& eo = error->get_object();
      e.message = text_of(eo, "message");
      if (const auto* list = eo.if_contains("errors"); list && list->is_array() && !list->get_array().empty() &&
                                                       list->get_array().front().is_object()) {
        const auto& first = list->get_array().front().get_object();
        e.reason = text_of(first, "reason");
        e.location = text_of(first, "location");
        if (e.message.empty()) e.message = text_of(first, "message");
      }
    }
  if (e.message.empty()) e.message = r.body.empty() ? "no message" : "no JSON error body";
  return e;
}

inline boost::json::object parse_object(const net::HttpResponse& r, std::string_view what) {
  boost::system::error_code ec;
  auto v = boost::json::parse(r.body, ec);
  if (ec || !v.is_object())
    throw BigQueryError(r.status, {"invalidResponse", {}, "not a JSON object"},
                        fmt::format("{}: BigQuery's answer is not a JSON object", what));
  return std::move(v.get_object());
}

inline const boost::json::object* object_at(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_object() ? &v->get_object() : nullptr;
}

inline bool ok(const net::HttpResponse& r) { return r.status >= 200 && r.status < 300; }

[[noreturn]] inline void fail(const net::HttpResponse& r, std::string_view what) {
  ErrorProto e = error_of(r);
  std::string message = fmt::format("{}: BigQuery answered {} ({}): {}", what, r.status,
                                    e.reason.empty() ? "no reason" : e.reason, e.message);
  throw BigQueryError(r.status, std::move(e), message);
}
}  // namespace detail

NBARAW_DECL bool is_retryable_reason(std::string_view reason) {
  return reason == "backendError" || reason == "internalError" || reason == "rateLimitExceeded" ||
         reason == "jobRateLimitExceeded" || reason == "jobBackendError" || reason == "jobInternalError";
}

NBARAW_DECL std::string random_job_id(std::string_view prefix) {
  thread_local std::mt19937_64 random{std::random_device{}()};
  return fmt::format("{}_{:016x}", prefix, random());
}

NBARAW_DECL bool is_retryable(const ErrorProto& error) {
  if (is_retryable_reason(error.reason)) return true;
  const std::string_view m = error.message;
  return m.find("due to concurrent update") != std::string_view::npos ||
         m.find("aborted due to concurrent") != std::string_view::npos;
}

NBARAW_DECL std::optional<std::string> emulator_endpoint(const auth::Environment& env) {
  auto host = env("BIGQUERY_EMULATOR_HOST");
  if (!host || host->empty()) return std::nullopt;
  std::string url = host->find("://") == std::string::npos ? "http://" + *host : *host;
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

NBARAW_DECL Client::Client(net::HttpClient& http, std::shared_ptr<auth::Credentials> credentials, ClientOptions options)
    : http_(http), credentials_(std::move(credentials)), options_(std::move(options)) {
  while (!options_.endpoint.empty() && options_.endpoint.back() == '/') options_.endpoint.pop_back();
}

NBARAW_DECL net::HttpResponse Client::call(net::HttpRequest request) {
  // The HTTP client retries 5xx, 429 and transport failures. BigQuery also answers short-term rate limits
  // with 403 rateLimitExceeded, which only the body tells apart from a permanent 403: retried here.
  std::mt19937_64 rng{std::random_device{}()};
  const auto started = std::chrono::steady_clock::now();
  const std::size_t plain_headers = request.headers.size();
  bool refreshed = false;
  for (unsigned attempt = 1;; ++attempt) {
    request.headers.resize(plain_headers);
    if (auto authorization = credentials_->authorization_header()) request.headers.emplace_back("Authorization", *authorization);
    net::HttpResponse response = http_.send(request);
    if (response.status == 401 && !refreshed) {  // a revoked or early-expired token: fetch a new one, once
      credentials_->invalidate();
      refreshed = true;
      continue;
    }
    if (response.status == 403) {
      const ErrorProto e = detail::error_of(response);
      const auto& policy = options_.rate_limit_retry;
      if ((e.reason == "rateLimitExceeded" || e.reason == "jobRateLimitExceeded") && attempt < policy.max_attempts &&
          std::chrono::steady_clock::now() - started < policy.total_budget) {
        ++stats_.rate_limited;
        std::this_thread::sleep_for(net::backoff_delay(policy, attempt, rng));
        continue;
      }
    }
    return response;
  }
}

NBARAW_DECL std::optional<boost::json::object> Client::get_table(std::string_view dataset, std::string_view table) {
  const std::string what = fmt::format("tables.get {}.{}", dataset, table);
  net::HttpResponse r = call(detail::request("GET", fmt::format("{}/datasets/{}/tables/{}", api(), net::percent_encode(dataset),
                                                  net::percent_encode(table))));
  if (r.status == 404) return std::nullopt;
  if (!detail::ok(r)) detail::fail(r, what);
  return detail::parse_object(r, what);
}

NBARAW_DECL bool Client::insert_table(const boost::json::object& table_resource) {
  const auto* reference = detail::object_at(table_resource, "tableReference");
  const std::string dataset = reference ? detail::text_of(*reference, "datasetId") : std::string();
  const std::string what = fmt::format("tables.insert {}.{}", dataset, reference ? detail::text_of(*reference, "tableId") : "");
  // Creating a table twice answers 409, so the POST is safe to repeat.
  net::HttpResponse r = call(detail::request("POST", fmt::format("{}/datasets/{}/tables", api(), net::percent_encode(dataset)),
                                            {{"Content-Type", "application/json"}}, boost::json::serialize(table_resource)));
  if (r.status == 409) return false;
  if (!detail::ok(r)) detail::fail(r, what);
  return true;
}

NBARAW_DECL boost::json::object Client::patch_table_schema(std::string_view dataset, std::string_view table,
                                                           const boost::json::array& fields) {
  const std::string what = fmt::format("tables.patch {}.{}", dataset, table);
  // The same schema patched twice is the same table: safe to repeat.
  net::HttpResponse r = call(detail::request("PATCH", fmt::format("{}/datasets/{}/tables/{}", api(), net::percent_encode(dataset),
                                                  net::percent_encode(table)),
                                            {{"Content-Type", "application/json"}},
                                            boost::json::serialize(boost::json::object{{"schema", {{"fields", fields}}}})));
  if (!detail::ok(r)) detail::fail(r, what);
  return detail::parse_object(r, what);
}

NBARAW_DECL void Client::delete_table(std::string_view dataset, std::string_view table) {
  const std::string what = fmt::format("tables.delete {}.{}", dataset, table);
  net::HttpResponse r = call(detail::request("DELETE", fmt::format("{}/datasets/{}/tables/{}", api(), net::percent_encode(dataset),
                                                  net::percent_encode(table))));
  if (r.status != 404 && !detail::ok(r)) detail::fail(r, what);
}

NBARAW_DECL JobResult Client::run_load(const std::string& job_id, const boost::json::object& configuration,
                                       std::string_view data) {
  return run_job(job_id, configuration, data);
}

NBARAW_DECL JobResult Client::run_query(const std::string& job_id, const boost::json::object& configuration) {
  return run_job(job_id, configuration, std::nullopt);
}

NBARAW_DECL JobResult Client::run_job(const std::string& job_id, const boost::json::object& configuration,
                                      std::optional<std::string_view> upload) {
  std::mt19937_64 rng{std::random_device{}()};
  unsigned failures = 0;
  // A failed job wrote nothing and cannot run again under its id, so it is superseded by the next suffix.
  constexpr unsigned max_suffix = 100;
  for (unsigned suffix = 1; suffix <= max_suffix; ++suffix) {
    const std::string id = suffix == 1 ? job_id : fmt::format("{}_a{}", job_id, suffix);
    boost::json::object job;
    boost::json::object reference{{"projectId", options_.project}, {"jobId", id}};
    if (!options_.location.empty()) reference["location"] = options_.location;
    job["jobReference"] = std::move(reference);
    job["configuration"] = configuration;

    net::HttpRequest request;
    request.method = "POST";
    request.idempotent = true;  // the job id makes a repeated submission a 409, never a second job
    if (upload) {
      ++stats_.load_jobs;
      stats_.bytes_uploaded += upload->size();
      std::string boundary;
      std::mt19937_64 pick{std::random_device{}()};
      do boundary = fmt::format("nbaraw_{:016x}{:016x}", pick(), pick());
      while (upload->find(boundary) != std::string_view::npos);
      request.url = fmt::format("{}/upload/bigquery/v2/projects/{}/jobs?uploadType=multipart", options_.endpoint,
                                net::percent_encode(options_.project));
      request.headers.emplace_back("Content-Type", "multipart/related; boundary=" + boundary);
      request.body = fmt::format("--{0}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n{1}\r\n--{0}\r\n"
                                 "Content-Type: application/octet-stream\r\n\r\n",
                                 boundary, boost::json::serialize(job));
      request.body.append(*upload);
      request.body += fmt::format("\r\n--{}--\r\n", boundary);
    } else {
      ++stats_.query_jobs;
      request.url = api() + "/jobs";
      request.headers.emplace_back("Content-Type", "application/json");
      request.body = boost::json::serialize(job);
    }
    const std::string what = fmt::format("jobs.insert {}", id);
    net::HttpResponse r = call(std::move(request));
    bool attached = false;
    std::string location = options_.location;
    boost::json::object resource;
    if (r.status == 409) {
      attached = true;
      ++stats_.attached;
    } else if (!detail::ok(r)) {
      detail::fail(r, what);
    } else {
      resource = detail::parse_object(r, what);
      if (const auto* ref = detail::object_at(resource, "jobReference"))
        if (auto l = detail::text_of(*ref, "location"); !l.empty()) location = l;
    }
    const auto* status = detail::object_at(resource, "status");
    if (!status || detail::text_of(*status, "state") != "DONE") {
      if (!upload) long_poll(id, location);  // then one jobs.get reads the finished job's status
      resource = wait(id, location);
      status = detail::object_at(resource, "status");
    }
    const auto* error = status ? detail::object_at(*status, "errorResult") : nullptr;
    if (!error) return {id, location, std::move(resource), attached};
    ErrorProto e = detail::error_proto(*error);
    if (attached) continue;  // an earlier run's failure: run the work afresh
    if (is_retryable(e) && ++failures < options_.job_attempts) {
      ++stats_.job_retries;
      std::this_thread::sleep_for(net::backoff_delay(options_.rate_limit_retry, failures, rng));
      continue;
    }
    throw JobFailed(id, std::move(e));
  }
  throw BigQueryError(0, {"tooManyAttempts", {}, "every job id suffix is taken by a failed job"},
                      fmt::format("job {}: {} earlier attempts failed; giving up", job_id, max_suffix));
}

NBARAW_DECL boost::json::object Client::wait(const std::string& job_id, const std::string& location) {
  std::string url = fmt::format("{}/jobs/{}", api(), net::percent_encode(job_id));
  if (!location.empty()) url += "?location=" + net::percent_encode(location);
  const auto deadline = std::chrono::steady_clock::now() + options_.job_timeout;
  std::chrono::milliseconds delay = options_.first_poll;
  const std::string what = fmt::format("jobs.get {}", job_id);
  for (;;) {
    ++stats_.polls;
    net::HttpResponse r = call(detail::request("GET", url));
    if (!detail::ok(r)) detail::fail(r, what);
    boost::json::object job = detail::parse_object(r, what);
    const auto* status = detail::object_at(job, "status");
    if (status && detail::text_of(*status, "state") == "DONE") return job;
    if (std::chrono::steady_clock::now() + delay > deadline)
      throw BigQueryError(0, {"timeout", {}, "job still running"},
                          fmt::format("job {} still not done after {} s", job_id,
                                      std::chrono::duration_cast<std::chrono::seconds>(options_.job_timeout).count()));
    ++stats_.sleeps;
    std::this_thread::sleep_for(delay);
    delay = std::min(delay * 2, options_.max_poll);
  }
}

NBARAW_DECL std::string Client::results_url(const std::string& job_id, const std::string& location) const {
  std::string url = fmt::format("{}/queries/{}?timeoutMs={}", api(), net::percent_encode(job_id), options_.long_poll.count());
  if (!location.empty()) url += "&location=" + net::percent_encode(location);
  return url;
}

namespace detail {
inline bool incomplete(const boost::json::object& page) {
  const auto* complete = page.if_contains("jobComplete");
  return complete && complete->is_bool() && !complete->get_bool();
}
}  // namespace detail

NBARAW_DECL void Client::long_poll(const std::string& job_id, const std::string& location) {
  const std::string url = results_url(job_id, location) + "&maxResults=0";
  const auto deadline = std::chrono::steady_clock::now() + options_.job_timeout;
  std::chrono::milliseconds delay = options_.first_poll;
  for (;;) {
    ++stats_.polls;
    const auto asked = std::chrono::steady_clock::now();
    net::HttpResponse r = call(detail::request("GET", url));
    // A failed job's results are an error: jobs.get, next, tells its errorResult.
    if (!detail::ok(r) || !detail::incomplete(detail::parse_object(r, "getQueryResults " + job_id))) return;
    if (std::chrono::steady_clock::now() > deadline)
      throw BigQueryError(0, {"timeout", {}, "job still running"}, fmt::format("job {} still not done", job_id));
    // An answer well before the timeout while the job runs: the server does not hold polls, so back off.
    if (std::chrono::steady_clock::now() - asked < options_.long_poll / 2) {
      ++stats_.sleeps;
      std::this_thread::sleep_for(delay);
      delay = std::min(delay * 2, options_.max_poll);
    }
  }
}

NBARAW_DECL QueryRows Client::query_results(const JobResult& job) {
  QueryRows out;
  const std::string base = results_url(job.job_id, job.location) + "&maxResults=10000";
  const std::string what = fmt::format("getQueryResults {}", job.job_id);
  std::string page_token;
  for (;;) {
    ++stats_.polls;
    net::HttpResponse r =
        call(detail::request("GET", page_token.empty() ? base : base + "&pageToken=" + net::percent_encode(page_token)));
    if (!detail::ok(r)) detail::fail(r, what);
    boost::json::object page = detail::parse_object(r, what);
    if (detail::incomplete(page)) {  // JobResult is a finished job: only a server ignoring timeoutMs gets here
      long_poll(job.job_id, job.location);
      continue;
    }
    if (out.columns.empty())
      if (const auto* schema = detail::object_at(page, "schema"))
        if (const auto* fields = schema->if_contains("fields"); fields && fields->is_array())
          for (const auto& f : fields->get_array())
            if (f.is_object()) {
              out.columns.push_back(detail::text_of(f.get_object(), "name"));
              out.types.push_back(detail::text_of(f.get_object(), "type"));
            }
    if (const auto* rows = page.if_contains("rows"); rows && rows->is_array())
      for (const auto& row : rows->get_array()) {
        std::vector<std::optional<std::string>> values;
        if (const auto* cells = row.is_object() ? row.get_object().if_contains("f") : nullptr; cells && cells->is_array())
          for (const auto& cell : cells->get_array()) {
            const auto* v = cell.is_object() ? cell.get_object().if_contains("v") : nullptr;
            if (!v || v->is_null())
              values.emplace_back(std::nullopt);
            else if (v->is_string())
              values.emplace_back(std::string(v->get_string()));
            else
              values.emplace_back(boost::json::serialize(*v));
          }
        out.rows.push_back(std::move(values));
      }
    page_token = detail::text_of(page, "pageToken");
    if (page_token.empty()) return out;
  }
}

}  // namespace nbaraw::bigquery
