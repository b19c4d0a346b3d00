// BDL box scores rules, column by column: per player, team abbreviations, and per game.
#include "support/processor_kit.hpp"

#include <nbaraw/processors/bdl_boxscores.hpp>

#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>

#include <chrono>
#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>
#include <time.h>

using namespace nbaraw::test;
using nbaraw::processors::BdlBoxscores;

// ---- the inputs each rule varies: a team, a player entry and a game, and the scraper's wrapper around games.
namespace {

constexpr std::string_view object_name = "ball-dont-lie/boxscores/2024-01-15/20240116_080000.json";

/// A team object as the API gives it, without players.
boost::json::object team(std::string_view full_name, std::string_view abbreviation, std::string_view city,
                         std::string_view name) {
  return boost::json::object{{"id", 1},          {"conference", "East"}, {"division", "Atlantic"}, {"city", city},
                             {"name", name},     {"full_name", full_name}, {"abbreviation", abbreviation}};
}

/// A player entry: stats as the API gives them (min is text, percentages fractions).
boost::json::object entry(std::int64_t id, std::string_view first, std::string_view last, int pts = 10) {
  boost::json::object e = boost::json::parse(R"({
    "min": "31", "fgm": 4, "fga": 9, "fg_pct": 0.444, "fg3m": 1, "fg3a": 3, "fg3_pct": 0.333,
    "ftm": 1, "fta": 2, "ft_pct": 0.5, "oreb": 1, "dreb": 5, "reb": 6, "ast": 7, "stl": 2, "blk": 1,
    "turnover": 3, "pf": 4, "pts": 10,
    "player": {"id": 0, "first_name": "", "last_name": "", "position": "G", "height": "6-3", "weight": "200",
               "jersey_number": "11", "college": "None", "country": "USA", "draft_year": 2019, "draft_round": 1,
               "draft_number": 9}
  })").as_object();
  e["pts"] = pts;
  auto& p = e["player"].as_object();
  p["id"] = id;
  p["first_name"] = first;
  p["last_name"] = last;
  return e;
}

boost::json::object& player(boost::json::object& e) { return e["player"].as_object(); }

/// Houston (visitor) at Philadelphia (home) on 2024-01-15: home players 1 and 2, away player 3.
boost::json::object game() {
  boost::json::object home = team("Philadelphia 76ers", "PHI", "Philadelphia", "76ers");
  home["players"] = boost::json::array{entry(1, "Tyrese", "Maxey", 30), entry(2, "Kelly", "Oubre Jr.", 12)};
  boost::json::object away = team("Houston Rockets", "HOU", "Houston", "Rockets");
  away["players"] = boost::json::array{entry(3, "Alperen", "Sengun", 21)};
  return boost::json::object{{"date", "2024-01-15"},
                             {"season", 2023},
                             {"status", "Final"},
                             {"period", 4},
                             {"time", "Final"},
                             {"postseason", false},
                             {"home_team_score", 124},
                             {"visitor_team_score", 115},
                             {"home_team", home},
                             {"visitor_team", away}};
}

boost::json::object& home(boost::json::object& g) { return g["home_team"].as_object(); }
boost::json::object& away(boost::json::object& g) { return g["visitor_team"].as_object(); }
boost::json::array& home_players(boost::json::object& g) { return home(g)["players"].as_array(); }
boost::json::array& away_players(boost::json::object& g) { return away(g)["players"].as_array(); }

/// The GCS file: {date, timestamp, rowCount, boxScores[]}.
boost::json::value document(const boost::json::array& games) {
  return boost::json::object{{"date", "2024-01-15"},
                             {"timestamp", "2024-01-16T08:00:00+00:00"},
                             {"rowCount", games.size()},
                             {"boxScores", games}};
}

nbaraw::TransformResult transform(const boost::json::value& doc, std::string_view name = object_name) {
  return transform_as<BdlBoxscores>(doc, name);
}

/// The rows of one game.
nbaraw::Rows rows_of(const boost::json::object& g) { return transform(document(boost::json::array{g})).rows; }

/// The one row a game with a single home player gives.
nbaraw::Row only_row(const boost::json::object& home_entry) {
  boost::json::object g = game();
  home_players(g) = boost::json::array{home_entry};
  away_players(g) = boost::json::array{};
  return one_row_of_record<BdlBoxscores>(document, g, object_name);
}

}  // namespace

// ---- names and lookup, stat conversion (counts null → 0, percentages null stays null), player fields,
//      data_hash, timestamps, and players skipped with a reason.
TEST_CASE("bdl_boxscores players: stats map to their columns", "[bdl_boxscores][players]") {
  const nbaraw::Row row = only_row(entry(1, "Tyrese", "Maxey", 30));
  CHECK(row.at("team_abbr").as_string() == "PHI");
  CHECK(row.at("player_full_name").as_string() == "Tyrese Maxey");
  CHECK(row.at("player_lookup").as_string() == "tyresemaxey");
  CHECK(row.at("bdl_player_id").as_int64() == 1);
  CHECK(row.at("jersey_number").as_string() == "11");
  CHECK(row.at("position").as_string() == "G");
  CHECK(row.at("minutes").as_string() == "31");
  // column, value
  const std::vector<std::pair<std::string, std::int64_t>> counts{
      {"points", 30},         {"assists", 7},           {"rebounds", 6},       {"offensive_rebounds", 1},
      {"defensive_rebounds", 5}, {"steals", 2},         {"blocks", 1},         {"turnovers", 3},
      {"personal_fouls", 4},  {"field_goals_made", 4},  {"field_goals_attempted", 9},
      {"three_pointers_made", 1}, {"three_pointers_attempted", 3}, {"free_throws_made", 1},
      {"free_throws_attempted", 2}};
  for (const auto& [column, value] : counts) {
    INFO(column);
    REQUIRE(row.at(column).is_int64());
    CHECK(row.at(column).as_int64() == value);
  }
  CHECK(row.at("field_goal_pct").as_double() == 0.444);
  CHECK(row.at("three_point_pct").as_double() == 0.333);
  CHECK(row.at("free_throw_pct").as_double() == 0.5);
}

TEST_CASE("bdl_boxscores players: counting stats null or absent become 0, percentages null or absent stay NULL",
          "[bdl_boxscores][players]") {
  auto how = GENERATE(as<std::string>{}, "null", "absent");
  boost::json::object e = entry(1, "Tyrese", "Maxey");
  for (auto key : {"pts", "ast", "reb", "oreb", "dreb", "stl", "blk", "turnover", "pf", "fgm", "fga", "fg3m", "fg3a",
                   "ftm", "fta", "fg_pct", "fg3_pct", "ft_pct", "min"}) {
    if (how == "null")
      e[key] = nullptr;
    else
      e.erase(key);
  }
  INFO(how);
  const nbaraw::Row row = only_row(e);
  for (auto column : {"points", "assists", "rebounds", "offensive_rebounds", "defensive_rebounds", "steals", "blocks",
                      "turnovers", "personal_fouls", "field_goals_made", "field_goals_attempted", "three_pointers_made",
                      "three_pointers_attempted", "free_throws_made", "free_throws_attempted"}) {
    INFO(column);
    REQUIRE(row.at(column).is_int64());
    CHECK(row.at(column).as_int64() == 0);
  }
  for (auto column : {"field_goal_pct", "three_point_pct", "free_throw_pct", "minutes"}) {
    INFO(column);
    CHECK(row.at(column).is_null());
  }
}

TEST_CASE("bdl_boxscores players: numbers convert as Python's int() and float() do", "[bdl_boxscores][players]") {
  boost::json::object e = entry(1, "Tyrese", "Maxey");
  e["pts"] = 30.0;   // integral float
  e["ast"] = 7.9;    // int() truncates toward zero
  e["reb"] = -2.5;
  e["fg_pct"] = 0;   // an integer percentage is a float
  e["ft_pct"] = 1;
  e["stl"] = " 3 ";  // int(" 3 ") is 3
  e["blk"] = "1_0";  // int("1_0") is 10
  e["pf"] = true;    // int(True) is 1
  e["fg3_pct"] = "0.375";
  const nbaraw::Row row = only_row(e);
  CHECK(row.at("points").as_int64() == 30);
  CHECK(row.at("assists").as_int64() == 7);
  CHECK(row.at("rebounds").as_int64() == -2);
  REQUIRE(row.at("field_goal_pct").is_double());
  CHECK(row.at("field_goal_pct").as_double() == 0.0);
  REQUIRE(row.at("free_throw_pct").is_double());
  CHECK(row.at("free_throw_pct").as_double() == 1.0);
  CHECK(row.at("steals").as_int64() == 3);
  CHECK(row.at("blocks").as_int64() == 10);
  CHECK(row.at("personal_fouls").as_int64() == 1);
  CHECK(row.at("three_point_pct").as_double() == 0.375);
}

TEST_CASE("bdl_boxscores players: player_full_name is first + \" \" + last, untrimmed, the lookup keeps [a-z0-9] only",
          "[bdl_boxscores][players]") {
  // first, last, full name, lookup
  auto [first, last, full, lookup] = GENERATE(table<std::string, std::string, std::string, std::string>({
      {"Kelly", "Oubre Jr.", "Kelly Oubre Jr.", "kellyoubrejr"},
      {"De'Anthony", "Melton", "De'Anthony Melton", "deanthonymelton"},
      {"Olivier-Maxence", "Prosper", "Olivier-Maxence Prosper", "oliviermaxenceprosper"},
      {"E.J.", "Liddell", "E.J. Liddell", "ejliddell"},
      {"Nikola", "Jokić", "Nikola Jokić", "nikolajoki"},      // no diacritic folding: ć is dropped
      {"Luka", "Dončić", "Luka Dončić", "lukadoni"},
      {"Ricky", "Council IV", "Ricky Council IV", "rickycounciliv"},
      {" Taj", "Gibson ", " Taj Gibson ", "tajgibson"},       // not trimmed, but spaces leave the lookup
      {"Marvin", "Bagley III", "Marvin Bagley III", "marvinbagleyiii"},
      {"Karl-Anthony", "Towns", "Karl-Anthony Towns", "karlanthonytowns"},
  }));
  INFO(full);
  const nbaraw::Row row = only_row(entry(7, first, last));
  CHECK(row.at("player_full_name").as_string() == full);
  CHECK(row.at("player_lookup").as_string() == lookup);
}

TEST_CASE("bdl_boxscores players: a player without first_name or last_name is skipped with a reason, others kept",
          "[bdl_boxscores][players]") {
  // how the player is made nameless, what the reason names
  auto [how, mention] = GENERATE(table<std::string, std::string>({
      {"first empty", "first_name"},
      {"last empty", "last_name"},
      {"first null", "first_name"},
      {"last absent", "last_name"},
      {"no player object", "player"},
      {"player null", "player"},
  }));
  boost::json::object bad = entry(9, "Joel", "Embiid");
  if (how == "first empty") player(bad)["first_name"] = "";
  if (how == "last empty") player(bad)["last_name"] = "";
  if (how == "first null") player(bad)["first_name"] = nullptr;
  if (how == "last absent") player(bad).erase("last_name");
  if (how == "no player object") bad.erase("player");
  if (how == "player null") bad["player"] = nullptr;
  INFO(how);
  boost::json::object g = game();
  home_players(g).emplace(home_players(g).begin() + 1, bad);
  const auto result = transform(document(boost::json::array{g}));
  CHECK(result.rows.size() == 3);
  CHECK(result.records_seen == 4);
  REQUIRE(result.skipped.size() == 1);
  CHECK_THAT(result.skipped.front(), Catch::Contains("20240115_HOU_PHI") && Catch::Contains("home player 1") &&
                                         Catch::Contains(mention));
  CHECK(counter(result.counters, "players_skipped") == 1);
  CHECK(counter(result.counters, "games_skipped") == 0);
}

TEST_CASE("bdl_boxscores players: a field of the wrong type skips only that player, with the field named",
          "[bdl_boxscores][players]") {
  // key (in the entry, or player.<key>), JSON value
  auto [key, value] = GENERATE(table<std::string, std::string>({
      {"pts", R"("30.5")"},  // int("30.5") raises
      {"reb", R"("")"},
      {"ast", R"("1__0")"},
      {"fgm", "[4]"},
      {"fg_pct", R"("44%")"},
      {"fg3_pct", R"("nan")"},  // float("nan"), but JSON has no NaN
      {"ft_pct", "{}"},
      {"min", "31"},
      {"player", R"("Tyrese Maxey")"},
      {"player.id", R"("1")"},
      {"player.id", "1.5"},
      {"player.first_name", "7"},
      {"player.jersey_number", "11"},
      {"player.position", "[\"G\"]"},
  }));
  boost::json::object bad = entry(9, "Joel", "Embiid");
  if (key.rfind("player.", 0) == 0)
    player(bad)[key.substr(7)] = boost::json::parse(value);
  else
    bad[key] = boost::json::parse(value);
  INFO(key << " = " << value);
  boost::json::object g = game();
  away_players(g).push_back(bad);
  nbaraw::TransformResult result;
  REQUIRE_NOTHROW(result = transform(document(boost::json::array{g})));
  CHECK(result.rows.size() == 3);
  REQUIRE(result.skipped.size() == 1);
  const std::string field = key.rfind("player.", 0) == 0 ? key.substr(7) : key;
  CHECK_THAT(result.skipped.front(), Catch::Contains("away player 1") && Catch::Contains(field));
}

TEST_CASE("bdl_boxscores players: an entry that is not an object is skipped", "[bdl_boxscores][players]") {
  boost::json::object g = game();
  away_players(g).push_back(nullptr);
  away_players(g).push_back("Jalen Green");
  const auto result = transform(document(boost::json::array{g}));
  CHECK(result.rows.size() == 3);
  REQUIRE(result.skipped.size() == 2);
  CHECK_THAT(result.skipped[0], Catch::Contains("away player 1") && Catch::Contains("not an object"));
  CHECK_THAT(result.skipped[1], Catch::Contains("away player 2") && Catch::Contains("not an object"));
}

TEST_CASE("bdl_boxscores players: absent player fields are NULL, DNP players (min \"00\") give rows",
          "[bdl_boxscores][players]") {
  boost::json::object e = entry(1, "Mo", "Bamba");
  for (auto key : {"id", "jersey_number", "position"}) player(e).erase(key);
  e["min"] = "00";
  for (auto key : {"pts", "ast", "reb", "fgm", "fga"}) e[key] = 0;
  const nbaraw::Row row = only_row(e);
  CHECK(row.at("bdl_player_id").is_null());
  CHECK(row.at("jersey_number").is_null());
  CHECK(row.at("position").is_null());
  CHECK(row.at("minutes").as_string() == "00");
  CHECK(row.at("points").as_int64() == 0);
}

TEST_CASE("bdl_boxscores players: DNP means no minutes", "[bdl_boxscores][players]") {
  CHECK(BdlBoxscores::is_dnp(std::string_view("00")));
  CHECK(BdlBoxscores::is_dnp(std::string_view("0")));
  CHECK(BdlBoxscores::is_dnp(std::string_view("0:00")));
  CHECK(BdlBoxscores::is_dnp(std::string_view("")));
  CHECK(BdlBoxscores::is_dnp(std::nullopt));
  CHECK_FALSE(BdlBoxscores::is_dnp(std::string_view("28")));
  CHECK_FALSE(BdlBoxscores::is_dnp(std::string_view("10")));
  CHECK_FALSE(BdlBoxscores::is_dnp(std::string_view("0:30")));
}

TEST_CASE("bdl_boxscores players: data_hash is the reference's SHA-256 over the seven hash fields", "[bdl_boxscores][players]") {
  // Computed with Python: sorted "field:value" joined by '|', sha256, first 16 hex digits.
  const nbaraw::Row row = only_row(entry(1, "Tyrese", "Maxey", 30));
  CHECK(row.at("data_hash").as_string() == "b1915f0a2b7f0ac7");
  // Only the hash fields matter: another jersey or minutes keep it; other points change it.
  boost::json::object e = entry(1, "Tyrese", "Maxey", 30);
  player(e)["jersey_number"] = "0";
  e["min"] = "40";
  e["stl"] = 5;
  CHECK(only_row(e).at("data_hash").as_string() == "b1915f0a2b7f0ac7");
  e["pts"] = nullptr;  // null → 0 before hashing
  CHECK(only_row(e).at("data_hash").as_string() == "eba1ff3ab8569464");
}

TEST_CASE("bdl_boxscores players: created_at and processed_at are the UTC time of the transform, ISO with +00:00",
          "[bdl_boxscores][players]") {
  const auto before = std::chrono::system_clock::now();
  const nbaraw::Row row = only_row(entry(1, "Tyrese", "Maxey"));
  const auto after = std::chrono::system_clock::now();
  for (auto column : {"created_at", "processed_at"}) {
    INFO(column);
    // YYYY-MM-DDTHH:MM:SS.ffffff+00:00
    const std::string text(row.at(column).as_string());
    REQUIRE(text.size() == 32);
    CHECK(text[10] == 'T');
    CHECK(text[19] == '.');
    CHECK(text.substr(26) == "+00:00");
    std::tm tm{};
    REQUIRE(strptime(text.substr(0, 19).c_str(), "%Y-%m-%dT%H:%M:%S", &tm) != nullptr);
    const auto at = std::chrono::system_clock::from_time_t(timegm(&tm));
    CHECK(at >= std::chrono::floor<std::chrono::seconds>(before));
    CHECK(at <= after);
  }
}

// ---- team abbreviations by the reference's three steps (full name with the LA aliases and the
//      first-three-characters fallback, the abbreviation, city + name), and games whose teams cannot be named.
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

// ---- date and season, game id, game columns, row order, games skipped with reasons.
TEST_CASE("bdl_boxscores games: one row per player, home players first then away players, in file order",
          "[bdl_boxscores][games]") {
  boost::json::object g = game();
  home_players(g).push_back(entry(4, "Joel", "Embiid", 41));
  away_players(g).push_back(entry(5, "Fred", "VanVleet", 17));
  // In the file the visitor comes first; the rows still start with the home side.
  boost::json::object reordered{{"visitor_team", g["visitor_team"]}};
  for (const auto& [k, v] : g)
    if (k != "visitor_team") reordered[k] = v;
  const auto rows = rows_of(reordered);
  std::vector<std::int64_t> ids;
  std::vector<std::string> teams;
  for (const auto& r : rows) {
    ids.push_back(r.at("bdl_player_id").as_int64());
    teams.emplace_back(r.at("team_abbr").as_string());
  }
  CHECK(ids == std::vector<std::int64_t>{1, 2, 4, 3, 5});
  CHECK(teams == std::vector<std::string>{"PHI", "PHI", "PHI", "HOU", "HOU"});
}

TEST_CASE("bdl_boxscores games: game columns are copied to every row of the game", "[bdl_boxscores][games]") {
  const auto rows = rows_of(game());
  REQUIRE(rows.size() == 3);
  for (const auto& r : rows) {
    CHECK(r.at("game_id").as_string() == "20240115_HOU_PHI");  // YYYYMMDD_AWAY_HOME
    CHECK(r.at("game_date").as_string() == "2024-01-15");
    CHECK(r.at("season_year").as_int64() == 2023);
    CHECK(r.at("game_status").as_string() == "Final");
    CHECK(r.at("period").as_int64() == 4);
    CHECK(r.at("is_postseason").as_bool() == false);
    CHECK(r.at("home_team_abbr").as_string() == "PHI");
    CHECK(r.at("away_team_abbr").as_string() == "HOU");
    CHECK(r.at("home_team_score").as_int64() == 124);
    CHECK(r.at("away_team_score").as_int64() == 115);
    CHECK(r.at("source_file_path").as_string() == object_name);
  }
}

TEST_CASE("bdl_boxscores games: season_year is the game's season when truthy, else derived from the date",
          "[bdl_boxscores][games]") {
  // date, season (null: absent), season_year
  auto [date, season, expected] = GENERATE(table<std::string, std::string, int>({
      {"2024-01-15", "2023", 2023},
      {"2024-01-15", "2019", 2019},   // taken as given, even when the date says otherwise
      {"2024-01-15", "0", 2023},      // 0 is falsy: derived (January belongs to the previous year's season)
      {"2024-01-15", "null", 2023},
      {"2024-01-15", "absent", 2023},
      {"2023-10-24", "absent", 2023},  // October starts a season
      {"2023-09-30", "absent", 2022},
      {"2024-06-17", "0", 2023},
      {"2024-12-25", "null", 2024},
  }));
  boost::json::object g = game();
  g["date"] = date;
  if (season == "absent")
    g.erase("season");
  else
    g["season"] = boost::json::parse(season);
  INFO(date << " season " << season);
  const auto rows = rows_of(g);
  REQUIRE(rows.size() == 3);
  CHECK(rows.front().at("season_year").as_int64() == expected);
  CHECK(rows.front().at("game_date").as_string() == date);
  CHECK(rows.front().at("game_id").as_string().subview().substr(0, 8) ==
        date.substr(0, 4) + date.substr(5, 2) + date.substr(8, 2));
}

TEST_CASE("bdl_boxscores games: status, period, postseason and scores as given, absent status is \"\"",
          "[bdl_boxscores][games]") {
  SECTION("postseason true") {
    boost::json::object g = game();
    g["postseason"] = true;
    CHECK(rows_of(g).front().at("is_postseason").as_bool());
  }
  SECTION("absent status and postseason: \"\" and false; absent period and scores: NULL") {
    boost::json::object g = game();
    for (auto key : {"status", "postseason", "period", "home_team_score", "visitor_team_score"}) g.erase(key);
    const auto row = rows_of(g).front();
    CHECK(row.at("game_status").as_string() == "");
    CHECK(row.at("is_postseason").as_bool() == false);
    CHECK(row.at("period").is_null());
    CHECK(row.at("home_team_score").is_null());
    CHECK(row.at("away_team_score").is_null());
  }
  SECTION("null status stays NULL; null postseason is false (the column is NOT NULL)") {
    boost::json::object g = game();
    g["status"] = nullptr;
    g["postseason"] = nullptr;
    const auto row = rows_of(g).front();
    CHECK(row.at("game_status").is_null());
    CHECK(row.at("is_postseason").as_bool() == false);
  }
  SECTION("an upcoming game's status text and period 0") {
    boost::json::object g = game();
    g["status"] = "2024-01-16T00:30:00Z";
    g["period"] = 0;
    g["home_team_score"] = 0;
    const auto row = rows_of(g).front();
    CHECK(row.at("game_status").as_string() == "2024-01-16T00:30:00Z");
    CHECK(row.at("period").as_int64() == 0);
    CHECK(row.at("home_team_score").as_int64() == 0);
  }
}

TEST_CASE("bdl_boxscores games: a game without a date is skipped (no_date), the others kept", "[bdl_boxscores][games]") {
  auto how = GENERATE(as<std::string>{}, "absent", "null", "empty");
  boost::json::object bad = game();
  if (how == "absent") bad.erase("date");
  if (how == "null") bad["date"] = nullptr;
  if (how == "empty") bad["date"] = "";
  INFO(how);
  const auto result = transform(document(boost::json::array{bad, game()}));
  CHECK(result.rows.size() == 3);
  REQUIRE(result.skipped.size() == 1);
  CHECK_THAT(result.skipped.front(), Catch::Contains("game 0") && Catch::Contains("no_date") &&
                                         Catch::Contains("3 listed players"));
  CHECK(any_contains(result.warnings, "skipped 1 of 2 games: game 0 no_date"));
  CHECK(counter(result.counters, "games_skipped:no_date") == 1);
  CHECK(counter(result.counters, "games") == 2);
}

TEST_CASE("bdl_boxscores games: game-level fields of the wrong type skip the game (wrong_type) with the field named",
          "[bdl_boxscores][games]") {
  auto [field, value] = GENERATE(table<std::string, std::string>({
      {"season", R"("2023")"},
      {"season", "2023.5"},
      {"status", "4"},
      {"period", R"("4")"},
      {"postseason", R"("false")"},
      {"postseason", "0"},
      {"home_team_score", R"("124")"},
      {"visitor_team_score", "[115]"},
  }));
  boost::json::object bad = game();
  bad[field] = boost::json::parse(value);
  INFO(field << " = " << value);
  nbaraw::TransformResult result;
  REQUIRE_NOTHROW(result = transform(document(boost::json::array{game(), bad})));
  CHECK(result.rows.size() == 3);
  REQUIRE(result.skipped.size() == 1);
  CHECK_THAT(result.skipped.front(), Catch::Contains("game 1") && Catch::Contains("wrong_type") && Catch::Contains(field));
  CHECK(counter(result.counters, "games_skipped:wrong_type") == 1);
}

TEST_CASE("bdl_boxscores games: a game that is not an object is skipped (wrong_type)", "[bdl_boxscores][games]") {
  auto bad = GENERATE(as<std::string>{}, "null", "42", R"("20240115_HOU_PHI")", "[]");
  INFO(bad);
  const auto result = transform(document(boost::json::array{boost::json::parse(bad), game()}));
  CHECK(result.rows.size() == 3);
  REQUIRE(result.skipped.size() == 1);
  CHECK_THAT(result.skipped.front(), Catch::Contains("game 0") && Catch::Contains("wrong_type") &&
                                         Catch::Contains("not an object"));
}

TEST_CASE("bdl_boxscores games: the game-id format check", "[bdl_boxscores][games]") {
  // id, valid, message words ("" when clean)
  auto [id, valid, mention] = GENERATE(table<std::string, bool, std::string>({
      {"20240115_HOU_PHI", true, ""},
      {"20240115_SEA_PHI", true, "SEA"},  // unknown but 3 characters: a warning only
      {"20240115_HOU", false, "parts"},
      {"20240115_HOU_PHI_X", false, "parts"},
      {"2024015_HOU_PHI", false, "8 digits"},
      {"2024O115_HOU_PHI", false, "8 digits"},
      {"20240115_HOUS_PHI", false, "3 characters"},
      {"20240115_HOU_PH", false, "3 characters"},
      {"20240115__PHI", false, "3 characters"},
  }));
  INFO(id);
  const auto check = BdlBoxscores::check_game_id(id);
  CHECK(check.valid == valid);
  if (mention.empty())
    CHECK(check.message.empty());
  else
    CHECK_THAT(check.message, Catch::Contains(mention));
}

TEST_CASE("bdl_boxscores games: games with no players give no rows and are not skipped", "[bdl_boxscores][games]") {
  boost::json::object g = game();
  home_players(g) = boost::json::array{};
  away(g).erase("players");
  const auto result = transform(document(boost::json::array{g, game()}));
  CHECK(result.rows.size() == 3);
  CHECK(result.skipped.empty());
  CHECK(counter(result.counters, "games_skipped") == 0);
}

TEST_CASE("bdl_boxscores games: a players value that is not a list is one skipped record, the other side kept",
          "[bdl_boxscores][games]") {
  boost::json::object g = game();
  home(g)["players"] = "Tyrese Maxey";
  const auto result = transform(document(boost::json::array{g}));
  REQUIRE(result.rows.size() == 1);
  CHECK(result.rows.front().at("team_abbr").as_string() == "HOU");
  REQUIRE(result.skipped.size() == 1);
  CHECK_THAT(result.skipped.front(), Catch::Contains("home_team.players is a string, not a list"));
  CHECK(result.records_seen == 2);
}

TEST_CASE("bdl_boxscores games: the same game in two files keys to the same (game_id, game_date)", "[bdl_boxscores][games]") {
  const auto first = transform(document(boost::json::array{game()}), "ball-dont-lie/boxscores/2024-01-15/20240116_080000.json");
  const auto second = transform(document(boost::json::array{game()}), "ball-dont-lie/boxscores/2024-01-15/20240116_120000.json");
  REQUIRE(first.rows.size() == 3);
  REQUIRE(second.rows.size() == 3);
  const BdlBoxscores processor;
  const auto& keys = processor.info().strategy.keys;
  for (std::size_t i = 0; i < 3; ++i) CHECK(nbaraw::key_of(first.rows[i], keys) == nbaraw::key_of(second.rows[i], keys));
  CHECK(first.rows[0].at("source_file_path") != second.rows[0].at("source_file_path"));
}
