#pragma once
// Calendar dates (YYYY-MM-DD) and the date lists a backfill plans over.
#include <nbaraw/config.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nbaraw {

struct Date {
  int year = 1970;
  unsigned month = 1;
  unsigned day = 1;

  friend auto operator<=>(const Date&, const Date&) = default;

  std::chrono::sys_days days() const {
    return std::chrono::sys_days{std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day}};
  }
  static Date from_days(std::chrono::sys_days d) {
    std::chrono::year_month_day ymd{d};
    return {int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day())};
  }
  Date next() const { return from_days(days() + std::chrono::days{1}); }

  /// "2024-01-15"
  NBARAW_DECL std::string iso() const;
  /// "20240115"
  NBARAW_DECL std::string compact() const;
};

/// Whether (y, m, d) is a real calendar date.
NBARAW_DECL bool is_valid_date(int year, unsigned month, unsigned day);

/// Parses exactly "YYYY-MM-DD" naming a real date; nullopt otherwise.
NBARAW_DECL std::optional<Date> parse_iso_date(std::string_view text);

/// Today in UTC.
NBARAW_DECL Date today_utc();

/// Every date from first to last inclusive (empty when first > last).
NBARAW_DECL std::vector<Date> dates_between(const Date& first, const Date& last);

/// Finds the first path segment shaped like a real YYYY-MM-DD date ("<prefix>/2024-01-15/...").
NBARAW_DECL std::optional<Date> date_folder_of(std::string_view object_name);

}  // namespace nbaraw

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/date.ipp>
#endif
