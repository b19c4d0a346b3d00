// Backfills into BigQuery through the loopback BigQuery test server: batching into load jobs, what is
// sent, resume, crash convergence, job attachment and retries, and errors surfaced with BigQuery's words.
#include "io/backfill_support.hpp"
#include "io/noted_items.hpp"
#include "io/sink_harness.hpp"
#include "support/bigquery_test_server.hpp"

#include <nbaraw/bigquery/statements.hpp>
#include <nbaraw/core/recency.hpp>
#include <nbaraw/sinks/bigquery_sink.hpp>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

using namespace nbaraw;
using namespace nbaraw::test;

namespace {

const std::string project = "test-project";

/// A bucket folder, a BigQuery test server on an SQLite file, and one run = one new client and sink,
/// as one driver invocation would have.
class BigQueryBench {
 public:
  BigQueryBench() : source_(bucket_.path()), server_(server_options(work_.path())) {}

  static BigQueryTestServer::Options server_options(const std::filesystem::path& folder) {
    BigQueryTestServer::Options o;
    o.database = folder / "bigquery.db";
    o.project = project;
    return o;
  }

  void put(std::string_view name, std::string_view bytes) { bucket_.write(name, bytes, false); }
  BigQueryTestServer& server() { return server_; }

  /// Runs one backfill; `client_stats` (if given) receives the counters of the run's BigQuery client.
  template <class P = TestProcessor>
  RunSummary run(BackfillOptions options, Reporter& reporter, BigQuerySinkOptions sink_options = default_sink(),
                 const P& processor = P()) {
    net::HttpClientOptions http_options;
    http_options.retry.max_attempts = 3;
    http_options.retry.initial_backoff = std::chrono::milliseconds(1);
    http_options.retry.max_backoff = std::chrono::milliseconds(5);
    net::HttpClient http(http_options);
    bigquery::Client client(http, auth::anonymous_credentials(), client_options());
    BigQuerySink sink(client, sink_options);
    Backfill<P, ObservedSource, BigQuerySink> backfill(processor, source_, sink, std::move(options), reporter);
    RunSummary summary = backfill.run();
    last_attached = client.stats().attached.load();
    last_job_retries = client.stats().job_retries.load();
    last_polls = client.stats().polls.load();
    return summary;
  }

  /// The server's endpoint and project, with short polls and backoffs.
  bigquery::ClientOptions client_options() const {
    bigquery::ClientOptions o;
    o.endpoint = server_.base_url();
    o.project = project;
    o.first_poll = std::chrono::milliseconds(1);
    o.max_poll = std::chrono::milliseconds(10);
    o.rate_limit_retry.initial_backoff = std::chrono::milliseconds(1);
    return o;
  }
  /// A client of the server of its own, for what a test sends directly.
  std::unique_ptr<bigquery::Client> client(net::HttpClient& http) const {
    return std::make_unique<bigquery::Client>(http, auth::anonymous_credentials(), client_options());
  }

  static BigQuerySinkOptions default_sink() {
    BigQuerySinkOptions o;
    o.project = project;
    o.create_tables = true;
    return o;
  }

  /// "<source_file_path> <item_id> <value>" per table row, sorted.
  std::vector<std::string> table() const {
    std::vector<std::string> out;
    const std::string sql = "SELECT source_file_path, item_id, value FROM \"" +
                            BigQueryTestServer::sqlite_table("nba_raw", "test_items") + "\"";
    for (const SqlRow& row : sql_query(server_.database().string(), sql))
      out.push_back(fmt::format("{} {} {}", std::string_view(row.at(0).as_string()),
                                std::string_view(row.at(1).as_string()), row.at(2).as_int64()));
    std::sort(out.begin(), out.end());
    return out;
  }

  /// object name -> row_count in the ledger table.
  std::map<std::string, std::int64_t> ledger() const {
    std::map<std::string, std::int64_t> out;
    const std::string sql = "SELECT object_name, row_count FROM \"" +
                            BigQueryTestServer::sqlite_table("nba_raw", "_nbaraw_ledger") + "\"";
    for (const SqlRow& row : sql_query(server_.database().string(), sql))
      out[std::string(row.at(0).as_string())] = row.at(1).as_int64();
    return out;
  }

  /// The query text of every query job sent so far.
  std::vector<std::string> queries() const {
    std::vector<std::string> out;
    for (const auto& r : server_.requests())
      if (r.method == "POST" && r.target.find("/upload/") == std::string::npos && r.target.ends_with("/jobs")) {
        auto job = boost::json::parse(r.body).as_object();
        out.emplace_back(job.at("configuration").as_object().at("query").as_object().at("query").as_string());
      }
    return out;
  }

  std::uint64_t last_attached = 0, last_job_retries = 0, last_polls = 0;

 private:
  TempDir bucket_, work_;
  ObservedSource source_;
  BigQueryTestServer server_;
};

/// TestProcessor's rows plus the file's date folder as `day`, in a table partitioned by day that requires
/// a partition filter, with the strategy asked for (keyed by item_id).
class DatedItems {
 public:
  using input_type = boost::json::value;
  explicit DatedItems(StrategyKind kind, bool day_in_key = false) {
    info_ = inner_.info();
    info_.table.table = "dated_items";
    info_.table.columns.push_back({"day", ColumnType::DATE, ColumnMode::REQUIRED});
    info_.table.partitioning = {Partitioning::Kind::day, "day"};
    info_.table.require_partition_filter = true;
    std::vector<std::string> keys{"item_id"};
    if (day_in_key) keys.push_back("day");
    if (kind == StrategyKind::append_always || kind == StrategyKind::replace_table) keys.clear();
    info_.strategy = {kind, keys, kind == StrategyKind::merge_keep ? std::vector<std::string>{"value"} : std::vector<std::string>{}};
  }
  const ProcessorInfo& info() const { return info_; }
  std::vector<std::string> validate(const boost::json::value& in) const { return inner_.validate(in); }
  TransformResult transform(const boost::json::value& in, const FileContext& context) const {
    TransformResult out = inner_.transform(in, context);
    for (Row& row : out.rows) row["day"] = context.folder_date->iso();
    return out;
  }

 private:
  TestProcessor inner_;
  ProcessorInfo info_;
};

/// Six files over three days, two items each.
void put_six_files(BigQueryBench& bench) {
  for (int day = 1; day <= 3; ++day)
    for (int n = 0; n < 2; ++n)
      bench.put(fmt::format("src/2024-01-0{}/2024010{}_0{}0000.json", day, day, n),
                items_doc({fmt::format("d{}n{}a", day, n), fmt::format("d{}n{}b", day, n)}));
}

BackfillOptions three_days(std::size_t batch_files = 100) {
  BackfillOptions o = options_for(jan1, jan3);
  o.batch_files = batch_files;
  return o;
}

std::size_t count_containing(const std::vector<std::string>& texts, std::string_view what) {
  return std::size_t(std::count_if(texts.begin(), texts.end(), [&](const std::string& t) { return t.find(what) != std::string::npos; }));
}

/// The table a clean run of put_six_files gives.
std::vector<std::string> clean_table() {
  BigQueryBench clean;
  put_six_files(clean);
  Reporter quiet;
  REQUIRE(clean.run(three_days(2), quiet).exit_code() == 0);
  return clean.table();
}

}  // namespace

TEST_CASE("bigquery: a backfill sends one load job and one transaction per batch, never one per file",
          "[bigquery][backfill]") {
  BigQueryBench bench;
  put_six_files(bench);
  RecordingReporter reporter;
  const RunSummary summary = bench.run(three_days(4), reporter);
  REQUIRE(summary.exit_code() == 0);
  CHECK(summary.count(FileStatus::success) == 6);
  CHECK(summary.load_batches == 2);
  CHECK(bench.server().jobs_of_kind(JobKind::load) == 2);
  CHECK(bench.table().size() == 12);
  CHECK(bench.ledger().size() == 6);

  const auto queries = bench.queries();
  CHECK(count_containing(queries, "BEGIN TRANSACTION") == 2);
  CHECK(count_containing(queries, "SELECT `object_name`") == 0);  // no ledger table yet: nothing to read

  RecordingReporter second;  // the next run reads the ledger once, whatever the number of files and days
  REQUIRE(bench.run(three_days(4), second).exit_code() == 0);
  CHECK(count_containing(bench.queries(), "SELECT `object_name`") == 1);
  for (const auto& r : bench.server().requests()) {
    CHECK(r.target.find("insertAll") == std::string::npos);  // never the streaming API
    if (r.target.find("/upload/bigquery/v2/projects/test-project/jobs") == 0) {
      CHECK_THAT(r.target, Catch::Contains("uploadType=multipart"));
      CHECK_THAT(r.headers.at("content-type"), Catch::StartsWith("multipart/related; boundary="));
    }
  }
  // The staging tables are gone after their batch applied, and were made to expire in any case.
  const auto tables = sql_query(bench.server().database().string(),
                                "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%_nbaraw_staging_%'");
  CHECK(tables.empty());
}

TEST_CASE("bigquery: no object name or row value is in any SQL text sent", "[bigquery][backfill][safety]") {
  BigQueryBench bench;
  const std::string hostile_id = "x'); DELETE FROM `test-project.nba_raw.test_items` WHERE ('1'='1";
  const std::string name = "src/2024-01-01/it's;`quoted`.json";
  bench.put(name, items_doc({hostile_id, "O'Neal"}));
  RecordingReporter reporter;
  REQUIRE(bench.run(three_days(), reporter).exit_code() == 0);
  CHECK(bench.table() == std::vector<std::string>{name + " O'Neal 2", name + " " + hostile_id + " 1"});
  const auto queries = bench.queries();
  REQUIRE(queries.size() >= 1);
  for (const auto& sql : queries) {
    INFO(sql);
    CHECK(sql.find("O'Neal") == std::string::npos);
    CHECK(sql.find(hostile_id) == std::string::npos);
    CHECK(sql.find("it's") == std::string::npos);
  }
  // Staging and apply requests carried useLegacySql=false and named parameters.
  for (const auto& r : bench.server().requests())
    if (r.method == "POST" && r.target.ends_with("/jobs")) {
      auto query = boost::json::parse(r.body).at("configuration").at("query").as_object();
      CHECK(query.at("useLegacySql") == false);
      CHECK(query.at("parameterMode") == "NAMED");
    }
}

TEST_CASE("bigquery: a second run resumes from the ledger and sends no load", "[bigquery][backfill][resume]") {
  BigQueryBench bench;
  put_six_files(bench);
  RecordingReporter first, second;
  REQUIRE(bench.run(three_days(), first).exit_code() == 0);
  const auto table = bench.table();
  const unsigned loads = bench.server().jobs_of_kind(JobKind::load);
  bench.server().clear_requests();

  const RunSummary again = bench.run(three_days(), second);
  CHECK(again.count(FileStatus::skipped) == 6);
  CHECK(bench.server().jobs_of_kind(JobKind::load) == loads);
  CHECK(bench.table() == table);
  CHECK(bench.queries().size() == 1);  // the ledger read, nothing else

  RecordingReporter third;
  BackfillOptions reprocess = three_days(3);
  reprocess.reprocess = true;
  REQUIRE(bench.run(reprocess, third).exit_code() == 0);
  CHECK(bench.table() == table);  // replaced, not duplicated
}

TEST_CASE("bigquery: a crash before or after the transaction, then a re-run, converges to one clean run's table",
          "[bigquery][backfill][crash]") {
  const CrashPoint point = GENERATE(CrashPoint::before_script, CrashPoint::after_script);
  INFO((point == CrashPoint::before_script ? "crash after the load, before the transaction" : "crash after the transaction"));
  const auto expected = clean_table();

  BigQueryBench bench;
  put_six_files(bench);
  bench.server().crash_at(point);
  RecordingReporter crashed;
  // One worker: files complete in plan order, so the re-run forms the same batches and can adopt the
  // crashed run's jobs. (With more workers, batches follow completion order; the table converges either way.)
  BackfillOptions options = three_days(2);
  options.max_workers = 1;
  const RunSummary first = bench.run(options, crashed);
  CHECK(first.exit_code() == 1);
  CHECK(first.count(FileStatus::success) == 0);  // the run never saw a batch through
  bench.server().revive();

  RecordingReporter rerun;
  const RunSummary second = bench.run(options, rerun);
  CHECK(second.exit_code() == 0);
  CHECK(bench.table() == expected);
  CHECK(bench.ledger().size() == 6);
  if (point == CrashPoint::before_script) {
    CHECK(bench.last_attached >= 1);  // the first batch's load job was adopted, not run again
    CHECK(second.count(FileStatus::success) == 6);
  } else {
    CHECK(second.count(FileStatus::skipped) == 2);  // the first batch had committed with its ledger
    CHECK(second.count(FileStatus::success) == 4);
  }
}

TEST_CASE("bigquery: a job submitted twice runs once, the second submission attaches", "[bigquery][client]") {
  BigQueryBench bench;
  net::HttpClient http;
  auto client_ptr = bench.client(http);
  bigquery::Client& client = *client_ptr;
  boost::json::object query{{"query", {{"query", "SELECT 1 AS one"}, {"useLegacySql", false}}}};
  const auto first = client.run_query("nbaraw_test_job", query);
  const auto second = client.run_query("nbaraw_test_job", query);
  CHECK_FALSE(first.attached);
  CHECK(second.attached);
  CHECK(second.job_id == "nbaraw_test_job");
  CHECK(bench.server().jobs_of_kind(JobKind::query) == 1);
  CHECK(client.stats().attached == 1);
  const auto rows = client.query_results(second);
  REQUIRE(rows.rows.size() == 1);
  CHECK(rows.rows[0][0] == "1");
}

TEST_CASE("bigquery: transient job failures and concurrent-update aborts run again under a new id, HTTP 5xx and 429 are retried",
          "[bigquery][backfill][retry]") {
  BigQueryBench bench;
  put_six_files(bench);
  const JobKind kind = GENERATE(JobKind::load, JobKind::query);
  // reason, message: transient reasons, and a transaction cancelled by a concurrent one on the same table
  // (the tasks of a sharded job load one table in parallel)
  auto [reason, message] = GENERATE(table<std::string, std::string>({
      {"backendError", "transient trouble"},
      {"rateLimitExceeded", "transient trouble"},
      {"internalError", "transient trouble"},
      {"invalidQuery", "Transaction is aborted due to concurrent update against table p:nba_raw.t"},
  }));
  INFO(reason << ": " << message);
  bench.server().fail_jobs(kind, 1, reason, message);
  Faults faults;
  faults.fail_first = 2;
  faults.error_status = 503;
  bench.server().set_faults(faults);
  RecordingReporter reporter;
  const RunSummary summary = bench.run(three_days(), reporter);
  REQUIRE(summary.exit_code() == 0);
  CHECK(bench.last_job_retries == 1);
  CHECK(summary.retries >= 1);
  CHECK(bench.table() == clean_table());
  const auto ids = bench.server().job_ids();
  CHECK(std::count_if(ids.begin(), ids.end(), [](const std::string& id) { return id.ends_with("_a2"); }) == 1);
}

TEST_CASE("bigquery: a failed job fails its batch's files with BigQuery's message, and nothing is applied",
          "[bigquery][backfill][errors]") {
  BigQueryBench bench;
  put_six_files(bench);
  const JobKind kind = GENERATE(JobKind::load, JobKind::query);
  bench.server().fail_jobs(kind, 1, "invalid", "Error while reading data, error message: a very particular complaint");
  RecordingReporter reporter;
  const RunSummary summary = bench.run(three_days(2), reporter);
  CHECK(summary.exit_code() == 1);
  CHECK(summary.count(FileStatus::error) == 2);
  CHECK(summary.count(FileStatus::success) == 4);
  for (const auto& r : reporter.done)
    if (r.status == FileStatus::error) CHECK_THAT(r.reason, Catch::Contains("a very particular complaint"));
  CHECK(bench.table().size() == 8);
  CHECK(bench.ledger().size() == 4);

  RecordingReporter again;  // the failed job is superseded, not adopted, on the next run
  REQUIRE(bench.run(three_days(2), again).exit_code() == 0);
  CHECK(bench.table() == clean_table());
}

TEST_CASE("bigquery: rows in the streaming buffer give the batch's files their own status, nothing is half-applied",
          "[bigquery][backfill][streaming]") {
  BigQueryBench bench;
  put_six_files(bench);
  RecordingReporter first;
  REQUIRE(bench.run(three_days(), first).exit_code() == 0);
  const auto table = bench.table();

  bench.put("src/2024-01-02/20240102_090000.json", items_doc({"late"}));
  bench.server().set_streaming_buffer("nba_raw", "test_items", true);
  RecordingReporter blocked;
  const RunSummary summary = bench.run(three_days(), blocked);
  CHECK(summary.exit_code() == 1);
  CHECK(summary.count(FileStatus::streaming_buffer) == 1);
  const FileResult& late = blocked.result("src/2024-01-02/20240102_090000.json");
  CHECK(late.status == FileStatus::streaming_buffer);
  CHECK_THAT(late.reason, Catch::Contains("streaming buffer"));
  CHECK(bench.table() == table);
  CHECK(bench.ledger().size() == 6);

  bench.server().set_streaming_buffer("nba_raw", "test_items", false);
  RecordingReporter later;
  const RunSummary retried = bench.run(three_days(), later);
  CHECK(retried.exit_code() == 0);
  CHECK(retried.count(FileStatus::success) == 1);
  CHECK(bench.table().size() == table.size() + 1);
}

TEST_CASE("bigquery: a missing table without --create-tables stops the run before any load, naming it",
          "[bigquery][backfill][tables]") {
  BigQueryBench bench;
  put_six_files(bench);
  BigQuerySinkOptions no_create = BigQueryBench::default_sink();
  no_create.create_tables = false;
  RecordingReporter reporter;
  CHECK_THROWS_WITH(bench.run(three_days(), reporter, no_create),
                    Catch::Contains("test-project:nba_raw.test_items") && Catch::Contains("--create-tables"));
  CHECK(bench.server().jobs_of_kind(JobKind::load) == 0);
  CHECK_FALSE(bench.server().table_resource("nba_raw", "test_items"));
}

TEST_CASE("bigquery: an existing table whose schema cannot take the rows stops the run, naming the columns",
          "[bigquery][backfill][tables]") {
  BigQueryBench bench;
  put_six_files(bench);
  // The table exists with value as STRING and a REQUIRED column the rows do not have.
  net::HttpClient http;
  auto client_ptr = bench.client(http);
  bigquery::Client& client = *client_ptr;
  TableSchema wrong = TestProcessor().info().table;
  wrong.columns[2].type = ColumnType::STRING;
  wrong.columns.push_back({"owner", ColumnType::STRING, ColumnMode::REQUIRED});
  REQUIRE(client.insert_table(bigquery::table_resource({project, "nba_raw", "test_items"}, wrong)));

  RecordingReporter reporter;
  CHECK_THROWS_WITH(bench.run(three_days(), reporter),
                    Catch::Contains("column value is STRING but the rows hold INT64") &&
                        Catch::Contains("column owner is REQUIRED"));
  CHECK(bench.server().jobs_of_kind(JobKind::load) == 0);
}

TEST_CASE("bigquery: --create-tables makes the table from the processor's schema", "[bigquery][backfill][tables]") {
  BigQueryBench bench;
  put_six_files(bench);
  RecordingReporter reporter;
  REQUIRE(bench.run(three_days(), reporter).exit_code() == 0);
  const auto table = bench.server().table_resource("nba_raw", "test_items");
  REQUIRE(table);
  const auto& fields = table->at("schema").at("fields").as_array();
  REQUIRE(fields.size() == 3);
  CHECK(fields[0].at("name") == "source_file_path");
  CHECK(fields[0].at("mode") == "REQUIRED");
  CHECK(fields[2].at("type") == "INTEGER");  // tables.get answers the legacy name
  CHECK(bench.server().table_resource("nba_raw", "_nbaraw_ledger"));
}

TEST_CASE("bigquery: a query job is awaited by long polls of getQueryResults, without sleeping", "[bigquery][client][poll]") {
  BigQueryBench bench;
  bench.server().set_job_duration(std::chrono::milliseconds(300));
  net::HttpClient http;
  auto client = bench.client(http);
  boost::json::object query{{"query", {{"query", "SELECT 1 AS one"}, {"useLegacySql", false}}}};
  const auto started = std::chrono::steady_clock::now();
  const auto job = client->run_query("nbaraw_long_polled", query);
  CHECK(std::chrono::steady_clock::now() - started >= std::chrono::milliseconds(300));
  CHECK(client->stats().sleeps == 0);
  CHECK(bench.server().long_polls() >= 1);
  std::size_t long_polls = 0, job_gets = 0;
  for (const auto& r : bench.server().requests()) {
    if (r.target.find("/queries/nbaraw_long_polled?timeoutMs=") != std::string::npos) ++long_polls;
    if (r.target.find("/jobs/nbaraw_long_polled") != std::string::npos) ++job_gets;
  }
  CHECK(long_polls >= 1);
  CHECK(long_polls <= 2);  // held by the server until the job is done, not asked again and again
  CHECK(job_gets == 1);    // the finished job's status, once
  const auto rows = client->query_results(job);
  REQUIRE(rows.rows.size() == 1);
  CHECK(rows.rows[0][0] == "1");
}

TEST_CASE("bigquery: slow jobs are polled with backoff until done", "[bigquery][backfill][poll]") {
  TempDir bucket;
  BigQueryBench bench;
  put_six_files(bench);
  bench.server().set_job_polls_until_done(3);
  RecordingReporter reporter;
  REQUIRE(bench.run(three_days(), reporter).exit_code() == 0);
  CHECK(bench.last_polls >= 2 * 4);  // the load and the transaction: 3 RUNNING answers each, then DONE
  CHECK(bench.table().size() == 12);
}

TEST_CASE("bigquery: a dry run reads the ledger and writes nothing", "[bigquery][backfill][dry_run]") {
  BigQueryBench bench;
  put_six_files(bench);
  BigQuerySinkOptions read_only = BigQueryBench::default_sink();
  read_only.read_only = true;
  BackfillOptions dry = three_days();
  dry.dry_run = true;
  RecordingReporter reporter;
  const RunSummary summary = bench.run(dry, reporter, read_only);
  CHECK(summary.exit_code() == 0);
  CHECK(reporter.would.size() == 6);
  CHECK(bench.server().jobs_of_kind(JobKind::load) == 0);
  CHECK_FALSE(bench.server().table_resource("nba_raw", "test_items"));
}

TEST_CASE("bigquery: a table that requires a partition filter gets one in every statement, and re-loads converge",
          "[bigquery][backfill][partition]") {
  const StrategyKind kind = GENERATE(StrategyKind::append_always, StrategyKind::merge_update, StrategyKind::insert_new_only,
                                     StrategyKind::replace_table, StrategyKind::insert_new_keys, StrategyKind::merge_keep);
  // With the day in the key, a batch touches its own days only; without it, a key may live on any day.
  const bool day_in_key = GENERATE(false, true);
  INFO(to_string(kind) << (day_in_key ? ", key item_id + day" : ", key item_id"));
  BigQueryBench bench;
  put_six_files(bench);
  bench.put("src/2024-01-03/20240103_090000.json", items_doc({"d1n0a", "d3n1b"}));  // keys seen on other days too
  const DatedItems processor(kind, day_in_key);
  RecordingReporter first;
  REQUIRE(bench.run(three_days(3), first, BigQueryBench::default_sink(), processor).exit_code() == 0);
  const std::string table = "\"" + BigQueryTestServer::sqlite_table("nba_raw", "dated_items") + "\"";
  auto rows = [&] {
    std::vector<std::string> out;
    for (const SqlRow& row : sql_query(bench.server().database().string(),
                                       "SELECT source_file_path, item_id, day FROM " + table + " ORDER BY 1, 2"))
      out.push_back(fmt::format("{} {} {}", std::string_view(row.at(0).as_string()), std::string_view(row.at(1).as_string()),
                                std::string_view(row.at(2).as_string())));
    return out;
  };
  const auto loaded = rows();
  // append keeps all 14 rows; by item_id and day, d3n1b is shared on day 3 (13); by item_id, d1n0a too (12);
  // replace_table only the newest file's 2.
  CHECK(loaded.size() == (kind == StrategyKind::append_always   ? 14u
                          : kind == StrategyKind::replace_table ? 2u
                          : day_in_key                          ? 13u
                                                                : 12u));

  BackfillOptions again = three_days(2);  // other batches this time
  again.reprocess = true;
  RecordingReporter second;
  REQUIRE(bench.run(again, second, BigQueryBench::default_sink(), processor).exit_code() == 0);
  CHECK(rows() == loaded);
  for (const auto& sql : bench.queries())
    if (sql.find("BEGIN TRANSACTION") != std::string::npos) CHECK_THAT(sql, Catch::Contains("`day` BETWEEN @partition_low"));
}

TEST_CASE("bigquery: the test server refuses a statement on such a table without a partition filter",
          "[bigquery][partition]") {
  BigQueryBench bench;
  put_six_files(bench);
  RecordingReporter reporter;
  REQUIRE(bench.run(three_days(), reporter, BigQueryBench::default_sink(), DatedItems(StrategyKind::append_always))
              .exit_code() == 0);
  net::HttpClient http;
  auto client_ptr = bench.client(http);
  bigquery::Client& client = *client_ptr;
  const boost::json::object unfiltered{
      {"query", {{"query", "DELETE FROM `test-project.nba_raw.dated_items` WHERE `item_id` = 'x'"}, {"useLegacySql", false}}}};
  CHECK_THROWS_WITH(client.run_query("unfiltered", unfiltered), Catch::Contains("without a filter over column(s) 'day'"));
  const boost::json::object filtered{
      {"query",
       {{"query", "DELETE FROM `test-project.nba_raw.dated_items` WHERE `day` = '2024-01-01' AND `item_id` = 'x'"},
        {"useLegacySql", false}}}};
  CHECK_NOTHROW(client.run_query("filtered", filtered));
}

TEST_CASE("bigquery: a ledger from before recency is patched and its entries filled in, and newest wins across runs",
          "[bigquery][backfill][recency]") {
  BigQueryBench bench;
  net::HttpClient http;
  auto client = bench.client(http);
  // The ledger as the first version wrote it: no recency column, one entry.
  TableSchema legacy = bigquery::ledger_schema("nba_raw", "_nbaraw_ledger");
  legacy.columns.pop_back();
  REQUIRE(legacy.columns.back().name == "loaded_at");
  client->insert_table(bigquery::table_resource({project, "nba_raw", "_nbaraw_ledger"}, legacy));
  bigquery::Statement entry;
  entry.sql = "INSERT INTO `test-project.nba_raw._nbaraw_ledger` (`table_name`, `object_name`, `generation`, "
              "`processor_version`, `row_count`, `loaded_at`) VALUES (@t, @o, '1700000000000000', 'v1', 1, CURRENT_TIMESTAMP())";
  entry.parameters.push_back(bigquery::scalar_parameter("t", "STRING", std::string("nba_raw.dated_items")));
  entry.parameters.push_back(bigquery::scalar_parameter("o", "STRING", std::string("src/2024-01-01/legacy.json")));
  client->run_query(bigquery::random_job_id("legacy"), entry.query_configuration());

  // Run 1: the newer scrape of item a. Run 2: a file without a scrape time in its name, in an older folder, that
  // sorts after it as text and was written later: it must not replace item a.
  const DatedItems merge(StrategyKind::merge_update);
  bench.put("src/2024-01-02/20240102_090000.json", items_doc({"a"}));
  Reporter quiet;
  REQUIRE(bench.run<DatedItems>(three_days(), quiet, BigQueryBench::default_sink(), merge).exit_code() == 0);
  bench.put("src/2024-01-01/zz-manual-copy.json", items_doc({"b", "a"}));
  REQUIRE(bench.run<DatedItems>(three_days(), quiet, BigQueryBench::default_sink(), merge).exit_code() == 0);
  const std::string dated = "SELECT source_file_path, item_id FROM \"" + BigQueryTestServer::sqlite_table("nba_raw", "dated_items") + "\"";
  std::vector<std::string> rows;
  for (const SqlRow& row : sql_query(bench.server().database().string(), dated))
    rows.push_back(fmt::format("{} {}", std::string_view(row.at(0).as_string()), std::string_view(row.at(1).as_string())));
  std::sort(rows.begin(), rows.end());
  CHECK(rows == std::vector<std::string>{"src/2024-01-01/zz-manual-copy.json b", "src/2024-01-02/20240102_090000.json a"});

  // The ledger has the column now, and every entry its recency, the legacy one from its name and generation.
  const auto resource = client->get_table("nba_raw", "_nbaraw_ledger");
  REQUIRE(resource);
  CHECK(bigquery::incompatibilities(bigquery::ledger_schema("nba_raw", "_nbaraw_ledger"), *resource).empty());
  const std::string recency = "SELECT object_name, recency FROM \"" + BigQueryTestServer::sqlite_table("nba_raw", "_nbaraw_ledger") + "\"";
  std::map<std::string, std::string> by_object;
  for (const SqlRow& row : sql_query(bench.server().database().string(), recency))
    by_object[std::string(row.at(0).as_string())] = row.at(1).is_string() ? std::string(row.at(1).as_string()) : "NULL";
  CHECK(by_object.at("src/2024-01-01/legacy.json") == recency_key("src/2024-01-01/legacy.json", "1700000000000000"));
  CHECK(by_object.at("src/2024-01-02/20240102_090000.json").starts_with("120240102090000."));
  CHECK(by_object.at("src/2024-01-01/zz-manual-copy.json").starts_with("000000000000000."));
}

namespace {

/// "<table> <object> <row_count>" per ledger entry, sorted.
std::vector<std::string> ledger_entries(BigQueryBench& bench) {
  std::vector<std::string> out;
  const std::string sql = "SELECT table_name, object_name, row_count FROM \"" +
                          BigQueryTestServer::sqlite_table("nba_raw", "_nbaraw_ledger") + "\"";
  for (const SqlRow& row : sql_query(bench.server().database().string(), sql))
    out.push_back(fmt::format("{} {} {}", std::string_view(row.at(0).as_string()), std::string_view(row.at(1).as_string()),
                              row.at(2).as_int64()));
  std::sort(out.begin(), out.end());
  return out;
}

std::size_t rows_of(BigQueryBench& bench, std::string_view table) {
  return std::size_t(sql_count(bench.server().database().string(), BigQueryTestServer::sqlite_table("nba_raw", table)));
}

}  // namespace

TEST_CASE("bigquery: a processor with two tables sends one load job per table and one transaction per batch",
          "[bigquery][backfill][tables]") {
  BigQueryBench bench;
  put_six_files(bench);
  RecordingReporter reporter;
  const RunSummary summary = bench.run(three_days(4), reporter, BigQueryBench::default_sink(), NotedItems());
  REQUIRE(summary.exit_code() == 0);
  CHECK(summary.load_batches == 2);
  CHECK(bench.server().jobs_of_kind(JobKind::load) == 4);
  CHECK(count_containing(bench.queries(), "BEGIN TRANSACTION") == 2);
  CHECK(rows_of(bench, "test_items") == 12);
  CHECK(rows_of(bench, "test_item_notes") == 12);
  CHECK(summary.rows_by_table.at("nba_raw.test_item_notes") == 12);
  const auto ledger = ledger_entries(bench);
  CHECK(ledger.size() == 12);
  CHECK(std::count_if(ledger.begin(), ledger.end(), [](const std::string& e) { return e.starts_with("nba_raw.test_item_notes "); }) == 6);
  for (const auto& sql : bench.queries()) {
    CHECK(sql.find("d1n0a") == std::string::npos);
    CHECK(sql.find("src/2024") == std::string::npos);
  }

  RecordingReporter again;  // a re-run of every file converges
  BackfillOptions reprocess = three_days(3);
  reprocess.reprocess = true;
  REQUIRE(bench.run(reprocess, again, BigQueryBench::default_sink(), NotedItems()).exit_code() == 0);
  CHECK(rows_of(bench, "test_items") == 12);
  CHECK(rows_of(bench, "test_item_notes") == 12);
  CHECK(ledger_entries(bench) == ledger);
}

TEST_CASE("bigquery: when the second table fails, nothing of the batch is applied, and the re-run converges",
          "[bigquery][backfill][tables]") {
  BigQueryBench bench;
  bench.put("src/2024-01-01/20240101_120000.json", items_doc({"a"}));
  RecordingReporter first;
  REQUIRE(bench.run(options_for(jan1, jan1), first, BigQueryBench::default_sink(), NotedItems()).exit_code() == 0);

  put_six_files(bench);
  const std::string notes = BigQueryTestServer::sqlite_table("nba_raw", "test_item_notes");
  break_sqlite_table(bench.server().database().string(), notes, true);
  RecordingReporter failing;
  const RunSummary failed = bench.run(three_days(), failing, BigQueryBench::default_sink(), NotedItems());
  CHECK(failed.count(FileStatus::error) == 6);
  CHECK(rows_of(bench, "test_items") == 1);
  CHECK(rows_of(bench, "test_item_notes") == 1);
  CHECK(ledger_entries(bench).size() == 2);

  break_sqlite_table(bench.server().database().string(), notes, false);
  RecordingReporter again;
  REQUIRE(bench.run(three_days(), again, BigQueryBench::default_sink(), NotedItems()).exit_code() == 0);
  CHECK(rows_of(bench, "test_items") == 13);
  CHECK(rows_of(bench, "test_item_notes") == 13);
  CHECK(ledger_entries(bench).size() == 14);
}
