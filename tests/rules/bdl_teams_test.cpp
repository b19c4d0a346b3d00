// Ball Don't Lie's team ids and tricodes, shared by the BDL processors.
#include <nbaraw/rules/bdl_teams.hpp>
#include <nbaraw/rules/team_mapper.hpp>

#include <catch2/catch.hpp>

#include <set>
#include <string>

TEST_CASE("bdl_tricode_of_id: ids 1..30 in BDL's order, nothing else", "[bdl_teams]") {
  using nbaraw::bdl_tricode_of_id;
  CHECK(bdl_tricode_of_id(1) == "ATL");
  CHECK(bdl_tricode_of_id(3) == "BKN");
  CHECK(bdl_tricode_of_id(14) == "LAL");
  CHECK(bdl_tricode_of_id(24) == "PHX");
  CHECK(bdl_tricode_of_id(30) == "WAS");
  CHECK_FALSE(bdl_tricode_of_id(0));
  CHECK_FALSE(bdl_tricode_of_id(31));
  CHECK_FALSE(bdl_tricode_of_id(-1));
}

TEST_CASE("bdl_tricodes are the 30 NBA tricodes, each once", "[bdl_teams]") {
  std::set<std::string> seen;
  for (std::string_view code : nbaraw::bdl_tricodes) {
    CHECK(nbaraw::is_nba_tricode(code));
    seen.emplace(code);
  }
  CHECK(seen.size() == 30);
}

TEST_CASE("is_bdl_tricode: exact upper-case tricodes only", "[bdl_teams]") {
  CHECK(nbaraw::is_bdl_tricode("GSW"));
  CHECK_FALSE(nbaraw::is_bdl_tricode("gsw"));
  CHECK_FALSE(nbaraw::is_bdl_tricode("GS"));
  CHECK_FALSE(nbaraw::is_bdl_tricode("BRK"));  // Basketball Reference's code
  CHECK_FALSE(nbaraw::is_bdl_tricode(""));
}
