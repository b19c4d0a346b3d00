// --validate on the command line: parsing, and bdl_boxscores_backfill end to end (backfill the samples into
// SQLite or the BigQuery test server, then validate the same dates).
#include "validate_support.hpp"

#include "support/bigquery_test_server.hpp"
#include "support/driver_run.hpp"

#include <nbaraw/cli/options.hpp>
#include <nbaraw/detail/sqlite.hpp>

namespace fs = std::filesystem;
using namespace nbaraw;
using namespace nbaraw::test;

namespace {

const DriverUnderTest& boxscores_driver() {
  static const DriverUnderTest d{"bdl_boxscores_backfill", {"ball-dont-lie/boxscores"}, "bdl_player_boxscores"};
  return d;
}

cli::Options parse(std::vector<std::string_view> args) { return cli::parse(args, cli::Environment{}); }

/// --validate over the samples' dates, with a text table on stdout.
std::vector<std::string> validate_args(const std::string& sink, const std::vector<std::string>& extra = {}) {
  return concat(concat({"--validate", "--sink", sink}, boxscores_driver().date_args()), extra);
}

/// The result and detail of a row of the printed table ("" when there is no such row).
std::pair<std::string, std::string> table_row(const std::string& out, std::string_view check, std::string_view scope) {
  auto trim = [](std::string s) {
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
  };
  std::size_t start = 0;
  while (start < out.size()) {
    const std::size_t end = out.find('\n', start);
    const std::string line = out.substr(start, end - start);
    start = end == std::string::npos ? out.size() : end + 1;
    std::vector<std::string> cells;
    for (std::size_t from = 0;;) {
      const std::size_t bar = line.find(" | ", from);
      cells.push_back(trim(line.substr(from, bar == std::string::npos ? std::string::npos : bar - from)));
      if (bar == std::string::npos || cells.size() == 3) {
        if (bar != std::string::npos) cells.push_back(line.substr(bar + 3));
        break;
      }
      from = bar + 3;
    }
    if (cells.size() == 4 && cells[0] == check && cells[1] == scope) return {cells[2], cells[3]};
  }
  return {};
}

using Cells = std::pair<std::string, std::string>;

}  // namespace

TEST_CASE("the --validate flag and the validate subcommand parse, and backfill flags and the ndjson sink are usage errors",
          "[validate][cli]") {
  CHECK(parse({"--validate", "--sink", "sqlite:x.db"}).validate);
  CHECK(parse({"validate", "--sink=sqlite:x.db", "--dates", "2024-01-15"}).validate);
  CHECK_FALSE(parse({"--sink", "sqlite:x.db"}).validate);
  CHECK_THROWS_AS(parse({"--sink", "sqlite:x.db", "validate"}), cli::UsageError);  // a subcommand comes first
  CHECK_THROWS_WITH(parse({"--validate", "--sink", "ndjson:out"}), Catch::Contains("not supported for the ndjson sink"));
  for (std::vector<std::string_view> extra : {std::vector<std::string_view>{"--dry-run"}, {"--reprocess"}, {"--limit", "3"},
                                              {"--report=r.json"}, {"--shard", "0/2"}, {"--team-filter", "BOS"}}) {
    std::vector<std::string_view> args{"validate", "--sink", "sqlite:x.db"};
    args.insert(args.end(), extra.begin(), extra.end());
    CHECK_THROWS_WITH(parse(args), Catch::Contains("runs no backfill: drop " + std::string(extra.front().substr(0, extra.front().find('=')))));
  }
  // The range comes from the flags or the environment, as for a backfill.
  const cli::Options from_env = cli::parse({"--validate", "--sink", "sqlite:x.db"}, [](std::string_view name) -> std::optional<std::string> {
    if (name == "START_DATE") return "2024-01-15";
    if (name == "END_DATE") return "2024-01-16";
    return std::nullopt;
  });
  CHECK(from_env.start_date == Date{2024, 1, 15});
  CHECK(from_env.end_date == Date{2024, 1, 16});
}

TEST_CASE("the driver backfills the samples into SQLite, then --validate prints the table and exits 0",
          "[validate][cli][e2e]") {
  TempDir tmp;
  const fs::path db = tmp / "nba_raw.db";
  const auto& driver = boxscores_driver();
  REQUIRE(driver.run(driver.sqlite_args(db), tmp.path()).exit_code == 0);

  const ProcessResult r = driver.run(validate_args("sqlite:" + db.string(), {"--log-format", "text"}), tmp.path());
  CHECK(r.exit_code == 0);
  CHECK_THAT(r.out, Catch::StartsWith("validation of nba_raw.bdl_player_boxscores in sqlite:" + db.string() +
                                      ", 2024-01-15 to 2024-01-16 (2 dates)\n"));
  const std::string range = "2024-01-15..2024-01-16";
  CHECK(table_row(r.out, "rows per date", "2024-01-15") == Cells{"PASS", "384 rows, 11 games"});
  CHECK(table_row(r.out, "rows per date", "2024-01-16") == Cells{"WARN", "no rows"});
  CHECK(table_row(r.out, "date span", range) == Cells{"INFO", "first 2024-01-15, last 2024-01-15: rows on 1 of 2 dates"});
  CHECK(table_row(r.out, "distinct games", range) == Cells{"INFO", "11 games"});
  CHECK(table_row(r.out, "null key fields", range).first == "PASS");
  CHECK(table_row(r.out, "players per game 20-40", range) == Cells{"PASS", "11 games, all 20-40"});
  CHECK(table_row(r.out, "players per team at least 10", range) == Cells{"PASS", "22 teams, all at least 10"});
  CHECK(table_row(r.out, "minutes between 0 and 60", range) == Cells{"PASS", "none of 384 rows"});
  CHECK(table_row(r.out, "unique (player_lookup, game_id)", range) == Cells{"PASS", "384 keys, all at most 1"});
  CHECK_THAT(r.out, Catch::EndsWith("result: PASS (0 failed, 1 warnings, 6 passed)\n"));
  CHECK_THAT(r.err, Catch::Contains("INFO validating nba_raw.bdl_player_boxscores"));

  // JSON: one object on stdout, the same checks; the range from START_DATE and END_DATE.
  const ProcessResult json =
      driver.run({"validate", "--sink", "sqlite:" + db.string(), "--log-format", "json"}, tmp.path(),
                 {{"START_DATE", "2024-01-15"}, {"END_DATE", "2024-01-16"}});
  CHECK(json.exit_code == 0);
  const auto summary = summary_of(json);
  CHECK(summary.at("result").as_string() == "PASS");
  CHECK(summary.at("exit_code").as_int64() == 0);
  CHECK(summary.at("first_date").as_string() == "2024-01-15");
  CHECK(summary.at("counts").at("warning").to_number<int>() == 1);
  CHECK(summary.at("checks").as_array().size() == 9);
  CHECK(summary.at("logging.googleapis.com/labels").at("job").as_string() == "bdl_boxscores_backfill");

  // A broken team: 8 of CLE's 16 rows gone. The check fails and names the team; exit 1.
  {
    detail::SqliteDatabase writable(db.string(), false);
    writable.exec("DELETE FROM bdl_player_boxscores WHERE rowid IN (SELECT rowid FROM bdl_player_boxscores WHERE "
                  "game_id = '20240115_CHI_CLE' AND team_abbr = 'CLE' ORDER BY player_lookup LIMIT 8)");
  }
  const ProcessResult broken = driver.run(validate_args("sqlite:" + db.string(), {"--log-format", "text"}), tmp.path());
  CHECK(broken.exit_code == 1);
  CHECK(table_row(broken.out, "players per team at least 10", range) ==
        Cells{"FAIL", "1 of 22 teams below 10: 20240115_CHI_CLE/CLE (8)"});
  CHECK_THAT(broken.out, Catch::EndsWith("result: FAIL (1 failed, 1 warnings, 5 passed)\n"));

  // Usage errors: exit 2, one line, nothing validated.
  const ProcessResult ndjson = driver.run(validate_args("ndjson:" + (tmp / "out").string()), tmp.path());
  CHECK(ndjson.exit_code == 2);
  CHECK_THAT(ndjson.err, Catch::Contains("validation is not supported for the ndjson sink"));
  CHECK(ndjson.out.empty());
  const ProcessResult dry = driver.run(validate_args("sqlite:" + db.string(), {"--dry-run"}), tmp.path());
  CHECK(dry.exit_code == 2);
}

TEST_CASE("through the BigQuery test server, the driver's --validate gives SQLite's table, and a failing query exits 1",
          "[validate][cli][e2e][bigquery]") {
  TempDir tmp;
  BigQueryTestServer::Options options;
  options.database = tmp / "bigquery.db";
  BigQueryTestServer server(options);
  const std::vector<std::pair<std::string, std::string>> env{{"BIGQUERY_EMULATOR_HOST", server.base_url()}};
  const auto& driver = boxscores_driver();
  const std::string sink = "bigquery://test-project/nba_raw";
  REQUIRE(driver.run(driver.args(sample_bucket().string(), sink, {"--create-tables"}), tmp.path(), env).exit_code == 0);

  const ProcessResult bq = driver.run(validate_args(sink, {"--log-format", "text"}), tmp.path(), env);
  CHECK(bq.exit_code == 0);
  TempDir other;
  const fs::path db = other / "nba_raw.db";
  REQUIRE(driver.run(driver.sqlite_args(db), other.path()).exit_code == 0);
  const ProcessResult lite = driver.run(validate_args("sqlite:" + db.string(), {"--log-format", "text"}), other.path());
  auto without_head = [](const std::string& text) { return text.substr(text.find('\n') + 1); };
  CHECK(without_head(bq.out) == without_head(lite.out));
  CHECK_THAT(bq.out, Catch::StartsWith("validation of nba_raw.bdl_player_boxscores in bigquery://test-project/nba_raw,"));

  server.fail_jobs(JobKind::query, 1, "invalidQuery", "Unrecognized name: game_date");
  const ProcessResult failed = driver.run(validate_args(sink, {"--log-format", "text"}), tmp.path(), env);
  CHECK(failed.exit_code == 1);
  CHECK(failed.out.empty());
  CHECK_THAT(failed.err, Catch::Contains("ERROR validation failed: the query of check 'rows per date' failed") &&
                             Catch::Contains("Unrecognized name: game_date"));
}
