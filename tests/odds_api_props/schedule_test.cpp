// game_id from the schedule (§4.3 step 9) through Lookups: the query, the match, the game types kept, the
// per-date cache (across threads), and what a failing look-up does.
#include "odds_fixture.hpp"

#include <nbaraw/rules/data_hash.hpp>

#include <memory>
#include <thread>

using namespace nbaraw::test::odds;
using nbaraw::LookupQuery;
using nbaraw::Rows;
using nbaraw::TransformResult;

namespace {

/// A schedule holding one game of 2024-01-24: ATL at GSW, 0022300612 (and a preseason game with the same
/// teams, which must not be chosen).
std::shared_ptr<FakeLookups> schedule_with_game() {
  return std::make_shared<FakeLookups>([](const LookupQuery& q) {
    Rows rows;
    if (q.equals.size() == 1 && q.equals[0].value == "2024-01-24") {
      rows.push_back(schedule_row("0012300001", "ATL", "GSW"));
      rows.push_back(schedule_row("0022300612", "ATL", "GSW"));
      rows.push_back(schedule_row("0022300613", "BOS", "NYK"));
    }
    return rows;
  });
}

TransformResult transform_with(const std::shared_ptr<FakeLookups>& lookups, const boost::json::value& doc,
                               std::string_view path = historical_path) {
  const OddsApiProps processor(lookups);
  return transform(doc, path, processor);
}

}  // namespace

TEST_CASE("schedule: a game found in the schedule gives the NBA game id", "[odds_api_props][schedule]") {
  auto lookups = schedule_with_game();
  const TransformResult r = transform_with(lookups, envelope(event()));
  REQUIRE(r.rows.size() == 1);
  CHECK(r.rows[0].at("game_id") == "0022300612");
  CHECK(r.rows[0].at("data_hash") == "6b5c4da1f0d17bac");  // the hash follows the game id (Python: same inputs)
  CHECK(counter(r.counters, "rows_schedule_game_id") == 1);
  CHECK(counter(r.counters, "rows_fallback_game_id") == 0);

  // The query: nbac_schedule's game_id and tricodes for game_date = the path date, typed DATE.
  const LookupQuery q = lookups->last();
  CHECK(q.table == "nbac_schedule");
  CHECK(q.columns == std::vector<std::string>{"game_id", "away_team_tricode", "home_team_tricode"});
  REQUIRE(q.equals.size() == 1);
  CHECK(q.equals[0].column == "game_date");
  CHECK(q.equals[0].value == "2024-01-24");
  CHECK(q.equals[0].type == nbaraw::ColumnType::DATE);
  CHECK_FALSE(q.range);

  const auto lines = OddsApiProps{}.summarize(r.counters);
  CHECK(any_contains(lines, "game_id from the schedule: 1 (100.0%)"));
}

TEST_CASE("schedule: teams are compared as NBA tricodes on both sides", "[odds_api_props][schedule]") {
  auto lookups = std::make_shared<FakeLookups>([](const LookupQuery&) {
    return Rows{schedule_row("0022300700", "PHO", "BRK"), schedule_row("0022300701", "gs", "Utah")};
  });
  const OddsApiProps processor(lookups);
  const nbaraw::Date date{2024, 1, 24};
  CHECK(processor.schedule_game_id(date, "PHX", "BKN") == std::optional<std::string>("0022300700"));
  CHECK(processor.schedule_game_id(date, "Golden State Warriors", "UTA") == std::optional<std::string>("0022300701"));
  CHECK(processor.schedule_game_id(date, "BKN", "PHX") == std::nullopt);  // home and away matter
  CHECK(processor.schedule_game_id(date, "Seattle", "UTA") == std::nullopt);
}

TEST_CASE("schedule: regular season, play-in and playoff games only", "[odds_api_props][schedule]") {
  auto [game_id, kept] = GENERATE(table<std::string, bool>({
      {"0022300612", true},   // regular season
      {"0042300101", true},   // playoffs
      {"0052300101", true},   // play-in
      {"0012300001", false},  // pre-season
      {"0032300001", false},  // All-Star
      {"0062300001", false},  // NBA Cup final
      {"20240124_ATL_GSW", false},
      {"", false},
  }));
  INFO(game_id);
  const std::string id = game_id;
  const OddsApiProps processor(std::make_shared<FakeLookups>([id](const LookupQuery&) {
    return Rows{schedule_row(id, "ATL", "GSW")};
  }));
  CHECK(processor.schedule_game_id({2024, 1, 24}, "ATL", "GSW") == (kept ? std::optional<std::string>(id) : std::nullopt));
}

TEST_CASE("schedule: an id stored as a number regains its leading zeros", "[odds_api_props][schedule]") {
  const OddsApiProps processor(std::make_shared<FakeLookups>([](const LookupQuery&) {
    nbaraw::Row r = schedule_row("", "ATL", "GSW");
    r["game_id"] = 22300612;
    return Rows{r};
  }));
  CHECK(processor.schedule_game_id({2024, 1, 24}, "ATL", "GSW") == std::optional<std::string>("0022300612"));
}

TEST_CASE("schedule: no game for the teams falls back to YYYYMMDD_AWAY_HOME", "[odds_api_props][schedule]") {
  auto lookups = schedule_with_game();
  auto ev = event();
  ev["home_team"] = "Boston Celtics";
  const TransformResult r = transform_with(lookups, envelope(ev));
  REQUIRE(r.rows.size() == 1);
  CHECK(r.rows[0].at("game_id") == "20240124_ATL_BOS");
}

TEST_CASE("schedule: one query per date, cached across files and threads", "[odds_api_props][schedule]") {
  auto lookups = schedule_with_game();
  const OddsApiProps processor(lookups);
  const boost::json::value doc = envelope(event());
  std::vector<std::jthread> threads;
  std::atomic<int> found{0};
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 5; ++i) {
        const auto r = processor.transform(doc, nbaraw::FileContext{std::string(historical_path), nbaraw::Date{2024, 1, 24}});
        if (r.rows.size() == 1 && r.rows[0].at("game_id") == "0022300612") found++;
      }
    });
  threads.clear();
  CHECK(found == 40);
  CHECK(lookups->calls == 1);

  // Another date is another query; a copy of the processor shares the cache.
  const OddsApiProps copy = processor;
  CHECK(copy.schedule_game_id({2024, 1, 25}, "ATL", "GSW") == std::nullopt);
  CHECK(copy.schedule_game_id({2024, 1, 25}, "BOS", "NYK") == std::nullopt);
  CHECK(lookups->calls == 2);
  CHECK(copy.schedule_game_id({2024, 1, 24}, "BOS", "NYK") == std::optional<std::string>("0022300613"));
  CHECK(lookups->calls == 2);
}

TEST_CASE("schedule: a failing look-up falls back with a warning and is asked again next time",
          "[odds_api_props][schedule]") {
  std::atomic<bool> fail{true};
  auto lookups = std::make_shared<FakeLookups>([&](const LookupQuery&) {
    if (fail) throw std::runtime_error("BigQuery said no");
    return Rows{schedule_row("0022300612", "ATL", "GSW")};
  });
  const OddsApiProps processor(lookups);
  const boost::json::value doc = envelope(event());
  TransformResult r = transform(doc, historical_path, processor);
  REQUIRE(r.rows.size() == 1);
  CHECK(r.rows[0].at("game_id") == "20240124_ATL_GSW");
  CHECK(any_contains(r.warnings, "schedule look-up for 2024-01-24 failed (BigQuery said no)"));
  CHECK(counter(r.counters, "schedule_lookup_failures") == 1);
  CHECK(any_contains(OddsApiProps{}.summarize(r.counters), "schedule look-ups that failed"));

  fail = false;
  r = transform(doc, historical_path, processor);
  REQUIRE(r.rows.size() == 1);
  CHECK(r.rows[0].at("game_id") == "0022300612");
  CHECK(lookups->calls == 2);
}

TEST_CASE("schedule: no_lookups() answers nothing, so rows equal the goldens' fallback ids", "[odds_api_props][schedule]") {
  const OddsApiProps processor;  // default: no_lookups()
  CHECK(processor.schedule_game_id({2024, 1, 24}, "ATL", "GSW") == std::nullopt);
  const OddsApiProps with_null(nullptr);  // a null pointer is taken as no look-ups
  CHECK(with_null.schedule_game_id({2024, 1, 24}, "ATL", "GSW") == std::nullopt);
}
