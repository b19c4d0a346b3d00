// nbac_gamebook rules with small fixtures: validation, game info, game_id, season year, per-column rules,
// team mapping, data_hash, quality checks; the lookups (season type, name resolution) through a fake Lookups;
// and --team-filter.
#include "support/processor_kit.hpp"

#include <nbaraw/backfill.hpp>
#include <nbaraw/cli/options.hpp>
#include <nbaraw/cli/run.hpp>
#include <nbaraw/lookups.hpp>
#include <nbaraw/processors/bdl_injuries.hpp>
#include <nbaraw/processors/nbac_gamebook.hpp>
#include <nbaraw/rules/data_hash.hpp>

#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

using namespace nbaraw::test;
using nbaraw::processors::NbacGamebook;
using nbaraw::Lookups;
using nbaraw::Row;
using nbaraw::TransformResult;
using nbaraw::LookupQuery;
using nbaraw::Rows;
using nbaraw::cli::UsageError;
using nbaraw::ObjectInfo;

// ---- the inputs each rule varies: players of each list and the scraper's file around them, a fake Lookups
//      that answers each table from rows the test gives (and records the queries), and rows of those tables.
namespace {

/// MEM at CLE on 2024-04-10, the sample's game.
constexpr std::string_view mem_cle = "nba-com/gamebooks-data/2024-04-10/20240410-MEMCLE/20250805_151438.json";

boost::json::object active_player(std::string_view name = "GG Jackson", std::string_view team = "Memphis Grizzlies") {
  boost::json::object p = boost::json::parse(R"({
    "status": "active",
    "stats": {"minutes": "35:42", "field_goals_made": 7, "field_goals_attempted": 21, "three_pointers_made": 2,
              "three_pointers_attempted": 10, "free_throws_made": 6, "free_throws_attempted": 6,
              "offensive_rebounds": 0, "defensive_rebounds": 2, "total_rebounds": 2, "assists": 2,
              "personal_fouls": 2, "steals": 2, "turnovers": 1, "blocks": 1, "plus_minus": -13, "points": 22,
              "field_goal_percentage": 0.333, "three_point_percentage": 0.2, "free_throw_percentage": 1.0}
  })").as_object();
  p["name"] = name;
  p["team"] = team;
  return p;
}

boost::json::object dnp_player(std::string_view name = "Santi Aldama", std::string_view team = "Memphis Grizzlies",
                               std::string_view reason = "NWT - Injury/Illness - Right Foot; Strain") {
  return {{"name", name}, {"team", team}, {"status", "did_not_play"}, {"dnp_reason", reason}, {"category", "NWT"}};
}

boost::json::object inactive_player(std::string_view name = "Bane", std::string_view team = "Memphis Grizzlies",
                                    std::string_view reason = "Injury/Illness - Lumbar; Disc Bulge") {
  return {{"name", name}, {"team", team}, {"status", "inactive"}, {"reason", reason}, {"category", "inactive"}};
}

/// The scraper's JSON with the header of the MEM@CLE sample and the given player lists.
boost::json::object document(boost::json::array active = {}, boost::json::array dnp = {},
                             boost::json::array inactive = {}) {
  boost::json::object d{{"game_code", "20240410/MEMCLE"},
                        {"date", "2024-04-10"},
                        {"matchup", "MEM@CLE"},
                        {"away_team", "MEM"},
                        {"home_team", "CLE"},
                        {"pdf_version", "short"}};
  d["active_players"] = std::move(active);
  d["dnp_players"] = std::move(dnp);
  d["inactive_players"] = std::move(inactive);
  return d;
}

/// Answers each table from the rows given for it, applying the equality conditions and the range (values
/// compared as JSON), the order and the limit as a store would; records every query; can fail per table.
class FakeLookups final : public Lookups {
 public:
  std::map<std::string, Rows> tables;
  std::map<std::string, std::string> failing;  ///< table → error message
  std::vector<LookupQuery> queries;

  Rows find(const LookupQuery& q) override {
    std::lock_guard lock(mutex_);
    queries.push_back(q);
    if (auto f = failing.find(q.table); f != failing.end()) throw std::runtime_error(f->second);
    Rows out;
    auto t = tables.find(q.table);
    if (t == tables.end()) return out;
    for (const Row& r : t->second) {
      bool keep = true;
      for (const auto& c : q.equals) {
        const auto* v = r.if_contains(c.column);
        if (!v || *v != c.value) keep = false;
      }
      if (q.range) {
        const auto* v = r.if_contains(q.range->column);
        if (!v || !v->is_string() || v->get_string() < q.range->low.get_string() || v->get_string() > q.range->high.get_string())
          keep = false;
      }
      if (!keep) continue;
      Row selected;
      for (const auto& c : q.columns) selected[c] = r.contains(c) ? r.at(c) : boost::json::value();
      if (q.distinct && std::find(out.begin(), out.end(), selected) != out.end()) continue;
      out.push_back(std::move(selected));
    }
    if (q.limit && out.size() > q.limit) out.resize(q.limit);
    return out;
  }

  std::size_t count(std::string_view table) {
    std::lock_guard lock(mutex_);
    return std::size_t(std::count_if(queries.begin(), queries.end(), [&](const LookupQuery& q) { return q.table == table; }));
  }

 private:
  std::mutex mutex_;
};

Row injury_row(std::string_view full, std::string_view team, std::string_view date, std::string_view status,
               std::string_view reason, boost::json::value confidence = 0.95) {
  return {{"player_full_name", full}, {"player_lookup", "x"},      {"injury_status", status},
          {"reason", reason},         {"confidence_score", confidence}, {"team", team},
          {"game_date", date}};
}

Row roster_row(std::string_view team, std::string_view last, std::string_view full, std::string_view lookup,
               std::int64_t season = 2023) {
  return {{"team_abbrev", team}, {"player_last_name", last}, {"player_full_name", full}, {"player_lookup", lookup},
          {"season_year", season}};
}

Row bdl_row(std::string_view full, std::string_view lookup, std::string_view team, std::string_view date) {
  return {{"player_full_name", full}, {"player_lookup", lookup}, {"team_abbr", team}, {"game_date", date}};
}

Row schedule_row(std::string_view date, bool all_star, bool playoffs, std::string_view round, bool regular) {
  return {{"game_date", date},
          {"is_all_star", all_star},
          {"is_playoffs", playoffs},
          {"playoff_round", round.empty() ? boost::json::value() : boost::json::value(round)},
          {"is_regular_season", regular}};
}

/// Transforms as the backfill does; every row must be loadable, or the backfill would fail the whole file.
TransformResult transform(const NbacGamebook& processor, const boost::json::value& doc,
                          std::string_view object_name = mem_cle) {
  return transform_checked(processor, doc, object_name);
}

TransformResult transform(const boost::json::value& doc, std::string_view object_name = mem_cle) {
  const NbacGamebook processor;
  return transform(processor, doc, object_name);
}

std::vector<std::string> flags_of(const Row& row) {
  std::vector<std::string> out;
  for (const auto& f : row.at("data_quality_flags").as_array()) out.emplace_back(f.as_string());
  return out;
}

}  // namespace

// ---- nbac_gamebook rules with small fixtures: validation, game info (JSON first, path fallbacks), game_id,
//      season year, per-column rules of active / DNP / inactive rows, team mapping, data_hash, quality checks.
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
  const Row row = one_row(transform(doc, "nba-com/gamebooks-data/2024-04-10/20240410-MEMCLE/20250805_151438.json"));
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
    const Row row = one_row(transform(doc, "nba-com/gamebooks-data/2021-10-19/20211019-BKNMIL/20250827_234400.json"));
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
    const Row row = one_row(transform(doc, "nba-com/gamebooks-data/2021-10-19/20250827_234400.json"));
    CHECK(row.at("game_id").as_string() == "20211019_BKN_MIL");
    CHECK(row.at("game_date").as_string() == "2021-10-19");
    CHECK(row.at("game_code").as_string() == "20211019/BKNMIL");
  }
  SECTION("a game code too short for teams: game_id is the game code, teams null") {
    auto doc = document({active_player()});
    doc.erase("home_team");
    doc["game_code"] = "20211019/BKN";
    const Row row = one_row(transform(doc, "nba-com/gamebooks-data/2021-10-19/20250827_234400.json"));
    CHECK(row.at("game_id").as_string() == "20211019/BKN");
    CHECK(row.at("away_team_abbr").is_null());
    CHECK(row.at("home_team_abbr").is_null());
  }
  SECTION("a date field of the wrong type counts as missing") {
    auto doc = document({active_player()});
    doc["date"] = 20240410;
    const Row row = one_row(transform(doc));
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
  const Row row = one_row(transform(doc));
  CHECK(row.at("game_id").as_string() == game_id);
  CHECK(row.at("away_team_abbr").as_string() == away);  // as given
}

TEST_CASE("nbac_gamebook: season year: October onwards is its own year", "[nbac_gamebook]") {
  auto [date, season] = GENERATE(table<std::string, int>({{"2024-10-22", 2024}, {"2025-04-13", 2024},
                                                          {"2024-09-30", 2023}, {"2024-12-31", 2024}, {"2024-1-5", 2023}}));
  auto doc = document({active_player()});
  doc["date"] = date;
  const Row row = one_row(transform(doc));
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
  const Row row = one_row(transform(document({active_player()})));
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
  const Row row = one_row(transform(document({player})));
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
  CHECK(one_row(transform(document({player}))).at("personal_fouls").as_int64() == 4);
  s.erase("fouls");
  CHECK(one_row(transform(document({player}))).at("personal_fouls").as_int64() == 2);
  s.erase("personal_fouls");
  CHECK(one_row(transform(document({player}))).at("personal_fouls").is_null());
}

TEST_CASE("nbac_gamebook: data_hash is §1.6 over the eight HASH_FIELDS", "[nbac_gamebook]") {
  const Row row = one_row(transform(document({active_player()})));
  // game_id, player_lookup, minutes, fgm, fga, points, total_rebounds, assists, sorted and joined
  const std::string text =
      "assists:2|field_goals_attempted:21|field_goals_made:7|game_id:20240410_MEM_CLE|minutes:35:42|"
      "player_lookup:ggjackson|points:22|total_rebounds:2";
  CHECK(row.at("data_hash").as_string() == nbaraw::sha256_hex(text).substr(0, 16));
  // a non-hash field does not change it; a hash field does
  auto player = active_player();
  player["stats"].as_object()["steals"] = 5;
  CHECK(one_row(transform(document({player}))).at("data_hash") == row.at("data_hash"));
  player["stats"].as_object()["assists"] = 3;
  CHECK(one_row(transform(document({player}))).at("data_hash") != row.at("data_hash"));
}

TEST_CASE("nbac_gamebook: DNP rows: status dnp, reason from dnp_reason else reason, no stats, no resolution",
          "[nbac_gamebook]") {
  auto p = dnp_player("Marcus Morris Sr.", "Cleveland Cavaliers", "DNP - Coach's Decision");
  p["status"] = "something else";  // the list decides the status, not the text
  const Row row = one_row(transform(document({}, {p})));
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
  CHECK(one_row(transform(document({}, {p}))).at("dnp_reason").as_string() == "Personal");
  p["dnp_reason"] = "";  // Python `or`: an empty dnp_reason falls through
  CHECK(one_row(transform(document({}, {p}))).at("dnp_reason").as_string() == "Personal");
  p.erase("reason");
  p.erase("dnp_reason");
  CHECK(one_row(transform(document({}, {p}))).at("dnp_reason").is_null());
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
  const Row row = one_row(transform(document({}, {}, {inactive_player(name, team)})));
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
  const Row no_team = one_row(transform(processor, document({}, {}, {inactive_player("Bane", "Springfield Atoms")})));
  CHECK(no_team.at("team_abbr").is_null());
  CHECK(no_team.at("name_resolution_status").as_string() == "original");
  CHECK(no_team.at("name_resolution_confidence").is_null());
  CHECK(no_team.at("br_team_abbr_used").is_null());
  CHECK(no_team.at("requires_manual_review").as_bool() == false);
  const Row no_name = one_row(transform(processor, document({}, {}, {inactive_player("", "Memphis Grizzlies")})));
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
  const Row row = one_row(result);
  INFO(team);
  if (code.empty()) {
    CHECK(row.at("team_abbr").is_null());
    if (!team.empty()) {
      CHECK(counter(result.counters, "rows_unknown_team") == 1);
      REQUIRE_FALSE(result.warnings.empty());
      CHECK_THAT(result.warnings.back(), Catch::Contains(team));
    }
  } else {
    CHECK(row.at("team_abbr").as_string() == code);
    CHECK(counter(result.counters, "rows_unknown_team") == 0);
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
  CHECK(counter(result.counters, "files_incomplete") == 1);
  const auto lines = processor.summarize(result.counters);
  CHECK(std::any_of(lines.begin(), lines.end(), [](const std::string& l) { return l.find("incomplete gamebook") != std::string::npos; }));
  const auto complete = transform(processor, document({active_player()}, {dnp_player()}));
  CHECK(counter(complete.counters, "files_incomplete") == 0);
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

// ---- nbac_gamebook lookups through a fake Lookups: the season type of the game date, and the four steps that
//      resolve an inactive player's name (injury report, BR roster, BDL box scores, not found).
namespace {

struct Setup {
  std::shared_ptr<FakeLookups> fake = std::make_shared<FakeLookups>();
  NbacGamebook processor{fake};
};

/// The inactive row of one player (MEM unless said otherwise) on 2024-04-10.
Row inactive_row(Setup& s, std::string_view name, std::string_view team = "Memphis Grizzlies",
                 std::string_view reason = "Injury/Illness - Lumbar; Disc Bulge") {
  return one_row(transform(s.processor, document({}, {}, {inactive_player(name, team, reason)})));
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
    CHECK(counter(result.counters, type == "All Star" ? "files_all_star" : "files_preseason") == 1);
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
  CHECK(counter(result.counters, "lookup_errors") == 1);
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
  const Row row = one_row(result);
  CHECK(row.at("name_resolution_status").as_string() == "resolved");
  CHECK(flags_of(row) == std::vector<std::string>{"name_resolved"});
  CHECK(counter(result.counters, "lookup_errors") == 1);
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
  const Row row = one_row(result);
  CHECK(row.at("name_resolution_status").as_string() == "not_found");
  CHECK(flags_of(row) == std::vector<std::string>{"no_roster_data"});
  CHECK(row.at("requires_manual_review").as_bool() == true);
  CHECK(s.fake->count("bdl_player_boxscores") == 0);
  CHECK(counter(result.counters, "lookup_errors") == 1);
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
  const Row row = one_row(result);
  CHECK(row.at("name_resolution_status").as_string() == "not_found");
  CHECK(flags_of(row) == std::vector<std::string>{"no_roster_match"});
  CHECK(counter(result.counters, "lookup_errors") == 1);
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

// ---- parsing on the common command line, the gamebook's selection by game folder, the transform-time check
//      for names without a game folder, and processors that do not take it.
namespace {

nbaraw::cli::Options parse(std::vector<std::string_view> args) { return nbaraw::cli::parse(args); }

std::vector<std::string> names_of(const std::vector<ObjectInfo>& objects) {
  std::vector<std::string> out;
  for (const auto& o : objects) out.push_back(o.name);
  std::sort(out.begin(), out.end());
  return out;
}

/// Runs cli::run<P> in this process with stderr captured; returns the exit code.
template <class P>
int run_in_process(std::vector<std::string> args, std::string& err) {
  args.insert(args.begin(), "test_backfill");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  std::ostringstream captured;
  auto* old = std::cerr.rdbuf(captured.rdbuf());
  const int code = nbaraw::cli::run<P>(int(argv.size()), argv.data());
  std::cerr.rdbuf(old);
  err = captured.str();
  return code;
}

}  // namespace

TEST_CASE("team filter flag: --team-filter parses comma-separated NBA tricodes, any case, each once", "[nbac_gamebook][team_filter]") {
  // value, codes
  auto [value, codes] = GENERATE(table<std::string, std::vector<std::string>>({
      {"MEM", {"MEM"}},
      {"MEM,CLE", {"MEM", "CLE"}},
      {"mem,cle", {"MEM", "CLE"}},
      {" MEM , CLE ", {"MEM", "CLE"}},
      {"MEM,,CLE,", {"MEM", "CLE"}},
      {"MEM,mem,MEM", {"MEM"}},
      {"BKN,PHX,CHA,NOP,GSW,SAS,NYK,UTA", {"BKN", "PHX", "CHA", "NOP", "GSW", "SAS", "NYK", "UTA"}},
  }));
  INFO(value);
  CHECK(parse({"--team-filter", value}).team_filter == codes);
  CHECK(parse({"--team-filter=" + value}).team_filter == codes);
  CHECK(parse({}).team_filter.empty());
}

TEST_CASE("team filter flag: --team-filter rejects codes that are not NBA tricodes with a clear usage error", "[nbac_gamebook][team_filter]") {
  // value, words of the message
  auto [value, words] = GENERATE(table<std::string, std::vector<std::string>>({
      {"XYZ", {"--team-filter", "'XYZ'", "not an NBA tricode"}},
      {"BRK", {"'BRK'", "did you mean BKN"}},  // a BR code
      {"PHO", {"did you mean PHX"}},
      {"NY", {"'NY'", "not an NBA tricode"}},  // an ESPN code
      {"Memphis", {"'Memphis'", "did you mean MEM"}},
      {"MEM,Lakers", {"'Lakers'"}},
      {"", {"names no team"}},
      {",", {"names no team"}},
      {"MEM;CLE", {"'MEM;CLE'"}},
  }));
  INFO(value);
  try {
    parse({"--team-filter", value});
    FAIL("no usage error for '" << value << "'");
  } catch (const UsageError& e) {
    for (const auto& w : words) CHECK_THAT(e.what(), Catch::Contains(w));
  }
  CHECK_THROWS_AS(parse({"--team-filter"}), UsageError);  // needs a value
}

TEST_CASE("team filter flag: --team-filter is in the usage text", "[nbac_gamebook][team_filter]") {
  const NbacGamebook processor;
  CHECK_THAT(nbaraw::cli::usage("nbac_gamebook_backfill", processor.info()),
             Catch::Contains("--team-filter A,B") && Catch::Contains("away or home"));
}

TEST_CASE("set_team_filter selects game folders whose away or home team is listed", "[nbac_gamebook][team_filter]") {
  NbacGamebook processor;
  const std::vector<ObjectInfo> listed{
      {"nba-com/gamebooks-data/2024-04-10/20240410-MEMCLE/20250805_151438.json", 1, "1"},
      {"nba-com/gamebooks-data/2024-04-10/20240410-MEMCLE/20250805_151000.json", 1, "1"},
      {"nba-com/gamebooks-data/2024-04-10/20240410-BOSMIL/20250805_151438.json", 1, "1"},
      {"nba-com/gamebooks-data/2024-04-10/20240410-LALCLE/20250805_151438.json", 1, "1"},
      {"nba-com/gamebooks-data/2024-04-10/20240410-lalphx/20250805_151438.json", 1, "1"},
      {"nba-com/gamebooks-data/2024-04-10/20250805_151438.json", 1, "1"},  // legacy: no game folder
  };
  CHECK(nbaraw::select_objects(listed, processor.info()).size() == 5);  // no filter: latest per folder

  processor.set_team_filter({"cle"});
  CHECK(processor.team_filter() == std::vector<std::string>{"CLE"});
  CHECK(names_of(nbaraw::select_objects(listed, processor.info())) ==
        std::vector<std::string>{"nba-com/gamebooks-data/2024-04-10/20240410-LALCLE/20250805_151438.json",
                                 "nba-com/gamebooks-data/2024-04-10/20240410-MEMCLE/20250805_151438.json",
                                 "nba-com/gamebooks-data/2024-04-10/20250805_151438.json"});  // sorted names
  processor.set_team_filter({"PHX", "BOS"});  // away or home; the folder's case does not matter
  CHECK(names_of(nbaraw::select_objects(listed, processor.info())) ==
        std::vector<std::string>{"nba-com/gamebooks-data/2024-04-10/20240410-BOSMIL/20250805_151438.json",
                                 "nba-com/gamebooks-data/2024-04-10/20240410-lalphx/20250805_151438.json",
                                 "nba-com/gamebooks-data/2024-04-10/20250805_151438.json"});
  processor.set_team_filter({});
  CHECK(nbaraw::select_objects(listed, processor.info()).size() == 5);
  CHECK_THROWS_AS(processor.set_team_filter({"BRK"}), std::invalid_argument);
  CHECK_THROWS_AS(processor.set_team_filter({"Memphis"}), std::invalid_argument);
}

TEST_CASE("game_folder_teams reads YYYYMMDD-AWYHOM, the folder before the file name", "[nbac_gamebook][team_filter]") {
  using Teams = std::optional<std::pair<std::string, std::string>>;
  CHECK(NbacGamebook::game_folder_teams("a/b/2024-04-10/20240410-MEMCLE/x.json") == Teams{{"MEM", "CLE"}});
  CHECK(NbacGamebook::game_folder_teams("20240410-memcle/x.json") == Teams{{"MEM", "CLE"}});
  CHECK_FALSE(NbacGamebook::game_folder_teams("a/2024-04-10/x.json"));
  CHECK_FALSE(NbacGamebook::game_folder_teams("a/20240410-MEMCL/x.json"));
  CHECK_FALSE(NbacGamebook::game_folder_teams("a/20240410_MEMCLE/x.json"));
  CHECK_FALSE(NbacGamebook::game_folder_teams("a/2024041X-MEMCLE/x.json"));
  CHECK_FALSE(NbacGamebook::game_folder_teams("a/20240410-MEM1LE/x.json"));
  CHECK_FALSE(NbacGamebook::game_folder_teams("x.json"));
  CHECK_FALSE(NbacGamebook::game_folder_teams("/x.json"));
  CHECK_FALSE(NbacGamebook::game_folder_teams(""));
}

TEST_CASE("a file the selection could not decide is filtered in transform, with the reason", "[nbac_gamebook][team_filter]") {
  NbacGamebook processor;
  processor.set_team_filter({"BOS"});
  const std::string legacy = "nba-com/gamebooks-data/2024-04-10/20250805_151438.json";
  const auto out = transform(processor, document({active_player()}, {dnp_player()}), legacy);
  CHECK(out.rows.empty());
  CHECK(out.records_seen == 2);
  CHECK(out.skipped.empty());  // no_data, not a failure
  REQUIRE(out.warnings.size() == 1);
  CHECK_THAT(out.warnings.front(), Catch::Contains("filtered out by --team-filter") && Catch::Contains("MEM@CLE"));
  CHECK(counter(out.counters, "files_filtered") == 1);
  CHECK(out.no_rows_reason == out.warnings.front());
  processor.set_team_filter({"CLE"});
  CHECK(transform(processor, document({active_player()}, {dnp_player()}), legacy).rows.size() == 2);
}

TEST_CASE("a processor without set_team_filter rejects --team-filter: exit 2, nothing run", "[nbac_gamebook][team_filter]") {
  static_assert(!nbaraw::cli::accepts_team_filter<nbaraw::processors::BdlInjuries>);
  static_assert(nbaraw::cli::accepts_team_filter<NbacGamebook>);
  std::string err;
  CHECK(run_in_process<nbaraw::processors::BdlInjuries>(
            {"--team-filter", "MEM", "--source", "/nonexistent", "--sink", "ndjson:/nonexistent", "--dates", "2024-04-10"},
            err) == 2);
  CHECK_THAT(err, Catch::Contains("--team-filter is not supported by bdl_injuries"));
  CHECK(run_in_process<NbacGamebook>({"--team-filter", "XYZ", "--source", "/nonexistent"}, err) == 2);
  CHECK_THAT(err, Catch::Contains("not an NBA tricode"));
}
