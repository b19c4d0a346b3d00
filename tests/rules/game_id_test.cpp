// A.4 standard game ids.
#include <nbaraw/rules/game_id.hpp>

#include <catch2/catch.hpp>

#include <optional>
#include <string>

using nbaraw::standard_game_id;

namespace {
std::optional<std::string> id(std::string_view s) { return std::string(s); }
}  // namespace

TEST_CASE("standard_game_id: valid dates and teams", "[game_id][A.4]") {
  CHECK(standard_game_id("2024-01-15", "HOU", "PHI") == id("20240115_HOU_PHI"));
  CHECK(standard_game_id("20240115", "HOU", "PHI") == id("20240115_HOU_PHI"));
  CHECK(standard_game_id("2024-01-15", " hou ", "phi\t") == id("20240115_HOU_PHI"));  // upper-cased, stripped
  CHECK(standard_game_id("2024-02-29", "LAL", "LAC") == id("20240229_LAL_LAC"));     // a leap day
  CHECK(standard_game_id("2024-0115", "BKN", "NYK") == id("20240115_BKN_NYK"));      // every dash removed
  CHECK(standard_game_id("2024-01-15", "ph\u0131", "BOS") == id("20240115_PHI_BOS"));  // "ı".upper() is "I"
}

TEST_CASE("standard_game_id: invalid input gives nullopt", "[game_id][A.4]") {
  CHECK(standard_game_id("2023-02-29", "HOU", "PHI") == std::nullopt);  // not a real date
  CHECK(standard_game_id("2024-13-01", "HOU", "PHI") == std::nullopt);
  CHECK(standard_game_id("2024-01-32", "HOU", "PHI") == std::nullopt);
  CHECK(standard_game_id("2024/01/15", "HOU", "PHI") == std::nullopt);
  CHECK(standard_game_id("240115", "HOU", "PHI") == std::nullopt);
  CHECK(standard_game_id("2024-01-155", "HOU", "PHI") == std::nullopt);
  CHECK(standard_game_id("", "HOU", "PHI") == std::nullopt);
  CHECK(standard_game_id("2024-01-15", "BRK", "PHI") == std::nullopt);  // a BR code is not an NBA tricode
  CHECK(standard_game_id("2024-01-15", "HOU", "PHO") == std::nullopt);
  CHECK(standard_game_id("2024-01-15", "NY", "PHI") == std::nullopt);   // nor an ESPN one
  CHECK(standard_game_id("2024-01-15", "Houston Rockets", "PHI") == std::nullopt);
  CHECK(standard_game_id("2024-01-15", "HOU", "HOU") == std::nullopt);  // teams must differ
  CHECK(standard_game_id("2024-01-15", "hou", " HOU") == std::nullopt);
  CHECK(standard_game_id("2024-01-15", "", "PHI") == std::nullopt);
}
