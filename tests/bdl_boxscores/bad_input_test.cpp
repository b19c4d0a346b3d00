// BDL box scores, file level: structural validation, strict game dates that fail the file, the backfill's
// per-file outcome for bad input, warnings, quality counters and the run summary.
#include "support/processor_kit.hpp"

#include <nbaraw/backfill.hpp>
#include <nbaraw/processors/bdl_boxscores.hpp>

#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

using namespace nbaraw::test;
using nbaraw::processors::BdlBoxscores;

// ---- the inputs: the sample file around games of the sample, one thing of them broken.
namespace {

/// The sample day 2024-01-15: eleven games.
constexpr std::string_view day_sample = "ball-dont-lie/boxscores/2024-01-15/20240116_080000.json";

/// The sample's first game, Houston (visitor) at Philadelphia (home), cut to its first two home players
/// and its first away player, all of whom played: three rows.
boost::json::object sample_game() {
  const boost::json::value sample = read_sample(day_sample);
  boost::json::object g = sample.at("boxScores").at(0).as_object();
  REQUIRE(g.at("home_team").at("abbreviation") == "PHI");
  REQUIRE(g.at("visitor_team").at("abbreviation") == "HOU");
  g["home_team"].as_object()["players"].as_array().resize(2);
  g["visitor_team"].as_object()["players"].as_array().resize(1);
  return g;
}

boost::json::object& home_team_of(boost::json::object& g) { return g["home_team"].as_object(); }
boost::json::array& home_list(boost::json::object& g) { return home_team_of(g)["players"].as_array(); }
boost::json::array& away_list(boost::json::object& g) { return g["visitor_team"].as_object()["players"].as_array(); }

/// A copy of the game's first home player, with another id and name.
boost::json::object other_player(const boost::json::object& g, std::int64_t id, std::string_view first,
                                 std::string_view last) {
  boost::json::object e = g.at("home_team").at("players").at(0).as_object();
  auto& p = e["player"].as_object();
  p["id"] = id;
  p["first_name"] = first;
  p["last_name"] = last;
  return e;
}

/// The sample file holding these games instead of its own.
boost::json::value day_file(boost::json::array games) {
  return sample_with(day_sample, {{"boxScores", std::move(games)}});
}

nbaraw::TransformResult transformed(const boost::json::value& doc) {
  return transform_as<BdlBoxscores>(doc, day_sample);
}

/// What the backfill makes of one file's bytes.
nbaraw::FileOutcome process(std::string_view bytes, std::string name = std::string(day_sample)) {
  const BdlBoxscores processor;
  return nbaraw::process_bytes(processor, nbaraw::ObjectInfo(std::move(name), bytes.size(), "1"), bytes);
}

std::string text(const boost::json::value& v) { return boost::json::serialize(v); }

}  // namespace

TEST_CASE("bdl_boxscores validate: boxScores must be present and a list, in a JSON object", "[bdl_boxscores][file]") {
  const BdlBoxscores processor;
  // document, words the error must mention
  auto [json, must_mention] = GENERATE(table<std::string, std::vector<std::string>>({
      {R"({"date":"2024-01-15","timestamp":"2024-01-16T08:00:00+00:00","rowCount":0})", {"boxScores", "no"}},
      {R"({"boxScores":"none today"})", {"boxScores", "list"}},
      {R"({"boxScores":{"0":{}}})", {"boxScores", "list"}},
      {R"({"boxScores":null})", {"boxScores", "list"}},
      {R"({"data":[{"date":"2024-01-15"}]})", {"boxScores"}},  // the API page, not the scraper's wrapper
      {R"([{"date":"2024-01-15"}])", {"object"}},
      {R"("boxScores")", {"object"}},
  }));
  INFO(json);
  std::vector<std::string> errors;
  REQUIRE_NOTHROW(errors = processor.validate(boost::json::parse(json)));
  REQUIRE(errors.size() == 1);
  for (const auto& word : must_mention) CHECK_THAT(errors.front(), Catch::Contains(word));
}

TEST_CASE("bdl_boxscores validate: a game date that is not a strict YYYY-MM-DD fails the file", "[bdl_boxscores][file]") {
  // date (JSON), words the error must mention
  auto [date, mention] = GENERATE(table<std::string, std::string>({
      {R"("2024-01-15T00:00:00Z")", "is not a YYYY-MM-DD date"},
      {R"("2024-01-15T19:30:00.000Z")", "timestamp"},
      {R"("2024-1-15")", "2024-1-15"},
      {R"("2024-02-30")", "2024-02-30"},
      {R"("01/15/2024")", "01/15/2024"},
      {R"("20240115")", "20240115"},
      {"20240115", "an integer"},
      {"true", "a boolean"},
      {R"({"y":2024})", "an object"},
  }));
  boost::json::object bad = sample_game();
  bad["date"] = boost::json::parse(date);
  INFO(date);
  const auto doc = day_file(boost::json::array{sample_game(), bad});
  const BdlBoxscores processor;
  const auto errors = processor.validate(doc);
  REQUIRE(errors.size() == 1);
  CHECK_THAT(errors.front(), Catch::Contains("boxScores[1].date") && Catch::Contains(mention));

  // transformed() alone (no validate) rejects every game of the file with the same reason.
  const auto result = processor.transform(doc, nbaraw::FileContext{std::string(day_sample), std::nullopt});
  CHECK(result.rows.empty());
  CHECK(result.records_seen == 2);
  REQUIRE(result.skipped.size() == 2);
  for (const auto& reason : result.skipped) CHECK_THAT(reason, Catch::Contains("file rejected") && Catch::Contains(mention));

  // The backfill fails the file with the reason.
  const auto outcome = process(text(doc));
  CHECK(outcome.result.status == nbaraw::FileStatus::validation_failed);
  CHECK_THAT(outcome.result.reason, Catch::Contains("boxScores[1].date"));
  CHECK(outcome.rows.empty());
}

TEST_CASE("bdl_boxscores validate: many bad dates are listed up to five, then counted", "[bdl_boxscores][file]") {
  boost::json::array games;
  for (int i = 0; i < 8; ++i) {
    boost::json::object g = sample_game();
    g["date"] = "2024-01-15 00:00:00";
    games.push_back(g);
  }
  const auto errors = BdlBoxscores().validate(day_file(games));
  REQUIRE(errors.size() == 6);
  CHECK_THAT(errors.back(), Catch::Contains("3 more"));
}

TEST_CASE("bdl_boxscores validate: absent, null or empty dates are not file errors (those games are skipped)",
          "[bdl_boxscores][file]") {
  boost::json::object a = sample_game(), b = sample_game(), c = sample_game();
  a.erase("date");
  b["date"] = nullptr;
  c["date"] = "";
  CHECK(BdlBoxscores().validate(day_file(boost::json::array{a, b, c, sample_game()})).empty());
}

TEST_CASE("bdl_boxscores backfill: bad and game-less files end with specific statuses and reasons", "[bdl_boxscores][file]") {
  // bytes, expected status, words the reason must mention
  auto [bytes, status, mention] = GENERATE(table<std::string, nbaraw::FileStatus, std::string>({
      {R"({"date":"2024-01-15","boxScores":[{"date":"2024-01-15",)", nbaraw::FileStatus::json_error, "truncated"},
      {"", nbaraw::FileStatus::json_error, "empty"},
      // a day without games has no data; it is not a failure
      {R"({"date":"2024-01-15","rowCount":0,"boxScores":[]})", nbaraw::FileStatus::no_data, "a day without games"},
      // games not yet played: no data, and the reason says so
      {R"({"boxScores":[{"date":"2024-01-15","period":0,"home_team":{"abbreviation":"BOS"},"visitor_team":{"abbreviation":"MIA"}}]})",
       nbaraw::FileStatus::no_data, "upcoming games only"},
      {R"({"date":"2024-01-15","boxScores":"later"})", nbaraw::FileStatus::validation_failed, "list"},
      {R"({"date":"2024-01-15"})", nbaraw::FileStatus::validation_failed, "boxScores"},
      // every game skipped: the file fails, naming the first reason
      {R"({"boxScores":[{"season":2023},{"date":null}]})", nbaraw::FileStatus::validation_failed, "no_date"},
      {R"({"boxScores":[42]})", nbaraw::FileStatus::validation_failed, "wrong_type"},
      // every player nameless
      {R"({"boxScores":[{"date":"2024-01-15","home_team":{"full_name":"Boston Celtics","players":[{"pts":3,"player":{"id":1}}]},)"
       R"("visitor_team":{"abbreviation":"MIA","players":[]}}]})",
       nbaraw::FileStatus::validation_failed, "first_name"},
  }));
  INFO(bytes);
  const auto outcome = process(bytes);
  CHECK(outcome.result.status == status);
  CHECK_THAT(outcome.result.reason, Catch::Contains(mention, Catch::CaseSensitive::No));
  CHECK(outcome.rows.empty());
}

TEST_CASE("bdl_boxscores backfill: a good file loads all its rows, one bad game is a remark, not a failure",
          "[bdl_boxscores][file]") {
  boost::json::object bad = sample_game();
  bad.erase("date");
  const auto outcome = process(text(day_file(boost::json::array{sample_game(), bad})));
  CHECK(outcome.result.status == nbaraw::FileStatus::success);
  CHECK(outcome.rows.size() == 3);
  CHECK(outcome.records_skipped == 1);
  CHECK(any_contains(outcome.remarks, "no_date"));
}

TEST_CASE("bdl_boxscores quality: upcoming games only (every period 0, no players) is a remark, not an error",
          "[bdl_boxscores][file]") {
  boost::json::object g = sample_game();
  g["period"] = 0;
  g["status"] = "7:30 pm ET";
  home_list(g) = boost::json::array{};
  away_list(g) = boost::json::array{};
  boost::json::object h = g;
  const auto result = transformed(day_file(boost::json::array{g, h}));
  CHECK(result.rows.empty());
  CHECK(result.skipped.empty());
  CHECK(any_contains(result.warnings, "upcoming games only"));
  CHECK(counter(result.counters, "files_upcoming_only") == 1);
  CHECK(counter(result.counters, "files_without_rows") == 0);
  const auto outcome = process(text(day_file(boost::json::array{g, h})));
  CHECK(outcome.result.status == nbaraw::FileStatus::no_data);
  CHECK(any_contains(outcome.remarks, "upcoming games only"));
}

TEST_CASE("bdl_boxscores quality: no rows from games that are not all upcoming is flagged", "[bdl_boxscores][file]") {
  boost::json::object g = sample_game();
  home_list(g) = boost::json::array{};
  away_list(g) = boost::json::array{};
  boost::json::object upcoming = g;
  upcoming["period"] = 0;
  const auto result = transformed(day_file(boost::json::array{upcoming, g}));
  CHECK(result.rows.empty());
  CHECK_FALSE(any_contains(result.warnings, "upcoming games only"));
  CHECK(any_contains(result.warnings, "no rows from 2 games"));
  CHECK(counter(result.counters, "files_without_rows") == 1);
  CHECK(counter(result.counters, "files_upcoming_only") == 0);
}

TEST_CASE("bdl_boxscores quality: counters count games, rows, DNP rows, skips and fallbacks", "[bdl_boxscores][file]") {
  boost::json::object g = sample_game();
  boost::json::object dnp = other_player(g, 8, "Mo", "Bamba");
  dnp["min"] = "00";
  dnp["pts"] = 0;
  const boost::json::object nameless = other_player(g, 9, "", "Nameless");
  home_list(g).push_back(dnp);
  home_list(g).push_back(nameless);
  g["visitor_team"].as_object()["full_name"] = "Houston Rocket";  // fallback "HOU"
  boost::json::object no_date = sample_game();
  no_date.erase("date");
  boost::json::object unknown = sample_game();
  home_team_of(unknown) = boost::json::object{{"id", 1},
                                              {"full_name", "Seattle SuperSonics"},
                                              {"abbreviation", "SEA"},
                                              {"city", "Seattle"},
                                              {"name", "SuperSonics"}};
  const auto result = transformed(day_file(boost::json::array{g, no_date, unknown}));
  CHECK(result.rows.size() == 4);
  CHECK(counter(result.counters, "games") == 3);
  CHECK(counter(result.counters, "games_skipped") == 2);
  CHECK(counter(result.counters, "games_skipped:no_date") == 1);
  CHECK(counter(result.counters, "games_skipped:team_extraction_failed") == 1);
  CHECK(counter(result.counters, "rows") == 4);
  CHECK(counter(result.counters, "rows_dnp") == 1);
  CHECK(counter(result.counters, "players_skipped") == 1);
  CHECK(counter(result.counters, "team_name_fallbacks") == 1);
  CHECK(result.records_seen == 5 + 2);  // players of the accepted game, and two skipped games
  CHECK(result.skipped.size() == 3);
  CHECK(any_contains(result.warnings, "Houston Rocket"));
  CHECK(any_contains(result.warnings, "skipped 2 of 3 games"));

  const auto lines = BdlBoxscores().summarize(result.counters);
  CHECK(any_contains(lines, "player rows 4 from 1 games (3 games listed)"));
  CHECK(any_contains(lines, "DNP rows (no minutes): 1 (25.0%)"));
  CHECK(any_contains(lines, "games skipped: 2 (no_date 1, team_extraction_failed 1)"));
  CHECK(any_contains(lines, "players skipped (no name or a wrong type): 1"));
  CHECK(any_contains(lines, "first three characters: 1"));
  CHECK_FALSE(any_contains(lines, "upcoming"));
}

TEST_CASE("bdl_boxscores quality: the summary sums files and names upcoming-only and row-less files",
          "[bdl_boxscores][file]") {
  const BdlBoxscores processor;
  nbaraw::QualityCounters total;
  CHECK(processor.summarize(total).empty());  // nothing processed: nothing to say
  nbaraw::merge_counters(total, transformed(day_file(boost::json::array{sample_game()})).counters);
  boost::json::object upcoming = sample_game();
  upcoming["period"] = 0;
  home_list(upcoming) = boost::json::array{};
  away_list(upcoming) = boost::json::array{};
  nbaraw::merge_counters(total, transformed(day_file(boost::json::array{upcoming})).counters);
  boost::json::object empty_final = sample_game();
  home_list(empty_final) = boost::json::array{};
  away_list(empty_final) = boost::json::array{};
  nbaraw::merge_counters(total, transformed(day_file(boost::json::array{empty_final})).counters);
  const auto lines = processor.summarize(total);
  CHECK(any_contains(lines, "player rows 3 from 3 games (3 games listed)"));
  CHECK(any_contains(lines, "games skipped: 0"));
  CHECK(any_contains(lines, "upcoming games only (every period 0, no rows): 1"));
  CHECK(any_contains(lines, "files whose games gave no rows: 1"));
}
