// Token exchange and the token cache against a fake token endpoint on the loopback server: the JWT bearer
// grant, the refresh-token grant, the metadata server, caching and refresh windows, concurrent callers,
// failed refreshes, invalidate(), and error messages that carry no secrets.
#include "auth_support.hpp"
#include "fake_token_server.hpp"

#include <nbaraw/auth/credentials.hpp>
#include <nbaraw/net/http_client.hpp>

#include <catch2/catch.hpp>

#include <latch>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace nbaraw;
using namespace std::chrono_literals;
using test::FakeTokenServer;

namespace {

std::string tok(int n) { return "ya29.test-token-" + std::to_string(n); }
std::string bearer(int n) { return "Bearer " + tok(n); }

FakeTokenServer::Answer tokens_expiring_in(long seconds) {
  return [seconds](int n) { return test::token_answer(tok(n), seconds); };
}

/// The message of the AuthError the call throws ("" when it throws none; other exceptions propagate).
std::string auth_error_of(auth::Credentials& credentials) {
  try {
    (void)credentials.authorization_header();
  } catch (const auth::AuthError& e) {
    return e.what();
  }
  return {};
}

/// A client that gives up quickly (for endpoints that are down).
net::HttpClientOptions quick_options() {
  net::HttpClientOptions options;
  options.connect_timeout = 1s;
  options.request_timeout = 5s;
  options.retry.max_attempts = 2;
  options.retry.initial_backoff = 10ms;
  return options;
}

}  // namespace

TEST_CASE("service account: a signed JWT bearer grant, then Bearer <token>, then the cached token", "[auth][net]") {
  FakeTokenServer server(test::jwt_bearer_validator(), tokens_expiring_in(3600));
  net::HttpClient http;
  const auto credentials = auth::credentials_from_json(test::service_account_json(server.token_url()), http);
  CHECK(credentials->describe() == "service account loader@nbaraw-test.iam.gserviceaccount.com");

  CHECK(credentials->authorization_header() == bearer(1));
  CHECK(server.request_count() == 1);
  CHECK(credentials->authorization_header() == bearer(1));  // reused within its validity
  CHECK(credentials->authorization_header() == bearer(1));
  CHECK(server.request_count() == 1);
  INFO(server.problems_text());
  CHECK(server.problems().empty());
}

TEST_CASE("service account: the scopes given is the JWT's scopes claim", "[auth][net]") {
  const std::string scopes = "https://www.googleapis.com/auth/devstorage.read_only https://www.googleapis.com/auth/bigquery";
  FakeTokenServer server(test::jwt_bearer_validator(scopes), tokens_expiring_in(3600));
  net::HttpClient http;
  const auto credentials = auth::credentials_from_json(test::service_account_json(server.token_url()), http, scopes);
  CHECK(credentials->authorization_header() == bearer(1));
  INFO(server.problems_text());
  CHECK(server.problems().empty());
}

TEST_CASE("a token that expires within 300 s is refreshed on the next call, one outside is not", "[auth][net]") {
  net::HttpClient http;
  SECTION("expires_in = 200: inside the window") {
    FakeTokenServer server(test::jwt_bearer_validator(), tokens_expiring_in(200));
    const auto credentials = auth::credentials_from_json(test::service_account_json(server.token_url()), http);
    CHECK(credentials->authorization_header() == bearer(1));
    CHECK(credentials->authorization_header() == bearer(2));
    CHECK(server.request_count() == 2);
    INFO(server.problems_text());
    CHECK(server.problems().empty());
  }
  SECTION("expires_in = 400: outside the window") {
    FakeTokenServer server(test::jwt_bearer_validator(), tokens_expiring_in(400));
    const auto credentials = auth::credentials_from_json(test::service_account_json(server.token_url()), http);
    CHECK(credentials->authorization_header() == bearer(1));
    CHECK(credentials->authorization_header() == bearer(1));
    CHECK(server.request_count() == 1);
  }
  SECTION("expires_in as a string, as some servers send it") {
    FakeTokenServer server(nullptr, [](int n) {
      return test::json_answer(200, R"({"access_token":")" + tok(n) + R"(","expires_in":"3599"})");
    });
    const auto credentials = auth::credentials_from_json(test::authorized_user_json(server.token_url()), http);
    CHECK(credentials->authorization_header() == bearer(1));
    CHECK(credentials->authorization_header() == bearer(1));
    CHECK(server.request_count() == 1);
  }
}

TEST_CASE("concurrent callers do not stampede the token endpoint", "[auth][net]") {
  net::HttpClient http;
  auto run_8 = [](auth::Credentials& credentials) {
    std::vector<std::string> headers(8);
    std::vector<std::string> errors(8);
    std::latch start(8);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < 8; ++i) {
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        try {
          headers[i] = credentials.authorization_header().value_or("<none>");
        } catch (const std::exception& e) {
          errors[i] = e.what();
        }
      });
    }
    for (auto& t : threads) t.join();
    for (const auto& e : errors) CHECK(e.empty());
    return headers;
  };

  SECTION("an empty cache and a failing endpoint: the callers that waited share the one failure") {
    FakeTokenServer server(nullptr, [](int) { return test::json_answer(400, R"({"error":"invalid_grant"})"); }, 300ms);
    const auto credentials = auth::credentials_from_json(test::authorized_user_json(server.token_url()), http);
    std::vector<std::string> errors(8);
    std::latch start(8);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < 8; ++i) {
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        errors[i] = auth_error_of(*credentials);
      });
    }
    for (auto& t : threads) t.join();
    for (const auto& e : errors) CHECK(e.find("invalid_grant") != std::string::npos);
    CHECK(server.request_count() <= 2);  // 1, unless a thread was descheduled for the whole first exchange
    // A later call tries again.
    CHECK(auth_error_of(*credentials).find("invalid_grant") != std::string::npos);
  }

  SECTION("an empty cache: one request, every caller gets its token") {
    FakeTokenServer server(test::jwt_bearer_validator(), tokens_expiring_in(3600), 300ms);
    const auto credentials = auth::credentials_from_json(test::service_account_json(server.token_url()), http);
    for (const auto& h : run_8(*credentials)) CHECK(h == bearer(1));
    CHECK(server.request_count() == 1);
    INFO(server.problems_text());
    CHECK(server.problems().empty());
  }
  SECTION("an expired cache: one more request") {
    FakeTokenServer server(test::jwt_bearer_validator(), [](int n) { return test::token_answer(tok(n), n == 1 ? 0 : 3600); },
                           300ms);
    const auto credentials = auth::credentials_from_json(test::service_account_json(server.token_url()), http);
    CHECK(credentials->authorization_header() == bearer(1));  // expires at once
    for (const auto& h : run_8(*credentials)) CHECK(h == bearer(2));
    CHECK(server.request_count() == 2);
    INFO(server.problems_text());
    CHECK(server.problems().empty());
  }
  SECTION("a token inside the refresh window: one refresh, the others keep the old token meanwhile") {
    FakeTokenServer server(nullptr, [](int n) { return test::token_answer(tok(n), n == 1 ? 200 : 3600); }, 300ms);
    const auto credentials = auth::credentials_from_json(test::authorized_user_json(server.token_url()), http);
    CHECK(credentials->authorization_header() == bearer(1));
    for (const auto& h : run_8(*credentials)) CHECK((h == bearer(1) || h == bearer(2)));
    CHECK(server.request_count() == 2);
    CHECK(credentials->authorization_header() == bearer(2));
    CHECK(server.request_count() == 2);
  }
}

TEST_CASE("a failed refresh keeps serving the old token while it is valid", "[auth][net]") {
  FakeTokenServer server(test::jwt_bearer_validator(), tokens_expiring_in(200));  // inside the refresh window
  net::HttpClient http;
  const auto credentials = auth::credentials_from_json(test::service_account_json(server.token_url()), http);
  CHECK(credentials->authorization_header() == bearer(1));

  server.set_answer([](int) { return test::json_answer(403, R"({"error":"access_denied"})"); });
  CHECK(credentials->authorization_header() == bearer(1));  // refresh tried and failed: the old one is still good
  CHECK(server.request_count() == 2);
  CHECK(credentials->authorization_header() == bearer(1));  // not retried at once
  CHECK(server.request_count() == 2);

  // invalidate() drops it: now the failure shows.
  credentials->invalidate();
  const std::string message = auth_error_of(*credentials);
  CHECK(message.find("HTTP 403") != std::string::npos);
  CHECK(message.find("access_denied") != std::string::npos);
  CHECK(server.request_count() == 3);

  server.set_answer(tokens_expiring_in(3600));
  CHECK(credentials->authorization_header() == bearer(4));
  CHECK(server.request_count() == 4);
  INFO(server.problems_text());
  CHECK(server.problems().empty());
}

TEST_CASE("a failed refresh of an expired token throws", "[auth][net]") {
  FakeTokenServer server(test::jwt_bearer_validator(), tokens_expiring_in(0));
  net::HttpClient http;
  const auto credentials = auth::credentials_from_json(test::service_account_json(server.token_url()), http);
  CHECK(credentials->authorization_header() == bearer(1));
  server.set_answer([](int) { return test::json_answer(400, R"({"error":"invalid_grant"})"); });
  CHECK(auth_error_of(*credentials).find("invalid_grant") != std::string::npos);
  CHECK(auth_error_of(*credentials).find("invalid_grant") != std::string::npos);  // no cooldown without a token
  CHECK(server.request_count() == 3);
}

TEST_CASE("invalidate() makes the next call fetch a new token", "[auth][net]") {
  FakeTokenServer server(test::jwt_bearer_validator(), tokens_expiring_in(3600));
  net::HttpClient http;
  const auto credentials = auth::credentials_from_json(test::service_account_json(server.token_url()), http);
  CHECK(credentials->authorization_header() == bearer(1));
  credentials->invalidate();
  CHECK(credentials->authorization_header() == bearer(2));
  CHECK(credentials->authorization_header() == bearer(2));
  CHECK(server.request_count() == 2);
}

TEST_CASE("authorized_user: the refresh-token grant carries client_id, client_secret and refresh_token", "[auth][net]") {
  FakeTokenServer server([](const test::ServerRequest& r, const std::string&) { return test::check_refresh_grant(r); },
                         tokens_expiring_in(3599));
  net::HttpClient http;
  const auto credentials = auth::credentials_from_json(test::authorized_user_json(server.token_url()), http);
  CHECK(credentials->describe() == "authorized user (client 32555940559.apps.googleusercontent.com)");
  CHECK(credentials->authorization_header() == bearer(1));
  CHECK(credentials->authorization_header() == bearer(1));
  CHECK(server.request_count() == 1);
  INFO(server.problems_text());
  CHECK(server.problems().empty());
}

TEST_CASE("metadata server: GET with Metadata-Flavor: Google at GCE_METADATA_HOST, 225 s refresh window", "[auth][net]") {
  net::HttpClient http;  // not used for the metadata server: it has its own plain-HTTP client
  SECTION("token, then cached") {
    FakeTokenServer server(test::check_metadata_request, tokens_expiring_in(3599));
    const auto credentials = auth::metadata_server_credentials(http, test::fake_environment({{"GCE_METADATA_HOST", server.host()}}));
    CHECK(credentials->describe() == "metadata server " + server.host());
    CHECK(credentials->authorization_header() == bearer(1));
    CHECK(credentials->authorization_header() == bearer(1));
    CHECK(server.request_count() == 1);
    CHECK(http.stats().requests == 0);
    INFO(server.problems_text());
    CHECK(server.problems().empty());
  }
  SECTION("expires_in = 250 is outside the 225 s window") {
    FakeTokenServer server(test::check_metadata_request, tokens_expiring_in(250));
    const auto credentials = auth::metadata_server_credentials(http, test::fake_environment({{"GCE_METADATA_HOST", server.host()}}));
    CHECK(credentials->authorization_header() == bearer(1));
    CHECK(credentials->authorization_header() == bearer(1));
    CHECK(server.request_count() == 1);
  }
  SECTION("expires_in = 200 is inside it") {
    FakeTokenServer server(test::check_metadata_request, tokens_expiring_in(200));
    const auto credentials = auth::metadata_server_credentials(http, test::fake_environment({{"GCE_METADATA_HOST", server.host()}}));
    CHECK(credentials->authorization_header() == bearer(1));
    CHECK(credentials->authorization_header() == bearer(2));
    CHECK(server.request_count() == 2);
  }
  SECTION("an error answer is an AuthError naming the metadata server and the status") {
    FakeTokenServer server(test::check_metadata_request, [](int) { return test::ServerResponse{404, {}, "Not Found"}; });
    const auto credentials = auth::metadata_server_credentials(http, test::fake_environment({{"GCE_METADATA_HOST", server.host()}}));
    const std::string message = auth_error_of(*credentials);
    INFO(message);
    CHECK(message.find("metadata server " + server.host()) != std::string::npos);
    CHECK(message.find("HTTP 404") != std::string::npos);
  }
}

TEST_CASE("token endpoint errors: AuthError with the status and OAuth error, never a secret", "[auth][net]") {
  net::HttpClient http;
  SECTION("service account, 400 invalid_grant") {
    FakeTokenServer server(test::jwt_bearer_validator(), [](int) {
      return test::json_answer(400, R"({"error":"invalid_grant","error_description":"Invalid JWT Signature."})");
    });
    const auto credentials = auth::credentials_from_json(test::service_account_json(server.token_url()), http);
    const std::string message = auth_error_of(*credentials);
    INFO(message);
    CHECK(message.find("HTTP 400") != std::string::npos);
    CHECK(message.find("invalid_grant") != std::string::npos);
    CHECK(message.find("Invalid JWT Signature.") != std::string::npos);
    CHECK(message.find(server.token_url()) != std::string::npos);
    REQUIRE(server.request_count() == 1);
    const auto form = test::parse_form(server.requests()[0].body);
    REQUIRE(form);
    const std::string assertion = form->at("assertion");
    CHECK(message.find(assertion) == std::string::npos);
    CHECK(message.find(assertion.substr(assertion.rfind('.') + 1, 30)) == std::string::npos);  // not even the signature
    CHECK(message.find(test::private_key_fragment()) == std::string::npos);
    INFO(server.problems_text());
    CHECK(server.problems().empty());
  }
  SECTION("authorized_user, 400 invalid_grant echoing the secrets back") {
    FakeTokenServer server(nullptr, [](int) {
      return test::json_answer(400, fmt::format(R"({{"error":"invalid_grant","error_description":"Bad refresh token {} for secret {}"}})",
                                                test::test_refresh_token, test::test_client_secret));
    });
    const auto credentials = auth::credentials_from_json(test::authorized_user_json(server.token_url()), http);
    const std::string message = auth_error_of(*credentials);
    INFO(message);
    CHECK(message.find("HTTP 400") != std::string::npos);
    CHECK(message.find("invalid_grant") != std::string::npos);
    CHECK(message.find("<redacted>") != std::string::npos);
    CHECK(message.find(test::test_refresh_token) == std::string::npos);
    CHECK(message.find(test::test_client_secret) == std::string::npos);
  }
  SECTION("a body that is not JSON is not quoted") {
    FakeTokenServer server(nullptr, [](int) { return test::ServerResponse{401, {}, "<html>go away ya29.leaked</html>"}; });
    const auto credentials = auth::credentials_from_json(test::authorized_user_json(server.token_url()), http);
    const std::string message = auth_error_of(*credentials);
    INFO(message);
    CHECK(message.find("HTTP 401") != std::string::npos);
    CHECK(message.find("not JSON") != std::string::npos);
    CHECK(message.find("ya29") == std::string::npos);
  }
  SECTION("200 without an access_token") {
    FakeTokenServer server(nullptr, [](int) { return test::json_answer(200, R"({"expires_in":3600})"); });
    const auto credentials = auth::credentials_from_json(test::authorized_user_json(server.token_url()), http);
    CHECK(auth_error_of(*credentials).find("\"access_token\"") != std::string::npos);
  }
  SECTION("an endpoint that cannot be reached") {
    std::string url;
    {
      FakeTokenServer gone(nullptr, tokens_expiring_in(3600));
      url = gone.token_url();
    }  // closed: connections to its port are refused
    net::HttpClient quick(quick_options());
    const auto credentials = auth::credentials_from_json(test::authorized_user_json(url), quick);
    const std::string message = auth_error_of(*credentials);
    INFO(message);
    CHECK(message.find("cannot reach token endpoint " + url) != std::string::npos);
    CHECK(message.find(test::test_refresh_token) == std::string::npos);
    CHECK(message.find(test::test_client_secret) == std::string::npos);
  }
}
