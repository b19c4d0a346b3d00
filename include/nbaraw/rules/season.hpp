#pragma once
// The NBA season a date belongs to (spec "Season year"), as every source's reference computes it.
#include <nbaraw/core/date.hpp>

namespace nbaraw {

/// October or later → its year, else the year before: 2024-10-22 and 2025-04-13 both give 2024.
constexpr int season_start_year(const Date& d) { return d.month >= 10 ? d.year : d.year - 1; }

}  // namespace nbaraw
