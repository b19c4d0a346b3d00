#pragma once
// A fake OAuth token endpoint (or metadata server) on the loopback server: every request is first checked by a
// validator (a complaint is recorded and answered 400), then answered by a per-test function of its number.
#include "auth_support.hpp"
#include "support/loopback_server.hpp"

#include <fmt/format.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace nbaraw::test {

inline ServerResponse token_answer(std::string_view token, long expires_in) {
  return {200,
          {{"Content-Type", "application/json"}},
          fmt::format(R"({{"access_token":"{}","expires_in":{},"token_type":"Bearer"}})", token, expires_in)};
}

inline ServerResponse json_answer(unsigned status, std::string body) {
  return {status, {{"Content-Type", "application/json"}}, std::move(body)};
}

class FakeTokenServer {
 public:
  /// The complaint about a request, or "" when it is as expected. token_url: base_url() + "/token".
  using Validator = std::function<std::string(const ServerRequest&, const std::string& token_url)>;
  /// The answer to the n-th request (1-based) that passed the validator.
  using Answer = std::function<ServerResponse(int n)>;

  FakeTokenServer(Validator validator, Answer answer, std::chrono::milliseconds latency = {})
      : validator_(std::move(validator)),
        answer_(std::move(answer)),
        latency_(latency),
        server_([this](const ServerRequest& request) { return handle(request); }) {}

  std::string token_url() const { return server_.base_url() + "/token"; }
  /// host:port, as GCE_METADATA_HOST takes it.
  std::string host() const { return "127.0.0.1:" + std::to_string(server_.port()); }
  std::size_t request_count() const { return server_.requests().size(); }
  std::vector<ServerRequest> requests() const { return server_.requests(); }

  void set_answer(Answer answer) {
    std::lock_guard lock(mutex_);
    answer_ = std::move(answer);
  }
  std::vector<std::string> problems() const {
    std::lock_guard lock(mutex_);
    return problems_;
  }
  std::string problems_text() const {
    std::string out;
    for (const auto& p : problems()) out += p + "\n";
    return out;
  }

 private:
  ServerResponse handle(const ServerRequest& request) {
    if (latency_.count() > 0) std::this_thread::sleep_for(latency_);
    std::string problem = validator_ ? validator_(request, token_url()) : std::string();
    Answer answer;
    {
      std::lock_guard lock(mutex_);
      if (!problem.empty()) {
        problems_.push_back(problem);
        return json_answer(400, R"({"error":"rejected_by_test"})");
      }
      answer = answer_;
    }
    return answer(++served_);
  }

  Validator validator_;
  mutable std::mutex mutex_;
  Answer answer_;
  std::vector<std::string> problems_;
  std::atomic<int> served_{0};
  std::chrono::milliseconds latency_;
  LoopbackServer server_;  // last: stopped first
};

inline std::string header_of(const ServerRequest& request, const std::string& name) {
  auto it = request.headers.find(name);
  return it == request.headers.end() ? std::string("<absent>") : it->second;
}

/// Checks a JWT bearer grant: POST form to /token, grant_type, and an assertion whose RS256 signature verifies
/// against the test key and whose claims are right.
inline std::string check_jwt_bearer(const ServerRequest& request, const std::string& token_url,
                                    std::string_view expected_scope) {
  if (request.method != "POST") return "method " + request.method;
  if (request.target != "/token") return "target " + request.target;
  if (header_of(request, "content-type").find("application/x-www-form-urlencoded") != 0)
    return "content-type " + header_of(request, "content-type");
  if (request.headers.count("authorization")) return "an Authorization header was sent to the token endpoint";
  auto form = parse_form(request.body);
  if (!form) return "body is not form-encoded";
  if (form->size() != 2) return "form has " + std::to_string(form->size()) + " fields";
  if ((*form)["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer") return "grant_type " + (*form)["grant_type"];
  const std::string& assertion = (*form)["assertion"];
  const DecodedJwt jwt = decode_jwt(assertion);
  if (!jwt.ok) return "assertion is not a JWT";
  if (!verify_rs256(test_rsa_key().public_key.get(), jwt.signing_input, jwt.signature))
    return "assertion signature does not verify";
  if (field(jwt.header, "alg") != "RS256" || field(jwt.header, "kid") != test_kid) return "bad JWT header";
  if (field(jwt.claims, "iss") != test_email) return "iss " + field(jwt.claims, "iss");
  if (field(jwt.claims, "aud") != token_url) return "aud " + field(jwt.claims, "aud") + " != " + token_url;
  if (field(jwt.claims, "scope") != expected_scope) return "scope " + field(jwt.claims, "scope");
  const auto* iat = jwt.claims.if_contains("iat");
  const auto* exp = jwt.claims.if_contains("exp");
  if (iat == nullptr || exp == nullptr || !iat->is_int64() || !exp->is_int64()) return "iat/exp missing";
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  if (iat->as_int64() < now - 60 || iat->as_int64() > now + 60) return "iat is not now";
  if (exp->as_int64() != iat->as_int64() + 3600) return "exp is not iat + 3600";
  return {};
}

inline FakeTokenServer::Validator jwt_bearer_validator(
    std::string scope = "https://www.googleapis.com/auth/cloud-platform") {
  return [scope](const ServerRequest& request, const std::string& token_url) {
    return check_jwt_bearer(request, token_url, scope);
  };
}

inline std::string check_refresh_grant(const ServerRequest& request) {
  if (request.method != "POST" || request.target != "/token") return "request " + request.method + " " + request.target;
  if (header_of(request, "content-type").find("application/x-www-form-urlencoded") != 0)
    return "content-type " + header_of(request, "content-type");
  auto form = parse_form(request.body);
  if (!form) return "body is not form-encoded";
  if (form->size() != 4) return "form has " + std::to_string(form->size()) + " fields";
  if ((*form)["grant_type"] != "refresh_token") return "grant_type " + (*form)["grant_type"];
  if ((*form)["client_id"] != test_client_id) return "client_id";
  if ((*form)["client_secret"] != test_client_secret) return "client_secret";
  if ((*form)["refresh_token"] != test_refresh_token) return "refresh_token";
  return {};
}

inline std::string check_metadata_request(const ServerRequest& request, const std::string&) {
  if (request.method != "GET") return "method " + request.method;
  if (request.target != "/computeMetadata/v1/instance/service-accounts/default/token") return "target " + request.target;
  if (header_of(request, "metadata-flavor") != "Google") return "Metadata-Flavor " + header_of(request, "metadata-flavor");
  if (request.headers.count("authorization")) return "an Authorization header was sent to the metadata server";
  return {};
}

}  // namespace nbaraw::test
