#pragma once
// gzip detection and decoding (zlib), for objects stored compressed.
#include <nbaraw/config.hpp>

#include <stdexcept>
#include <string>
#include <string_view>

namespace nbaraw {

struct DecompressError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The output would pass max_output: a decompression bomb, or an object over the size limit. Not a damaged
/// stream, so never worth another download.
struct DecompressLimitExceeded : DecompressError {
  using DecompressError::DecompressError;
};

/// True when the bytes start with the gzip magic number.
inline bool looks_gzipped(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f && static_cast<unsigned char>(bytes[1]) == 0x8b;
}

/// Decodes gzip (all members); throws DecompressError on corrupt or truncated input, and
/// DecompressLimitExceeded as soon as the output passes max_output bytes (so a bomb never costs more).
NBARAW_DECL std::string gunzip(std::string_view compressed, std::size_t max_output = std::size_t(4) << 30);

/// Encodes as gzip (used by tests, tools and the NDJSON sink's optional compression).
NBARAW_DECL std::string gzip(std::string_view plain);

}  // namespace nbaraw

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/gzip.ipp>
#endif
