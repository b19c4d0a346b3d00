#pragma once
#include <nbaraw/core/date.hpp>
#include <nbaraw/core/timestamp.hpp>

#include <fmt/format.h>

namespace nbaraw {

NBARAW_DECL std::string iso_timestamp(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  auto micros = floor<microseconds>(t);
  auto day = floor<days>(micros);
  Date d = Date::from_days(day);
  hh_mm_ss<microseconds> time{micros - day};
  return fmt::format("{}T{:02d}:{:02d}:{:02d}.{:06d}", d.iso(), time.hours().count(), time.minutes().count(),
                     time.seconds().count(), time.subseconds().count());
}

}  // namespace nbaraw
