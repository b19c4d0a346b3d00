// The checks against SQLite tables of made-up rows: good rows pass every check; each bad case fails (or
// warns) its own check and names the offender.
#include "validate_support.hpp"

#include <nbaraw/detail/sqlite.hpp>

using namespace nbaraw;
using namespace nbaraw::test;
using validation::Outcome;

namespace {

const std::vector<Date> jan15_16{day(15), day(16)};

Rows good_box_scores() {
  return concat(concat(box_game(day(15), "MIA", "BOS", 12, 13), box_game(day(15), "LAL", "DEN", 11, 12)),
                box_game(day(16), "NYK", "PHI", 14, 10));
}

validation::Report validate_rows(const ProcessorInfo& info, const Rows& rows, const std::vector<Date>& dates = jan15_16) {
  TempDir tmp;
  load_sqlite(tmp / "nba_raw.db", info, rows);
  return validate_sqlite(tmp / "nba_raw.db", info, dates);
}

}  // namespace

TEST_CASE("every processor declares checks the validator accepts", "[validate]") {
  for (const ProcessorInfo* info : {&boxscores_info(), &odds_info(), &injuries_info(), &gamebook_info()}) {
    INFO(info->name);
    CHECK_FALSE(validation::checks_problem(*info));
    CHECK_FALSE(info->validation.checks.empty());
  }
  ProcessorInfo bad = boxscores_info();
  bad.validation.checks.push_back(validation::offending_rows("typo", {validation::is_null("minute")}));
  REQUIRE(validation::checks_problem(bad));
  CHECK_THAT(*validation::checks_problem(bad), Catch::Contains("'minute' is not a column"));
  TempDir tmp;
  load_sqlite(tmp / "nba_raw.db", bad, good_box_scores());
  CHECK_THROWS_WITH(validate_sqlite(tmp / "nba_raw.db", bad, jan15_16), Catch::Contains("'minute' is not a column"));
  ProcessorInfo unbounded = boxscores_info();
  unbounded.validation.checks.push_back(validation::per_group("no bounds", {"game_id"}, "games", validation::count_rows(), std::nullopt));
  CHECK_THAT(*validation::checks_problem(unbounded), Catch::Contains("no bounds"));
}

TEST_CASE("good box scores pass every check", "[validate][bdl_boxscores]") {
  const auto report = validate_rows(boxscores_info(), good_box_scores());
  INFO(dump(report));
  CHECK(report.exit_code() == 0);
  CHECK(report.count(Outcome::fail) == 0);
  CHECK(report.count(Outcome::warning) == 0);
  CHECK(report.table == "nba_raw.bdl_player_boxscores");
  CHECK(result_of(report, "rows per date", "2024-01-15").detail == "48 rows, 2 games");
  CHECK(result_of(report, "rows per date", "2024-01-16").detail == "24 rows, 1 games");
  CHECK(result_of(report, "date span").detail == "first 2024-01-15, last 2024-01-16: rows on 2 of 2 dates");
  CHECK(result_of(report, "distinct games").detail == "3 games");
  CHECK_THAT(result_of(report, "null key fields").detail, Catch::StartsWith("no NULL in 13 columns"));
  CHECK(result_of(report, "players per game 20-40").detail == "3 games, all 20-40");
  CHECK(result_of(report, "players per team at least 10").detail == "6 teams, all at least 10");
  CHECK(result_of(report, "minutes between 0 and 60").detail == "none of 72 rows");
  CHECK(result_of(report, "unique (player_lookup, game_id)").detail == "72 keys, all at most 1");
  others_pass(report, boxscores_info(), "");
}

TEST_CASE("a game outside 20-40 players fails and is named", "[validate][bdl_boxscores]") {
  const auto report = validate_rows(boxscores_info(), concat(good_box_scores(), box_game(day(15), "CHI", "CLE", 21, 21)));
  const auto& r = result_of(report, "players per game 20-40");
  INFO(dump(report));
  CHECK(r.outcome == Outcome::fail);
  CHECK(r.detail == "1 of 4 games outside 20-40: 20240115_CHI_CLE (42)");
  CHECK(r.offenders == 1);
  CHECK(report.exit_code() == 1);
  others_pass(report, boxscores_info(), "players per game 20-40");
}

TEST_CASE("a team with fewer than 10 players fails and is named", "[validate][bdl_boxscores]") {
  const auto report = validate_rows(boxscores_info(), concat(good_box_scores(), box_game(day(16), "CHI", "CLE", 9, 15)));
  const auto& r = result_of(report, "players per team at least 10");
  INFO(dump(report));
  CHECK(r.outcome == Outcome::fail);
  CHECK(r.detail == "1 of 8 teams below 10: 20240116_CHI_CLE/CHI (9)");
  CHECK(report.exit_code() == 1);
  others_pass(report, boxscores_info(), "players per team at least 10");
}

TEST_CASE("minutes beyond 0-60 fail, with the player and the minutes text", "[validate][bdl_boxscores]") {
  Rows rows = good_box_scores();
  rows[3]["minutes"] = "75:00";
  rows[40]["minutes"] = "61";
  rows[41]["minutes"] = "60:00";  // the bounds are fine
  rows[42]["minutes"] = "00";
  const auto report = validate_rows(boxscores_info(), rows);
  const auto& r = result_of(report, "minutes between 0 and 60");
  INFO(dump(report));
  CHECK(r.outcome == Outcome::fail);
  CHECK(r.detail == "2 of 72 rows: 20240115_LAL_DEN/lalplayer3 (minutes 61), 20240115_MIA_BOS/bosplayer3 (minutes 75:00)");
  others_pass(report, boxscores_info(), "minutes between 0 and 60");
}

TEST_CASE("a duplicated (player_lookup, game_id) fails and names the key", "[validate][bdl_boxscores]") {
  Rows rows = good_box_scores();
  rows.push_back(rows[0]);
  const auto report = validate_rows(boxscores_info(), rows);
  const auto& r = result_of(report, "unique (player_lookup, game_id)");
  INFO(dump(report));
  CHECK(r.outcome == Outcome::fail);
  CHECK(r.detail == "1 of 72 keys above 1: 20240115_MIA_BOS/bosplayer0 (2)");
  others_pass(report, boxscores_info(), "unique (player_lookup, game_id)");
}

TEST_CASE("a NULL in a key field fails and names the row", "[validate][bdl_boxscores]") {
  Rows rows = good_box_scores();
  rows[5]["points"] = nullptr;  // NULLABLE in the DDL, a critical field of the reference's config
  const auto report = validate_rows(boxscores_info(), rows);
  const auto& r = result_of(report, "null key fields");
  INFO(dump(report));
  CHECK(r.outcome == Outcome::fail);
  CHECK(r.detail == "points: 1 NULL (20240115_MIA_BOS/bosplayer5)");
  CHECK(report.exit_code() == 1);
  others_pass(report, boxscores_info(), "null key fields");
}

TEST_CASE("dates without rows warn, runs of them in one line, and do not fail", "[validate][bdl_boxscores]") {
  const auto report = validate_rows(boxscores_info(), good_box_scores(),
                                    {day(13), day(14), day(15), day(16), day(17), day(18), day(19), day(20)});
  INFO(dump(report));
  CHECK(report.exit_code() == 0);
  CHECK(result_of(report, "rows per date", "2024-01-13..2024-01-14").outcome == Outcome::warning);
  CHECK(result_of(report, "rows per date", "2024-01-13..2024-01-14").detail == "no rows on 2 dates");
  CHECK(result_of(report, "rows per date", "2024-01-15").outcome == Outcome::pass);
  CHECK(result_of(report, "rows per date", "2024-01-17..2024-01-20").detail == "no rows on 4 dates");
  CHECK(result_of(report, "date span").detail == "first 2024-01-15, last 2024-01-16: rows on 2 of 8 dates");
  CHECK(result_of(report, "date span").scope == "2024-01-13..2024-01-20");
}

TEST_CASE("only the dates asked for are read, --dates lists included", "[validate][bdl_boxscores]") {
  TempDir tmp;
  const Rows bad_game = box_game(day(16), "CHI", "CLE", 4, 4);
  load_sqlite(tmp / "nba_raw.db", boxscores_info(),
              concat(concat(good_box_scores(), bad_game), box_game(day(18), "ATL", "SAS", 12, 12)));
  const auto only15 = validate_sqlite(tmp / "nba_raw.db", boxscores_info(), {day(15)});
  CHECK(only15.exit_code() == 0);
  CHECK(result_of(only15, "distinct games").detail == "2 games");
  const auto listed = validate_sqlite(tmp / "nba_raw.db", boxscores_info(), {day(15), day(17), day(18)});
  INFO(dump(listed));
  CHECK(listed.exit_code() == 0);  // the bad game of the 16th is not among them
  CHECK(result_of(listed, "distinct games").detail == "3 games");
  CHECK(result_of(listed, "distinct games").scope == "2024-01-15..2024-01-18 (3 dates)");
  CHECK(result_of(listed, "rows per date", "2024-01-17").outcome == Outcome::warning);
  const auto all = validate_sqlite(tmp / "nba_raw.db", boxscores_info(), {day(15), day(16), day(17), day(18)});
  CHECK(all.exit_code() == 1);
  CHECK(result_of(all, "players per game 20-40").detail == "1 of 5 games outside 20-40: 20240116_CHI_CLE (8)");
}

TEST_CASE("an empty range warns and skips the checks, and a missing table or file fails", "[validate]") {
  TempDir tmp;
  load_sqlite(tmp / "nba_raw.db", boxscores_info(), good_box_scores());
  const auto empty = validate_sqlite(tmp / "nba_raw.db", boxscores_info(), {Date{2023, 3, 1}});
  INFO(dump(empty));
  CHECK(empty.exit_code() == 0);
  CHECK(result_of(empty, "rows per date").outcome == Outcome::warning);
  CHECK(result_of(empty, "date span").detail == "no rows in the range");
  CHECK(result_of(empty, "players per game 20-40").outcome == Outcome::skipped);

  const auto no_table = validate_sqlite(tmp / "nba_raw.db", odds_info(), jan15_16);
  CHECK(no_table.exit_code() == 1);
  REQUIRE(no_table.results.size() == 1);
  CHECK(no_table.results[0].detail == "sqlite:" + (tmp / "nba_raw.db").string() + " has no table odds_api_player_points_props");

  const auto no_file = validate_sqlite(tmp / "absent.db", boxscores_info(), jan15_16);
  CHECK(no_file.exit_code() == 1);
  CHECK_FALSE(std::filesystem::exists(tmp / "absent.db"));
}

TEST_CASE("values with quotes are bound, never pasted into the SQL", "[validate]") {
  const std::string hostile = "O'Neal'); DROP TABLE bdl_player_boxscores; --";
  Rows rows = good_box_scores();
  Rows bad = box_game(day(15), "CHI", "CLE", 3, 3);
  for (Row& r : bad) {
    r["game_id"] = hostile;
    r["player_full_name"] = hostile;
  }
  rows = concat(rows, bad);
  ProcessorInfo info = boxscores_info();
  info.validation.checks.push_back(
      validation::offending_rows("no player named O'Neal", {validation::equals("player_full_name", boost::json::string(hostile))})
          .showing({"game_id", "player_full_name"}));
  info.validation.checks.push_back(validation::offending_rows(
      "game ids from the list", {validation::not_in("game_id", {"20240115_MIA_BOS", "20240115_LAL_DEN", "20240116_NYK_PHI"})}));
  TempDir tmp;
  load_sqlite(tmp / "nba_raw.db", info, rows);
  const auto report = validate_sqlite(tmp / "nba_raw.db", info, jan15_16);
  INFO(dump(report));
  CHECK(result_of(report, "players per game 20-40").detail == "1 of 4 games outside 20-40: " + hostile + " (6)");
  CHECK(result_of(report, "no player named O'Neal").offenders == 6);
  CHECK_THAT(result_of(report, "no player named O'Neal").detail, Catch::StartsWith("6 of 78 rows: " + hostile + " (player_full_name " + hostile + ")"));
  CHECK(result_of(report, "game ids from the list").offenders == 6);
  // The table is intact.
  detail::SqliteDatabase db((tmp / "nba_raw.db").string(), true);
  detail::SqliteStatement count(db.handle(), "SELECT COUNT(*) FROM bdl_player_boxscores");
  REQUIRE(count.step());
  CHECK(count.integer(0) == 78);
}

TEST_CASE("good odds pass, odd lines, odds and coverage warn, a NULL player_lookup fails", "[validate][odds_api_props]") {
  const Rows good = concat(odds_game(day(15), "MIA", "BOS", {"draftkings", "fanduel"}, 10),
                           odds_game(day(16), "LAL", "DEN", {"draftkings", "fanduel"}, 12));
  {
    const auto report = validate_rows(odds_info(), good);
    INFO(dump(report));
    CHECK(report.exit_code() == 0);
    CHECK(report.count(Outcome::warning) == 0);
    CHECK(result_of(report, "bookmakers per game at least 2").detail == "2 games, all at least 2");
    CHECK(result_of(report, "players per game at least 10").detail == "2 games, all at least 10");
    others_pass(report, odds_info(), "");
  }
  SECTION("a line outside 3.5-55.5 warns") {
    Rows rows = good;
    rows[2]["points_line"] = 60.5;
    rows[3]["points_line"] = 3.5;
    const auto report = validate_rows(odds_info(), rows);
    const auto& r = result_of(report, "points_line between 3.5 and 55.5");
    INFO(dump(report));
    CHECK(r.outcome == Outcome::warning);
    CHECK(r.detail == "1 of 44 rows: 20240115_MIA_BOS/draftkings/player2 (points_line 60.5)");
    CHECK(report.exit_code() == 0);
    others_pass(report, odds_info(), "points_line between 3.5 and 55.5");
  }
  SECTION("American odds beyond 500 either way warn") {
    Rows rows = good;
    rows[1]["over_price_american"] = 900;
    rows[30]["under_price_american"] = -501;
    rows[31]["under_price_american"] = -500;
    const auto report = validate_rows(odds_info(), rows);
    const auto& r = result_of(report, "American odds within -500..500");
    INFO(dump(report));
    CHECK(r.outcome == Outcome::warning);
    CHECK(r.detail ==
          "2 of 44 rows: 20240115_MIA_BOS/draftkings/player1 (over_price_american 900, under_price_american 105), "
          "20240116_LAL_DEN/draftkings/player10 (over_price_american -110, under_price_american -501)");
    others_pass(report, odds_info(), "American odds within -500..500");
  }
  SECTION("a game with one bookmaker or fewer than 10 players warns") {
    const auto report = validate_rows(odds_info(), concat(good, odds_game(day(16), "NYK", "PHI", {"fanduel"}, 5)));
    INFO(dump(report));
    CHECK(result_of(report, "bookmakers per game at least 2").outcome == Outcome::warning);
    CHECK(result_of(report, "bookmakers per game at least 2").detail == "1 of 3 games below 2: 20240116_NYK_PHI (1)");
    CHECK(result_of(report, "players per game at least 10").detail == "1 of 3 games below 10: 20240116_NYK_PHI (5)");
    CHECK(report.exit_code() == 0);
  }
  SECTION("a NULL player_lookup fails") {
    Rows rows = good;
    rows[7]["player_lookup"] = nullptr;
    const auto report = validate_rows(odds_info(), rows);
    INFO(dump(report));
    CHECK(result_of(report, "null key fields").detail == "player_lookup: 1 NULL (20240115_MIA_BOS/draftkings/null)");
    CHECK(report.exit_code() == 1);
  }
}

TEST_CASE("gamebook checks, R-009 among them", "[validate][nbac_gamebook]") {
  const Rows good = concat(gamebook_game(day(15), "MIA", "BOS", 12, 2, 1), gamebook_game(day(16), "LAL", "DEN", 10, 3, 2));
  {
    const auto report = validate_rows(gamebook_info(), good);
    INFO(dump(report));
    CHECK(report.exit_code() == 0);
    CHECK(report.count(Outcome::warning) == 0);
    CHECK(result_of(report, "R-009 active players per game at least 1").detail == "2 games, all at least 1");
    CHECK(result_of(report, "players per game 20-40").detail == "2 games, all 20-40");
    others_pass(report, gamebook_info(), "");
  }
  SECTION("a game with no active players and roster rows fails R-009") {
    const auto report = validate_rows(gamebook_info(), concat(good, gamebook_game(day(16), "NYK", "PHI", 0, 8, 3)));
    INFO(dump(report));
    const auto& r = result_of(report, "R-009 active players per game at least 1");
    CHECK(r.outcome == Outcome::fail);
    CHECK(r.detail == "1 of 3 games below 1: 20240116_NYK_PHI (0)");
    CHECK(result_of(report, "active players per team 5-15").outcome == Outcome::warning);  // the same game's teams
    CHECK(report.exit_code() == 1);
  }
  SECTION("5-15 active players per team and 20-40 players per game warn") {
    const auto report = validate_rows(gamebook_info(), concat(good, gamebook_game(day(16), "NYK", "PHI", 16, 3, 2)));
    INFO(dump(report));
    CHECK(result_of(report, "active players per team 5-15").detail ==
          "2 of 6 teams outside 5-15: 20240116_NYK_PHI/NYK (16), 20240116_NYK_PHI/PHI (16)");
    CHECK(result_of(report, "players per game 20-40").outcome == Outcome::warning);
    CHECK(result_of(report, "players per game 20-40").detail == "1 of 3 games outside 20-40: 20240116_NYK_PHI (42)");
    CHECK(report.exit_code() == 0);
  }
  SECTION("a DNP or inactive row without a reason warns") {
    Rows rows = good;
    rows[12]["dnp_reason"] = nullptr;  // BOS's first DNP
    rows[14]["dnp_reason"] = "  ";     // BOS's inactive
    const auto report = validate_rows(gamebook_info(), rows);
    INFO(dump(report));
    const auto& r = result_of(report, "DNP and inactive rows have a reason");
    CHECK(r.outcome == Outcome::warning);
    CHECK(r.detail == "2 of 16 rows: 20240115_MIA_BOS/bosplayer12 (dnp_reason null), 20240115_MIA_BOS/bosplayer14 (dnp_reason   )");
    others_pass(report, gamebook_info(), "DNP and inactive rows have a reason");
  }
  SECTION("an active player without points fails") {
    Rows rows = good;
    rows[3]["points"] = nullptr;
    const auto report = validate_rows(gamebook_info(), rows);
    INFO(dump(report));
    const auto& r = result_of(report, "active players have stats");
    CHECK(r.outcome == Outcome::fail);
    CHECK(r.detail == "1 of 44 rows: 20240115_MIA_BOS/bosplayer3 (points null, minutes 24:30)");
    CHECK(report.exit_code() == 1);
    others_pass(report, gamebook_info(), "active players have stats");
  }
}

TEST_CASE("injuries: statuses, team ids and the average confidence warn", "[validate][bdl_injuries]") {
  const Rows good = concat(injury_rows(day(15), 10), injury_rows(day(16), 8));
  {
    const auto report = validate_rows(injuries_info(), good);
    INFO(dump(report));
    CHECK(report.exit_code() == 0);
    CHECK(report.count(Outcome::warning) == 0);
    CHECK(result_of(report, "average parsing_confidence at least 0.8").detail == "average 0.900 over 18 rows (at least 0.8)");
    others_pass(report, injuries_info(), "");
  }
  Rows rows = good;
  rows[2]["injury_status"] = "Suspended";
  rows[4]["bdl_team_id"] = nullptr;
  for (Row& r : rows) r["parsing_confidence"] = 0.5;
  const auto report = validate_rows(injuries_info(), rows);
  INFO(dump(report));
  CHECK(report.exit_code() == 0);
  CHECK(result_of(report, "injury_status allowed").detail == "1 of 18 rows: 2024-01-15/player2 (injury_status Suspended)");
  CHECK(result_of(report, "bdl_team_id present").detail == "1 of 18 rows: 2024-01-15/player4 (bdl_team_id null)");
  CHECK(result_of(report, "average parsing_confidence at least 0.8").detail == "average 0.500 over 18 rows, below 0.8");
  CHECK(result_of(report, "average parsing_confidence at least 0.8").outcome == Outcome::warning);
}
