#pragma once
// The Cloud Storage JSON API calls a backfill needs: list (every page), object metadata, and media
// download verified against the object's CRC32C.
#include <nbaraw/auth/credentials.hpp>
#include <nbaraw/config.hpp>
#include <nbaraw/net/http_client.hpp>
#include <nbaraw/source.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace nbaraw::gcs {

/// A GCS answer that is not a success (after the HTTP client's retries), with GCS's own message.
struct GcsError : std::runtime_error {
  GcsError(unsigned status_code, std::string message) : std::runtime_error(std::move(message)), status(status_code) {}
  unsigned status;
};

struct ClientOptions {
  std::string endpoint = "https://storage.googleapis.com";  ///< or an emulator's base URL
  unsigned page_size = 1000;                                ///< maxResults per list page (GCS caps at 1000)
  unsigned integrity_attempts = 3;                          ///< downloads whose CRC32C does not match are tried this often
  /// Listings are cheap and everything depends on them, so they retry longer than reads: up to 12 attempts
  /// over ~2.5 minutes of backoff, where a read gives up after 6 attempts and ~8 s.
  net::RetryPolicy list_retry{12, std::chrono::milliseconds{1000}, std::chrono::milliseconds{30'000}, 2.0,
                              std::chrono::milliseconds{600'000}};
};

/// What one download may take: its stored size (the body limit) and its deadline.
struct DownloadLimits {
  std::uint64_t max_bytes = std::uint64_t(1) << 30;
  std::optional<std::chrono::steady_clock::time_point> deadline;
};

/// STORAGE_EMULATOR_HOST as the Google client libraries read it: "host:port" (http assumed) or a URL.
NBARAW_DECL std::optional<std::string> emulator_endpoint(const auth::Environment& env);

/// Thread-safe (the HTTP client and credentials are).
class Client {
 public:
  NBARAW_DECL Client(net::HttpClient& http, std::shared_ptr<auth::Credentials> credentials, ClientOptions options = {});

  /// Every object whose name starts with prefix, over all pages, sorted by name.
  NBARAW_DECL std::vector<ObjectInfo> list(std::string_view bucket, std::string_view prefix);
  /// One object's metadata; throws ObjectNotFound on 404.
  NBARAW_DECL ObjectInfo metadata(std::string_view bucket, std::string_view name);
  /// The object's bytes as stored (gzip-stored objects stay compressed), pinned to its generation and
  /// checked against its CRC32C; a mismatch is retried, then reported. Throws ObjectNotFound on 404,
  /// net::HttpBodyTooLarge past limits.max_bytes, net::HttpDeadlineExceeded past the deadline.
  NBARAW_DECL std::string download(std::string_view bucket, const ObjectInfo& object, const DownloadLimits& limits = {});

  /// Downloads repeated because their CRC32C did not match.
  std::uint64_t integrity_retries() const { return integrity_retries_.load(); }
  const ClientOptions& options() const { return options_; }

 private:
  /// GET with the credentials; `shape` gives the request's own limits and retries (its url and headers are set here).
  net::HttpResponse get(const std::string& url, net::Headers headers, std::string_view what, net::HttpRequest shape = {});
  net::HttpClient& http_;
  std::shared_ptr<auth::Credentials> credentials_;
  ClientOptions options_;
  std::atomic<std::uint64_t> integrity_retries_{0};
};

}  // namespace nbaraw::gcs

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/gcs_client.ipp>
#endif
