#pragma once
// Ball Don't Lie's 30 teams: its team ids 1..30 are the NBA tricodes in this order (alphabetical by city).
#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace nbaraw {

/// The tricodes BDL uses, index = BDL team id - 1.
inline constexpr std::array<std::string_view, 30> bdl_tricodes{
    "ATL", "BOS", "BKN", "CHA", "CHI", "CLE", "DAL", "DEN", "DET", "GSW", "HOU", "IND", "LAC", "LAL", "MEM",
    "MIA", "MIL", "MIN", "NOP", "NYK", "OKC", "ORL", "PHI", "PHX", "POR", "SAC", "SAS", "TOR", "UTA", "WAS"};

/// BDL team id 1..30 → its tricode, else nullopt.
constexpr std::optional<std::string_view> bdl_tricode_of_id(std::int64_t id) {
  if (id < 1 || id > std::int64_t(bdl_tricodes.size())) return std::nullopt;
  return bdl_tricodes[std::size_t(id - 1)];
}

/// Whether the code is one of BDL's 30 tricodes (exactly, upper case).
constexpr bool is_bdl_tricode(std::string_view code) {
  return std::find(bdl_tricodes.begin(), bdl_tricodes.end(), code) != bdl_tricodes.end();
}

}  // namespace nbaraw
