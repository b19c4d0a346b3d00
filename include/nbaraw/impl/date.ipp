#pragma once
#include <nbaraw/core/date.hpp>

#include <charconv>
#include <fmt/format.h>

namespace nbaraw {

NBARAW_DECL std::string Date::iso() const { return fmt::format("{:04d}-{:02d}-{:02d}", year, month, day); }
NBARAW_DECL std::string Date::compact() const { return fmt::format("{:04d}{:02d}{:02d}", year, month, day); }

NBARAW_DECL bool is_valid_date(int year, unsigned month, unsigned day) {
  return year >= 1 && year <= 9999 &&
         std::chrono::year_month_day{std::chrono::year{year}, std::chrono::month{month}, std::chrono::day{day}}.ok();
}

NBARAW_DECL std::optional<Date> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto number = [&](std::size_t pos, std::size_t len) -> std::optional<int> {
    int value = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  auto y = number(0, 4), m = number(5, 2), d = number(8, 2);
  if (!y || !m || !d || !is_valid_date(*y, unsigned(*m), unsigned(*d))) return std::nullopt;
  return Date{*y, unsigned(*m), unsigned(*d)};
}

NBARAW_DECL Date today_utc() {
  return Date::from_days(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
}

NBARAW_DECL std::vector<Date> dates_between(const Date& first, const Date& last) {
  std::vector<Date> out;
  for (Date d = first; d <= last; d = d.next()) out.push_back(d);
  return out;
}

NBARAW_DECL std::optional<Date> date_folder_of(std::string_view object_name) {
  std::size_t start = 0;
  while (start <= object_name.size()) {
    std::size_t slash = object_name.find('/', start);
    if (slash == std::string_view::npos) break;  // the last segment is the file, not a folder
    if (auto d = parse_iso_date(object_name.substr(start, slash - start))) return d;
    start = slash + 1;
  }
  return std::nullopt;
}

}  // namespace nbaraw
