#pragma once
// Python's formatting and rounding of numbers and its str.strip(), where the reference's rows depend on them.
#include <nbaraw/config.hpp>

#include <string>
#include <string_view>

namespace nbaraw::py {

/// str(float): the shortest repr that round-trips, fixed notation for exponents -4..15, else
/// scientific ("1e-05", "1.5e+16"); always a '.' or an exponent ("1.0"); "inf", "-inf", "nan".
NBARAW_DECL std::string float_repr(double value);

/// round(value, ndigits) as Python does it: correctly rounded from the exact binary value, ties to even.
NBARAW_DECL double round(double value, int ndigits);

/// str.strip() for the whitespace Python strips in ASCII and Latin-1 text (space, \t\n\v\f\r, \x1c-\x1f, \x85, \xa0).
NBARAW_DECL std::string_view strip(std::string_view text);

/// str.lower(): Unicode lower-casing of UTF-8 text (invalid bytes are kept as they are).
NBARAW_DECL std::string lower(std::string_view utf8);

/// len(str): the number of code points in UTF-8 text.
NBARAW_DECL std::size_t length(std::string_view utf8);

}  // namespace nbaraw::py

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/python_compat.ipp>
#endif
