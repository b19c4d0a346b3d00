// nbac_gamebook parity: every reference sample object transforms to its golden rows, field by field, with
// no lookups (the goldens were made with every external look-up answering nothing); then nbac_gamebook_backfill
// end to end, and its lookups through SqliteLookups.
#include "support/driver_run.hpp"
#include "support/processor_kit.hpp"
#include "support/temp_dir.hpp"

#include <nbaraw/detail/sqlite.hpp>
#include <nbaraw/processors/nbac_gamebook.hpp>
#include <nbaraw/sinks/sqlite_lookups.hpp>

#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>

#include <fstream>
#include <map>
#include <regex>
#include <set>

using namespace nbaraw::test;
using nbaraw::processors::NbacGamebook;
using nbaraw::Row;

// ---- every reference sample object transforms to its golden rows, field by field, with no lookups (the
//      goldens were made with every external look-up answering nothing).
namespace {

// nbac_gamebook_tables.sql, in order.
const std::vector<std::string> ddl_columns{
    "game_id", "game_code", "game_date", "season_year", "home_team_abbr", "away_team_abbr", "player_name",
    "player_name_original", "player_lookup", "team_abbr", "player_status", "dnp_reason", "name_resolution_status",
    "name_resolution_confidence", "name_resolution_method", "br_team_abbr_used", "minutes", "minutes_decimal",
    "points", "field_goals_made", "field_goals_attempted", "field_goal_percentage", "three_pointers_made",
    "three_pointers_attempted", "three_point_percentage", "free_throws_made", "free_throws_attempted",
    "free_throw_percentage", "offensive_rebounds", "defensive_rebounds", "total_rebounds", "assists", "steals",
    "blocks", "turnovers", "personal_fouls", "plus_minus", "processed_by_run_id", "source_file_path", "data_hash",
    "processed_at", "data_quality_flags", "requires_manual_review"};

}  // namespace

TEST_CASE("nbac_gamebook: every sample object gives exactly its golden rows (no lookups)", "[nbac_gamebook][golden]") {
  for (const auto& sample : check_golden_parity(NbacGamebook{})) {
    INFO("object " << sample.object);
    REQUIRE(sample.result);
    const auto& doc = sample.document.as_object();
    std::size_t players = 0;
    for (auto key : {"active_players", "dnp_players", "inactive_players"})
      if (doc.contains(key)) players += doc.at(key).as_array().size();
    CHECK(sample.result->records_seen == players);
  }
}

TEST_CASE("nbac_gamebook: rows come in the golden's order: active, then DNP, then inactive", "[nbac_gamebook][golden]") {
  const NbacGamebook processor;
  for (const auto& name : samples_of(processor)) {
    INFO("object " << name);
    const auto golden = load_golden(golden_file(name));
    const auto result = transform_sample(processor, name);
    REQUIRE(result.rows.size() == golden.size());
    for (std::size_t i = 0; i < golden.size(); ++i) {
      CHECK(result.rows[i].at("player_name_original") == golden[i].at("player_name_original"));
      CHECK(result.rows[i].at("player_status") == golden[i].at("player_status"));
      CHECK(result.rows[i].at("data_hash") == golden[i].at("data_hash"));
    }
  }
}

TEST_CASE("nbac_gamebook: rows carry exactly the table's DDL columns and the table is declared per the DDL",
          "[nbac_gamebook]") {
  const NbacGamebook processor;
  const std::set<std::string> expected(ddl_columns.begin(), ddl_columns.end());
  for (const auto& name : samples_of(processor)) {
    const auto result = transform_sample(processor, name);
    REQUIRE_FALSE(result.rows.empty());
    for (const auto& row : result.rows) {
      std::vector<std::string> columns;
      for (const auto& [k, v] : row) columns.emplace_back(k);
      CHECK(columns == ddl_columns);  // in DDL order, so that sinks read without key searches
    }
  }
  const auto& info = processor.info();
  std::vector<std::string> declared;
  for (const auto& c : info.table.columns) declared.push_back(c.name);
  CHECK(declared == ddl_columns);
  CHECK(info.name == "nbac_gamebook");
  CHECK(info.table.qualified_name() == "nba_raw.nbac_gamebook_player_stats");
  using nbaraw::ColumnMode;
  using nbaraw::ColumnType;
  auto column = [&](std::string_view n) { return *info.table.find(n); };
  for (auto required : {"game_id", "game_date", "season_year", "player_name_original", "player_status"})
    CHECK(column(required).mode == ColumnMode::REQUIRED);
  CHECK(column("data_quality_flags").mode == ColumnMode::REPEATED);
  CHECK(column("data_quality_flags").type == ColumnType::STRING);
  CHECK(column("requires_manual_review").type == ColumnType::BOOLEAN);
  CHECK(column("processed_at").type == ColumnType::TIMESTAMP);
  CHECK(column("game_date").type == ColumnType::DATE);
  CHECK(column("minutes_decimal").type == ColumnType::FLOAT64);
  CHECK(column("plus_minus").type == ColumnType::INT64);
  CHECK(info.table.partitioning.kind == nbaraw::Partitioning::Kind::day);
  CHECK(info.table.partitioning.field == "game_date");
  CHECK(info.table.clustering ==
        std::vector<std::string>{"season_year", "team_abbr", "player_status", "name_resolution_status"});
  CHECK_FALSE(info.table.require_partition_filter);
  CHECK(info.strategy.kind == nbaraw::StrategyKind::merge_update);
  CHECK(info.strategy.keys == std::vector<std::string>{"game_id"});
  CHECK(info.prefixes == std::vector<std::string>{"nba-com/gamebooks-data"});
  CHECK(info.selection == nbaraw::Selection::latest_per_folder);
  CHECK_FALSE(nbaraw::schema_problem(info.table, info.strategy).has_value());
}

TEST_CASE("nbac_gamebook: processed_by_run_id is run_YYYYMMDD_HHMMSS_<8 hex>, one per instance", "[nbac_gamebook]") {
  const NbacGamebook a, b;
  static const std::regex shape("^run_\\d{8}_\\d{6}_[0-9a-f]{8}$");
  CHECK(std::regex_match(a.processing_run_id(), shape));
  CHECK(a.processing_run_id() != b.processing_run_id());
  const auto first = transform_sample(a, samples_of(a).front());
  const auto second = transform_sample(a, samples_of(a).front());
  for (const auto* result : {&first, &second})
    for (const auto& row : result->rows) CHECK(row.at("processed_by_run_id").as_string() == a.processing_run_id());
  // processed_at: UTC now, ISO
  static const std::regex iso("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?$");
  CHECK(std::regex_match(std::string(first.rows.front().at("processed_at").as_string()), iso));
}

TEST_CASE("nbac_gamebook: the sample's quality counters and summary", "[nbac_gamebook]") {
  const NbacGamebook processor;
  const auto result = transform_sample(processor, samples_of(processor).front());
  CHECK(counter(result.counters, "rows") == 41);
  CHECK(counter(result.counters, "rows_active") == 21);
  CHECK(counter(result.counters, "rows_dnp") == 6);
  CHECK(counter(result.counters, "rows_inactive") == 14);
  CHECK(counter(result.counters, "inactive_attempted") == 14);
  CHECK(counter(result.counters, "resolution:not_found") == 14);
  CHECK(counter(result.counters, "flag:suffix_handled") == 2);
  const auto lines = processor.summarize(result.counters);
  REQUIRE(lines.size() >= 2);
  CHECK_THAT(lines[0], Catch::Contains("rows: 41") && Catch::Contains("active 21") && Catch::Contains("inactive 14"));
  CHECK_THAT(lines[1], Catch::Contains("0 of 14 resolved") && Catch::Contains("WARNING: below 80%"));
  CHECK_THAT(lines.back(), Catch::Contains("name_resolution_log"));
}

// ---- nbac_gamebook_backfill end to end over the reference sample bucket: SQLite rows equal to the goldens,
//      lookups answered by the same SQLite file, exhibition games, --team-filter, usage errors.
namespace fs = std::filesystem;

namespace {

const DriverUnderTest gamebook_driver = driver_of<NbacGamebook>();
constexpr std::string_view stats_table = "nbac_gamebook_player_stats";

std::vector<std::string> objects() { return gamebook_driver.objects(); }

std::vector<std::string> args(const fs::path& db, const std::vector<std::string>& extra = {}) {
  return gamebook_driver.sqlite_args(db, extra);
}

}  // namespace

TEST_CASE("nbac_gamebook driver: the samples load into SQLite equal to the goldens", "[nbac_gamebook][e2e][golden]") {
  TempDir tmp;
  const fs::path db = tmp / "nba_raw.db";
  const ProcessResult r = gamebook_driver.run(args(db), tmp.path());
  REQUIRE(r.exit_code == 0);
  const auto summary = summary_of(r);
  CHECK(files_with(summary, "success") == std::int64_t(objects().size()));
  CHECK(summary.at("rows").to_number<std::int64_t>() == std::int64_t(gamebook_driver.golden_row_total()));
  gamebook_driver.check_equals_goldens(db);
  const auto& quality = summary.at("quality").as_array();
  REQUIRE_FALSE(quality.empty());
  CHECK_THAT(std::string(quality[1].as_string()), Catch::Contains("inactive name resolution"));

  gamebook_driver.check_with_compare_rows_py(db);  // the reference comparator agrees

  // a re-run skips; --reprocess replaces the game's rows (merge_update on game_id), never duplicates
  const auto again = summary_of(gamebook_driver.run(args(db), tmp.path()));
  CHECK(files_with(again, "skipped") == std::int64_t(objects().size()));
  const auto reprocess = summary_of(gamebook_driver.run(args(db, {"--reprocess"}), tmp.path()));
  CHECK(files_with(reprocess, "success") == std::int64_t(objects().size()));
  gamebook_driver.check_equals_goldens(db);
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
  REQUIRE(gamebook_driver.run(base, tmp.path()).exit_code == 0);
  const std::size_t first = rows_from_sqlite(db, stats_table).size();
  REQUIRE(first == gamebook_driver.golden_row_total());

  // a later scrape of the game with only the active players
  boost::json::value doc = boost::json::parse(text);
  doc.as_object()["dnp_players"] = boost::json::array{};
  doc.as_object()["inactive_players"] = boost::json::array{};
  const fs::path newer = (bucket / sample).parent_path() / "20250806_090000.json";
  std::ofstream(newer) << boost::json::serialize(doc);
  const auto summary = summary_of(gamebook_driver.run(base, tmp.path()));
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
    REQUIRE(gamebook_driver.run(args(db), tmp.path()).exit_code == 0);
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
    const ProcessResult r = gamebook_driver.run(args(db), tmp.path());
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
  const auto none = summary_of(gamebook_driver.run(args(db, {"--team-filter", "BOS,LAL"}), tmp.path()));
  CHECK(none.at("files").to_number<std::int64_t>() == 0);
  CHECK(none.at("rows").to_number<std::int64_t>() == 0);
  // so a later run without the filter still loads every game
  const auto all = summary_of(gamebook_driver.run(args(db), tmp.path()));
  CHECK(files_with(all, "success") == std::int64_t(objects().size()));
  gamebook_driver.check_equals_goldens(db);
  // the home team alone, in lower case, selects the sample game
  TempDir other;
  const fs::path db2 = other / "nba_raw.db";
  const auto cle = summary_of(gamebook_driver.run(args(db2, {"--team-filter=cle"}), other.path()));
  CHECK(files_with(cle, "success") == 1);
  // dry run with a filter lists nothing to do
  const ProcessResult dry = gamebook_driver.run(args(db2, {"--team-filter", "BOS", "--dry-run", "--reprocess"}), other.path());
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
  const ProcessResult r = gamebook_driver.run(args(db, {"--team-filter", value}), tmp.path());
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);  // one line naming the problem
  CHECK_THAT(r.err, Catch::Contains(words) && Catch::Contains("--team-filter"));
  CHECK_FALSE(fs::exists(db));
  const ProcessResult help = gamebook_driver.run({"--help"}, tmp.path());
  CHECK(help.exit_code == 0);
  CHECK_THAT(help.out, Catch::Contains("--team-filter") && Catch::Contains("nbac_gamebook_player_stats"));
}

// ---- nbac_gamebook resolving through SqliteLookups: the four tables it reads, written into an SQLite file the
//      way the SQLite sink stores them (dates as text, booleans as 0/1, floats as REAL), and players of the
//      sample game to resolve.
namespace {

/// The sample game, MEM at CLE on 2024-04-10.
constexpr std::string_view memcle_game = "nba-com/gamebooks-data/2024-04-10/20240410-MEMCLE/20250805_151438.json";

/// The sample's player of this list with this name and team.
boost::json::object sample_player(std::string_view list, std::string_view name,
                                  std::string_view team = "Memphis Grizzlies") {
  const boost::json::value sample = read_sample(memcle_game);
  for (const auto& player : sample.at(list).as_array())
    if (player.at("name").as_string() == name && player.at("team").as_string() == team) return player.as_object();
  FAIL("no " << name << " of " << team << " in the sample's " << list);
  return {};
}

boost::json::object inactive(std::string_view name, std::string_view team = "Memphis Grizzlies") {
  return sample_player("inactive_players", name, team);
}

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
    boost::json::object kennard = inactive("Bane");  // the sample has him as DNP only
    kennard["name"] = "Kennard";
    const boost::json::array players{inactive("Bane"),                           // injury, single
                                     inactive("Williams Jr."),                   // injury, several
                                     inactive("Morant"),                         // BR roster
                                     inactive("Jackson Jr."),                    // BR, several
                                     inactive("Goodwin"),                        // BDL ("G League - Two-Way")
                                     inactive("Konchar"),                        // BDL outside 90 days
                                     kennard,                                    // BDL after the game
                                     inactive("Merrill", "Cleveland Cavaliers")};  // BR on CLE
    const auto doc = sample_with(memcle_game, {{"active_players", {sample_player("active_players", "GG Jackson")}},
                                               {"dnp_players", {sample_player("dnp_players", "Santi Aldama")}},
                                               {"inactive_players", players}});
    const auto result = transform_checked(processor, doc, memcle_game);
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
      CHECK(r.at("data_quality_flags") == boost::json::value_from(flags));
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
    const auto doc = sample_with(memcle_game, {{"active_players", boost::json::array{}},
                                               {"dnp_players", boost::json::array{}},
                                               {"inactive_players", {inactive("Bane")}}});
    const Row r = one_row(transform_checked(bare, doc, memcle_game));
    CHECK(r.at("name_resolution_status").as_string() == "not_found");
    CHECK(r.at("data_quality_flags") == boost::json::array{"no_roster_match"});
  }
}
