#pragma once
// A GCS bucket as a backfill source: gs://BUCKET.
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

  Listing list(std::string_view prefix) const { return {client_.list(bucket_, prefix), {}}; }
  /// Within the limits: the listed size is checked first, the body stops at max_bytes, the download ends by
  /// the deadline, and gzip-stored bytes decode within the size and ratio caps.
  NBARAW_DECL std::string read(const ObjectInfo& object, const ReadLimits& limits = {}) const;
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

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/gcs_source.ipp>
#endif
