#pragma once
// UTC timestamps as the tables store them.
#include <nbaraw/config.hpp>

#include <chrono>
#include <string>

namespace nbaraw {

/// "2025-07-15T14:30:22.123456": naive ISO 8601 with microseconds, read by BigQuery as UTC.
NBARAW_DECL std::string iso_timestamp(std::chrono::system_clock::time_point t);

inline std::string utc_now_iso() { return iso_timestamp(std::chrono::system_clock::now()); }

}  // namespace nbaraw

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/timestamp.ipp>
#endif
