#pragma once
// A GCS bucket as a backfill source: gs://BUCKET.
#include <nbaraw/detail/gzip.hpp>
#include <nbaraw/gcs/client.hpp>
#include <nbaraw/source.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace nbaraw {

/// Lists with every page, reads pinned to the listed generation with the CRC32C checked, and decodes
/// gzip-stored objects. Thread-safe.
class GcsSource {
 public:
  GcsSource(std::string bucket, gcs::Client& client, const net::HttpClient& http)
      : bucket_(std::move(bucket)), client_(client), http_(http) {}

  std::vector<ObjectInfo> list(std::string_view prefix) const { return client_.list(bucket_, prefix); }
  std::string read(const ObjectInfo& object) const {
    std::string bytes = client_.download(bucket_, object);
    return looks_gzipped(bytes) ? gunzip(bytes) : bytes;
  }
  std::string describe() const { return "gs://" + bucket_; }

  /// HTTP attempts after the first, plus downloads repeated for a CRC32C mismatch.
  std::uint64_t retries() const { return http_.stats().retries.load() + client_.integrity_retries(); }

 private:
  std::string bucket_;
  gcs::Client& client_;
  const net::HttpClient& http_;
};

static_assert(Source<GcsSource>);

}  // namespace nbaraw
