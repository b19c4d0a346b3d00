#pragma once
// ASCII-only character rules, for identifiers and codes (tricodes, ids, date digits) rather than Unicode text.
#include <string>
#include <string_view>

namespace nbaraw::ascii {

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// a-z upper-cased, every other byte kept (not Python's str.upper(): no Unicode mapping).
inline std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
  return out;
}

}  // namespace nbaraw::ascii
