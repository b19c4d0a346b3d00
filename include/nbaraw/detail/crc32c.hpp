#pragma once
// CRC32C (Castagnoli, RFC 3720 / RFC 4960 App. B): the checksum GCS keeps for every object.
#include <array>
#include <cstdint>
#include <string_view>

namespace nbaraw::detail {

inline constexpr std::array<std::uint32_t, 256> crc32c_table = [] {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0x82F63B78u ^ (c >> 1) : c >> 1;
    table[i] = c;
  }
  return table;
}();

/// Continues a CRC32C over more bytes (start with 0).
inline std::uint32_t crc32c_extend(std::uint32_t crc, std::string_view bytes) {
  crc = ~crc;
  for (unsigned char b : bytes) crc = crc32c_table[(crc ^ b) & 0xffu] ^ (crc >> 8);
  return ~crc;
}

inline std::uint32_t crc32c(std::string_view bytes) { return crc32c_extend(0, bytes); }

}  // namespace nbaraw::detail
