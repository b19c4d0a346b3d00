// nbac_gamebook lookups through a fake Lookups: the season type of the game date, and the four steps that
// resolve an inactive player's name (injury report, BR roster, BDL box scores, not found).
#include "gamebook_fixture.hpp"

#include <atomic>
#include <thread>

using namespace nbaraw::test::gamebook;
using nbaraw::LookupQuery;
using nbaraw::Row;
using nbaraw::Rows;
using nbaraw::TransformResult;

namespace {

struct Setup {
  std::shared_ptr<FakeLookups> fake = std::make_shared<FakeLookups>();
  NbacGamebook processor{fake};
};

/// The inactive row of one player (MEM unless said otherwise) on 2024-04-10.
Row inactive_row(Setup& s, std::string_view name, std::string_view team = "Memphis Grizzlies",
                 std::string_view reason = "Injury/Illness - Lumbar; Disc Bulge") {
  return only_row(transform(s.processor, document({}, {}, {inactive_player(name, team, reason)})));
}

}  // namespace

// ---- season type ----------------------------------------------------------------------------------------

TEST_CASE("nbac_gamebook season type: schedule flags decide, All Star and Pre Season give zero rows", "[nbac_gamebook][lookups]") {
  // all_star, playoffs, round, regular, season type, rows kept
  auto [all_star, playoffs, round, regular, type, kept] = GENERATE(table<bool, bool, std::string, bool, std::string, bool>({
      {false, false, "", true, "Regular Season", true},
      {false, true, "first_round", false, "Playoffs", true},
      {false, true, "play_in", false, "PlayIn", true},
      {true, false, "", false, "All Star", false},
      {true, true, "play_in", true, "All Star", false},  // all-star first
      {false, false, "", false, "Pre Season", false},
  }));
  Setup s;
  s.fake->tables["v_nbac_schedule_latest"] = {schedule_row("2024-04-10", all_star, playoffs, round, regular)};
  INFO(type);
  CHECK(s.processor.season_type(nbaraw::Date{2024, 4, 10}) == type);
  const auto result = transform(s.processor, document({active_player()}, {dnp_player()}, {inactive_player()}));
  CHECK(result.rows.size() == (kept ? 3u : 0u));
  CHECK(result.records_seen == 3);
  CHECK(result.skipped.empty());  // no record is "bad": the file has no data (no_data), not a failure
  if (!kept) {
    REQUIRE(result.warnings.size() == 1);
    CHECK_THAT(result.warnings.front(),
               Catch::Contains(type == "All Star" ? "all-star game: no rows" : "preseason game: no rows"));
    CHECK(counter(result, type == "All Star" ? "files_all_star" : "files_preseason") == 1);
    CHECK(result.no_rows_reason == result.warnings.front());  // the no_data status says why
    CHECK(s.fake->count("br_rosters_current") == 0);  // nothing else is looked up
    const auto lines = s.processor.summarize(result.counters);
    REQUIRE_FALSE(lines.empty());
    CHECK_THAT(lines.front(), Catch::Contains("exhibition"));
  }
}

TEST_CASE("nbac_gamebook season type: the query is by game_date (DATE), LIMIT 1, and cached per date", "[nbac_gamebook][lookups]") {
  Setup s;
  s.fake->tables["v_nbac_schedule_latest"] = {schedule_row("2024-04-10", false, false, "", false),
                                              schedule_row("2024-04-10", false, false, "", true),
                                              schedule_row("2024-04-11", false, true, "", false)};
  CHECK(s.processor.season_type(nbaraw::Date{2024, 4, 10}) == "Pre Season");  // the first row only
  CHECK(s.processor.season_type(nbaraw::Date{2024, 4, 11}) == "Playoffs");
  CHECK(s.processor.season_type(nbaraw::Date{2024, 4, 10}) == "Pre Season");
  CHECK(s.processor.season_type(nbaraw::Date{2024, 4, 12}) == "Regular Season");  // no schedule row
  REQUIRE(s.fake->count("v_nbac_schedule_latest") == 3);
  const LookupQuery& q = s.fake->queries.front();
  CHECK(q.limit == 1);
  REQUIRE(q.equals.size() == 1);
  CHECK(q.equals[0].column == "game_date");
  CHECK(q.equals[0].type == nbaraw::ColumnType::DATE);
  CHECK(q.equals[0].value.as_string() == "2024-04-10");
  CHECK(q.columns == std::vector<std::string>{"is_all_star", "is_playoffs", "playoff_round", "is_regular_season"});
}

TEST_CASE("nbac_gamebook season type: flags read as 0/1 or text as SQLite and BigQuery give them", "[nbac_gamebook][lookups]") {
  Setup s;
  Row r{{"game_date", "2024-02-18"}, {"is_all_star", 1}, {"is_playoffs", 0}, {"playoff_round", nullptr}, {"is_regular_season", 0}};
  Row t{{"game_date", "2024-02-19"}, {"is_all_star", "false"}, {"is_playoffs", "true"}, {"playoff_round", "play_in"}, {"is_regular_season", nullptr}};
  s.fake->tables["v_nbac_schedule_latest"] = {r, t};
  CHECK(s.processor.season_type(nbaraw::Date{2024, 2, 18}) == "All Star");
  CHECK(s.processor.season_type(nbaraw::Date{2024, 2, 19}) == "PlayIn");
}

TEST_CASE("nbac_gamebook season type: a failing schedule lookup is Regular Season with a warning, not cached", "[nbac_gamebook][lookups]") {
  Setup s;
  s.fake->failing["v_nbac_schedule_latest"] = "connection reset";
  const auto result = transform(s.processor, document({active_player()}));
  CHECK(result.rows.size() == 1);
  REQUIRE_FALSE(result.warnings.empty());
  CHECK_THAT(result.warnings.front(), Catch::Contains("connection reset") && Catch::Contains("Regular Season"));
  CHECK(counter(result, "lookup_errors") == 1);
  transform(s.processor, document({active_player()}));
  CHECK(s.fake->count("v_nbac_schedule_latest") == 2);
}

// ---- step 1: injury report ------------------------------------------------------------------------------

TEST_CASE("nbac_gamebook resolution 1: one injury-report match resolves (injury_database_single)", "[nbac_gamebook][lookups]") {
  Setup s;
  s.fake->tables["nbac_injury_report"] = {
      injury_row("Desmond Bane", "MEM", "2024-04-10", "out", "Injury/Illness - Lumbar; Disc Bulge"),
      injury_row("Ja Morant", "MEM", "2024-04-10", "out", "Injury/Illness - Right Shoulder"),
      injury_row("Desmond Bane", "MEM", "2024-04-09", "out", "old report"),       // another day
      injury_row("Desmond Bane", "CLE", "2024-04-10", "out", "other team"),        // another team
  };
  const Row row = inactive_row(s, "Bane");
  CHECK(row.at("player_name").as_string() == "Desmond Bane");
  CHECK(row.at("player_name_original").as_string() == "Bane");
  CHECK(row.at("player_lookup").as_string() == "desmondbane");  // the normalised match name
  CHECK(row.at("name_resolution_status").as_string() == "resolved");
  CHECK(row.at("name_resolution_confidence").as_double() == 1.0);
  CHECK(row.at("name_resolution_method").as_string() == "auto_exact");
  CHECK(row.at("br_team_abbr_used").as_string() == "MEM");
  CHECK(flags_of(row) == std::vector<std::string>{"injury_database_single"});
  CHECK(row.at("requires_manual_review").as_bool() == false);
  CHECK(s.fake->count("br_rosters_current") == 0);  // the first success stops
  // the query: equality on team and game_date (DATE), ordered by confidence_score DESC
  const LookupQuery& q = s.fake->queries.back();
  CHECK(q.table == "nbac_injury_report");
  REQUIRE(q.equals.size() == 2);
  CHECK(q.equals[0].column == "team");
  CHECK(q.equals[0].value.as_string() == "MEM");
  CHECK(q.equals[1].column == "game_date");
  CHECK(q.equals[1].type == nbaraw::ColumnType::DATE);
  CHECK(q.order_by == "confidence_score");
  CHECK(q.descending);
  CHECK(q.distinct);
}

TEST_CASE("nbac_gamebook resolution 1: the LIKE filter, both ways, case-insensitive", "[nbac_gamebook][lookups]") {
  // gamebook name, injury-report full name, matches?
  auto [name, full, matches] = GENERATE(table<std::string, std::string, bool>({
      {"Bane", "Desmond Bane", true},            // full LIKE %name%
      {"bane", "DESMOND BANE", true},
      {"Jackson Jr.", "Jaren Jackson Jr.", true},
      {"Williams Jr.", "Ziaire Williams", true},  // name LIKE %second token%
      {"Smart", "Marcus Smart", true},
      {"Smar", "Marcus Smart", true},
      {"Smartt", "Marcus Smart", true},           // 'smartt' LIKE '%smart%'
      {"Morant", "Desmond Bane", false},
      {"Bane", "Bane", true},                     // one-word name: the first test only
      {"Ban_", "Desmond Bane", true},             // '_' is LIKE's one-character wildcard
      {"B%e", "Desmond Bane", true},
      {"Zz", "Ja  Morant", true},                 // SPLIT keeps an empty second token: '%%' matches anything
  }));
  Setup s;
  s.fake->tables["nbac_injury_report"] = {injury_row(full, "MEM", "2024-04-10", "out", "Injury/Illness")};
  const Row row = inactive_row(s, name);
  INFO(name << " vs " << full);
  CHECK((row.at("name_resolution_status").as_string() == "resolved") == matches);
  if (matches) CHECK(row.at("player_name").as_string() == full);
}

TEST_CASE("nbac_gamebook resolution 1: several matches are disambiguated in the specified order", "[nbac_gamebook][lookups]") {
  Setup s;
  auto resolve = [&](Rows rows, std::string_view reason) {
    s.fake->tables["nbac_injury_report"] = std::move(rows);
    Setup fresh;  // a new instance: the injury rows are cached per (team, date)
    fresh.fake->tables = s.fake->tables;
    const Row row = inactive_row(fresh, "Williams", "Memphis Grizzlies", reason);
    CHECK(flags_of(row) == std::vector<std::string>{"injury_database_disambiguated"});
    CHECK(row.at("name_resolution_status").as_string() == "resolved");
    return std::string(row.at("player_name").as_string());
  };
  const std::string d = "2024-04-10";
  SECTION("(a) a keyword in both reasons: the first such row in confidence order") {
    CHECK(resolve({injury_row("Vince Williams", "MEM", d, "out", "Personal", 0.99),
                   injury_row("Ziaire Williams", "MEM", d, "questionable", "Injury/Illness - Hip; Strain", 0.9)},
                  "Injury/Illness - Right Hip; Strain") == "Ziaire Williams");
    CHECK(resolve({injury_row("Vince Williams", "MEM", d, "out", "Injury/Illness", 0.99),
                   injury_row("Ziaire Williams", "MEM", d, "out", "G League - On Assignment", 0.9)},
                  "G League - Two-Way") == "Ziaire Williams");
    CHECK(resolve({injury_row("Vince Williams", "MEM", d, "out", "Personal", 0.99),
                   injury_row("Ziaire Williams", "MEM", d, "out", "Two-Way contract", 0.9)},
                  "two-way") == "Ziaire Williams");
  }
  SECTION("(b) a G League reason prefers a row whose reason is g league or two-way") {
    CHECK(resolve({injury_row("Vince Williams", "MEM", d, "out", "Personal", 0.99),
                   injury_row("Ziaire Williams", "MEM", d, "out", "On Two-Way", 0.9)},
                  "G League - On Assignment") == "Ziaire Williams");
  }
  SECTION("(b) an injury-type reason prefers a row with an injury-type reason") {
    CHECK(resolve({injury_row("Vince Williams", "MEM", d, "out", "Personal", 0.99),
                   injury_row("Ziaire Williams", "MEM", d, "out", "Ankle Sprain", 0.9)},
                  "Injury/Illness - Ankle") == "Ziaire Williams");
  }
  SECTION("(c) exactly one row with injury_status out") {
    CHECK(resolve({injury_row("Vince Williams", "MEM", d, "questionable", "Personal", 0.99),
                   injury_row("Ziaire Williams", "MEM", d, "out", "Personal", 0.9)},
                  "Rest") == "Ziaire Williams");
  }
  SECTION("(d) the highest confidence_score") {
    CHECK(resolve({injury_row("Ziaire Williams", "MEM", d, "out", "Personal", 0.7),
                   injury_row("Vince Williams", "MEM", d, "out", "Personal", 0.9)},
                  "Rest") == "Vince Williams");
    CHECK(resolve({injury_row("Ziaire Williams", "MEM", d, "doubtful", "Personal", nullptr),
                   injury_row("Vince Williams", "MEM", d, "doubtful", "Personal", 0.5)},
                  "") == "Vince Williams");
  }
  SECTION("(e) alphabetical when no row has a confidence_score") {
    CHECK(resolve({injury_row("Ziaire Williams", "MEM", d, "doubtful", "Personal", nullptr),
                   injury_row("Vince Williams", "MEM", d, "doubtful", "Personal", nullptr)},
                  "Rest") == "Vince Williams");
  }
}

TEST_CASE("nbac_gamebook resolution 1: a failing injury query falls through to the roster", "[nbac_gamebook][lookups]") {
  Setup s;
  s.fake->failing["nbac_injury_report"] = "no such table access";
  s.fake->tables["br_rosters_current"] = {roster_row("MEM", "Bane", "Desmond Bane", "desmondbane")};
  const auto result = transform(s.processor, document({}, {}, {inactive_player("Bane")}));
  const Row row = only_row(result);
  CHECK(row.at("name_resolution_status").as_string() == "resolved");
  CHECK(flags_of(row) == std::vector<std::string>{"name_resolved"});
  CHECK(counter(result, "lookup_errors") == 1);
  REQUIRE_FALSE(result.warnings.empty());
  CHECK_THAT(result.warnings.front(), Catch::Contains("no such table access"));
}

// ---- step 2: Basketball-Reference roster ----------------------------------------------------------------

TEST_CASE("nbac_gamebook resolution 2: one roster match resolves with the roster's name and lookup", "[nbac_gamebook][lookups]") {
  // gamebook name, team, roster team code, roster last name, flags
  auto [name, team, br, last, flags] = GENERATE(table<std::string, std::string, std::string, std::string, std::vector<std::string>>({
      {"Bane", "Memphis Grizzlies", "MEM", "Bane", {"name_resolved"}},
      {"bane", "Memphis Grizzlies", "MEM", "BANE", {"name_resolved"}},
      {"Jackson Jr.", "Memphis Grizzlies", "MEM", "Jackson", {"suffix_handled", "name_resolved"}},
      {"Claxton", "Brooklyn Nets", "BRK", "Claxton", {"team_mapped", "name_resolved"}},
      {"Bridges II", "Charlotte Hornets", "CHO", "Bridges", {"team_mapped", "suffix_handled", "name_resolved"}},
      {"Booker", "Phoenix Suns", "PHO", "Booker", {"team_mapped", "name_resolved"}},
  }));
  Setup s;
  s.fake->tables["br_rosters_current"] = {roster_row(br, last, "Full " + last, "lookup_" + last),
                                          roster_row(br, last, "Last Season", "old", 2022)};
  const Row row = inactive_row(s, name, team);
  INFO(name << " " << team);
  CHECK(row.at("name_resolution_status").as_string() == "resolved");
  CHECK(row.at("player_name").as_string() == "Full " + last);
  CHECK(row.at("player_lookup").as_string() == "lookup_" + last);  // the roster's lookup as stored
  CHECK(row.at("name_resolution_method").as_string() == "auto_exact");
  CHECK(row.at("br_team_abbr_used").as_string() == br);
  CHECK(flags_of(row) == flags);
  CHECK(row.at("requires_manual_review").as_bool() == false);
  const LookupQuery& q = s.fake->queries.back();
  CHECK(q.table == "br_rosters_current");
  REQUIRE(q.equals.size() == 1);
  CHECK(q.equals[0].column == "season_year");
  CHECK(q.equals[0].value.as_int64() == 2023);
  CHECK(q.equals[0].type == nbaraw::ColumnType::INT64);
}

TEST_CASE("nbac_gamebook resolution 2: several roster matches need review", "[nbac_gamebook][lookups]") {
  Setup s;
  s.fake->tables["br_rosters_current"] = {roster_row("MEM", "Williams", "Vince Williams", "vincewilliams"),
                                          roster_row("MEM", "Williams", "Ziaire Williams", "ziairewilliams")};
  const Row row = inactive_row(s, "Williams Jr.");
  CHECK(row.at("name_resolution_status").as_string() == "multiple_matches");
  CHECK(row.at("name_resolution_confidence").as_double() == 0.6);
  CHECK(row.at("name_resolution_method").as_string() == "pending_review");
  CHECK(row.at("player_name").as_string() == "Williams Jr.");
  CHECK(row.at("player_lookup").as_string() == "williamsjr");
  CHECK(flags_of(row) == std::vector<std::string>{"suffix_handled", "multiple_candidates"});
  CHECK(row.at("requires_manual_review").as_bool() == true);
  CHECK(s.fake->count("bdl_player_boxscores") == 0);  // BDL only when there is no roster match
}

TEST_CASE("nbac_gamebook resolution 2: the roster is loaded once per season and shared by threads", "[nbac_gamebook][lookups]") {
  Setup s;
  s.fake->tables["br_rosters_current"] = {roster_row("MEM", "Bane", "Desmond Bane", "desmondbane"),
                                          roster_row("CLE", "Mitchell", "Donovan Mitchell", "donovanmitchell")};
  const auto doc = document({}, {}, {inactive_player("Bane"), inactive_player("Mitchell", "Cleveland Cavaliers"),
                                     inactive_player("Nobody")});
  std::vector<std::thread> threads;
  std::atomic<int> resolved{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 5; ++i) {
        auto result = s.processor.transform(doc, nbaraw::FileContext{std::string(mem_cle), nbaraw::Date{2024, 4, 10}});
        for (const auto& r : result.rows)
          if (r.at("name_resolution_status").as_string() == "resolved") ++resolved;
      }
    });
  for (auto& t : threads) t.join();
  CHECK(resolved == 4 * 5 * 2);
  CHECK(s.fake->count("br_rosters_current") <= 4);  // once, or a few racing first loads; never per player
}

TEST_CASE("nbac_gamebook resolution 2: a failing roster query is no_roster_data and ends the resolution", "[nbac_gamebook][lookups]") {
  Setup s;
  s.fake->failing["br_rosters_current"] = "quota exceeded";
  s.fake->tables["bdl_player_boxscores"] = {bdl_row("Desmond Bane", "desmondbane", "MEM", "2024-04-01")};
  const auto result = transform(s.processor, document({}, {}, {inactive_player("Bane")}));
  const Row row = only_row(result);
  CHECK(row.at("name_resolution_status").as_string() == "not_found");
  CHECK(flags_of(row) == std::vector<std::string>{"no_roster_data"});
  CHECK(row.at("requires_manual_review").as_bool() == true);
  CHECK(s.fake->count("bdl_player_boxscores") == 0);
  CHECK(counter(result, "lookup_errors") == 1);
  // not cached: the next file asks again
  transform(s.processor, document({}, {}, {inactive_player("Bane")}));
  CHECK(s.fake->count("br_rosters_current") == 2);
}

// ---- step 3: BDL fallback ------------------------------------------------------------------------------

TEST_CASE("nbac_gamebook resolution 3: BDL box scores of the 90 days up to the game resolve a lone match", "[nbac_gamebook][lookups]") {
  Setup s;
  s.fake->tables["br_rosters_current"] = {roster_row("MEM", "Morant", "Ja Morant", "jamorant")};
  s.fake->tables["bdl_player_boxscores"] = {
      bdl_row("Scotty Pippen Jr.", "scottypippen", "MEM", "2024-03-01"),
      bdl_row("Scotty Pippen Jr.", "scottypippen", "MEM", "2024-04-09"),  // DISTINCT
      bdl_row("Jordan Goodwin", "jordangoodwin", "MEM", "2024-04-05"),
      bdl_row("Jordan Goodwin", "jordangoodwin", "LAL", "2024-04-05"),
  };
  const Row row = inactive_row(s, "Goodwin", "Memphis Grizzlies", "G League - Two-Way");
  CHECK(row.at("name_resolution_status").as_string() == "resolved");
  CHECK(row.at("player_name").as_string() == "Jordan Goodwin");
  CHECK(row.at("player_lookup").as_string() == "jordangoodwin");
  CHECK(row.at("name_resolution_method").as_string() == "auto_exact");
  CHECK(flags_of(row) == std::vector<std::string>{"no_roster_match", "bdl_fallback"});
  CHECK(row.at("requires_manual_review").as_bool() == false);
  const LookupQuery& q = s.fake->queries.back();
  CHECK(q.table == "bdl_player_boxscores");
  REQUIRE(q.range.has_value());
  CHECK(q.range->column == "game_date");
  CHECK(q.range->low.as_string() == "2024-01-11");  // 90 days before 2024-04-10
  CHECK(q.range->high.as_string() == "2024-04-10");
  REQUIRE(q.equals.size() == 1);
  CHECK(q.equals[0].column == "team_abbr");
  CHECK(q.equals[0].value.as_string() == "MEM");
}

TEST_CASE("nbac_gamebook resolution 3: name variants and the several-match rule", "[nbac_gamebook][lookups]") {
  // gamebook name, BDL full names on MEM, expected resolved name ("" = not found)
  auto [name, fulls, expected] = GENERATE(table<std::string, std::vector<std::string>, std::string>({
      {"Pippen Jr.", {"Scotty Pippen Jr."}, "Scotty Pippen Jr."},              // suffix stripped, then LIKE
      {"Jones Garcia", {"David Jones Garcia"}, "David Jones Garcia"},         // the whole compound name
      {"JonesGarcia", {"David Jones Garcia"}, "David Jones Garcia"},          // against the name without spaces
      {"Jones Garcia", {"Tyus Jones", "Kevin Garcia"}, ""},                   // parts match two: neither last name is it
      {"Jones", {"Tyus Jones", "Jones Lee"}, "Tyus Jones"},                   // several: the last-name token decides
      {"Pippen", {"Scotty Pippen Jr.", "Pippen Long"}, "Scotty Pippen Jr."},   // a trailing jr is skipped
      {"Williams", {"Vince Williams", "Ziaire Williams"}, "Vince Williams"},  // both equal: the first by name
      {"Smith", {"Jalen Smithson", "Dennis Smith-Jones"}, ""},                // no exact last name
      {"Nobody", {"Ja Morant"}, ""},
  }));
  Setup s;
  s.fake->tables["br_rosters_current"] = {roster_row("MEM", "Morant", "Ja Morant", "jamorant")};
  for (const auto& f : fulls) s.fake->tables["bdl_player_boxscores"].push_back(bdl_row(f, "l", "MEM", "2024-04-01"));
  const Row row = inactive_row(s, name);
  INFO(name);
  if (expected.empty()) {
    CHECK(row.at("name_resolution_status").as_string() == "not_found");
    CHECK(flags_of(row).back() == "no_roster_match");
    CHECK(row.at("requires_manual_review").as_bool() == true);
  } else {
    CHECK(row.at("name_resolution_status").as_string() == "resolved");
    CHECK(row.at("player_name").as_string() == expected);
    CHECK(flags_of(row).back() == "bdl_fallback");
  }
}

TEST_CASE("nbac_gamebook resolution 3: a failing BDL query is not found, with a warning", "[nbac_gamebook][lookups]") {
  Setup s;
  s.fake->failing["bdl_player_boxscores"] = "timeout";
  const auto result = transform(s.processor, document({}, {}, {inactive_player("Bane")}));
  const Row row = only_row(result);
  CHECK(row.at("name_resolution_status").as_string() == "not_found");
  CHECK(flags_of(row) == std::vector<std::string>{"no_roster_match"});
  CHECK(counter(result, "lookup_errors") == 1);
}

// ---- summary --------------------------------------------------------------------------------------------

TEST_CASE("nbac_gamebook: summarize reports the resolution rate by step and warns below 80%", "[nbac_gamebook][lookups]") {
  Setup s;
  s.fake->tables["nbac_injury_report"] = {injury_row("Desmond Bane", "MEM", "2024-04-10", "out", "x")};
  s.fake->tables["br_rosters_current"] = {roster_row("MEM", "Morant", "Ja Morant", "jamorant"),
                                          roster_row("MEM", "Smart", "Marcus Smart", "marcussmart")};
  s.fake->tables["bdl_player_boxscores"] = {bdl_row("Jordan Goodwin", "jordangoodwin", "MEM", "2024-04-01")};
  const auto doc = document({active_player()}, {},
                            {inactive_player("Bane"), inactive_player("Morant"), inactive_player("Smart"),
                             inactive_player("Goodwin"), inactive_player("Nobody")});
  const auto result = transform(s.processor, doc);
  auto lines = s.processor.summarize(result.counters);
  std::string all;
  for (const auto& l : lines) all += l + "\n";
  CHECK_THAT(all, Catch::Contains("4 of 5 resolved (80.0%)") && Catch::Contains("injury report 1") &&
                      Catch::Contains("BR roster 2") && Catch::Contains("BDL fallback 1") && Catch::Contains("not found 1"));
  CHECK_THAT(all, !Catch::Contains("below 80%"));
  const auto worse = transform(s.processor, document({}, {}, {inactive_player("Nobody"), inactive_player("Bane")}));
  nbaraw::QualityCounters total = result.counters;
  nbaraw::merge_counters(total, worse.counters);
  lines = s.processor.summarize(total);
  all.clear();
  for (const auto& l : lines) all += l + "\n";
  CHECK_THAT(all, Catch::Contains("5 of 7 resolved") && Catch::Contains("WARNING: below 80%"));
}
