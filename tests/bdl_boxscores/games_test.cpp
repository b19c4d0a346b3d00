// BDL box scores, per game: date and season, game id, game columns, row order, games skipped with reasons.
#include "bdl_boxscores_fixture.hpp"

using namespace nbaraw::test::box;
using nbaraw::processors::BdlBoxscores;

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
