// bdl_injuries_backfill as the tasks of one job: shares from CLOUD_RUN_TASK_INDEX/COUNT, JOB_COMPLETION_INDEX
// with --shard-count, or --shard I/N; a retried attempt resumes from the ledger; the environment's defaults;
// bad task values are usage errors.
#include "production.hpp"
#include "support/gcs_test_server.hpp"

namespace fs = std::filesystem;
using namespace nbaraw::test;
using namespace nbaraw::test::e2e;

namespace {

std::vector<std::string> week_args(const TempDir& bucket, const std::string& sink) {
  return {"--source", bucket.path().string(), "--sink", sink, "--start-date", week.front(), "--end-date", week.back()};
}

}  // namespace

TEST_CASE("tasks: three Cloud Run tasks load disjoint whole days that together are the plan", "[e2e][tasks]") {
  TempDir bucket, work;
  const std::vector<std::string> all = lay_week(bucket);
  const std::string sink = "sqlite:" + (work / "nba_raw.db").string();

  std::set<std::string> together;
  std::set<std::string> run_ids;
  for (std::size_t task = 0; task < 3; ++task) {
    INFO("task " << task);
    const ProcessResult r =
        run_env(week_args(bucket, sink), work.path(),
                {{"CLOUD_RUN_TASK_INDEX", std::to_string(task)}, {"CLOUD_RUN_TASK_COUNT", "3"}, {"CLOUD_RUN_TASK_ATTEMPT", "0"}});
    REQUIRE(r.exit_code == 0);
    const auto lines = json_lines(r.err);  // json: stderr is not a terminal
    const std::set<std::string> loaded = objects_with_status(lines, "success");
    CHECK(objects_with_status(lines) == loaded);  // nothing but this task's files is reported
    CHECK_FALSE(loaded.empty());
    for (const auto& name : loaded) {
      CHECK(task_of_3.at(date_of(name)) == task);  // whole days, by the pinned hash
      CHECK(together.insert(name).second);          // disjoint
    }
    for (const auto& week_day : week)  // a week_day is all in or all out
      if (task_of_3.at(week_day) == task)
        CHECK(std::count_if(loaded.begin(), loaded.end(), [&](const auto& n) { return date_of(n) == week_day; }) == 2);
    for (const auto& line : lines) {
      CHECK(str(labels_of(line).at("task")) == std::to_string(task));
      CHECK(str(labels_of(line).at("task_count")) == "3");
      run_ids.insert(str(labels_of(line).at("run_id")));
    }
    const auto summary = summary_of(r);
    CHECK(summary.at("files_in_plan").to_number<std::int64_t>() == 14);
    CHECK(summary.at("files_in_shard").to_number<std::int64_t>() == std::int64_t(loaded.size()));
    CHECK(summary.at("task").at("index").to_number<std::int64_t>() == std::int64_t(task));
    bool share_logged = false;
    for (const auto& line : lines)
      share_logged = share_logged || str(line.at("message")).find(fmt::format("task {} of 3 takes", task)) == 0;
    CHECK(share_logged);
  }
  CHECK(together == std::set<std::string>(all.begin(), all.end()));  // complete
  CHECK(run_ids.size() == 3);                                         // one run id per run

  // Nothing is left for an unsharded run: the shares were exactly the plan.
  const ProcessResult whole = run_env(week_args(bucket, sink), work.path());
  CHECK(whole.exit_code == 0);
  CHECK(files_with(summary_of(whole), "skipped") == 14);
  CHECK(files_with(summary_of(whole), "success") == 0);
  CHECK(rows_from_sqlite(work / "nba_raw.db", "bdl_injuries").size() == 14 * 3);
}

TEST_CASE("tasks: --shard I/N and JOB_COMPLETION_INDEX with --shard-count give the Cloud Run shares", "[e2e][tasks]") {
  TempDir bucket, work;
  lay_week(bucket);
  const std::string sink = "sqlite:" + (work / "nba_raw.db").string();
  auto would_run = [&](std::vector<std::string> extra, const Env& env) {
    const ProcessResult r = run_env(concat(concat(week_args(bucket, sink), {"--dry-run"}), extra), work.path(), env);
    REQUIRE(r.exit_code == 0);
    std::set<std::string> out;
    for (const auto& line : json_lines(r.err))
      if (line.contains("would_run") && line.at("would_run").as_bool()) out.insert(str(line.at("object")));
    return out;
  };
  for (std::size_t task = 0; task < 3; ++task) {
    INFO("task " << task);
    const std::string index = std::to_string(task);
    const auto cloud_run = would_run({}, {{"CLOUD_RUN_TASK_INDEX", index}, {"CLOUD_RUN_TASK_COUNT", "3"}});
    CHECK_FALSE(cloud_run.empty());
    CHECK(would_run({"--shard", index + "/3"}, {}) == cloud_run);
    CHECK(would_run({"--shard-count", "3"}, {{"JOB_COMPLETION_INDEX", index}}) == cloud_run);
    // The flag wins over the environment.
    CHECK(would_run({"--shard=" + index + "/3"}, {{"CLOUD_RUN_TASK_INDEX", "0"}, {"CLOUD_RUN_TASK_COUNT", "7"}}) == cloud_run);
  }
}

TEST_CASE("tasks: a retried attempt resumes from the ledger, says so, and loads only what failed", "[e2e][tasks][resume]") {
  TempDir bucket, work;
  lay_week(bucket);
  // Task 1 of 3 has 2024-01-17; a third file that day is broken at the first attempt.
  const std::string broken = injuries_prefix + "2024-01-17/20240117_230000.json";
  bucket.write(broken, good_injuries.substr(0, 100));
  const std::string sink = "sqlite:" + (work / "nba_raw.db").string();
  const Env task1{{"CLOUD_RUN_TASK_INDEX", "1"}, {"CLOUD_RUN_TASK_COUNT", "3"}};

  Env first_attempt = task1;
  first_attempt.emplace_back("CLOUD_RUN_TASK_ATTEMPT", "0");
  const ProcessResult first = run_env(week_args(bucket, sink), work.path(), first_attempt);
  CHECK(first.exit_code == 1);  // Cloud Run retries the task
  CHECK(files_with(summary_of(first), "success") == 2);
  CHECK(files_with(summary_of(first), "json_error") == 1);
  CHECK_THAT(first.err, !Catch::Contains("resumes from the ledger"));

  bucket.write(broken, good_injuries);  // the scraper rewrote it
  Env retry = task1;
  retry.emplace_back("CLOUD_RUN_TASK_ATTEMPT", "1");
  const ProcessResult second = run_env(week_args(bucket, sink), work.path(), retry);
  CHECK(second.exit_code == 0);
  const auto lines = json_lines(second.err);
  CHECK(objects_with_status(lines, "skipped") == std::set<std::string>{injuries_prefix + "2024-01-17/20240117_080000.json",
                                                                      injuries_prefix + "2024-01-17/20240117_200000.json"});
  CHECK(objects_with_status(lines, "success") == std::set<std::string>{broken});
  bool resume_logged = false;
  for (const auto& line : lines) {
    CHECK(str(labels_of(line).at("attempt")) == "1");
    if (str(line.at("message")).find("attempt 1 of this task resumes from the ledger") == 0) {
      resume_logged = true;
      CHECK(line.at("severity").as_string() == "NOTICE");
      CHECK(line.at("files_already_loaded").to_number<std::int64_t>() == 2);
      CHECK(line.at("files_to_process").to_number<std::int64_t>() == 1);
    }
  }
  CHECK(resume_logged);
  CHECK(summary_of(second).at("task").at("attempt").to_number<std::int64_t>() == 1);
  CHECK(rows_from_sqlite(work / "nba_raw.db", "bdl_injuries").size() == 3 * 3);  // nothing loaded twice
}

TEST_CASE("tasks: START_DATE and END_DATE pick the range when the flags do not, and a flag wins", "[e2e][env]") {
  TempDir bucket, work;
  lay_week(bucket);
  const std::string sink = "sqlite:" + (work / "nba_raw.db").string();
  const std::vector<std::string> args{"--source", bucket.path().string(), "--sink", sink, "--dry-run"};
  auto planned_days = [](const ProcessResult& r) {
    std::set<std::string> days;
    for (const auto& line : json_lines(r.err))
      if (line.contains("would_run")) days.insert(date_of(str(line.at("object"))));
    return days;
  };
  const ProcessResult env_range = run_env(args, work.path(), {{"START_DATE", "2024-01-15"}, {"END_DATE", "2024-01-16"}});
  REQUIRE(env_range.exit_code == 0);
  CHECK(planned_days(env_range) == std::set<std::string>{"2024-01-15", "2024-01-16"});

  const ProcessResult flag_wins =
      run_env(concat(args, {"--end-date", "2024-01-17"}), work.path(), {{"START_DATE", "2024-01-15"}, {"END_DATE", "2024-01-16"}});
  REQUIRE(flag_wins.exit_code == 0);
  CHECK(planned_days(flag_wins) == std::set<std::string>{"2024-01-15", "2024-01-16", "2024-01-17"});
}

TEST_CASE("tasks: BUCKET_NAME names the bucket when neither --bucket nor --source does", "[e2e][env][gcs]") {
  TempDir bucket, work;
  lay_week(bucket);
  GcsTestServer::Options options;
  options.root = bucket.path();
  options.bucket = "env-named-bucket";
  GcsTestServer server(options);
  const ProcessResult r = run_env({"--sink", "sqlite:" + (work / "nba_raw.db").string(), "--dates", "2024-01-17"}, work.path(),
                                  {{"BUCKET_NAME", "env-named-bucket"}, {"STORAGE_EMULATOR_HOST", server.base_url()}});
  REQUIRE(r.exit_code == 0);
  const auto summary = summary_of(r);
  CHECK(summary.at("source").as_string() == "gs://env-named-bucket");
  CHECK(files_with(summary, "success") == 2);
}

TEST_CASE("tasks: bad task values and bad environment defaults exit 2 with one line naming them", "[e2e][tasks][usage]") {
  TempDir bucket, work;
  lay_week(bucket);
  const std::vector<std::string> base{"--source", bucket.path().string(), "--sink", "sqlite:" + (work / "nba_raw.db").string()};
  auto [extra, env, named] = GENERATE_REF(table<std::vector<std::string>, Env, std::string>({
      {{}, {{"CLOUD_RUN_TASK_INDEX", "3"}, {"CLOUD_RUN_TASK_COUNT", "3"}}, "CLOUD_RUN_TASK_INDEX 3 must be below CLOUD_RUN_TASK_COUNT 3"},
      {{}, {{"CLOUD_RUN_TASK_INDEX", "0"}, {"CLOUD_RUN_TASK_COUNT", "0"}}, "CLOUD_RUN_TASK_COUNT '0'"},
      {{}, {{"CLOUD_RUN_TASK_INDEX", "first"}, {"CLOUD_RUN_TASK_COUNT", "3"}}, "CLOUD_RUN_TASK_INDEX 'first'"},
      {{}, {{"CLOUD_RUN_TASK_INDEX", "1"}, {"CLOUD_RUN_TASK_COUNT", "three"}}, "CLOUD_RUN_TASK_COUNT 'three'"},
      {{}, {{"JOB_COMPLETION_INDEX", "1"}}, "JOB_COMPLETION_INDEX"},
      {{}, {{"CLOUD_RUN_TASK_ATTEMPT", "x"}}, "CLOUD_RUN_TASK_ATTEMPT 'x'"},
      {{}, {{"START_DATE", "2024-13-01"}}, "START_DATE '2024-13-01'"},
      {{}, {{"END_DATE", "yesterday"}}, "END_DATE 'yesterday'"},
      {{"--shard", "3/3"}, {}, "--shard '3/3'"},
      {{"--shard", "1/0"}, {}, "--shard '1/0'"},
      {{"--report", (work / "no-such-folder" / "report.json").string()}, {}, "no-such-folder"},
  }));
  const ProcessResult r = run_env(concat(base, extra), work.path(), env);
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK_THAT(r.err, Catch::Contains(named));
  CHECK_FALSE(fs::exists(work / "nba_raw.db"));
}

TEST_CASE("tasks: a malformed BUCKET_NAME is a usage error naming it", "[e2e][env][usage]") {
  TempDir work;
  const ProcessResult r = run_env({"--sink", "sqlite:" + (work / "nba_raw.db").string()}, work.path(), {{"BUCKET_NAME", "Bad_Bucket"}});
  CHECK(r.exit_code == 2);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK_THAT(r.err, Catch::Contains("BUCKET_NAME 'Bad_Bucket'"));
}
