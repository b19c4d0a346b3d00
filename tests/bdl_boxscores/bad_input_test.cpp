// BDL box scores, file level: structural validation, strict game dates that fail the file, the backfill's
// per-file outcome for bad input, warnings, quality counters and the run summary.
#include "bdl_boxscores_fixture.hpp"

#include <nbaraw/backfill.hpp>

using namespace nbaraw::test;
using namespace nbaraw::test::box;
using nbaraw::processors::BdlBoxscores;

namespace {

/// What the backfill makes of one file's bytes.
nbaraw::FileOutcome process(std::string_view bytes, std::string name = std::string(object_name)) {
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
  boost::json::object bad = game();
  bad["date"] = boost::json::parse(date);
  INFO(date);
  const auto doc = document(boost::json::array{game(), bad});
  const BdlBoxscores processor;
  const auto errors = processor.validate(doc);
  REQUIRE(errors.size() == 1);
  CHECK_THAT(errors.front(), Catch::Contains("boxScores[1].date") && Catch::Contains(mention));

  // transform() alone (no validate) rejects every game of the file with the same reason.
  const auto result = processor.transform(doc, nbaraw::FileContext{std::string(object_name), std::nullopt});
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
    boost::json::object g = game();
    g["date"] = "2024-01-15 00:00:00";
    games.push_back(g);
  }
  const auto errors = BdlBoxscores().validate(document(games));
  REQUIRE(errors.size() == 6);
  CHECK_THAT(errors.back(), Catch::Contains("3 more"));
}

TEST_CASE("bdl_boxscores validate: absent, null or empty dates are not file errors (those games are skipped)",
          "[bdl_boxscores][file]") {
  boost::json::object a = game(), b = game(), c = game();
  a.erase("date");
  b["date"] = nullptr;
  c["date"] = "";
  CHECK(BdlBoxscores().validate(document(boost::json::array{a, b, c, game()})).empty());
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
  boost::json::object bad = game();
  bad.erase("date");
  const auto outcome = process(text(document(boost::json::array{game(), bad})));
  CHECK(outcome.result.status == nbaraw::FileStatus::success);
  CHECK(outcome.rows.size() == 3);
  CHECK(outcome.records_skipped == 1);
  CHECK(any_contains(outcome.remarks, "no_date"));
}

TEST_CASE("bdl_boxscores quality: upcoming games only (every period 0, no players) is a remark, not an error",
          "[bdl_boxscores][file]") {
  boost::json::object g = game();
  g["period"] = 0;
  g["status"] = "7:30 pm ET";
  home_players(g) = boost::json::array{};
  away_players(g) = boost::json::array{};
  boost::json::object h = g;
  const auto result = transform(document(boost::json::array{g, h}));
  CHECK(result.rows.empty());
  CHECK(result.skipped.empty());
  CHECK(any_contains(result.warnings, "upcoming games only"));
  CHECK(counter(result.counters, "files_upcoming_only") == 1);
  CHECK(counter(result.counters, "files_without_rows") == 0);
  const auto outcome = process(text(document(boost::json::array{g, h})));
  CHECK(outcome.result.status == nbaraw::FileStatus::no_data);
  CHECK(any_contains(outcome.remarks, "upcoming games only"));
}

TEST_CASE("bdl_boxscores quality: no rows from games that are not all upcoming is flagged", "[bdl_boxscores][file]") {
  boost::json::object g = game();
  home_players(g) = boost::json::array{};
  away_players(g) = boost::json::array{};
  boost::json::object upcoming = g;
  upcoming["period"] = 0;
  const auto result = transform(document(boost::json::array{upcoming, g}));
  CHECK(result.rows.empty());
  CHECK_FALSE(any_contains(result.warnings, "upcoming games only"));
  CHECK(any_contains(result.warnings, "no rows from 2 games"));
  CHECK(counter(result.counters, "files_without_rows") == 1);
  CHECK(counter(result.counters, "files_upcoming_only") == 0);
}

TEST_CASE("bdl_boxscores quality: counters count games, rows, DNP rows, skips and fallbacks", "[bdl_boxscores][file]") {
  boost::json::object g = game();
  boost::json::object dnp = entry(8, "Mo", "Bamba", 0);
  dnp["min"] = "00";
  home_players(g).push_back(dnp);
  home_players(g).push_back(entry(9, "", "Nameless"));
  away(g)["full_name"] = "Houston Rocket";  // fallback "HOU"
  boost::json::object no_date = game();
  no_date.erase("date");
  boost::json::object unknown = game();
  home(unknown) = team("Seattle SuperSonics", "SEA", "Seattle", "SuperSonics");
  const auto result = transform(document(boost::json::array{g, no_date, unknown}));
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
  nbaraw::merge_counters(total, transform(document(boost::json::array{game()})).counters);
  boost::json::object upcoming = game();
  upcoming["period"] = 0;
  home_players(upcoming) = boost::json::array{};
  away_players(upcoming) = boost::json::array{};
  nbaraw::merge_counters(total, transform(document(boost::json::array{upcoming})).counters);
  boost::json::object empty_final = game();
  home_players(empty_final) = boost::json::array{};
  away_players(empty_final) = boost::json::array{};
  nbaraw::merge_counters(total, transform(document(boost::json::array{empty_final})).counters);
  const auto lines = processor.summarize(total);
  CHECK(any_contains(lines, "player rows 3 from 3 games (3 games listed)"));
  CHECK(any_contains(lines, "games skipped: 0"));
  CHECK(any_contains(lines, "upcoming games only (every period 0, no rows): 1"));
  CHECK(any_contains(lines, "files whose games gave no rows: 1"));
}
