#pragma once
#include <nbaraw/core/date.hpp>
#include <nbaraw/rules/game_id.hpp>
#include <nbaraw/rules/names.hpp>
#include <nbaraw/rules/team_mapper.hpp>

#include <utf8proc.h>

namespace nbaraw {

namespace game_id_detail {

/// `team.upper().strip()` (upper-casing by code point: "phı" → "PHI", as in Python).
inline std::string upper_stripped(std::string_view team) {
  std::u32string s = text::decode(team);
  for (char32_t& c : s)
    if (c < 0x80) {
      if (c >= 'a' && c <= 'z') c -= 32;
    } else if (c <= 0x10FFFF && !(c >= 0xD800 && c <= 0xDFFF)) {
      c = char32_t(utf8proc_toupper(utf8proc_int32_t(c)));
    }
  return text::encode(text::strip(s));
}

}  // namespace game_id_detail

NBARAW_DECL std::optional<std::string> standard_game_id(std::string_view date, std::string_view away,
                                                        std::string_view home) {
  std::string digits;
  for (char c : date)
    if (c != '-') digits += c;
  if (digits.size() != 8) return std::nullopt;
  for (char c : digits)
    if (c < '0' || c > '9') return std::nullopt;
  const int year = std::stoi(digits.substr(0, 4));
  const unsigned month = unsigned(std::stoi(digits.substr(4, 2))), day = unsigned(std::stoi(digits.substr(6, 2)));
  if (!is_valid_date(year, month, day)) return std::nullopt;
  const std::string a = game_id_detail::upper_stripped(away), h = game_id_detail::upper_stripped(home);
  if (!is_nba_tricode(a) || !is_nba_tricode(h) || a == h) return std::nullopt;
  return digits + "_" + a + "_" + h;
}

}  // namespace nbaraw
