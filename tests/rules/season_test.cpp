// The season year every source's reference computes (spec "Season year").
#include <nbaraw/rules/season.hpp>

#include <catch2/catch.hpp>

using nbaraw::Date;
using nbaraw::season_start_year;

TEST_CASE("season_start_year: October starts a season", "[season]") {
  static_assert(season_start_year(Date{2024, 10, 1}) == 2024);
  static_assert(season_start_year(Date{2024, 9, 30}) == 2023);
  CHECK(season_start_year(Date{2024, 10, 22}) == 2024);
  CHECK(season_start_year(Date{2024, 12, 31}) == 2024);
  CHECK(season_start_year(Date{2025, 1, 1}) == 2024);
  CHECK(season_start_year(Date{2025, 4, 13}) == 2024);
  CHECK(season_start_year(Date{2025, 6, 20}) == 2024);
  CHECK(season_start_year(Date{2024, 1, 24}) == 2023);
}
