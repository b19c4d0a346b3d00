#pragma once
// The schedule rows of a game date, read through Lookups once and shared by every file of that date: the one
// cached schedule look-up the processors use (the odds game ids, the gamebook season types).
#include <nbaraw/config.hpp>
#include <nbaraw/core/date.hpp>
#include <nbaraw/core/row.hpp>
#include <nbaraw/lookups.hpp>

#include <cstddef>
#include <memory>
#include <string>

namespace nbaraw {

/// Thread-safe: threads asking for one date wait for one read. A failed read is not cached (it throws to
/// every thread waiting on it; the next asker reads again). At most max_dates dates are kept, all dropped
/// when full, so that a long backfill cannot grow it without end. Copies share the cache.
class ScheduleLookup {
 public:
  static constexpr std::size_t max_dates = 4096;

  /// Rows of `query` with `date_column` = the date (a DATE) added to its conditions.
  NBARAW_DECL ScheduleLookup(std::shared_ptr<Lookups> lookups, LookupQuery query, std::string date_column = "game_date");

  /// The date's rows (never null); throws what the Lookups throws.
  NBARAW_DECL std::shared_ptr<const Rows> rows_on(const Date& date) const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace nbaraw

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/rules/impl/schedule.ipp>
#endif
