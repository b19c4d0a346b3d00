#pragma once
#include <nbaraw/detail/base64.hpp>
#include <nbaraw/auth/credentials.hpp>
#include <nbaraw/auth/jwt.hpp>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <fmt/format.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <utility>
#include <vector>

namespace nbaraw::auth {

namespace detail_auth {

// ---- small helpers -----------------------------------------------------------------------------------

/// Parses a credentials document; the message names the document and the parser's complaint, never bytes.
inline boost::json::object parse_credentials_object(std::string_view json, std::string_view what) {
  boost::system::error_code ec;
  boost::json::value doc = boost::json::parse(json, ec);
  if (ec) throw AuthError(fmt::format("{} is not valid JSON ({})", what, ec.message()));
  if (!doc.is_object()) throw AuthError(fmt::format("{} is not a JSON object", what));
  return std::move(doc.as_object());
}

/// A required non-empty string field.
inline std::string required_string(const boost::json::object& doc, std::string_view field, std::string_view what) {
  const boost::json::value* v = doc.if_contains(field);
  if (v == nullptr) throw AuthError(fmt::format("{}: field \"{}\" is missing", what, field));
  if (!v->is_string()) throw AuthError(fmt::format("{}: field \"{}\" is not a string", what, field));
  if (v->as_string().empty()) throw AuthError(fmt::format("{}: field \"{}\" is empty", what, field));
  return std::string(v->as_string());
}

/// An optional string field (absent or empty: fallback). A present non-string is an error.
inline std::string optional_string(const boost::json::object& doc, std::string_view field, std::string_view what,
                                   std::string fallback = {}) {
  const boost::json::value* v = doc.if_contains(field);
  if (v == nullptr || v->is_null()) return fallback;
  if (!v->is_string()) throw AuthError(fmt::format("{}: field \"{}\" is not a string", what, field));
  if (v->as_string().empty()) return fallback;
  return std::string(v->as_string());
}

/// Never asks for a passphrase (OpenSSL's default callback would prompt on the terminal).
inline int no_passphrase(char*, int, int, void*) { return 0; }

struct PkeyDeleter {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;

/// Loads an RSA private key from PEM. Messages name the field, not the key; OpenSSL's queue is cleared.
inline PkeyPtr load_rsa_private_key(std::string_view pem) {
  if (pem.size() > 1'000'000) throw AuthError("service account key: field \"private_key\" is too large");
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  if (!bio) throw AuthError("service account key: cannot allocate a buffer for \"private_key\"");
  PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr));
  ERR_clear_error();
  if (!key)
    throw AuthError("service account key: field \"private_key\" is not a PEM private key (or it is encrypted)");
  if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA)
    throw AuthError("service account key: field \"private_key\" is not an RSA key (RS256 needs RSA)");
  return key;
}

inline std::string sign_rs256(EVP_PKEY* key, std::string_view data) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::size_t length = 0;
  const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &length, bytes, data.size()) != 1) {
    ERR_clear_error();
    throw AuthError("service account key: cannot sign the JWT with \"private_key\"");
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length, bytes, data.size()) != 1) {
    ERR_clear_error();
    throw AuthError("service account key: cannot sign the JWT with \"private_key\"");
  }
  signature.resize(length);
  return signature;
}

/// Replaces every occurrence of each secret with "<redacted>" (defence in depth for server-sent text).
inline std::string redact(std::string text, const std::vector<std::string_view>& secrets) {
  for (std::string_view secret : secrets) {
    if (secret.size() < 4) continue;
    for (std::size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
      text.replace(at, secret.size(), "<redacted>");
      at += 10;
    }
  }
  return text;
}

inline std::string clip(std::string text, std::size_t limit = 300) {
  if (text.size() > limit) {
    text.resize(limit);
    text += "...";
  }
  return text;
}

struct Token {
  std::string access_token;
  std::chrono::steady_clock::time_point expiry;
};

/**
 * Parses a token endpoint's (or the metadata server's) answer. Errors carry the endpoint, the HTTP status and
 * the OAuth "error"/"error_description" fields, with the given secrets redacted; never the body itself.
 */
inline Token parse_token_response(const net::HttpResponse& response, std::string_view endpoint,
                                  std::chrono::steady_clock::time_point sent_at,
                                  const std::vector<std::string_view>& secrets) {
  boost::system::error_code ec;
  boost::json::value doc = boost::json::parse(response.body, ec);
  const boost::json::object* obj = (!ec && doc.is_object()) ? &doc.as_object() : nullptr;
  if (response.status != 200) {
    std::string detail;
    if (obj != nullptr) {
      auto field = [&](std::string_view name) -> std::string {
        const boost::json::value* v = obj->if_contains(name);
        if (v == nullptr) return {};
        if (v->is_string()) return std::string(v->as_string());
        if (v->is_object()) {  // {"error": {"code":..,"message":..,"status":..}} (Google API style)
          const boost::json::object& e = v->as_object();
          std::string out;
          if (const auto* s = e.if_contains("status"); s != nullptr && s->is_string()) out = std::string(s->as_string());
          if (const auto* m = e.if_contains("message"); m != nullptr && m->is_string())
            out += (out.empty() ? "" : ": ") + std::string(m->as_string());
          return out;
        }
        return {};
      };
      std::string error = field("error"), description = field("error_description");
      detail = error;
      if (!description.empty()) detail += (detail.empty() ? "" : ": ") + description;
    }
    if (detail.empty()) detail = obj != nullptr ? "no error field in the answer" : "the answer is not JSON";
    throw AuthError(fmt::format("token endpoint {} answered HTTP {}: {}", endpoint, response.status,
                                clip(redact(std::move(detail), secrets))));
  }
  if (obj == nullptr) throw AuthError(fmt::format("token endpoint {} answered HTTP 200 without a JSON object", endpoint));
  const boost::json::value* token = obj->if_contains("access_token");
  if (token == nullptr || !token->is_string() || token->as_string().empty())
    throw AuthError(fmt::format("token endpoint {} answered without an \"access_token\"", endpoint));
  std::int64_t seconds = 3600;  // when the server does not say
  if (const boost::json::value* e = obj->if_contains("expires_in"); e != nullptr && !e->is_null()) {
    if (e->is_int64()) seconds = e->as_int64();
    else if (e->is_uint64()) seconds = static_cast<std::int64_t>(std::min<std::uint64_t>(e->as_uint64(), 1u << 30));
    else if (e->is_double()) seconds = static_cast<std::int64_t>(e->as_double());
    else if (e->is_string()) {
      const auto& s = e->as_string();
      char* end = nullptr;
      std::string copy(s);
      long long v = std::strtoll(copy.c_str(), &end, 10);
      if (end == copy.c_str() || *end != '\0') throw AuthError(fmt::format("token endpoint {} answered a bad \"expires_in\"", endpoint));
      seconds = v;
    } else {
      throw AuthError(fmt::format("token endpoint {} answered a bad \"expires_in\"", endpoint));
    }
  }
  if (seconds < 0) seconds = 0;
  if (seconds > (1 << 30)) seconds = 1 << 30;
  return Token{std::string(token->as_string()), sent_at + std::chrono::seconds(seconds)};
}

/// Sends a token request; transport failures become AuthError (HttpError messages carry no secrets).
inline Token exchange(net::HttpClient& http, const net::HttpRequest& request, std::string_view endpoint,
                      const std::vector<std::string_view>& secrets) {
  const auto sent_at = std::chrono::steady_clock::now();
  net::HttpResponse response;
  try {
    response = http.send(request);
  } catch (const net::HttpError& e) {
    throw AuthError(fmt::format("cannot reach token endpoint {}: {}", endpoint, clip(redact(e.what(), secrets), 500)));
  }
  return parse_token_response(response, endpoint, sent_at, secrets);
}

inline net::HttpRequest form_post(std::string url, const net::Headers& fields) {
  net::HttpRequest request;
  request.method = "POST";
  request.url = std::move(url);
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
  request.body = net::form_encode(fields);
  request.idempotent = true;  // a token exchange is safe to repeat
  return request;
}

// ---- the token cache ---------------------------------------------------------------------------------

/**
 * Caches a token with its absolute expiry and refreshes it `slack` before then. One refresh at a time
 * (refresh_mutex_); while one runs, callers holding a still-valid token get it at once, the others wait and
 * then take the fresh one (or, when it failed and there is no valid token, its error: a down endpoint is
 * asked once per wave of callers, not once per caller). A failed refresh keeps serving the old token while it
 * is strictly valid (and does not try again for a few seconds); invalidate() drops it.
 */
class CachingCredentials : public Credentials {
 public:
  explicit CachingCredentials(std::chrono::seconds slack) : slack_(slack) {}

  std::optional<std::string> authorization_header() override {
    using clock = std::chrono::steady_clock;
    std::uint64_t seen_generation = 0;
    {
      std::lock_guard lock(mutex_);
      seen_generation = generation_;
      const auto now = clock::now();
      if (token_ && now + slack_ < token_->expiry) return header(*token_);
      if (token_ && now < token_->expiry && now < retry_not_before_) return header(*token_);
    }
    std::unique_lock refresh(refresh_mutex_, std::try_to_lock);
    if (!refresh.owns_lock()) {
      {
        std::lock_guard lock(mutex_);
        if (token_ && clock::now() < token_->expiry) return header(*token_);  // someone is refreshing it
      }
      refresh.lock();
    }
    {
      std::lock_guard lock(mutex_);
      const auto now = clock::now();
      // Another caller refreshed (or gave up with the old token still good) while this one waited.
      if (token_ && now + slack_ < token_->expiry) return header(*token_);
      if (generation_ != seen_generation) {
        if (token_ && now < token_->expiry) return header(*token_);
        if (last_failure_) std::rethrow_exception(last_failure_);  // the refresh this caller waited for failed
      }
    }
    try {
      Token fresh = fetch();
      std::lock_guard lock(mutex_);
      token_ = std::move(fresh);
      ++generation_;
      retry_not_before_ = {};
      last_failure_ = nullptr;
      return header(*token_);
    } catch (...) {
      std::lock_guard lock(mutex_);
      const auto now = clock::now();
      if (token_ && now < token_->expiry) {
        retry_not_before_ = now + std::chrono::seconds(5);
        ++generation_;
        return header(*token_);
      }
      last_failure_ = std::current_exception();
      ++generation_;
      throw;
    }
  }

  void invalidate() override {
    std::lock_guard lock(mutex_);
    token_.reset();
    retry_not_before_ = {};
    last_failure_ = nullptr;
    ++generation_;
  }

 protected:
  /// Gets a new token; throws AuthError.
  virtual Token fetch() = 0;

 private:
  static std::string header(const Token& token) { return "Bearer " + token.access_token; }

  const std::chrono::seconds slack_;
  std::mutex refresh_mutex_;  // held while fetching (taken before mutex_, never the other way round)
  std::mutex mutex_;          // guards the fields below
  std::optional<Token> token_;
  std::chrono::steady_clock::time_point retry_not_before_{};
  std::uint64_t generation_ = 0;        // bumped by every refresh outcome and by invalidate()
  std::exception_ptr last_failure_;     // the last refresh's error, while no valid token is cached
};

inline constexpr std::chrono::seconds token_slack{300};
inline constexpr std::chrono::seconds metadata_token_slack{225};

class ServiceAccountCredentials final : public CachingCredentials {
 public:
  ServiceAccountCredentials(ServiceAccountKey key, net::HttpClient& http, std::string scope)
      : CachingCredentials(token_slack), key_(std::move(key)), http_(http), scope_(std::move(scope)) {}

  std::string describe() const override { return "service account " + key_.client_email; }

 protected:
  Token fetch() override {
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch()).count();
    const std::string assertion = make_service_account_jwt(key_, scope_, static_cast<std::int64_t>(now));
    return exchange(http_,
                    form_post(key_.token_uri,
                              {{"grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"}, {"assertion", assertion}}),
                    key_.token_uri, {assertion, key_.private_key});
  }

 private:
  ServiceAccountKey key_;
  net::HttpClient& http_;
  std::string scope_;
};

class AuthorizedUserCredentials final : public CachingCredentials {
 public:
  AuthorizedUserCredentials(AuthorizedUserKey key, net::HttpClient& http)
      : CachingCredentials(token_slack), key_(std::move(key)), http_(http) {}

  std::string describe() const override { return "authorized user (client " + key_.client_id + ")"; }

 protected:
  Token fetch() override {
    return exchange(http_,
                    form_post(key_.token_uri, {{"grant_type", "refresh_token"},
                                               {"client_id", key_.client_id},
                                               {"client_secret", key_.client_secret},
                                               {"refresh_token", key_.refresh_token}}),
                    key_.token_uri, {key_.client_secret, key_.refresh_token});
  }

 private:
  AuthorizedUserKey key_;
  net::HttpClient& http_;
};

class MetadataServerCredentials final : public CachingCredentials {
 public:
  MetadataServerCredentials(std::string host, const net::HttpClientOptions& base)
      : CachingCredentials(metadata_token_slack), host_(std::move(host)) {
    net::HttpClientOptions options;
    options.allow_plain_http = true;  // the metadata server speaks plain HTTP on a link-local address
    options.connect_timeout = std::chrono::milliseconds(1'000);
    options.request_timeout = std::chrono::milliseconds(10'000);
    options.user_agent = base.user_agent;
    options.retry.max_attempts = 3;
    options.retry.initial_backoff = std::chrono::milliseconds(100);
    options.retry.max_backoff = std::chrono::milliseconds(1'000);
    options.retry.total_budget = std::chrono::milliseconds(15'000);
    http_ = std::make_unique<net::HttpClient>(std::move(options));
  }

  std::string describe() const override { return "metadata server " + host_; }

 protected:
  Token fetch() override {
    net::HttpRequest request;
    request.method = "GET";
    request.url = "http://" + host_ + "/computeMetadata/v1/instance/service-accounts/default/token";
    request.headers = {{"Metadata-Flavor", "Google"}, {"Accept", "application/json"}};
    const std::string endpoint = "metadata server " + host_;
    return exchange(*http_, request, endpoint, {});
  }

 private:
  std::string host_;
  std::unique_ptr<net::HttpClient> http_;
};

class AnonymousCredentials final : public Credentials {
 public:
  std::optional<std::string> authorization_header() override { return std::nullopt; }
  std::string describe() const override { return "anonymous"; }
};

/// Reads a whole file; nullopt with errno's text when it cannot be opened or read.
inline std::optional<std::string> read_whole_file(const std::filesystem::path& path, std::string& why) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    why = "it is a directory";
    return std::nullopt;
  }
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    why = errno != 0 ? std::strerror(errno) : "cannot open it";
    return std::nullopt;
  }
  std::string contents{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) {
    why = "read error";
    return std::nullopt;
  }
  return contents;
}

inline std::shared_ptr<Credentials> credentials_from_file(const std::filesystem::path& path, std::string_view origin,
                                                          net::HttpClient& http) {
  std::string why;
  auto contents = read_whole_file(path, why);
  if (!contents) throw AuthError(fmt::format("{} names {}, which cannot be read: {}", origin, path.string(), why));
  try {
    return credentials_from_json(*contents, http);
  } catch (const AuthError& e) {
    throw AuthError(fmt::format("{} ({}): {}", path.string(), origin, e.what()));
  }
}

}  // namespace detail_auth

// ---- public functions --------------------------------------------------------------------------------

NBARAW_DECL std::string base64url_encode(std::string_view bytes) { return nbaraw::detail::base64_encode(bytes, true); }

NBARAW_DECL std::optional<std::string> base64url_decode(std::string_view text) {
  // JWTs use the URL-safe alphabet only.
  if (text.find_first_of("+/") != std::string_view::npos) return std::nullopt;
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() % 4 == 1) return std::nullopt;
  return nbaraw::detail::base64_decode(text);
}

NBARAW_DECL ServiceAccountKey parse_service_account_key(std::string_view json) {
  constexpr std::string_view what = "service account key";
  const boost::json::object doc = detail_auth::parse_credentials_object(json, what);
  if (const auto* type = doc.if_contains("type");
      type != nullptr && !(type->is_string() && type->as_string() == "service_account"))
    throw AuthError("service account key: field \"type\" is not \"service_account\"");
  ServiceAccountKey key;
  key.client_email = detail_auth::required_string(doc, "client_email", what);
  key.private_key = detail_auth::required_string(doc, "private_key", what);
  key.private_key_id = detail_auth::optional_string(doc, "private_key_id", what);
  key.token_uri = detail_auth::optional_string(doc, "token_uri", what, std::string(default_token_uri));
  key.project_id = detail_auth::optional_string(doc, "project_id", what);
  (void)detail_auth::load_rsa_private_key(key.private_key);  // fail now, not at the first request
  return key;
}

NBARAW_DECL AuthorizedUserKey parse_authorized_user_key(std::string_view json) {
  constexpr std::string_view what = "authorized_user credentials";
  const boost::json::object doc = detail_auth::parse_credentials_object(json, what);
  if (const auto* type = doc.if_contains("type");
      type != nullptr && !(type->is_string() && type->as_string() == "authorized_user"))
    throw AuthError("authorized_user credentials: field \"type\" is not \"authorized_user\"");
  AuthorizedUserKey key;
  key.client_id = detail_auth::required_string(doc, "client_id", what);
  key.client_secret = detail_auth::required_string(doc, "client_secret", what);
  key.refresh_token = detail_auth::required_string(doc, "refresh_token", what);
  key.token_uri = detail_auth::optional_string(doc, "token_uri", what, std::string(default_token_uri));
  key.quota_project_id = detail_auth::optional_string(doc, "quota_project_id", what);
  return key;
}

NBARAW_DECL std::string make_service_account_jwt(const ServiceAccountKey& key, std::string_view scope,
                                                 std::int64_t now_seconds) {
  const detail_auth::PkeyPtr pkey = detail_auth::load_rsa_private_key(key.private_key);
  boost::json::object header;
  header["alg"] = "RS256";
  header["typ"] = "JWT";
  if (!key.private_key_id.empty()) header["kid"] = key.private_key_id;
  boost::json::object claims;
  claims["iss"] = key.client_email;
  claims["scope"] = scope;
  claims["aud"] = key.token_uri;
  claims["iat"] = now_seconds;
  claims["exp"] = now_seconds + 3600;
  std::string signing_input =
      base64url_encode(boost::json::serialize(header)) + "." + base64url_encode(boost::json::serialize(claims));
  const std::string signature = detail_auth::sign_rs256(pkey.get(), signing_input);
  signing_input += '.';
  signing_input += base64url_encode(signature);
  return signing_input;
}

NBARAW_DECL Environment process_environment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

NBARAW_DECL std::shared_ptr<Credentials> anonymous_credentials() {
  return std::make_shared<detail_auth::AnonymousCredentials>();
}

NBARAW_DECL std::shared_ptr<Credentials> credentials_from_json(std::string_view json, net::HttpClient& http,
                                                               std::string scope) {
  const boost::json::object doc = detail_auth::parse_credentials_object(json, "credentials file");
  const boost::json::value* type = doc.if_contains("type");
  if (type == nullptr) throw AuthError("credentials file: field \"type\" is missing");
  if (!type->is_string()) throw AuthError("credentials file: field \"type\" is not a string");
  const std::string_view kind = type->as_string();
  if (kind == "service_account")
    return std::make_shared<detail_auth::ServiceAccountCredentials>(parse_service_account_key(json), http,
                                                                     std::move(scope));
  if (kind == "authorized_user")
    return std::make_shared<detail_auth::AuthorizedUserCredentials>(parse_authorized_user_key(json), http);
  // external_account, impersonated_service_account, ... : named only when short and printable.
  const bool printable = kind.size() <= 64 && std::all_of(kind.begin(), kind.end(), [](char c) {
                           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
                         });
  throw AuthError(fmt::format(
      "credentials file: field \"type\" is {}, which is not supported (expected \"service_account\" or \"authorized_user\")",
      printable ? fmt::format("\"{}\"", kind) : std::string("an unknown value")));
}

NBARAW_DECL std::shared_ptr<Credentials> metadata_server_credentials(net::HttpClient& http, const Environment& env) {
  std::string host = "metadata.google.internal";
  if (auto value = env ? env("GCE_METADATA_HOST") : std::nullopt; value && !value->empty()) {
    std::string_view h = *value;
    if (h.starts_with("http://")) h.remove_prefix(7);
    while (!h.empty() && h.back() == '/') h.remove_suffix(1);
    if (h.empty() || h.find_first_of("/?# \t\r\n@") != std::string_view::npos)
      throw AuthError("GCE_METADATA_HOST is not a host[:port]");
    host = std::string(h);
  }
  return std::make_shared<detail_auth::MetadataServerCredentials>(std::move(host), http.options());
}

NBARAW_DECL std::shared_ptr<Credentials> application_default_credentials(net::HttpClient& http, const Environment& env) {
  auto get = [&](std::string_view name) -> std::optional<std::string> {
    if (!env) return std::nullopt;
    auto value = env(name);
    if (value && value->empty()) return std::nullopt;
    return value;
  };
  // 1. An explicit key file must be readable: never fall through to other credentials.
  if (auto path = get("GOOGLE_APPLICATION_CREDENTIALS"))
    return detail_auth::credentials_from_file(*path, "GOOGLE_APPLICATION_CREDENTIALS", http);
  // 2. gcloud's well-known file, if it exists.
  std::optional<std::filesystem::path> well_known;
  if (auto config = get("CLOUDSDK_CONFIG")) well_known = std::filesystem::path(*config) / "application_default_credentials.json";
  else if (auto home = get("HOME")) well_known = std::filesystem::path(*home) / ".config" / "gcloud" / "application_default_credentials.json";
  if (well_known) {
    std::error_code ec;
    if (std::filesystem::exists(*well_known, ec))
      return detail_auth::credentials_from_file(*well_known, "the gcloud application default credentials file", http);
  }
  // 3. The metadata server (GCE, GKE, Cloud Run).
  return metadata_server_credentials(http, env);
}

}  // namespace nbaraw::auth
