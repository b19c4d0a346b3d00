#pragma once
#include <nbaraw/core/date.hpp>
#include <nbaraw/core/recency.hpp>

#include <fmt/format.h>

#include <charconv>

namespace nbaraw {

namespace detail {
inline bool all_digits(std::string_view s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return !s.empty();
}

inline int number_at(std::string_view s, std::size_t at, std::size_t width) {
  int n = 0;
  for (std::size_t i = at; i < at + width; ++i) n = n * 10 + (s[i] - '0');
  return n;
}
}  // namespace detail

NBARAW_DECL std::optional<std::string> scrape_time_in_name(std::string_view object_name) {
  const std::string_view base = object_name.substr(object_name.rfind('/') + 1);
  for (std::size_t at = 0; at + 15 <= base.size(); ++at) {
    const std::string_view candidate = base.substr(at, 15);
    if (candidate[8] != '_' || !detail::all_digits(candidate.substr(0, 8)) || !detail::all_digits(candidate.substr(9, 6)))
      continue;
    // Not part of a longer run of digits (an id that happens to hold 8 digits, an underscore and 6 more).
    if ((at > 0 && base[at - 1] >= '0' && base[at - 1] <= '9') || (at + 15 < base.size() && base[at + 15] >= '0' && base[at + 15] <= '9'))
      continue;
    const int year = detail::number_at(candidate, 0, 4), month = detail::number_at(candidate, 4, 2),
              day = detail::number_at(candidate, 6, 2), hour = detail::number_at(candidate, 9, 2),
              minute = detail::number_at(candidate, 11, 2), second = detail::number_at(candidate, 13, 2);
    if (!is_valid_date(year, unsigned(month), unsigned(day)) || hour > 23 || minute > 59 || second > 59) continue;
    std::string out(candidate.substr(0, 8));
    out += candidate.substr(9, 6);
    return out;
  }
  return std::nullopt;
}

NBARAW_DECL std::uint64_t creation_of_generation(std::string_view generation) {
  if (const std::size_t colon = generation.rfind(':'); colon != std::string_view::npos) generation.remove_prefix(colon + 1);
  std::uint64_t n = 0;
  if (!detail::all_digits(generation)) return 0;
  const auto [end, ec] = std::from_chars(generation.data(), generation.data() + generation.size(), n);
  return ec == std::errc() && end == generation.data() + generation.size() ? n : 0;
}

NBARAW_DECL std::string recency_key(std::string_view object_name, std::string_view generation) {
  const std::optional<std::string> scraped = scrape_time_in_name(object_name);
  return fmt::format("{}{}.{:020}.{}", scraped ? '1' : '0', scraped ? *scraped : std::string(14, '0'),
                     creation_of_generation(generation), object_name);
}

}  // namespace nbaraw
