#pragma once
#include <nbaraw/core/date.hpp>
#include <nbaraw/rules/ascii.hpp>
#include <nbaraw/rules/python_datetime.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

namespace nbaraw::py {

namespace python_datetime_detail {

/// n ASCII digits at pos as a number, or nullopt.
inline std::optional<int> digits_at(std::string_view s, std::size_t pos, std::size_t n) {
  if (pos + n > s.size()) return std::nullopt;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (!ascii::is_digit(s[i])) return std::nullopt;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

/// Parses "HH[:MM[:SS[(.|,)f+]]]" or the basic "HH[MM[SS[(.|,)f+]]]" into microseconds of the day.
inline std::optional<std::int64_t> parse_time_of_day(std::string_view t, bool allow_fraction) {
  const bool extended = t.size() > 2 && t[2] == ':';
  std::size_t pos = 0;
  int fields[3] = {0, 0, 0};
  for (int f = 0; f < 3; ++f) {
    if (f > 0) {
      if (pos == t.size()) break;
      if (extended) {
        if (t[pos] != ':') break;
        ++pos;
      }
      if (t[pos] == '.' || t[pos] == ',') break;
    }
    auto v = digits_at(t, pos, 2);
    if (!v) return std::nullopt;
    fields[f] = *v;
    pos += 2;
  }
  std::int64_t micros = 0;
  if (pos < t.size() && (t[pos] == '.' || t[pos] == ',')) {
    if (!allow_fraction) return std::nullopt;
    ++pos;
    const std::size_t start = pos;
    while (pos < t.size() && ascii::is_digit(t[pos])) ++pos;
    if (pos == start) return std::nullopt;
    std::string frac(t.substr(start, std::min<std::size_t>(6, pos - start)));  // digits past six are dropped
    frac.resize(6, '0');
    micros = std::stoll(frac);
  }
  if (pos != t.size()) return std::nullopt;
  if (fields[0] > 23 || fields[1] > 59 || fields[2] > 59) return std::nullopt;
  return (std::int64_t(fields[0]) * 3600 + fields[1] * 60 + fields[2]) * 1000000 + micros;
}

inline std::string format_local(std::int64_t local_micros, char separator) {
  using namespace std::chrono;
  const sys_time<microseconds> t{microseconds{local_micros}};
  const sys_days day = floor<days>(t);
  const year_month_day ymd{day};
  const std::int64_t of_day = (t - day).count();
  const std::int64_t seconds = of_day / 1000000, micros = of_day % 1000000;
  std::string out = fmt::format("{:04d}-{:02d}-{:02d}{}{:02d}:{:02d}:{:02d}", int(ymd.year()), unsigned(ymd.month()),
                                unsigned(ymd.day()), separator, seconds / 3600, seconds / 60 % 60, seconds % 60);
  if (micros) out += fmt::format(".{:06d}", micros);
  return out;
}

inline std::string format_offset(std::int32_t offset) {
  const char sign = offset < 0 ? '-' : '+';
  const std::int32_t a = offset < 0 ? -offset : offset;
  std::string out = fmt::format("{}{:02d}:{:02d}", sign, a / 3600, a / 60 % 60);
  if (a % 60) out += fmt::format(":{:02d}", a % 60);
  return out;
}

}  // namespace python_datetime_detail

NBARAW_DECL std::string DateTime::python_str() const {
  std::string out = python_datetime_detail::format_local(local_micros, ' ');
  if (offset_seconds) out += python_datetime_detail::format_offset(*offset_seconds);
  return out;
}

NBARAW_DECL std::string DateTime::iso() const {
  std::string out = python_datetime_detail::format_local(local_micros, 'T');
  if (offset_seconds) out += python_datetime_detail::format_offset(*offset_seconds);
  return out;
}

NBARAW_DECL std::optional<DateTime> fromisoformat(std::string_view text) {
  using namespace python_datetime_detail;
  // Date: YYYY-MM-DD or YYYYMMDD.
  std::optional<int> y, mo, d;
  std::size_t pos = 0;
  if (text.size() >= 10 && text[4] == '-' && text[7] == '-') {
    y = digits_at(text, 0, 4), mo = digits_at(text, 5, 2), d = digits_at(text, 8, 2);
    pos = 10;
  } else {
    y = digits_at(text, 0, 4), mo = digits_at(text, 4, 2), d = digits_at(text, 6, 2);
    pos = 8;
  }
  if (!y || !mo || !d || !is_valid_date(*y, unsigned(*mo), unsigned(*d))) return std::nullopt;
  const Date date{*y, unsigned(*mo), unsigned(*d)};
  DateTime t;
  t.local_micros = std::int64_t(date.days().time_since_epoch().count()) * 86400 * 1000000;
  if (pos == text.size()) return t;  // a date alone is midnight, naive
  // Any one character separates date and time.
  const unsigned char sep = static_cast<unsigned char>(text[pos]);
  pos += sep < 0x80 ? 1 : sep >= 0xF0 ? 4 : sep >= 0xE0 ? 3 : 2;
  if (pos >= text.size()) return std::nullopt;
  const std::string_view rest = text.substr(pos);
  const std::size_t zone = rest.find_first_of("+-Z");
  const auto time = parse_time_of_day(rest.substr(0, zone), true);
  if (!time) return std::nullopt;
  t.local_micros += *time;
  if (zone == std::string_view::npos) return t;
  if (rest[zone] == 'Z') {  // 3.11: Z is UTC, and ends the text
    if (zone + 1 != rest.size()) return std::nullopt;
    t.offset_seconds = 0;
    return t;
  }
  const std::string_view z = rest.substr(zone + 1);
  if (z.empty()) return std::nullopt;
  const auto offset = parse_time_of_day(z, false);
  if (!offset) return std::nullopt;
  const auto seconds = std::int32_t(*offset / 1000000);
  t.offset_seconds = rest[zone] == '-' ? -seconds : seconds;
  return t;
}

}  // namespace nbaraw::py
