// nbac_gamebook resolving through SqliteLookups: the four tables it reads, written into an SQLite file the
// way the SQLite sink stores them (dates as text, booleans as 0/1, floats as REAL).
#include "gamebook_fixture.hpp"
#include "support/temp_dir.hpp"

#include <nbaraw/detail/sqlite.hpp>
#include <nbaraw/sinks/sqlite_lookups.hpp>

using namespace nbaraw::test::gamebook;
using nbaraw::Row;

namespace {

void create_tables(const std::filesystem::path& file) {
  nbaraw::detail::SqliteDatabase db(file.string(), false);
  db.exec(R"(
    CREATE TABLE v_nbac_schedule_latest (game_id TEXT, game_date TEXT, is_all_star INTEGER, is_playoffs INTEGER,
                                         playoff_round TEXT, is_regular_season INTEGER);
    INSERT INTO v_nbac_schedule_latest VALUES
      ('0042300101', '2024-04-20', 0, 1, 'first_round', 0),
      ('0052300101', '2024-04-16', 0, 1, 'play_in', 0),
      ('0032300001', '2024-02-18', 1, 0, NULL, 0),
      ('0012300001', '2023-10-10', 0, 0, NULL, 0),
      ('0022301200', '2024-04-10', 0, 0, NULL, 1);
    CREATE TABLE nbac_injury_report (report_date TEXT, game_date TEXT, team TEXT, player_full_name TEXT,
                                     player_lookup TEXT, injury_status TEXT, reason TEXT, confidence_score REAL);
    INSERT INTO nbac_injury_report VALUES
      ('2024-04-10', '2024-04-10', 'MEM', 'Desmond Bane', 'desmondbane', 'out', 'Injury/Illness - Lumbar; Disc Bulge', 0.95),
      ('2024-04-10', '2024-04-10', 'MEM', 'Desmond Bane', 'desmondbane', 'out', 'Injury/Illness - Lumbar; Disc Bulge', 0.95),
      ('2024-04-10', '2024-04-10', 'MEM', 'Vince Williams Jr.', 'vincewilliamsjr', 'out', 'Injury/Illness - Left Patellar; Tendonitis', 0.9),
      ('2024-04-10', '2024-04-10', 'MEM', 'Ziaire Williams', 'ziairewilliams', 'questionable', 'Injury/Illness - Hip', 0.8),
      ('2024-04-09', '2024-04-09', 'MEM', 'Ja Morant', 'jamorant', 'out', 'Injury/Illness - Shoulder', 1.0);
    CREATE TABLE br_rosters_current (season_year INTEGER, team_abbrev TEXT, player_last_name TEXT,
                                     player_full_name TEXT, player_lookup TEXT);
    INSERT INTO br_rosters_current VALUES
      (2023, 'MEM', 'Morant', 'Ja Morant', 'jamorant'),
      (2023, 'MEM', 'Jackson', 'Jaren Jackson Jr.', 'jarenjacksonjr'),
      (2023, 'MEM', 'Jackson', 'GG Jackson', 'ggjackson'),
      (2023, 'CLE', 'Merrill', 'Sam Merrill', 'sammerrill'),
      (2022, 'MEM', 'Konchar', 'John Konchar', 'johnkonchar');
    CREATE TABLE bdl_player_boxscores (game_date TEXT, team_abbr TEXT, player_full_name TEXT, player_lookup TEXT);
    INSERT INTO bdl_player_boxscores VALUES
      ('2024-03-30', 'MEM', 'Jordan Goodwin', 'jordangoodwin'),
      ('2024-04-08', 'MEM', 'Jordan Goodwin', 'jordangoodwin'),
      ('2023-12-01', 'MEM', 'John Konchar', 'johnkonchar'),
      ('2024-04-12', 'MEM', 'Luke Kennard', 'lukekennard');
  )");
}

}  // namespace

TEST_CASE("nbac_gamebook resolves through SqliteLookups on an SQLite file", "[nbac_gamebook][lookups][sqlite]") {
  nbaraw::test::TempDir dir;
  const auto file = dir / "nba_raw.db";
  create_tables(file);
  const NbacGamebook processor(std::make_shared<nbaraw::SqliteLookups>(file.string()));

  SECTION("season types from the schedule view") {
    CHECK(processor.season_type(nbaraw::Date{2024, 4, 20}) == "Playoffs");
    CHECK(processor.season_type(nbaraw::Date{2024, 4, 16}) == "PlayIn");
    CHECK(processor.season_type(nbaraw::Date{2024, 2, 18}) == "All Star");
    CHECK(processor.season_type(nbaraw::Date{2023, 10, 10}) == "Pre Season");
    CHECK(processor.season_type(nbaraw::Date{2024, 4, 10}) == "Regular Season");
    CHECK(processor.season_type(nbaraw::Date{2024, 7, 1}) == "Regular Season");
  }

  SECTION("every step of the inactive-player resolution") {
    auto doc = document({active_player()}, {dnp_player()},
                        {inactive_player("Bane"),                                                        // injury, single
                         inactive_player("Williams Jr.", "Memphis Grizzlies", "Injury/Illness - Left Patellar; Tendonitis"),  // injury, several
                         inactive_player("Morant"),                                                      // BR roster
                         inactive_player("Jackson Jr."),                                                 // BR, several
                         inactive_player("Goodwin", "Memphis Grizzlies", "G League - Two-Way"),          // BDL
                         inactive_player("Konchar"),                                                     // BDL outside 90 days
                         inactive_player("Kennard"),                                                     // BDL after the game
                         inactive_player("Merrill", "Cleveland Cavaliers")});                            // BR on CLE
    const auto result = transform(processor, doc);
    REQUIRE(result.rows.size() == 10);
    auto row = [&](std::string_view original) -> const Row& {
      for (const auto& r : result.rows)
        if (r.at("player_status").as_string() == "inactive" && r.at("player_name_original").as_string() == original) return r;
      FAIL("no row for " << original);
      return result.rows.front();
    };
    // name, resolved name, status, flags
    const std::vector<std::tuple<std::string, std::string, std::string, std::vector<std::string>>> expected{
        {"Bane", "Desmond Bane", "resolved", {"injury_database_single"}},
        {"Williams Jr.", "Vince Williams Jr.", "resolved", {"injury_database_disambiguated"}},
        {"Morant", "Ja Morant", "resolved", {"name_resolved"}},
        {"Jackson Jr.", "Jackson Jr.", "multiple_matches", {"suffix_handled", "multiple_candidates"}},
        {"Goodwin", "Jordan Goodwin", "resolved", {"no_roster_match", "bdl_fallback"}},
        {"Konchar", "Konchar", "not_found", {"no_roster_match"}},
        {"Kennard", "Kennard", "not_found", {"no_roster_match"}},
        {"Merrill", "Sam Merrill", "resolved", {"name_resolved"}},
    };
    for (const auto& [name, resolved, status, flags] : expected) {
      INFO(name);
      const Row& r = row(name);
      CHECK(r.at("player_name").as_string() == resolved);
      CHECK(r.at("name_resolution_status").as_string() == status);
      CHECK(flags_of(r) == flags);
      CHECK(r.at("requires_manual_review").as_bool() == (status != "resolved"));
    }
    CHECK(row("Bane").at("player_lookup").as_string() == "desmondbane");
    CHECK(row("Goodwin").at("player_lookup").as_string() == "jordangoodwin");
    CHECK(row("Merrill").at("br_team_abbr_used").as_string() == "CLE");
    CHECK(result.warnings.empty());
  }

  SECTION("a file with no such tables answers nothing: the golden outcome") {
    const auto empty = dir / "empty.db";
    nbaraw::detail::SqliteDatabase(empty.string(), false).exec("CREATE TABLE unrelated (x INTEGER)");
    const NbacGamebook bare(std::make_shared<nbaraw::SqliteLookups>(empty.string()));
    const Row r = only_row(transform(bare, document({}, {}, {inactive_player("Bane")})));
    CHECK(r.at("name_resolution_status").as_string() == "not_found");
    CHECK(flags_of(r) == std::vector<std::string>{"no_roster_match"});
  }
}
