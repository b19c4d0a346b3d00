#pragma once
// Google credentials: where the Authorization header comes from.
#include <nbaraw/config.hpp>
#include <nbaraw/net/http_client.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace nbaraw::auth {

/// Credentials could not be found, read, or exchanged for a token. Never carries a secret.
struct AuthError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Reads an environment variable (injectable for tests).
using Environment = std::function<std::optional<std::string>(std::string_view name)>;
NBARAW_DECL Environment process_environment();

/**
 * A source of access tokens. Thread-safe: tokens are cached with their expiry and refreshed under a
 * lock before they expire (300 s early; 225 s for the metadata server), so concurrent requests do not
 * stampede the token endpoint. Tokens never reach a log line or an exception message.
 */
class Credentials {
 public:
  virtual ~Credentials() = default;
  /// "Bearer <token>", or nullopt for anonymous access (emulators). Throws AuthError.
  virtual std::optional<std::string> authorization_header() = 0;
  /// Drop the cached token (after a 401), so the next call fetches a new one.
  virtual void invalidate() {}
  /// What kind of credentials, and whose (e.g. "service account x@p.iam.gserviceaccount.com"); no secrets.
  virtual std::string describe() const = 0;
};

/// Anonymous: no Authorization header (emulators).
NBARAW_DECL std::shared_ptr<Credentials> anonymous_credentials();

/// The credentials keep a reference to `http`, which must outlive them.
/// From a JSON key file's contents: "service_account" (RS256 JWT exchanged at token_uri) or
/// "authorized_user" (refresh-token grant). Throws AuthError naming what is wrong (never its values).
NBARAW_DECL std::shared_ptr<Credentials> credentials_from_json(std::string_view json, net::HttpClient& http,
                                                               std::string scope = "https://www.googleapis.com/auth/cloud-platform");

/// The metadata server's default service account (GCE_METADATA_HOST, else metadata.google.internal).
NBARAW_DECL std::shared_ptr<Credentials> metadata_server_credentials(net::HttpClient& http, const Environment& env);

/// Application Default Credentials: GOOGLE_APPLICATION_CREDENTIALS (must be readable if set), then the
/// gcloud ADC file ($CLOUDSDK_CONFIG or $HOME/.config/gcloud/application_default_credentials.json), then
/// the metadata server.
NBARAW_DECL std::shared_ptr<Credentials> application_default_credentials(net::HttpClient& http, const Environment& env);

}  // namespace nbaraw::auth

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/credentials.ipp>
#endif
