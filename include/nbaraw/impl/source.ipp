#pragma once
#include <nbaraw/detail/gzip.hpp>
#include <nbaraw/detail/human_bytes.hpp>
#include <nbaraw/source.hpp>

#include <fmt/format.h>

namespace nbaraw {

NBARAW_DECL std::string decode_stored(std::string stored, const ReadLimits& limits) {
  using detail::human_bytes;
  if (!looks_gzipped(stored)) {
    if (stored.size() > limits.max_bytes)
      throw ObjectTooLarge(fmt::format("the object is {}, over the {} limit (--max-file-bytes)",
                                       human_bytes(double(stored.size())), human_bytes(double(limits.max_bytes))));
    return stored;
  }
  const std::uint64_t cap = limits.max_decoded(stored.size());
  try {
    return gunzip(stored, std::size_t(std::min<std::uint64_t>(cap, SIZE_MAX)));
  } catch (const DecompressLimitExceeded&) {
    if (cap < limits.max_bytes)
      throw ObjectTooLarge(fmt::format("gzip: {} stored decodes to more than {}, {}x its size: refused as a "
                                       "decompression bomb (--max-gzip-ratio {}); decoding stopped there",
                                       human_bytes(double(stored.size())), human_bytes(double(cap)),
                                       limits.max_gzip_ratio, limits.max_gzip_ratio));
    throw ObjectTooLarge(fmt::format("gzip: {} stored decodes to more than the {} limit (--max-file-bytes); "
                                     "decoding stopped there",
                                     human_bytes(double(stored.size())), human_bytes(double(limits.max_bytes))));
  }
}

}  // namespace nbaraw
