#pragma once
// A small HTTP/1.1 client over Boost.Beast: TLS with OpenSSL (system trust store, SNI, host-name
// verification), keep-alive connections reused per host, timeouts, gzip responses decoded, and retries
// with exponential backoff and full jitter for transient failures of idempotent requests.
#include <nbaraw/config.hpp>
#include <nbaraw/net/retry.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nbaraw::net {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "GET";  ///< GET, POST, PUT, DELETE, ...
  std::string url;             ///< absolute: scheme://host[:port]/path?query, already percent-encoded
  Headers headers;             ///< added as given (Host, User-Agent, Accept-Encoding, Content-Length are set by the client)
  std::string body;
  /// Only idempotent requests are retried. GET/HEAD/PUT/DELETE default to true, POST to false.
  std::optional<bool> idempotent;
  /// The largest body this request accepts (decoded too); unset: HttpClientOptions::max_body_bytes.
  std::optional<std::uint64_t> max_body_bytes;
  /// No attempt runs, and no retry starts, past this; unset: only the per-attempt timeouts and the retry budget.
  std::optional<std::chrono::steady_clock::time_point> deadline;
  /// This request's retries (e.g. more patient for listings); unset: HttpClientOptions::retry.
  std::optional<RetryPolicy> retry;
};

struct HttpResponse {
  unsigned status = 0;
  Headers headers;   ///< names as received
  std::string body;  ///< decoded when the server sent Content-Encoding: gzip and decode_gzip is on
  /// The first header of that name (case-insensitive), or nullopt.
  NBARAW_DECL std::optional<std::string_view> header(std::string_view name) const;
};

/// A request that failed for good: transport errors after every retry, or a refused TLS handshake.
/// what() never contains secrets (no Authorization header, no query values of credentials).
struct HttpError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The response body, as sent or decoded, is larger than the request accepts; never retried.
struct HttpBodyTooLarge : HttpError {
  using HttpError::HttpError;
};

/// The request's deadline passed before a response could be had.
struct HttpDeadlineExceeded : HttpError {
  using HttpError::HttpError;
};

struct HttpClientOptions {
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds request_timeout{120'000};  ///< for one attempt: write the request, read the whole response
  std::chrono::milliseconds idle_timeout{30'000};      ///< a pooled connection idle longer is closed, not reused
  std::size_t max_idle_per_host = 64;
  std::string ca_file;  ///< extra PEM CA bundle; empty: $NBARAW_CA_FILE if set; the system trust store is always used
  bool verify_tls = true;        ///< never turned off by the drivers; tests may only add a CA
  bool allow_plain_http = false; ///< http:// to a host that is not loopback; loopback http:// is always allowed
  bool decode_gzip = true;       ///< decode Content-Encoding: gzip bodies
  std::uint64_t max_body_bytes = std::uint64_t(1) << 30;  ///< the largest body any response may have (decoded too)
  std::string user_agent = "nbaraw/" NBARAW_VERSION_STRING;
  RetryPolicy retry;
};

/// Counters, safe to read while requests run.
struct HttpStats {
  std::atomic<std::uint64_t> requests{0};     ///< attempts sent
  std::atomic<std::uint64_t> retries{0};      ///< attempts after the first, for any reason
  std::atomic<std::uint64_t> connections{0};  ///< connections opened
  std::atomic<std::uint64_t> reused{0};       ///< attempts on a pooled connection
  std::atomic<std::uint64_t> bytes_received{0};
  std::atomic<std::uint64_t> gave_up{0};      ///< requests that ran out of attempts or time
};

/// Thread-safe: many threads may call send() at once; each attempt uses its own connection from the pool.
class HttpClient {
 public:
  NBARAW_DECL explicit HttpClient(HttpClientOptions options = {});
  NBARAW_DECL ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  /// Sends the request, retrying (idempotent requests only) on 408, 429, 5xx, connection resets,
  /// truncated responses and timeouts, honouring Retry-After, within the retry policy's attempts and
  /// total time. Returns the last response (which may still be a 429/5xx when the budget ran out; then
  /// stats().gave_up is counted); throws HttpError when no response could be had at all.
  NBARAW_DECL HttpResponse send(const HttpRequest& request);

  const HttpStats& stats() const { return stats_; }
  const HttpClientOptions& options() const { return options_; }

 private:
  struct Impl;
  HttpClientOptions options_;
  HttpStats stats_;
  std::unique_ptr<Impl> impl_;
};

/// Percent-encodes everything outside RFC 3986's unreserved set (A-Z a-z 0-9 - . _ ~), '/' included:
/// for a GCS object name as one path segment, and for query values.
NBARAW_DECL std::string percent_encode(std::string_view text);

/// application/x-www-form-urlencoded body from name/value pairs.
NBARAW_DECL std::string form_encode(const Headers& fields);

}  // namespace nbaraw::net

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/http_client.ipp>
#endif
