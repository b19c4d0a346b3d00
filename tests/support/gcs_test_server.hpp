#pragma once
// A small Cloud Storage JSON API emulator for tests and benchmarks, on top of LoopbackServer: serves
// folders as buckets (file paths relative to the folder, with '/', are the object names).
//
//   GET /storage/v1/b/{bucket}                                   bucket resource (name only)
//   GET /storage/v1/b/{bucket}/o?prefix=&delimiter=&pageToken=&maxResults=&startOffset=&endOffset=&fields=
//   GET /storage/v1/b/{bucket}/o/{object}[?generation=N]         object resource
//   GET /storage/v1/b/{bucket}/o/{object}?alt=media[&generation=N]
//   (also under /download/storage/v1/...)
//
// {object} must be ONE percent-encoded path segment ('/' as %2F), as on GCS: a raw '/' after /o/ is a 404.
// Listing is sorted by name; items/prefixes are absent when empty; page size = min(maxResults,
// Options::page_size, 1000); nextPageToken is opaque (base64 of the last name returned); `fields` is
// accepted and ignored (full resources are returned). size/generation/metageneration are strings,
// crc32c is base64 of the big-endian CRC32C of the stored bytes, md5Hash base64 of the MD5.
// A stored file starting with the gzip magic has contentEncoding "gzip": media requests whose
// Accept-Encoding mentions gzip get the stored bytes with Content-Encoding: gzip; others get them
// decompressed (decompressive transcoding: chunked, no Content-Length, no Content-Encoding).
// Media responses carry X-Goog-Hash (crc32c=..,md5=.., of the stored bytes), x-goog-generation,
// x-goog-metageneration, x-goog-stored-content-encoding, x-goog-stored-content-length, and honour a
// single "Range: bytes=a-b" / "bytes=a-" / "bytes=-n" when not transcoding (206 + Content-Range).
// Generation: the file's mtime in nanoseconds; when a file changes (size, inode, mtime or ctime)
// without its mtime moving, the server bumps it so a rewritten file always gets a new generation.
// `generation=N` pins a read (404 on mismatch); `ifGenerationMatch=N` answers 412 on mismatch.
// Errors use GCS's JSON body: {"error":{"code":N,"message":"...","errors":[{"domain","reason","message"}]}}.
#include "support/loopback_server.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nbaraw::test {

namespace gcs_util {
/// CRC32C (Castagnoli, reflected, init/xorout 0xFFFFFFFF), as GCS and RFC 3720 define it; extendable:
/// crc32c(b, crc32c(a)) == crc32c(a + b).
std::uint32_t crc32c(std::string_view bytes, std::uint32_t previous = 0);
/// GCS's crc32c text: base64 of the four big-endian bytes.
std::string crc32c_base64(std::uint32_t crc);
/// base64 (standard alphabet, padded) of the raw 16-byte MD5.
std::string md5_base64(std::string_view bytes);
std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);
/// Percent-encodes everything outside RFC 3986 unreserved (so '/' becomes %2F): an object name as a
/// single path segment, or a query value.
std::string percent_encode(std::string_view text);
/// Decodes %XX; '+' becomes a space only when plus_is_space (query strings). nullopt on a bad escape.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space = false);
}  // namespace gcs_util

class GcsTestServer {
 public:
  struct Options {
    std::filesystem::path root;            ///< the folder served as `bucket`
    std::string bucket = "nbaraw-test";    ///< its bucket name
    std::map<std::string, std::filesystem::path> more_buckets;  ///< further bucket name -> folder
    unsigned page_size = 2;                ///< small by default so that paging is exercised
    bool tls = false;                      ///< https with a fresh TestPki (see ca_cert_pem())
    Faults faults;                         ///< passed to LoopbackServer::set_faults at start
    std::optional<std::string> require_bearer;  ///< when set, requests need "Authorization: Bearer <it>" (else 401)
    unsigned threads = 4;
    unsigned short port = 0;               ///< 0: a free port
    bool record_requests = true;           ///< see LoopbackServer::Options
  };

  explicit GcsTestServer(Options options);
  ~GcsTestServer();
  GcsTestServer(const GcsTestServer&) = delete;
  GcsTestServer& operator=(const GcsTestServer&) = delete;

  /// "http://127.0.0.1:PORT" or "https://127.0.0.1:PORT": the endpoint (what STORAGE_EMULATOR_HOST holds).
  std::string base_url() const;
  unsigned short port() const;
  const std::string& bucket() const;
  /// The CA that signed the server certificate (empty when not TLS).
  const std::string& ca_cert_pem() const;

  /// URL helpers: base_url() + "/storage/v1/b/{bucket}/o/{encoded name}" and the list URL.
  std::string object_url(std::string_view name, std::string_view bucket = {}) const;
  std::string list_url(std::string_view bucket = {}) const;

  /// The next `times` media responses of that object (any bucket) have one byte flipped (headers and
  /// metadata stay right), for CRC32C mismatch tests.
  void corrupt_media(const std::string& name, unsigned times = 1);
  /// Corruptions still pending for that object.
  unsigned pending_corruptions(const std::string& name) const;
  /// The generation the server currently reports for an object (nullopt when absent).
  std::optional<std::int64_t> generation_of(std::string_view name, std::string_view bucket = {}) const;

  void set_faults(const Faults& faults);
  FaultCounts fault_counts() const;
  std::vector<ServerRequest> requests() const;
  void clear_requests();
  LoopbackServer& server();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace nbaraw::test
