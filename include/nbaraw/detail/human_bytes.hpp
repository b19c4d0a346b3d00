#pragma once
// Byte counts for people: "512 B", "1.5 KiB", "64.0 MiB".
#include <fmt/format.h>

#include <cstdint>
#include <string>

namespace nbaraw::detail {

inline std::string human_bytes(double bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int u = 0;
  while (bytes >= 1024 && u < 4) {
    bytes /= 1024;
    ++u;
  }
  return u == 0 ? fmt::format("{:.0f} B", bytes) : fmt::format("{:.1f} {}", bytes, units[u]);
}

}  // namespace nbaraw::detail
