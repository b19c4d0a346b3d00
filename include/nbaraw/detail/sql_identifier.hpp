#pragma once
// The one rule for table and column names that go into SQL text (values are always bound parameters).
#include <string_view>

namespace nbaraw::detail {

/// [A-Za-z_][A-Za-z0-9_]*, at most 128 characters: safe to quote in SQLite and GoogleSQL alike.
inline bool is_sql_identifier(std::string_view s) {
  if (s.empty() || s.size() > 128 || (s[0] >= '0' && s[0] <= '9')) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

}  // namespace nbaraw::detail
