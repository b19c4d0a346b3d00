#pragma once
// Python's formatting, parsing and rounding of numbers and its str.strip(), where the reference's rows depend on them.
#include <nbaraw/config.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace nbaraw::py {

/// str(float): the shortest repr that round-trips, fixed notation for exponents -4..15, else
/// scientific ("1e-05", "1.5e+16"); always a '.' or an exponent ("1.0"); "inf", "-inf", "nan".
NBARAW_DECL std::string float_repr(double value);

/// round(value, ndigits) as Python does it: correctly rounded from the exact binary value, ties to even.
NBARAW_DECL double round(double value, int ndigits);

/// str.strip() of UTF-8 text: the Unicode whitespace text::is_space names (ASCII's, U+0085, U+00A0, U+2000..,
/// U+3000, ...) removed at both ends, as text::strip does on code points.
NBARAW_DECL std::string_view strip(std::string_view text);

/// str.lower(): Unicode lower-casing of UTF-8 text (invalid bytes are kept as they are).
NBARAW_DECL std::string lower(std::string_view utf8);

/// len(str): the number of code points in UTF-8 text.
NBARAW_DECL std::size_t length(std::string_view utf8);

/// float() of a str: optional sign, digits with single '_' between digits, a fraction, an exponent, or
/// inf/infinity/nan; surrounding whitespace ignored. Underflow reads as 0.0 and overflow as inf, as in Python.
NBARAW_DECL std::optional<double> parse_float(std::string_view text);

/// int() of a str, limited to what fits INT64; nullopt where Python raises (or the value is wider).
NBARAW_DECL std::optional<std::int64_t> parse_int(std::string_view text);

}  // namespace nbaraw::py

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/rules/impl/python_compat.ipp>
#endif
