// nbac_gamebook rules with small fixtures: validation, game info (JSON first, path fallbacks), game_id,
// season year, per-column rules of active / DNP / inactive rows, team mapping, data_hash, quality checks.
#include "gamebook_fixture.hpp"

#include <nbaraw/rules/data_hash.hpp>

using namespace nbaraw::test::gamebook;
using nbaraw::Row;
using nbaraw::TransformResult;

TEST_CASE("nbac_gamebook validate: game_code and at least one player list are required", "[nbac_gamebook]") {
  const NbacGamebook processor;
  // document, words the errors must mention ({} = valid)
  auto [json, must_mention] = GENERATE(table<std::string, std::vector<std::string>>({
      {R"({"game_code":"20240410/MEMCLE","active_players":[]})", {}},
      {R"({"game_code":"20240410/MEMCLE","dnp_players":[]})", {}},
      {R"({"game_code":"20240410/MEMCLE","inactive_players":[]})", {}},
      {R"({"game_code":null,"inactive_players":null})", {}},  // present counts; null reads as an empty list
      {R"({"active_players":[]})", {"game_code"}},
      {R"({"game_code":"20240410/MEMCLE"})", {"active_players", "dnp_players", "inactive_players"}},
      {R"({})", {"game_code", "active_players"}},
      {R"({"game_code":"x","active_players":{"a":1}})", {"active_players", "list"}},
      {R"({"game_code":"x","dnp_players":"none"})", {"dnp_players", "list"}},
      {R"([{"game_code":"x"}])", {"object"}},
      {R"("gamebook")", {"object"}},
      {R"(null)", {"object"}},
  }));
  INFO(json);
  std::vector<std::string> errors;
  REQUIRE_NOTHROW(errors = processor.validate(boost::json::parse(json)));
  if (must_mention.empty()) {
    CHECK(errors.empty());
  } else {
    REQUIRE_FALSE(errors.empty());
    std::string all;
    for (const auto& e : errors) all += e + "\n";
    for (const auto& word : must_mention) CHECK_THAT(all, Catch::Contains(word));
  }
}

TEST_CASE("nbac_gamebook: minutes_decimal is MM + SS/60, else null", "[nbac_gamebook]") {
  // text, value (negative: null)
  auto [text, value] = GENERATE(table<std::string, double>({
      {"35:42", 35.7},
      {"0:30", 0.5},
      {"48:00", 48.0},
      {"5:06", 5.1},
      {" 12 : 30 ", 12.5},  // Python float() strips whitespace
      {"1_0:00", 10.0},     // and reads underscores between digits
      {"10.5:30", 11.0},
      {"-", -1},
      {"", -1},
      {"35", -1},
      {"35:42:10", -1},
      {"DNP", -1},
      {"aa:bb", -1},
      {"35:", -1},
      {":42", -1},
      {"inf:00", -1},
      {"nan:00", -1},
      {"1__0:00", -1},
      {"1e999:00", -1},   // inf
      {"1e-999:30", 0.5},  // underflow reads as 0.0
      {"+5:30", 5.5},
  }));
  INFO("'" << text << "'");
  const auto got = NbacGamebook::minutes_decimal(text);
  if (value < 0) {
    CHECK_FALSE(got.has_value());
  } else {
    REQUIRE(got.has_value());
    CHECK(*got == Approx(value).epsilon(1e-12));
  }
  CHECK(NbacGamebook::minutes_decimal("35:42") == 35 + 42.0 / 60);  // the same double as Python
}

TEST_CASE("nbac_gamebook: game info from the JSON first (date, away_team, home_team)", "[nbac_gamebook]") {
  auto doc = document({active_player()});
  doc["date"] = "2025-12-31";
  doc["away_team"] = "DEN";
  doc["home_team"] = "TOR";
  doc["game_code"] = "20251231/DENTOR";
  // the path names another game: the JSON wins
  const Row row = only_row(transform(doc, "nba-com/gamebooks-data/2024-04-10/20240410-MEMCLE/20250805_151438.json"));
  CHECK(row.at("game_id").as_string() == "20251231_DEN_TOR");
  CHECK(row.at("game_code").as_string() == "20251231/DENTOR");
  CHECK(row.at("game_date").as_string() == "2025-12-31");
  CHECK(row.at("season_year").as_int64() == 2025);
  CHECK(row.at("away_team_abbr").as_string() == "DEN");
  CHECK(row.at("home_team_abbr").as_string() == "TOR");
}

TEST_CASE("nbac_gamebook: without date/away/home in the JSON the path gives the game", "[nbac_gamebook]") {
  SECTION("five or more components: date = -3, game code = -2, teams from characters 9..15") {
    auto doc = document({active_player()});
    doc.erase("date");
    doc.erase("away_team");
    doc.erase("home_team");
    const Row row = only_row(transform(doc, "nba-com/gamebooks-data/2021-10-19/20211019-BKNMIL/20250827_234400.json"));
    CHECK(row.at("game_id").as_string() == "20211019_BKN_MIL");
    CHECK(row.at("game_date").as_string() == "2021-10-19");
    CHECK(row.at("season_year").as_int64() == 2021);
    CHECK(row.at("away_team_abbr").as_string() == "BKN");
    CHECK(row.at("home_team_abbr").as_string() == "MIL");
    CHECK(row.at("game_code").as_string() == "20240410/MEMCLE");  // the JSON game_code when present
  }
  SECTION("four components (legacy): date = -2, game code from the JSON") {
    auto doc = document({active_player()});
    doc.erase("date");
    doc.erase("away_team");
    doc["game_code"] = "20211019/BKNMIL";
    const Row row = only_row(transform(doc, "nba-com/gamebooks-data/2021-10-19/20250827_234400.json"));
    CHECK(row.at("game_id").as_string() == "20211019_BKN_MIL");
    CHECK(row.at("game_date").as_string() == "2021-10-19");
    CHECK(row.at("game_code").as_string() == "20211019/BKNMIL");
  }
  SECTION("a game code too short for teams: game_id is the game code, teams null") {
    auto doc = document({active_player()});
    doc.erase("home_team");
    doc["game_code"] = "20211019/BKN";
    const Row row = only_row(transform(doc, "nba-com/gamebooks-data/2021-10-19/20250827_234400.json"));
    CHECK(row.at("game_id").as_string() == "20211019/BKN");
    CHECK(row.at("away_team_abbr").is_null());
    CHECK(row.at("home_team_abbr").is_null());
  }
  SECTION("a date field of the wrong type counts as missing") {
    auto doc = document({active_player()});
    doc["date"] = 20240410;
    const Row row = only_row(transform(doc));
    CHECK(row.at("game_id").as_string() == "20240410_MEM_CLE");
    CHECK(row.at("game_date").as_string() == "2024-04-10");
  }
}

TEST_CASE("nbac_gamebook: game_id is standard when both teams are NBA tricodes, else date_away_home", "[nbac_gamebook]") {
  // away, home, game_id
  auto [away, home, game_id] = GENERATE(table<std::string, std::string, std::string>({
      {"MEM", "CLE", "20240410_MEM_CLE"},
      {" mem ", "cle", "20240410_MEM_CLE"},   // the converter upper-cases and strips
      {"BRK", "CLE", "20240410_BRK_CLE"},     // a BR code is no NBA tricode: the fallback keeps it as given
      {"MEM", "MEM", "20240410_MEM_MEM"},     // the same team twice fails the converter
      {"XXX", "CLE", "20240410_XXX_CLE"},
  }));
  auto doc = document({active_player()});
  doc["away_team"] = away;
  doc["home_team"] = home;
  const Row row = only_row(transform(doc));
  CHECK(row.at("game_id").as_string() == game_id);
  CHECK(row.at("away_team_abbr").as_string() == away);  // as given
}

TEST_CASE("nbac_gamebook: season year: October onwards is its own year", "[nbac_gamebook]") {
  auto [date, season] = GENERATE(table<std::string, int>({{"2024-10-22", 2024}, {"2025-04-13", 2024},
                                                          {"2024-09-30", 2023}, {"2024-12-31", 2024}, {"2024-1-5", 2023}}));
  auto doc = document({active_player()});
  doc["date"] = date;
  const Row row = only_row(transform(doc));
  CHECK(row.at("season_year").as_int64() == season);
}

TEST_CASE("nbac_gamebook: a bad game date rejects every record with the reason, never crashes", "[nbac_gamebook]") {
  auto date = GENERATE(as<std::string>{}, "2024-02-30", "20240410", "April 10", "", "2024-13-01", "2024-04-10T00:00");
  auto doc = document({active_player()}, {dnp_player()});
  doc["date"] = date;
  TransformResult result;
  REQUIRE_NOTHROW(result = transform(doc));
  CHECK(result.rows.empty());
  CHECK(result.records_seen == 2);
  REQUIRE(result.skipped.size() == 2);
  CHECK_THAT(result.skipped.front(), Catch::Contains("date"));
}

TEST_CASE("nbac_gamebook: a path too short and no game in the JSON: records rejected", "[nbac_gamebook]") {
  auto doc = document({active_player()});
  doc.erase("date");
  const auto result = transform(doc, "gamebook.json");
  CHECK(result.rows.empty());
  REQUIRE(result.skipped.size() == 1);
  CHECK_THAT(result.skipped.front(), Catch::Contains("path"));
}

TEST_CASE("nbac_gamebook: an active row takes every stat as given", "[nbac_gamebook]") {
  const Row row = only_row(transform(document({active_player()})));
  CHECK(row.at("player_name").as_string() == "GG Jackson");
  CHECK(row.at("player_name_original").as_string() == "GG Jackson");
  CHECK(row.at("player_lookup").as_string() == "ggjackson");
  CHECK(row.at("team_abbr").as_string() == "MEM");
  CHECK(row.at("player_status").as_string() == "active");
  CHECK(row.at("dnp_reason").is_null());
  CHECK(row.at("name_resolution_status").as_string() == "original");
  CHECK(row.at("name_resolution_confidence").is_null());
  CHECK(row.at("name_resolution_method").is_null());
  CHECK(row.at("br_team_abbr_used").is_null());
  CHECK(row.at("minutes").as_string() == "35:42");
  CHECK(row.at("minutes_decimal").as_double() == Approx(35.7));
  CHECK(row.at("points").as_int64() == 22);
  CHECK(row.at("field_goals_made").as_int64() == 7);
  CHECK(row.at("field_goals_attempted").as_int64() == 21);
  CHECK(row.at("field_goal_percentage").as_double() == 0.333);
  CHECK(row.at("three_pointers_made").as_int64() == 2);
  CHECK(row.at("three_pointers_attempted").as_int64() == 10);
  CHECK(row.at("three_point_percentage").as_double() == 0.2);
  CHECK(row.at("free_throws_made").as_int64() == 6);
  CHECK(row.at("free_throws_attempted").as_int64() == 6);
  CHECK(row.at("free_throw_percentage").as_double() == 1.0);
  CHECK(row.at("offensive_rebounds").as_int64() == 0);
  CHECK(row.at("defensive_rebounds").as_int64() == 2);
  CHECK(row.at("total_rebounds").as_int64() == 2);
  CHECK(row.at("assists").as_int64() == 2);
  CHECK(row.at("steals").as_int64() == 2);
  CHECK(row.at("blocks").as_int64() == 1);
  CHECK(row.at("turnovers").as_int64() == 1);
  CHECK(row.at("personal_fouls").as_int64() == 2);
  CHECK(row.at("plus_minus").as_int64() == -13);
  CHECK(row.at("source_file_path").as_string() == mem_cle);
  CHECK(row.at("data_quality_flags").as_array().empty());
  CHECK(row.at("requires_manual_review").as_bool() == false);
  CHECK(row.at("game_code").as_string() == "20240410/MEMCLE");
}

TEST_CASE("nbac_gamebook: total_rebounds reads total_rebounds, then rebounds_total, then rebounds (declared fix)",
          "[nbac_gamebook]") {
  // stats JSON (merged over the fixture's stats without total_rebounds), expected (-1: null)
  auto [stats, expected] = GENERATE(table<std::string, std::int64_t>({
      {R"({"total_rebounds": 9, "rebounds_total": 7, "rebounds": 5})", 9},
      {R"({"rebounds_total": 7, "rebounds": 5})", 7},
      {R"({"rebounds": 5})", 5},
      {R"({})", -1},
      {R"({"total_rebounds": null, "rebounds": 5})", -1},  // the first key present wins, as dict.get chains
  }));
  auto player = active_player();
  auto& s = player["stats"].as_object();
  s.erase("total_rebounds");
  const boost::json::value extra = boost::json::parse(stats);
  for (const auto& [k, v] : extra.as_object()) s[k] = v;
  const Row row = only_row(transform(document({player})));
  INFO(stats);
  if (expected < 0)
    CHECK(row.at("total_rebounds").is_null());
  else
    CHECK(row.at("total_rebounds").as_int64() == expected);
  // total_rebounds is a hash field
  const auto hash = nbaraw::data_hash(row, {"game_id", "player_lookup", "minutes", "field_goals_made",
                                            "field_goals_attempted", "points", "total_rebounds", "assists"});
  CHECK(row.at("data_hash").as_string() == *hash);
}

TEST_CASE("nbac_gamebook: personal_fouls reads fouls, then personal_fouls", "[nbac_gamebook]") {
  auto player = active_player();
  auto& s = player["stats"].as_object();
  s["fouls"] = 4;
  CHECK(only_row(transform(document({player}))).at("personal_fouls").as_int64() == 4);
  s.erase("fouls");
  CHECK(only_row(transform(document({player}))).at("personal_fouls").as_int64() == 2);
  s.erase("personal_fouls");
  CHECK(only_row(transform(document({player}))).at("personal_fouls").is_null());
}

TEST_CASE("nbac_gamebook: data_hash is §1.6 over the eight HASH_FIELDS", "[nbac_gamebook]") {
  const Row row = only_row(transform(document({active_player()})));
  // game_id, player_lookup, minutes, fgm, fga, points, total_rebounds, assists, sorted and joined
  const std::string text =
      "assists:2|field_goals_attempted:21|field_goals_made:7|game_id:20240410_MEM_CLE|minutes:35:42|"
      "player_lookup:ggjackson|points:22|total_rebounds:2";
  CHECK(row.at("data_hash").as_string() == nbaraw::sha256_hex(text).substr(0, 16));
  // a non-hash field does not change it; a hash field does
  auto player = active_player();
  player["stats"].as_object()["steals"] = 5;
  CHECK(only_row(transform(document({player}))).at("data_hash") == row.at("data_hash"));
  player["stats"].as_object()["assists"] = 3;
  CHECK(only_row(transform(document({player}))).at("data_hash") != row.at("data_hash"));
}

TEST_CASE("nbac_gamebook: DNP rows: status dnp, reason from dnp_reason else reason, no stats, no resolution",
          "[nbac_gamebook]") {
  auto p = dnp_player("Marcus Morris Sr.", "Cleveland Cavaliers", "DNP - Coach's Decision");
  p["status"] = "something else";  // the list decides the status, not the text
  const Row row = only_row(transform(document({}, {p})));
  CHECK(row.at("player_status").as_string() == "dnp");
  CHECK(row.at("dnp_reason").as_string() == "DNP - Coach's Decision");
  CHECK(row.at("player_name").as_string() == "Marcus Morris Sr.");
  CHECK(row.at("player_lookup").as_string() == "marcusmorrissr");
  CHECK(row.at("team_abbr").as_string() == "CLE");
  CHECK(row.at("name_resolution_status").as_string() == "original");
  CHECK(row.at("name_resolution_confidence").is_null());
  CHECK(row.at("name_resolution_method").is_null());
  CHECK(row.at("br_team_abbr_used").is_null());
  for (auto stat : {"minutes", "minutes_decimal", "points", "total_rebounds", "personal_fouls", "plus_minus",
                    "free_throw_percentage"})
    CHECK(row.at(stat).is_null());
  CHECK(row.at("requires_manual_review").as_bool() == false);
  CHECK(row.at("data_quality_flags").as_array().empty());

  p.erase("dnp_reason");
  p["reason"] = "Personal";
  CHECK(only_row(transform(document({}, {p}))).at("dnp_reason").as_string() == "Personal");
  p["dnp_reason"] = "";  // Python `or`: an empty dnp_reason falls through
  CHECK(only_row(transform(document({}, {p}))).at("dnp_reason").as_string() == "Personal");
  p.erase("reason");
  p.erase("dnp_reason");
  CHECK(only_row(transform(document({}, {p}))).at("dnp_reason").is_null());
}

TEST_CASE("nbac_gamebook: inactive rows without lookups are not_found, with BR flags and review", "[nbac_gamebook]") {
  // name, team, flags
  auto [name, team, flags] = GENERATE(table<std::string, std::string, std::vector<std::string>>({
      {"Bane", "Memphis Grizzlies", {"no_roster_match"}},
      {"Williams Jr.", "Memphis Grizzlies", {"suffix_handled", "no_roster_match"}},
      {"Claxton", "Brooklyn Nets", {"team_mapped", "no_roster_match"}},
      {"Bridges III", "Charlotte Hornets", {"team_mapped", "suffix_handled", "no_roster_match"}},
      {"Booker", "Phoenix Suns", {"team_mapped", "no_roster_match"}},
  }));
  const Row row = only_row(transform(document({}, {}, {inactive_player(name, team)})));
  INFO(name << " / " << team);
  CHECK(row.at("player_status").as_string() == "inactive");
  CHECK(row.at("player_name").as_string() == name);
  CHECK(row.at("name_resolution_status").as_string() == "not_found");
  CHECK(row.at("name_resolution_confidence").as_double() == 0.0);
  CHECK(row.at("name_resolution_method").as_string() == "not_found");
  CHECK(flags_of(row) == flags);
  CHECK(row.at("requires_manual_review").as_bool() == true);
  const std::string nba = std::string(row.at("team_abbr").as_string());
  const std::string br = nba == "BKN" ? "BRK" : nba == "PHX" ? "PHO" : nba == "CHA" ? "CHO" : nba;
  CHECK(row.at("br_team_abbr_used").as_string() == br);
  CHECK(row.at("dnp_reason").as_string() == "Injury/Illness - Lumbar; Disc Bulge");
}

TEST_CASE("nbac_gamebook: an inactive player without a team or name is not resolved", "[nbac_gamebook]") {
  FakeLookups* fake = nullptr;
  auto lookups = std::make_shared<FakeLookups>();
  fake = lookups.get();
  const NbacGamebook processor(lookups);
  const Row no_team = only_row(transform(processor, document({}, {}, {inactive_player("Bane", "Springfield Atoms")})));
  CHECK(no_team.at("team_abbr").is_null());
  CHECK(no_team.at("name_resolution_status").as_string() == "original");
  CHECK(no_team.at("name_resolution_confidence").is_null());
  CHECK(no_team.at("br_team_abbr_used").is_null());
  CHECK(no_team.at("requires_manual_review").as_bool() == false);
  const Row no_name = only_row(transform(processor, document({}, {}, {inactive_player("", "Memphis Grizzlies")})));
  CHECK(no_name.at("name_resolution_status").as_string() == "original");
  CHECK(no_name.at("player_lookup").as_string() == "");
  CHECK(fake->count("nbac_injury_report") == 0);
  CHECK(fake->count("br_rosters_current") == 0);
}

TEST_CASE("nbac_gamebook: team names map exactly, then fuzzily (partial_ratio >= 80), else null with a warning",
          "[nbac_gamebook]") {
  // team text, tricode ("" = null)
  auto [team, code] = GENERATE(table<std::string, std::string>({
      {"Memphis Grizzlies", "MEM"},
      {"memphis grizzlies", "MEM"},
      {"LA Clippers", "LAC"},
      {"Cavaliers", "CLE"},
      {"Golden State Warrior", "GSW"},  // fuzzy
      {"Springfield Atoms", ""},
      {"", ""},
  }));
  const auto result = transform(document({active_player("A Player", team)}));
  const Row row = only_row(result);
  INFO(team);
  if (code.empty()) {
    CHECK(row.at("team_abbr").is_null());
    if (!team.empty()) {
      CHECK(counter(result, "rows_unknown_team") == 1);
      REQUIRE_FALSE(result.warnings.empty());
      CHECK_THAT(result.warnings.back(), Catch::Contains(team));
    }
  } else {
    CHECK(row.at("team_abbr").as_string() == code);
    CHECK(counter(result, "rows_unknown_team") == 0);
  }
}

TEST_CASE("nbac_gamebook: rows come active, DNP, inactive in list order", "[nbac_gamebook]") {
  const auto result = transform(document({active_player("A One"), active_player("A Two")}, {dnp_player("D One")},
                                         {inactive_player("Ione"), inactive_player("Itwo")}));
  std::vector<std::string> names, statuses;
  for (const auto& r : result.rows) {
    names.emplace_back(r.at("player_name_original").as_string());
    statuses.emplace_back(r.at("player_status").as_string());
  }
  CHECK(names == std::vector<std::string>{"A One", "A Two", "D One", "Ione", "Itwo"});
  CHECK(statuses == std::vector<std::string>{"active", "active", "dnp", "inactive", "inactive"});
  CHECK(result.records_seen == 5);
}

TEST_CASE("nbac_gamebook: 0 active players with DNP/inactive rows warns of an incomplete gamebook", "[nbac_gamebook]") {
  const NbacGamebook processor;
  const auto result = transform(processor, document({}, {dnp_player()}, {inactive_player()}));
  CHECK(result.rows.size() == 2);
  REQUIRE_FALSE(result.warnings.empty());
  CHECK_THAT(result.warnings.front(), Catch::Contains("Incomplete Gamebook Data"));
  CHECK(counter(result, "files_incomplete") == 1);
  const auto lines = processor.summarize(result.counters);
  CHECK(std::any_of(lines.begin(), lines.end(), [](const std::string& l) { return l.find("incomplete gamebook") != std::string::npos; }));
  const auto complete = transform(processor, document({active_player()}, {dnp_player()}));
  CHECK(counter(complete, "files_incomplete") == 0);
}

TEST_CASE("nbac_gamebook: empty lists give no rows and no crash", "[nbac_gamebook]") {
  const auto result = transform(document());
  CHECK(result.rows.empty());
  CHECK(result.records_seen == 0);
  CHECK(result.skipped.empty());
  boost::json::object only_nulls{{"game_code", "20240410/MEMCLE"}, {"date", "2024-04-10"}, {"away_team", "MEM"},
                                 {"home_team", "CLE"}, {"active_players", nullptr}};
  CHECK(transform(only_nulls).rows.empty());
}
