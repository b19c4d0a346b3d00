// BDL box scores, per player: names and lookup, stat conversion (counts null → 0, percentages null stays
// null), player fields, data_hash, timestamps, and players skipped with a reason.
#include "bdl_boxscores_fixture.hpp"

#include <chrono>
#include <ctime>
#include <time.h>

using namespace nbaraw::test::box;
using nbaraw::processors::BdlBoxscores;

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
