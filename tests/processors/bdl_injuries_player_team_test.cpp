// BDL injuries: player id, full name, lookup, and the BDL team map.
#include "bdl_injuries_fixture.hpp"

#include <utility>

using namespace nbaraw::test::bdl;

TEST_CASE("bdl_injuries: a record without player.id, or with id 0, gives no row but a reason", "[bdl_injuries]") {
  boost::json::object no_id = record(), zero_id = record(), null_id = record(), good = record();
  player(no_id).erase("id");
  player(zero_id)["id"] = 0;
  player(null_id)["id"] = nullptr;
  player(good)["id"] = 42;
  const auto result = transform(document(boost::json::array{no_id, good, zero_id, null_id}));
  CHECK(result.records_seen == 4);
  REQUIRE(result.rows.size() == 1);
  CHECK(result.rows.front().at("bdl_player_id").as_int64() == 42);
  REQUIRE(result.skipped.size() == 3);
  for (const auto& reason : result.skipped) CHECK_THAT(reason, Catch::Contains("player.id"));
}

TEST_CASE("bdl_injuries: player_full_name is first and last name, each stripped, joined, stripped", "[bdl_injuries]") {
  auto [first, last, full] = GENERATE(table<std::string, std::string, std::string>({
      {"Jaylen", "Brown", "Jaylen Brown"},
      {"  Jaylen ", "\tBrown  ", "Jaylen Brown"},
      {"", "Nene", "Nene"},
      {"Nene", "  ", "Nene"},
      {"Karl-Anthony", "Towns", "Karl-Anthony Towns"},
      {"Mary Ann", "Smith Jones", "Mary Ann Smith Jones"},
  }));
  boost::json::object rec = record();
  player(rec)["first_name"] = first;
  player(rec)["last_name"] = last;
  CHECK(row_of(rec).at("player_full_name").as_string() == full);
}

TEST_CASE("bdl_injuries: player_lookup lower-cases and keeps [a-z0-9] only, with no diacritic folding",
          "[bdl_injuries]") {
  auto [first, last, lookup] = GENERATE(table<std::string, std::string, std::string>({
      {"Nikola", "Jokić", "nikolajoki"},
      {"Luka", "Dončić", "lukadoni"},
      {"D'Angelo", "Russell", "dangelorussell"},
      {"Karl-Anthony", "Towns", "karlanthonytowns"},
      {"P.J.", "Washington Jr.", "pjwashingtonjr"},
      {"Jaren", "Jackson Jr", "jarenjacksonjr"},
      {"Robert", "Williams III", "robertwilliamsiii"},
      {"Player", "2", "player2"},
      {"ÉRIC", "Ölund", "riclund"},  // "É" lower-cases to "é", which is then dropped; so is "ö"
  }));
  boost::json::object rec = record();
  player(rec)["first_name"] = first;
  player(rec)["last_name"] = last;
  CHECK(row_of(rec).at("player_lookup").as_string() == lookup);
}

TEST_CASE("bdl_injuries: BDL team ids 1..30 map to their tricodes", "[bdl_injuries]") {
  // processors_spec.md §4.1 map
  auto [id, abbr] = GENERATE(table<int, std::string>({
      {1, "ATL"},  {2, "BOS"},  {3, "BKN"},  {4, "CHA"},  {5, "CHI"},  {6, "CLE"},  {7, "DAL"},  {8, "DEN"},
      {9, "DET"},  {10, "GSW"}, {11, "HOU"}, {12, "IND"}, {13, "LAC"}, {14, "LAL"}, {15, "MEM"}, {16, "MIA"},
      {17, "MIL"}, {18, "MIN"}, {19, "NOP"}, {20, "NYK"}, {21, "OKC"}, {22, "ORL"}, {23, "PHI"}, {24, "PHX"},
      {25, "POR"}, {26, "SAC"}, {27, "SAS"}, {28, "TOR"}, {29, "UTA"}, {30, "WAS"},
  }));
  boost::json::object rec = record();
  player(rec)["team_id"] = id;
  const auto row = row_of(rec);
  CHECK(row.at("bdl_team_id").as_int64() == id);
  CHECK(row.at("team_abbr").as_string() == abbr);
  CHECK(row.at("data_quality_flags").is_null());
}

TEST_CASE("bdl_injuries: an id outside the map is UNK, flagged, and named in a warning", "[bdl_injuries]") {
  auto id = GENERATE(0, 31, 41, -2);
  boost::json::object rec = record();
  player(rec)["team_id"] = id;
  const auto result = transform(document(boost::json::array{rec}));
  REQUIRE(result.rows.size() == 1);
  const auto& row = result.rows.front();
  CHECK(row.at("bdl_team_id").as_int64() == id);
  CHECK(row.at("team_abbr").as_string() == "UNK");
  CHECK(flags_of(row) == std::vector<std::string>{"unknown_team_mapping"});
  CHECK(row.at("parsing_confidence").as_double() == 0.9);
  CHECK(any_contains(result.warnings, std::to_string(id)));
}

TEST_CASE("bdl_injuries: a null or absent team_id is stored as NULL with team UNK", "[bdl_injuries]") {
  const bool absent = GENERATE(false, true);
  boost::json::object rec = record();
  if (absent)
    player(rec).erase("team_id");
  else
    player(rec)["team_id"] = nullptr;
  const auto row = row_of(rec);
  CHECK(row.at("bdl_team_id").is_null());
  CHECK(row.at("team_abbr").as_string() == "UNK");
  CHECK(flags_of(row) == std::vector<std::string>{"unknown_team_mapping"});
}
