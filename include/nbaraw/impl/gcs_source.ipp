#pragma once
#include <nbaraw/detail/human_bytes.hpp>
#include <nbaraw/sources/gcs_source.hpp>

#include <fmt/format.h>

namespace nbaraw {

NBARAW_DECL std::string GcsSource::read(const ObjectInfo& object, const ReadLimits& limits) const {
  if (object.size > limits.max_bytes)
    throw ObjectTooLarge(fmt::format("the object is {}, over the {} limit (--max-file-bytes)",
                                     detail::human_bytes(double(object.size)), detail::human_bytes(double(limits.max_bytes))));
  gcs::DownloadLimits download{limits.max_bytes, std::nullopt};
  if (limits.deadline != std::chrono::steady_clock::time_point::max()) download.deadline = limits.deadline;
  std::string stored;
  try {
    stored = client_.download(bucket_, object, download);
  } catch (const net::HttpBodyTooLarge& e) {
    throw ObjectTooLarge(fmt::format("{} (--max-file-bytes {})", e.what(), detail::human_bytes(double(limits.max_bytes))));
  } catch (const net::HttpDeadlineExceeded& e) {
    throw ReadTimedOut(fmt::format("read timed out (--read-timeout): {}", e.what()));
  }
  return decode_stored(std::move(stored), limits);
}

}  // namespace nbaraw
