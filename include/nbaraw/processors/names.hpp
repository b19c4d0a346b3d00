#pragma once
// Player-name lookups as the BDL processors build them.
#include <nbaraw/processors/python_compat.hpp>

#include <string>
#include <string_view>

namespace nbaraw {

/// BDL `normalize_text`: lower-case, then keep only [a-z0-9]. No diacritic folding: "Jokić" → "joki".
inline std::string bdl_player_lookup(std::string_view name) {
  std::string out;
  for (char c : py::lower(name))
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
  return out;
}

}  // namespace nbaraw
