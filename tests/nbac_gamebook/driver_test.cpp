// nbac_gamebook_backfill end to end over the reference sample bucket: SQLite rows equal to the goldens,
// lookups answered by the same SQLite file, exhibition games, --team-filter, usage errors.
#include "support/driver_run.hpp"

#include <nbaraw/detail/sqlite.hpp>

#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>

#include <fstream>
#include <map>

namespace fs = std::filesystem;
using namespace nbaraw::test;

namespace {

const DriverUnderTest gamebook{"nbac_gamebook_backfill", {"nba-com/gamebooks-data"}, "nbac_gamebook_player_stats"};
constexpr std::string_view stats_table = "nbac_gamebook_player_stats";

std::vector<std::string> objects() { return gamebook.objects(); }

std::vector<std::string> args(const fs::path& db, const std::vector<std::string>& extra = {}) {
  return gamebook.sqlite_args(db, extra);
}

}  // namespace

TEST_CASE("nbac_gamebook driver: the samples load into SQLite equal to the goldens", "[nbac_gamebook][e2e][golden]") {
  TempDir tmp;
  const fs::path db = tmp / "nba_raw.db";
  const ProcessResult r = gamebook.run(args(db), tmp.path());
  REQUIRE(r.exit_code == 0);
  const auto summary = summary_of(r);
  CHECK(files_with(summary, "success") == std::int64_t(objects().size()));
  CHECK(summary.at("rows").to_number<std::int64_t>() == std::int64_t(gamebook.golden_row_total()));
  gamebook.check_equals_goldens(db);
  const auto& quality = summary.at("quality").as_array();
  REQUIRE_FALSE(quality.empty());
  CHECK_THAT(std::string(quality[1].as_string()), Catch::Contains("inactive name resolution"));

  gamebook.check_with_compare_rows_py(db);  // the reference comparator agrees

  // a re-run skips; --reprocess replaces the game's rows (merge_update on game_id), never duplicates
  const auto again = summary_of(gamebook.run(args(db), tmp.path()));
  CHECK(files_with(again, "skipped") == std::int64_t(objects().size()));
  const auto reprocess = summary_of(gamebook.run(args(db, {"--reprocess"}), tmp.path()));
  CHECK(files_with(reprocess, "success") == std::int64_t(objects().size()));
  gamebook.check_equals_goldens(db);
}

TEST_CASE("nbac_gamebook driver: a newer file of the same game replaces the game's rows", "[nbac_gamebook][e2e]") {
  TempDir tmp;
  const fs::path bucket = tmp / "bucket", db = tmp / "nba_raw.db";
  const std::string sample = objects().front();
  const std::string text = read_file(sample_file(sample));
  fs::create_directories((bucket / sample).parent_path());
  fs::copy_file(sample_file(sample), bucket / sample);
  std::vector<std::string> base{"--source", bucket.string(), "--sink", "sqlite:" + db.string(), "--log-format", "json",
                                "--dates", "2024-04-10"};
  REQUIRE(gamebook.run(base, tmp.path()).exit_code == 0);
  const std::size_t first = rows_from_sqlite(db, stats_table).size();
  REQUIRE(first == gamebook.golden_row_total());

  // a later scrape of the game with only the active players
  boost::json::value doc = boost::json::parse(text);
  doc.as_object()["dnp_players"] = boost::json::array{};
  doc.as_object()["inactive_players"] = boost::json::array{};
  const fs::path newer = (bucket / sample).parent_path() / "20250806_090000.json";
  std::ofstream(newer) << boost::json::serialize(doc);
  const auto summary = summary_of(gamebook.run(base, tmp.path()));
  CHECK(files_with(summary, "success") == 1);  // latest per game folder: only the newer file
  CHECK(files_with(summary, "skipped") == 0);
  const auto rows = rows_from_sqlite(db, stats_table);
  CHECK(rows.size() == 21);
  for (const auto& r : rows) CHECK(r.at("player_status").as_string() == "active");
}

TEST_CASE("nbac_gamebook driver: lookups come from the sink's SQLite file", "[nbac_gamebook][e2e][lookups]") {
  TempDir tmp;
  const fs::path db = tmp / "nba_raw.db";

  SECTION("inactive names resolve through the injury report, the roster and BDL") {
    {
      nbaraw::detail::SqliteDatabase d(db.string(), false);
      d.exec(R"(
        CREATE TABLE nbac_injury_report (game_date TEXT, team TEXT, player_full_name TEXT, player_lookup TEXT,
                                         injury_status TEXT, reason TEXT, confidence_score REAL);
        INSERT INTO nbac_injury_report VALUES ('2024-04-10', 'MEM', 'Desmond Bane', 'desmondbane', 'out', 'Injury', 0.9);
        CREATE TABLE br_rosters_current (season_year INTEGER, team_abbrev TEXT, player_last_name TEXT,
                                         player_full_name TEXT, player_lookup TEXT);
        INSERT INTO br_rosters_current VALUES (2023, 'MEM', 'Morant', 'Ja Morant', 'jamorant');
        CREATE TABLE bdl_player_boxscores (game_date TEXT, team_abbr TEXT, player_full_name TEXT, player_lookup TEXT);
        INSERT INTO bdl_player_boxscores VALUES ('2024-04-01', 'MEM', 'Jordan Goodwin', 'jordangoodwin');
      )");
    }
    REQUIRE(gamebook.run(args(db), tmp.path()).exit_code == 0);
    std::map<std::string, std::pair<std::string, std::string>> by_name;  // MEM inactive: name, status, flags
    for (const auto& r : rows_from_sqlite(db, stats_table))
      if (r.at("player_status").as_string() == "inactive" && r.at("team_abbr").as_string() == "MEM")
        by_name[std::string(r.at("player_name_original").as_string())] = {std::string(r.at("player_name").as_string()),
                                                                          std::string(r.at("data_quality_flags").as_string())};
    CHECK(by_name.at("Bane") == std::pair<std::string, std::string>{"Desmond Bane", R"(["injury_database_single"])"});
    CHECK(by_name.at("Morant") == std::pair<std::string, std::string>{"Ja Morant", R"(["name_resolved"])"});
    CHECK(by_name.at("Goodwin") ==
          std::pair<std::string, std::string>{"Jordan Goodwin", R"(["no_roster_match","bdl_fallback"])"});
    CHECK(by_name.at("Smart").first == "Smart");
  }

  SECTION("a preseason date gives no rows and says why") {
    {
      nbaraw::detail::SqliteDatabase d(db.string(), false);
      d.exec(R"(CREATE TABLE v_nbac_schedule_latest (game_date TEXT, is_all_star INTEGER, is_playoffs INTEGER,
                                                     playoff_round TEXT, is_regular_season INTEGER);
                INSERT INTO v_nbac_schedule_latest VALUES ('2024-04-10', 0, 0, NULL, 0);)");
    }
    const ProcessResult r = gamebook.run(args(db), tmp.path());
    CHECK(r.exit_code == 0);
    const auto summary = summary_of(r);
    CHECK(files_with(summary, "no_data") == std::int64_t(objects().size()));
    CHECK(summary.at("rows").to_number<std::int64_t>() == 0);
    CHECK_THAT(r.err, Catch::Contains("preseason game: no rows"));
  }
}

TEST_CASE("nbac_gamebook driver: --team-filter selects games by their folder", "[nbac_gamebook][e2e][team_filter]") {
  TempDir tmp;
  const fs::path db = tmp / "nba_raw.db";
  // no sample game has Boston: nothing is read, nothing is recorded as loaded
  const auto none = summary_of(gamebook.run(args(db, {"--team-filter", "BOS,LAL"}), tmp.path()));
  CHECK(none.at("files").to_number<std::int64_t>() == 0);
  CHECK(none.at("rows").to_number<std::int64_t>() == 0);
  // so a later run without the filter still loads every game
  const auto all = summary_of(gamebook.run(args(db), tmp.path()));
  CHECK(files_with(all, "success") == std::int64_t(objects().size()));
  gamebook.check_equals_goldens(db);
  // the home team alone, in lower case, selects the sample game
  TempDir other;
  const fs::path db2 = other / "nba_raw.db";
  const auto cle = summary_of(gamebook.run(args(db2, {"--team-filter=cle"}), other.path()));
  CHECK(files_with(cle, "success") == 1);
  // dry run with a filter lists nothing to do
  const ProcessResult dry = gamebook.run(args(db2, {"--team-filter", "BOS", "--dry-run", "--reprocess"}), other.path());
  CHECK(dry.exit_code == 0);
  CHECK(summary_of(dry).at("files").to_number<std::int64_t>() == 0);
}

TEST_CASE("nbac_gamebook driver: bad --team-filter values are usage errors (exit 2)", "[nbac_gamebook][e2e][team_filter]") {
  TempDir tmp;
  const fs::path db = tmp / "nba_raw.db";
  auto [value, words] = GENERATE(table<std::string, std::string>({
      {"XYZ", "not an NBA tricode"},
      {"BRK", "did you mean BKN"},
      {"", "names no team"},
  }));
  const ProcessResult r = gamebook.run(args(db, {"--team-filter", value}), tmp.path());
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);  // one line naming the problem
  CHECK_THAT(r.err, Catch::Contains(words) && Catch::Contains("--team-filter"));
  CHECK_FALSE(fs::exists(db));
  const ProcessResult help = gamebook.run({"--help"}, tmp.path());
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.out, Catch::Contains("--team-filter") && Catch::Contains("nbac_gamebook_player_stats"));
}
