// The same validation through the BigQuery test server (GoogleSQL, named typed parameters, tables that
// require a partition filter): the same report as SQLite gives for the same rows, for every table.
#include "validate_support.hpp"

#include "io/sink_harness.hpp"

#include <nbaraw/bigquery/statements.hpp>
#include <nbaraw/sinks/bigquery_validation.hpp>

using namespace nbaraw;
using namespace nbaraw::test;
using validation::Outcome;

namespace {

void load_bigquery(BigQueryTestSink& sink, const ProcessorInfo& info, const Rows& rows) {
  const std::vector<LoadFile> files = files_of(rows);
  const LoadTarget target{info.table, info.strategy, info.version};
  sink.prepare(target);
  sink.load(target, files);
}

/// check | scope | result | detail, one line per result.
std::vector<std::string> lines_of(const validation::Report& report) {
  std::vector<std::string> out;
  for (const auto& r : report.results)
    out.push_back(fmt::format("{} | {} | {} | {}", r.check, r.scope, validation::to_string(r.outcome), r.detail));
  return out;
}

struct Case {
  std::string name;
  const ProcessorInfo* info;
  Rows rows;
  std::vector<Date> dates;
};

std::vector<Case> cases() {
  std::vector<Case> out;
  {  // box scores: a game outside 20-40, a short team, odd minutes, a duplicate, a NULL points
    Rows rows = concat(concat(box_game(day(15), "MIA", "BOS", 12, 13), box_game(day(16), "CHI", "CLE", 9, 15)),
                       box_game(day(18), "LAL", "DEN", 21, 21));
    rows[3]["minutes"] = "75:00";
    rows[4]["points"] = nullptr;
    rows.push_back(rows[0]);
    out.push_back({"box scores", &boxscores_info(), rows, {day(14), day(15), day(16), day(17), day(18)}});
    out.push_back({"box scores, listed dates", &boxscores_info(), rows, {day(15), day(18)}});
  }
  {  // odds: a line, odds, coverage, a NULL player_lookup
    Rows rows = concat(odds_game(day(15), "MIA", "BOS", {"draftkings", "fanduel"}, 10), odds_game(day(16), "NYK", "PHI", {"fanduel"}, 5));
    rows[2]["points_line"] = 60.5;
    rows[1]["over_price_american"] = 900;
    rows[7]["player_lookup"] = nullptr;
    out.push_back({"odds", &odds_info(), rows, {day(15), day(16)}});
  }
  {  // gamebook: R-009, counts, reasons blank or NULL, an active player without points
    Rows rows = concat(gamebook_game(day(15), "MIA", "BOS", 12, 2, 1), gamebook_game(day(16), "NYK", "PHI", 0, 8, 3));
    rows[12]["dnp_reason"] = nullptr;
    rows[14]["dnp_reason"] = "  ";
    rows[3]["points"] = nullptr;
    out.push_back({"gamebook", &gamebook_info(), rows, {day(15), day(16)}});
  }
  {  // injuries: a status, a team id, the average
    Rows rows = injury_rows(day(15), 10);
    rows[2]["injury_status"] = "Suspended";
    rows[4]["bdl_team_id"] = nullptr;
    for (Row& r : rows) r["parsing_confidence"] = 0.5;
    out.push_back({"injuries", &injuries_info(), rows, {day(15)}});
  }
  return out;
}

}  // namespace

TEST_CASE("BigQuery (GoogleSQL through the test server) gives SQLite's report for every table", "[validate][bigquery]") {
  for (const Case& c : cases()) {
    INFO(c.name);
    TempDir tmp;
    load_sqlite(tmp / "nba_raw.db", *c.info, c.rows);
    const auto expected = validate_sqlite(tmp / "nba_raw.db", *c.info, c.dates);
    BigQueryTestSink sink(tmp.path());
    load_bigquery(sink, *c.info, c.rows);
    BigQueryValidationStore store(sink.client(), "test-project", "nba_raw");
    const auto actual = validation::validate_table(*c.info, store, c.dates);
    CHECK(actual.store == "bigquery://test-project/nba_raw");
    CHECK(lines_of(actual) == lines_of(expected));
    CHECK(actual.exit_code() == expected.exit_code());
    CHECK(expected.count(Outcome::fail) + expected.count(Outcome::warning) > 0);  // the bad rows were seen
  }
}

TEST_CASE("BigQuery queries filter the partition of a table that requires it", "[validate][bigquery]") {
  TempDir tmp;
  BigQueryTestSink sink(tmp.path());
  load_bigquery(sink, boxscores_info(), box_game(day(15), "MIA", "BOS", 12, 13));
  const auto resource = sink.server().table_resource("nba_raw", "bdl_player_boxscores");
  REQUIRE(resource);
  CHECK(resource->at("requirePartitionFilter").as_bool());
  // The server refuses a query without the filter, as BigQuery does...
  bigquery::Statement unfiltered;
  unfiltered.sql = "SELECT COUNT(*) FROM `test-project.nba_raw.bdl_player_boxscores`";
  CHECK_THROWS_WITH(sink.client().run_query("unfiltered", unfiltered.query_configuration()),
                    Catch::Contains("without a filter over column(s) 'game_date'"));
  // ...and runs every validation query, each selecting the range on game_date with DATE parameters.
  sink.server().clear_requests();
  BigQueryValidationStore store(sink.client(), "test-project", "nba_raw");
  const auto report = validation::validate_table(boxscores_info(), store, {day(15), day(17)});
  INFO(lines_of(report).size());
  CHECK(report.exit_code() == 0);
  std::size_t queries = 0;
  for (const auto& request : sink.server().requests()) {
    if (request.method != "POST" || request.target.find("/jobs") == std::string::npos) continue;
    ++queries;
    CHECK_THAT(request.body, Catch::Contains("FROM `test-project.nba_raw.bdl_player_boxscores` WHERE `game_date` BETWEEN @p"));
    CHECK_THAT(request.body, Catch::Contains("AND `game_date` IN (@p"));
    CHECK_THAT(request.body, Catch::Contains(R"("parameterType":{"type":"DATE"},"parameterValue":{"value":"2024-01-15"})"));
  }
  CHECK(queries == 5);  // rows per date, the totals, three group checks (nothing to name)
}

TEST_CASE("a BigQuery query that fails names the check and BigQuery's message", "[validate][bigquery]") {
  TempDir tmp;
  BigQueryTestSink sink(tmp.path());
  load_bigquery(sink, boxscores_info(), box_game(day(15), "MIA", "BOS", 12, 13));
  sink.server().fail_jobs(JobKind::query, 1, "invalidQuery", "Syntax error: something the server disliked");
  BigQueryValidationStore store(sink.client(), "test-project", "nba_raw");
  CHECK_THROWS_WITH(validation::validate_table(boxscores_info(), store, {day(15)}),
                    Catch::Contains("the query of check 'rows per date' failed") &&
                        Catch::Contains("Syntax error: something the server disliked"));
  BigQueryValidationStore other(sink.client(), "test-project", "nba_raw");
  const auto missing = validation::validate_table(odds_info(), other, {day(15)});
  REQUIRE(missing.results.size() == 1);
  CHECK(missing.results[0].detail == "bigquery://test-project/nba_raw has no table odds_api_player_points_props");
}
