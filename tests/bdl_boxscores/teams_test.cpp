// BDL box scores: team abbreviations by the reference's three steps (full name with the LA aliases and the
// first-three-characters fallback, the abbreviation, city + name), and games whose teams cannot be named.
#include "bdl_boxscores_fixture.hpp"

using namespace nbaraw::test::box;
using nbaraw::processors::BdlBoxscores;

TEST_CASE("bdl_boxscores teams: the 30 standard full names map to their tricodes, case and spaces ignored",
          "[bdl_boxscores][teams]") {
  auto [name, abbr] = GENERATE(table<std::string, std::string>({
      {"Atlanta Hawks", "ATL"},          {"Boston Celtics", "BOS"},        {"Brooklyn Nets", "BKN"},
      {"Charlotte Hornets", "CHA"},      {"Chicago Bulls", "CHI"},         {"Cleveland Cavaliers", "CLE"},
      {"Dallas Mavericks", "DAL"},       {"Denver Nuggets", "DEN"},        {"Detroit Pistons", "DET"},
      {"Golden State Warriors", "GSW"},  {"Houston Rockets", "HOU"},       {"Indiana Pacers", "IND"},
      {"Los Angeles Clippers", "LAC"},   {"Los Angeles Lakers", "LAL"},    {"Memphis Grizzlies", "MEM"},
      {"Miami Heat", "MIA"},             {"Milwaukee Bucks", "MIL"},       {"Minnesota Timberwolves", "MIN"},
      {"New Orleans Pelicans", "NOP"},   {"New York Knicks", "NYK"},       {"Oklahoma City Thunder", "OKC"},
      {"Orlando Magic", "ORL"},          {"Philadelphia 76ers", "PHI"},    {"Phoenix Suns", "PHX"},
      {"Portland Trail Blazers", "POR"}, {"Sacramento Kings", "SAC"},      {"San Antonio Spurs", "SAS"},
      {"Toronto Raptors", "TOR"},        {"Utah Jazz", "UTA"},             {"Washington Wizards", "WAS"},
      {"  golden STATE warriors \t", "GSW"},
  }));
  INFO(name);
  const auto found = BdlBoxscores::lookup_team_name(name);
  REQUIRE(found.abbr.has_value());
  CHECK(*found.abbr == abbr);
  CHECK_FALSE(found.fallback);
  CHECK(BdlBoxscores::is_valid_team(abbr));
}

TEST_CASE("bdl_boxscores teams: 'LA Clippers' and 'LA Lakers' read as the Los Angeles names", "[bdl_boxscores][teams]") {
  auto [name, abbr] = GENERATE(table<std::string, std::string>({
      {"LA Clippers", "LAC"},
      {"la lakers", "LAL"},
      {" LA Lakers ", "LAL"},
  }));
  INFO(name);
  const auto found = BdlBoxscores::lookup_team_name(name);
  REQUIRE(found.abbr.has_value());
  CHECK(*found.abbr == abbr);
  CHECK_FALSE(found.fallback);  // an alias, not the fallback (whose "LA " would be no team)
}

TEST_CASE("bdl_boxscores teams: a name not in the map falls back to its first three characters only if valid",
          "[bdl_boxscores][teams]") {
  // name, fallback tricode ("" when none is valid)
  auto [name, abbr] = GENERATE(table<std::string, std::string>({
      {"Boston Celtic", "BOS"},       // not in the map; "BOS" is a team
      {"chicago", "CHI"},             // upper-cased before cutting
      {"Sacramento Royals", "SAC"},
      {"L.A. Lakers", ""},            // "L.A" is no team
      {"Seattle SuperSonics", ""},    // "SEA"
      {"New Jersey Nets", ""},        // "NEW"
      {" Boston Celtic", ""},         // the original name, not stripped: " BO"
      {"Bo", ""},
      {"straße", ""},                 // upper-casing may lengthen: "STRASSE" -> "STR"
      {"ſacramento", "SAC"},          // long s upper-cases to S, as Python's str.upper() does
  }));
  INFO(name);
  const auto found = BdlBoxscores::lookup_team_name(name);
  CHECK(found.fallback);
  if (abbr.empty()) {
    CHECK_FALSE(found.abbr.has_value());
  } else {
    REQUIRE(found.abbr.has_value());
    CHECK(*found.abbr == abbr);
  }
}

TEST_CASE("bdl_boxscores teams: extraction tries full name, then abbreviation, then city + name", "[bdl_boxscores][teams]") {
  // full_name, abbreviation, city, name, expected, by fallback, a note expected
  auto [full, abbreviation, city, nickname, abbr, by_fallback, noted] =
      GENERATE(table<std::string, std::string, std::string, std::string, std::string, bool, bool>({
          {"Boston Celtics", "XXX", "Nowhere", "Nobody", "BOS", false, false},     // 1. full name wins
          {"LA Clippers", "LAC", "Los Angeles", "Clippers", "LAC", false, false},  // 1. alias
          {"Bostonians", "NYK", "New York", "Knicks", "BOS", true, true},          // 1. fallback wins over 2.
          {"", "phx", "Phoenix", "Suns", "PHX", false, false},                     // 2. upper-cased abbreviation
          {"L.A. Lakers", "lal", "", "", "LAL", false, true},                      // 1. fails (noted), 2. wins
          {"", "SEA", "Denver", "Nuggets", "DEN", false, false},                   // 2. invalid, 3. city + name
          {"", "", "LA", "Clippers", "LAC", false, false},                         // 3. alias applies too
          {"", "", "Toronto", "Huskies", "TOR", true, true},                       // 3. with its fallback
          {"", "", "", "", "", false, false},                                      // nothing to go on
          {"", "BOS ", "", "", "", false, false},                                  // abbreviation not stripped
          {"", "Boston", "", "", "", false, false},                                // nor cut to 3
          {"Seattle SuperSonics", "SEA", "Seattle", "SuperSonics", "", false, true},  // every step fails
      }));
  INFO(full << " | " << abbreviation << " | " << city << " | " << nickname);
  const auto t = BdlBoxscores::extract_team_abbreviation(team(full, abbreviation, city, nickname));
  CHECK(t.abbr == abbr);
  CHECK(t.by_fallback == by_fallback);
  CHECK(t.notes.empty() == !noted);
}

TEST_CASE("bdl_boxscores teams: absent fields read as empty, a non-string field is an error naming it",
          "[bdl_boxscores][teams]") {
  CHECK(BdlBoxscores::extract_team_abbreviation(boost::json::object{{"abbreviation", "MIA"}}).abbr == "MIA");
  CHECK(BdlBoxscores::extract_team_abbreviation(boost::json::object{{"full_name", nullptr}, {"abbreviation", "MIA"}}).abbr ==
        "MIA");
  CHECK(BdlBoxscores::extract_team_abbreviation(boost::json::object{}).abbr.empty());
  auto field = GENERATE(as<std::string>{}, "full_name", "abbreviation", "city", "name");
  boost::json::object t{{"full_name", ""}, {"abbreviation", ""}, {"city", ""}, {"name", ""}};
  t[field] = 42;
  INFO(field);
  CHECK_THROWS_WITH(BdlBoxscores::extract_team_abbreviation(t), Catch::Contains(field) && Catch::Contains("string"));
}

TEST_CASE("bdl_boxscores teams: row abbreviations come from the extraction, a fallback is reported", "[bdl_boxscores][teams]") {
  boost::json::object g = game();
  home(g) = team("LA Clippers", "LAC", "Los Angeles", "Clippers");
  home(g)["players"] = boost::json::array{entry(1, "James", "Harden")};
  away(g) = team("Bostonians", "", "", "");
  away(g)["players"] = boost::json::array{entry(2, "Jayson", "Tatum")};
  const auto result = transform(document(boost::json::array{g}));
  REQUIRE(result.rows.size() == 2);
  CHECK(result.rows[0].at("game_id").as_string() == "20240115_BOS_LAC");
  CHECK(result.rows[0].at("home_team_abbr").as_string() == "LAC");
  CHECK(result.rows[0].at("away_team_abbr").as_string() == "BOS");
  CHECK(result.rows[0].at("team_abbr").as_string() == "LAC");
  CHECK(result.rows[1].at("team_abbr").as_string() == "BOS");
  CHECK(any_contains(result.warnings, "Bostonians"));
  CHECK(counter(result.counters, "team_name_fallbacks") == 1);
}

TEST_CASE("bdl_boxscores teams: a game whose team cannot be named is skipped (team_extraction_failed), others kept",
          "[bdl_boxscores][teams]") {
  // how the bad game is made, what the reason must name
  auto [make_bad, mention] = GENERATE(table<std::string, std::string>({
      {"unknown home team", "home_team"},
      {"unknown away team", "visitor_team"},
      {"both unknown", "either team"},
      {"no home_team", "home_team"},
      {"null visitor_team", "visitor_team"},
      {"home_team a string", "home_team is a string"},
      {"full_name a number", "full_name"},
  }));
  boost::json::object bad = game();
  auto unknown = [] { return team("Seattle SuperSonics", "SEA", "Seattle", "SuperSonics"); };
  if (make_bad == "unknown home team") home(bad) = unknown();
  if (make_bad == "unknown away team") away(bad) = unknown();
  if (make_bad == "both unknown") home(bad) = unknown(), away(bad) = unknown();
  if (make_bad == "no home_team") bad.erase("home_team");
  if (make_bad == "null visitor_team") bad["visitor_team"] = nullptr;
  if (make_bad == "home_team a string") bad["home_team"] = "Philadelphia 76ers";
  if (make_bad == "full_name a number") home(bad)["full_name"] = 23;
  INFO(make_bad);

  nbaraw::TransformResult result;
  REQUIRE_NOTHROW(result = transform(document(boost::json::array{game(), bad, game()})));
  CHECK(result.rows.size() == 6);  // the two good games, 3 players each
  REQUIRE(result.skipped.size() == 1);
  CHECK_THAT(result.skipped.front(), Catch::Contains("game 1") && Catch::Contains("team_extraction_failed") &&
                                         Catch::Contains(mention));
  CHECK(any_contains(result.warnings, "skipped 1 of 3 games"));
  CHECK(any_contains(result.warnings, "team_extraction_failed"));
  CHECK(counter(result.counters, "games_skipped:team_extraction_failed") == 1);
  CHECK(counter(result.counters, "games_skipped") == 1);
  CHECK(result.records_seen == 6 + 1);  // the good games' players and the skipped game
}
