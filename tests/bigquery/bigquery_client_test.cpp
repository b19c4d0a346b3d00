// The BigQuery client against scripted answers: which errors it retries, which it surfaces, and how.
#include "support/loopback_server.hpp"

#include <nbaraw/bigquery/client.hpp>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <atomic>
#include <string>

using namespace nbaraw;
using nbaraw::test::LoopbackServer;
using nbaraw::test::ServerRequest;
using nbaraw::test::ServerResponse;

namespace {

ServerResponse error(unsigned status, std::string_view reason, std::string_view message) {
  boost::json::object body{{"error",
                            {{"code", status},
                             {"message", message},
                             {"errors", boost::json::array{{{"domain", "global"}, {"reason", reason}, {"message", message}}}}}}};
  return {status, {{"Content-Type", "application/json"}}, boost::json::serialize(body)};
}

ServerResponse table() { return {200, {{"Content-Type", "application/json"}}, R"({"tableReference":{"tableId":"t"}})"}; }

bigquery::ClientOptions options_for(const LoopbackServer& server) {
  bigquery::ClientOptions o;
  o.endpoint = server.base_url();
  o.project = "p";
  o.first_poll = std::chrono::milliseconds(1);
  o.rate_limit_retry.initial_backoff = std::chrono::milliseconds(1);
  o.rate_limit_retry.max_backoff = std::chrono::milliseconds(2);
  return o;
}

/// Counts header values and hands out tokens; the first token is "stale".
class CountingCredentials : public auth::Credentials {
 public:
  std::optional<std::string> authorization_header() override { return "Bearer " + std::string(invalidated ? "fresh" : "stale"); }
  void invalidate() override { ++invalidated; }
  std::string describe() const override { return "counting"; }
  std::atomic<int> invalidated{0};
};

}  // namespace

TEST_CASE("bigquery client: 403 rateLimitExceeded is retried with backoff, other 403s are not", "[bigquery][client]") {
  std::atomic<int> calls{0};
  const std::string reason = GENERATE(as<std::string>{}, "rateLimitExceeded", "jobRateLimitExceeded");
  LoopbackServer server([&](const ServerRequest&) {
    return ++calls <= 2 ? error(403, reason, "Exceeded rate limits: too many table update operations") : table();
  });
  net::HttpClient http;
  bigquery::Client client(http, auth::anonymous_credentials(), options_for(server));
  CHECK(client.get_table("d", "t"));
  CHECK(calls == 3);
  CHECK(client.stats().rate_limited == 2);

  std::atomic<int> denied_calls{0};
  LoopbackServer denied([&](const ServerRequest&) {
    ++denied_calls;
    return error(403, "accessDenied", "Access Denied: Table p:d.t: Permission bigquery.tables.get denied");
  });
  bigquery::Client denied_client(http, auth::anonymous_credentials(), options_for(denied));
  try {
    denied_client.get_table("d", "t");
    FAIL("no exception");
  } catch (const bigquery::BigQueryError& e) {
    CHECK(e.status == 403);
    CHECK(e.error.reason == "accessDenied");
    CHECK_THAT(e.what(), Catch::Contains("Permission bigquery.tables.get denied") && Catch::Contains("tables.get d.t"));
  }
  CHECK(denied_calls == 1);
}

TEST_CASE("bigquery client: a 401 fetches a new token once, then gives up with the error", "[bigquery][client]") {
  std::atomic<int> calls{0};
  LoopbackServer server([&](const ServerRequest& r) {
    ++calls;
    return r.headers.at("authorization") == "Bearer fresh" ? table() : error(401, "authError", "Invalid Credentials");
  });
  net::HttpClient http;
  auto credentials = std::make_shared<CountingCredentials>();
  bigquery::Client client(http, credentials, options_for(server));
  CHECK(client.get_table("d", "t"));
  CHECK(credentials->invalidated == 1);
  CHECK(calls == 2);

  LoopbackServer never([&](const ServerRequest&) { return error(401, "authError", "Invalid Credentials"); });
  auto other = std::make_shared<CountingCredentials>();
  bigquery::Client refused(http, other, options_for(never));
  CHECK_THROWS_WITH(refused.get_table("d", "t"), Catch::Contains("401") && Catch::Contains("Invalid Credentials"));
  CHECK(other->invalidated == 1);
}

TEST_CASE("bigquery client: a job failing with a transient reason runs again, a permanent one surfaces its message",
          "[bigquery][client]") {
  std::atomic<int> inserts{0};
  const bool transient = GENERATE(true, false);
  LoopbackServer server([&](const ServerRequest& r) {
    if (r.method == "POST") {
      ++inserts;
      auto job = boost::json::parse(r.body).as_object();
      const std::string id(job.at("jobReference").at("jobId").as_string());
      boost::json::object status{{"state", "DONE"}};
      if (inserts == 1)
        status["errorResult"] = {{"reason", transient ? "backendError" : "invalidQuery"},
                                 {"message", transient ? "Backend error. Job aborted." : "Unrecognized name: nope at [1:8]"}};
      job["status"] = status;
      return ServerResponse{200, {{"Content-Type", "application/json"}}, boost::json::serialize(job)};
    }
    return error(404, "notFound", "no");
  });
  net::HttpClient http;
  bigquery::Client client(http, auth::anonymous_credentials(), options_for(server));
  const boost::json::object query{{"query", {{"query", "SELECT nope"}, {"useLegacySql", false}}}};
  if (transient) {
    const auto job = client.run_query("job", query);
    CHECK(job.job_id == "job_a2");
    CHECK(client.stats().job_retries == 1);
    CHECK(inserts == 2);
  } else {
    try {
      client.run_query("job", query);
      FAIL("no exception");
    } catch (const bigquery::JobFailed& e) {
      CHECK(e.job_id == "job");
      CHECK(e.error.reason == "invalidQuery");
      CHECK_THAT(e.what(), Catch::Contains("Unrecognized name: nope at [1:8]"));
    }
    CHECK(inserts == 1);
  }
}
