// bdl_injuries_backfill from the loopback GCS emulator into the loopback BigQuery test server
// (STORAGE_EMULATOR_HOST, BIGQUERY_EMULATOR_HOST): the goldens, resume, faults, the default sink and
// its project, and the table check before any load.
#include "driver.hpp"
#include "support/bigquery_test_server.hpp"
#include "support/gcs_test_server.hpp"

namespace fs = std::filesystem;
using namespace nbaraw::test;
using namespace nbaraw::test::e2e;

namespace {

struct Servers {
  explicit Servers(const fs::path& work, std::string project = "test-project")
      : gcs(gcs_options()), bigquery(bigquery_options(work, std::move(project))) {}

  static GcsTestServer::Options gcs_options() {
    GcsTestServer::Options o;
    o.root = sample_bucket();
    o.bucket = "nba-scraped-data";
    return o;
  }
  static BigQueryTestServer::Options bigquery_options(const fs::path& work, std::string project) {
    BigQueryTestServer::Options o;
    o.database = work / "bigquery.db";
    o.project = std::move(project);
    return o;
  }

  ProcessResult run(const fs::path& cwd, std::vector<std::string> args,
                    std::vector<std::pair<std::string, std::string>> env = {}) {
    env.emplace_back("STORAGE_EMULATOR_HOST", gcs.base_url());
    env.emplace_back("BIGQUERY_EMULATOR_HOST", bigquery.base_url());
    ProcessResult r = run_process(driver(), concat(concat(std::move(args), {"--log-format", "json"}), sample_date_args()),
                                  ProcessOptions{env, cwd});
    UNSCOPED_INFO("exit " << r.exit_code << "\n--- stdout\n" << r.out << "--- stderr\n" << r.err);
    REQUIRE_FALSE(r.timed_out);
    return r;
  }

  RowsOf rows() const { return sqlite_rows(bigquery.database(), BigQueryTestServer::sqlite_table("nba_raw", "bdl_injuries")); }

  GcsTestServer gcs;
  BigQueryTestServer bigquery;
};

}  // namespace

TEST_CASE("bigquery: GCS emulator to BigQuery test server loads rows equal to the goldens, a re-run skips all",
          "[e2e][bigquery][golden]") {
  TempDir tmp;
  Servers servers(tmp.path());
  const ProcessResult r =
      servers.run(tmp.path(), {"--sink", "bigquery://test-project/nba_raw", "--create-tables", "--batch-size", "2"});
  REQUIRE(r.exit_code == 0);
  const auto summary = summary_of(r);
  CHECK(files_with(summary, "success") == std::int64_t(injuries_objects().size()));
  CHECK(summary.at("sink").as_string() == "bigquery://test-project/nba_raw");
  check_equals_goldens(servers.rows());
  CHECK(servers.bigquery.jobs_of_kind(JobKind::load) == (injuries_objects().size() + 1) / 2);

  const ProcessResult again = servers.run(tmp.path(), {"--sink", "bigquery://test-project/nba_raw"});
  REQUIRE(again.exit_code == 0);
  CHECK(files_with(summary_of(again), "skipped") == std::int64_t(injuries_objects().size()));
  check_equals_goldens(servers.rows());
}

TEST_CASE("bigquery: with 503s, 429s and resets injected into BigQuery, the rows still equal the goldens",
          "[e2e][bigquery][golden][faults]") {
  TempDir tmp;
  Servers servers(tmp.path());
  Faults faults;
  faults.error_share = 0.1;
  faults.error_status = GENERATE(503u, 429u);
  faults.reset_share = 0.05;
  faults.fail_first = 2;
  faults.seed = 11;
  servers.bigquery.set_faults(faults);
  const ProcessResult r = servers.run(tmp.path(), {"--sink", "bigquery://test-project/nba_raw", "--create-tables"});
  REQUIRE(r.exit_code == 0);
  CHECK(servers.bigquery.fault_counts().errors >= 2);
  check_equals_goldens(servers.rows());
}

TEST_CASE("bigquery: the default sink is bigquery://nba-props-platform/nba_raw, GCP_PROJECT_ID and --project move it",
          "[e2e][bigquery][options]") {
  TempDir tmp;
  SECTION("default") {
    Servers servers(tmp.path(), "nba-props-platform");
    const ProcessResult r = servers.run(tmp.path(), {"--create-tables"});
    REQUIRE(r.exit_code == 0);
    CHECK(summary_of(r).at("sink").as_string() == "bigquery://nba-props-platform/nba_raw");
    check_equals_goldens(servers.rows());
  }
  SECTION("GCP_PROJECT_ID") {
    Servers servers(tmp.path(), "env-project");
    const ProcessResult r = servers.run(tmp.path(), {"--create-tables"}, {{"GCP_PROJECT_ID", "env-project"}});
    REQUIRE(r.exit_code == 0);
    CHECK(summary_of(r).at("sink").as_string() == "bigquery://env-project/nba_raw");
  }
  SECTION("--project") {
    Servers servers(tmp.path(), "flag-project");
    const ProcessResult r = servers.run(tmp.path(), {"--create-tables", "--project", "flag-project"},
                                        {{"GCP_PROJECT_ID", "env-project"}});
    REQUIRE(r.exit_code == 0);
    CHECK(summary_of(r).at("sink").as_string() == "bigquery://flag-project/nba_raw");
  }
}

TEST_CASE("bigquery: a missing table without --create-tables fails the run before any load, naming the flag",
          "[e2e][bigquery][tables]") {
  TempDir tmp;
  Servers servers(tmp.path());
  const ProcessResult r = servers.run(tmp.path(), {"--sink", "bigquery://test-project/nba_raw"});
  CHECK(r.exit_code == 1);
  CHECK_THAT(r.err, Catch::Contains("test-project:nba_raw.bdl_injuries") && Catch::Contains("--create-tables"));
  CHECK(servers.bigquery.jobs_of_kind(JobKind::load) == 0);
}
