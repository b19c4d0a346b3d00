#pragma once
// Python's datetime where the reference's rows depend on it: fromisoformat as Python 3.11 reads it, and
// str()/isoformat() of the result.
#include <nbaraw/config.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace nbaraw::py {

/// A Python datetime: the wall-clock time as written and, if aware, its UTC offset as written.
struct DateTime {
  std::int64_t local_micros = 0;               ///< wall-clock time, microseconds since 1970-01-01
  std::optional<std::int32_t> offset_seconds;  ///< nullopt: naive
  /// The instant; a naive time is read as UTC (as BigQuery reads it).
  std::int64_t utc_micros() const { return local_micros - std::int64_t(offset_seconds.value_or(0)) * 1000000; }
  /// str(): "2024-01-25 03:55:40+00:00" (".ffffff" when there are microseconds; no offset if naive).
  NBARAW_DECL std::string python_str() const;
  /// isoformat(): the same with 'T'.
  NBARAW_DECL std::string iso() const;
};

/// `datetime.fromisoformat(text)` of Python 3.11: a date (YYYY-MM-DD or YYYYMMDD; midnight), or a date, any
/// one character, then HH[:MM[:SS[(.|,)f+]]] or HH[MM[SS[(.|,)f+]]] (fraction digits past six dropped), then
/// optionally Z or ±HH[:MM[:SS]]. nullopt where Python raises ValueError. ISO week dates
/// (2024-W03-4) and offsets with a fraction of a second, which 3.11 also reads, read as nullopt: no source
/// writes them.
NBARAW_DECL std::optional<DateTime> fromisoformat(std::string_view text);

}  // namespace nbaraw::py

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/rules/impl/python_datetime.ipp>
#endif
