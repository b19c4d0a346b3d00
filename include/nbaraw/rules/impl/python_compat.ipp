#pragma once
#include <nbaraw/rules/python_compat.hpp>
#include <nbaraw/rules/ascii.hpp>
#include <nbaraw/rules/names.hpp>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <system_error>

#include <utf8proc.h>

namespace nbaraw::text {
// names.hpp's, declared here too: header-only, names.hpp may be the file that included this one.
NBARAW_DECL bool is_space(char32_t c);
}  // namespace nbaraw::text

namespace nbaraw::py {

namespace detail {
using ascii::is_digit;
}  // namespace detail


NBARAW_DECL std::string float_repr(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value < 0 ? "-inf" : "inf";
  if (value == 0) return std::signbit(value) ? "-0.0" : "0.0";
  // Shortest round-trip digits in scientific form: [-]d[.ddd]e±XX
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
  std::string_view sci(buffer, std::size_t(end - buffer));
  bool negative = sci.front() == '-';
  if (negative) sci.remove_prefix(1);
  std::size_t e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e))
    if (c != '.') digits += c;
  int exponent = std::atoi(std::string(sci.substr(e + 1)).c_str());
  std::string out = negative ? "-" : "";
  if (exponent >= -4 && exponent < 16) {
    if (exponent < 0) {
      out += "0." + std::string(std::size_t(-exponent - 1), '0') + digits;
    } else if (std::size_t(exponent) + 1 >= digits.size()) {
      out += digits + std::string(std::size_t(exponent) + 1 - digits.size(), '0') + ".0";
    } else {
      out += digits.substr(0, std::size_t(exponent) + 1) + "." + digits.substr(std::size_t(exponent) + 1);
    }
  } else {
    out += digits.substr(0, 1);
    if (digits.size() > 1) out += "." + digits.substr(1);
    char exp[16];
    std::snprintf(exp, sizeof exp, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
    out += exp;
  }
  return out;
}

NBARAW_DECL double round(double value, int ndigits) {
  if (!std::isfinite(value) || ndigits > 17) return value;
  if (ndigits < 0) {  // tens, hundreds, ...: ties to even on the scaled value (exact for the magnitudes we meet)
    const double scale = std::pow(10.0, -ndigits);
    return std::nearbyint(value / scale) * scale;
  }
  // glibc's printf rounds the exact binary value correctly (ties to even), as CPython's round does.
  char buffer[512];
  std::snprintf(buffer, sizeof buffer, "%.*f", ndigits, value);
  return std::strtod(buffer, nullptr);
}

NBARAW_DECL std::string_view strip(std::string_view text) {
  // Code point by code point from each end, by the same isspace as text::strip; a byte that is not UTF-8
  // is no space (surrogateescape keeps it).
  auto space_at = [](std::string_view s, std::size_t at) -> std::size_t {  // its length, or 0
    utf8proc_int32_t cp = 0;
    const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + at),
                                    utf8proc_ssize_t(s.size() - at), &cp);
    return n > 0 && text::is_space(char32_t(cp)) ? std::size_t(n) : 0;
  };
  while (!text.empty()) {
    const std::size_t n = space_at(text, 0);
    if (!n) break;
    text.remove_prefix(n);
  }
  while (!text.empty()) {
    std::size_t start = text.size() - 1;  // the last code point starts after at most 3 continuation bytes
    while (start > 0 && text.size() - start < 4 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
    const std::size_t n = space_at(text, start);
    if (!n || start + n != text.size()) break;
    text.remove_suffix(n);
  }
  return text;
}

NBARAW_DECL std::string lower(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(utf8.data());
  utf8proc_ssize_t left = utf8proc_ssize_t(utf8.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) {  // not UTF-8: keep the byte
      out += char(*p);
      ++p;
      --left;
      continue;
    }
    if (cp < 0x80) {
      out += char(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
    } else {
      utf8proc_uint8_t encoded[4];
      utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_tolower(cp), encoded);
      out.append(reinterpret_cast<const char*>(encoded), std::size_t(m));
    }
    p += n;
    left -= n;
  }
  return out;
}

NBARAW_DECL std::size_t length(std::string_view utf8) {
  std::size_t n = 0;
  for (char c : utf8)
    if ((static_cast<unsigned char>(c) & 0xc0) != 0x80) ++n;
  return n;
}

/// Python float() of a str: optional sign, digits with single '_' between digits, a fraction, an exponent,
/// or inf/infinity/nan; surrounding whitespace ignored.
NBARAW_DECL std::optional<double> parse_float(std::string_view text) {
  std::string_view s = strip(text);
  if (s.empty()) return std::nullopt;
  std::string clean;
  std::size_t i = 0;
  if (s[i] == '+' || s[i] == '-') clean += s[i++];
  {
    std::string rest = lower(s.substr(i));
    if (rest == "inf" || rest == "infinity") return clean == "-" ? -HUGE_VAL : HUGE_VAL;
    if (rest == "nan") return std::nan("");
  }
  // digitpart: digit (["_"] digit)*
  auto digit_part = [&](bool required) {
    std::size_t n = 0;
    while (i < s.size()) {
      if (detail::is_digit(s[i])) {
        clean += s[i++];
        ++n;
      } else if (s[i] == '_' && n > 0 && i + 1 < s.size() && detail::is_digit(s[i + 1])) {
        ++i;
      } else {
        break;
      }
    }
    return n > 0 || !required;
  };
  const std::size_t before = clean.size();
  digit_part(false);
  const bool int_digits = clean.size() > before;
  bool frac_digits = false;
  if (i < s.size() && s[i] == '.') {
    clean += s[i++];
    const std::size_t at = clean.size();
    digit_part(false);
    frac_digits = clean.size() > at;
  }
  if (!int_digits && !frac_digits) return std::nullopt;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    clean += s[i++];
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) clean += s[i++];
    if (!digit_part(true)) return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  double value = 0;
  const char* first = clean.data();
  if (!clean.empty() && clean[0] == '+') ++first;  // from_chars takes no '+'
  auto [end, ec] = std::from_chars(first, clean.data() + clean.size(), value);
  if (end != clean.data() + clean.size()) return std::nullopt;
  if (ec == std::errc::result_out_of_range) {
    // Python gives 0.0 for underflow (a negative exponent) and inf for overflow.
    const std::size_t e = clean.find_first_of("eE");
    if (e != std::string::npos && clean.find('-', e) != std::string::npos) return 0.0;
    return clean[0] == '-' ? -HUGE_VAL : HUGE_VAL;
  }
  if (ec != std::errc()) return std::nullopt;
  return value;
}

/// int() of a str: optional sign, digits with single '_' between digits, surrounding whitespace ignored.
NBARAW_DECL std::optional<std::int64_t> parse_int(std::string_view text) {
  std::string_view s = strip(text);
  std::string clean;
  std::size_t i = 0;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    if (s[0] == '-') clean += '-';
    ++i;
  }
  std::size_t digits = 0;
  for (; i < s.size(); ++i) {
    if (detail::is_digit(s[i])) {
      clean += s[i];
      ++digits;
    } else if (s[i] == '_' && digits > 0 && i + 1 < s.size() && detail::is_digit(s[i + 1])) {
      continue;
    } else {
      return std::nullopt;
    }
  }
  if (digits == 0) return std::nullopt;
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(clean.data(), clean.data() + clean.size(), value);
  if (ec != std::errc() || end != clean.data() + clean.size()) return std::nullopt;  // beyond INT64
  return value;
}

}  // namespace nbaraw::py
