// bdl_injuries_backfill's logs and report as Cloud Run reads them: JSON lines by default when stderr is not a
// terminal (text on one), Cloud Logging fields and labels, no secret in any line, and --report FILE.
#include "auth/auth_support.hpp"
#include "auth/fake_token_server.hpp"
#include "production.hpp"

#include <nbaraw/core/file_status.hpp>

#include <boost/json/parse.hpp>

#include <cerrno>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace nbaraw::test;
using namespace nbaraw::test::e2e;

namespace {

const std::string day = "2025-07-15";
const std::string day_folder = injuries_prefix + day + "/";

/// Good, bad and empty files in one day day_folder: 3 success, 2 json_error, 1 validation_failed, 1 no_data.
void lay_mixed(const TempDir& bucket) {
  bucket.write(day_folder + "20250715_100000.json", good_injuries);
  bucket.write(day_folder + "20250715_110000.json", good_injuries.substr(0, good_injuries.size() / 2));
  bucket.write(day_folder + "20250715_120000.json", R"({"ident":"league","rowCount":1,"injuries":"Jaylen Brown, knee"})");
  bucket.write(day_folder + "20250715_130000.json", R"({"ident":"league","timestamp":"2025-07-15T13:00:00+00:00","rowCount":0,"injuries":[]})");
  bucket.write(day_folder + "20250715_140000.json", "");
  bucket.write(day_folder + "20250715_160000.json.gz", good_injuries, /*gzipped=*/true);
  bucket.write(day_folder + "injuries-latest.json", good_injuries);
}

std::vector<std::string> day_args(const TempDir& bucket, const TempDir& work) {
  return {"--source", bucket.path().string(), "--sink", "sqlite:" + (work / "nba_raw.db").string(), "--dates", day};
}

boost::json::object read_json_file(const fs::path& path) {
  REQUIRE(fs::exists(path));
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(read_file(path), ec);
  REQUIRE_FALSE(ec);
  REQUIRE(v.is_object());
  return v.as_object();
}

/// Runs the driver on a pseudo-terminal (stdout and stderr both on it); returns everything it wrote.
std::string run_on_terminal(const std::vector<std::string>& args, const fs::path& cwd) {
  std::vector<std::string> storage{driver().string()};
  storage.insert(storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : storage) argv.push_back(a.data());
  argv.push_back(nullptr);
  const std::string dir = cwd.string();
  int master = -1;
  const pid_t pid = ::forkpty(&master, nullptr, nullptr, nullptr);
  REQUIRE(pid >= 0);
  if (pid == 0) {
    if (::chdir(dir.c_str()) != 0) ::_exit(127);
    for (const char* name : {"CLOUD_RUN_TASK_INDEX", "CLOUD_RUN_TASK_COUNT", "CLOUD_RUN_TASK_ATTEMPT", "JOB_COMPLETION_INDEX",
                             "START_DATE", "END_DATE", "BUCKET_NAME"})
      ::unsetenv(name);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  std::string out;
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(master, buffer, sizeof buffer);
    if (n > 0) out.append(buffer, std::size_t(n));
    else if (n < 0 && errno == EINTR) continue;
    else break;  // EIO once the child has exited and closed the terminal
  }
  ::close(master);
  int status = 0;
  ::waitpid(pid, &status, 0);
  UNSCOPED_INFO("terminal output:\n" << out);
  CHECK(WIFEXITED(status));
  return out;
}

}  // namespace

TEST_CASE("logs: without --log-format, stderr that is not a terminal gets Cloud Logging JSON lines", "[e2e][logs]") {
  TempDir bucket, work;
  lay_mixed(bucket);
  const ProcessResult r = run_env(day_args(bucket, work), work.path(),
                                  {{"CLOUD_RUN_TASK_INDEX", "1"}, {"CLOUD_RUN_TASK_COUNT", "2"},  // 2025-07-15 is task 1's
                                   {"CLOUD_RUN_EXECUTION", "bdl-injuries-backfill-x7k2p"}});
  CHECK(r.exit_code == 1);
  const auto lines = json_lines(r.err);  // every line is a JSON object
  REQUIRE(lines.size() >= 9);
  const std::set<std::string> severities{"DEBUG", "INFO", "NOTICE", "WARNING", "ERROR"};
  std::set<std::string> run_ids;
  for (const auto& line : lines) {
    INFO(boost::json::serialize(line));
    CHECK(severities.count(str(line.at("severity"))) == 1);
    CHECK_FALSE(str(line.at("message")).empty());
    CHECK(is_rfc3339_utc(str(line.at("time"))));
    const auto& labels = labels_of(line);
    CHECK(str(labels.at("job")) == "bdl_injuries_backfill");
    CHECK(str(labels.at("processor")) == "bdl_injuries");
    CHECK(str(labels.at("task")) == "1");
    CHECK(str(labels.at("task_count")) == "2");
    CHECK(str(labels.at("execution")) == "bdl-injuries-backfill-x7k2p");
    for (const auto& [key, value] : labels) CHECK(value.is_string());  // Cloud Logging labels are strings
    run_ids.insert(str(labels.at("run_id")));
  }
  REQUIRE(run_ids.size() == 1);
  CHECK(run_ids.begin()->size() >= 16);

  // One line per file, with its fields at the top level (jsonPayload) as Cloud Logging shows them.
  std::map<std::string, boost::json::object> files;
  for (const auto& line : lines)
    if (line.contains("object") && line.contains("status")) files[str(line.at("object"))] = line;
  REQUIRE(files.size() == 7);
  const std::map<std::string, std::string> expected{{"20250715_100000.json", "success"},
                                                    {"20250715_110000.json", "json_error"},
                                                    {"20250715_120000.json", "validation_failed"},
                                                    {"20250715_130000.json", "no_data"},
                                                    {"20250715_140000.json", "json_error"},
                                                    {"20250715_160000.json.gz", "success"},
                                                    {"injuries-latest.json", "success"}};
  for (const auto& [name, status] : expected) {
    INFO(name);
    const auto& line = files.at(day_folder + name);
    CHECK(str(line.at("status")) == status);
    CHECK(line.at("rows").to_number<std::int64_t>() == (status == "success" ? 3 : 0));
    CHECK(line.contains("bytes"));
    CHECK(str(line.at("severity")) == (nbaraw::is_failure(*nbaraw::file_status_from_string(status)) ? "ERROR" : "INFO"));
    if (status != "success") CHECK_FALSE(str(line.at("reason")).empty());
  }

  // The summary on stdout is one JSON line too, with the same run id.
  const auto summary = summary_of(r);
  CHECK(str(summary.at("run_id")) == *run_ids.begin());
  CHECK(str(labels_of(summary).at("run_id")) == *run_ids.begin());
  CHECK(str(summary.at("severity")) == "ERROR");
  CHECK(is_rfc3339_utc(str(summary.at("time"))));
}

TEST_CASE("logs: on a terminal, without --log-format, lines are readable text with a live progress line", "[e2e][logs]") {
  TempDir bucket, work;
  lay_mixed(bucket);
  const std::string out = run_on_terminal(day_args(bucket, work), work.path());
  CHECK_THAT(out, Catch::Contains("ERROR json_error " + day_folder + "20250715_110000.json"));
  CHECK_THAT(out, Catch::Contains("INFO planned 7 files to process"));
  CHECK_THAT(out, Catch::Contains("\033[K"));   // the live progress line is redrawn in place
  CHECK_THAT(out, Catch::Contains("[7/7]"));
  CHECK_THAT(out, Catch::Contains("  files: success 3, no_data 1"));  // the text summary
  CHECK_THAT(out, Catch::Contains("  run: "));
  CHECK_THAT(out, !Catch::Contains("\"severity\""));
}

TEST_CASE("logs: no key, secret or assertion reaches a log line or the report, even when the server echoes them",
          "[e2e][logs][secrets]") {
  const bool service_account = GENERATE(true, false);
  INFO((service_account ? "service account key" : "authorized_user"));
  // The token endpoint refuses, quoting what it was sent, as a careless server might.
  FakeTokenServer tokens(nullptr, [](int) { return json_answer(400, R"({"error":"invalid_grant"})"); });
  std::vector<std::string> secrets;
  tokens.set_answer([&tokens](int) {
    const auto requests = tokens.requests();
    const std::string sent = requests.empty() ? std::string() : requests.back().body;
    auto form = parse_form(sent).value_or(std::map<std::string, std::string>{});
    boost::json::object body{{"error", "invalid_grant"},
                             {"error_description", "rejected " + form["assertion"] + " " + form["refresh_token"] + " " +
                                                       form["client_secret"]}};
    return json_answer(400, boost::json::serialize(body));
  });
  TempDir work;
  const fs::path key = work.write("key.json", service_account ? service_account_json(tokens.token_url())
                                                              : authorized_user_json(tokens.token_url()));
  const fs::path report = work / "report.json";
  // The default source (gs://nba-scraped-data, no emulator) needs a token first: the exchange fails.
  const ProcessResult r = run_env({"--sink", "sqlite:" + (work / "nba_raw.db").string(), "--dates", day, "--report",
                                   report.string()},
                                  work.path(), {{"GOOGLE_APPLICATION_CREDENTIALS", key.string()}});
  CHECK(r.exit_code == 1);
  REQUIRE(tokens.request_count() >= 1);  // the credentials were used, so there was something to leak
  const auto lines = json_lines(r.err);
  bool failure_logged = false;
  for (const auto& line : lines)
    failure_logged = failure_logged || (str(line.at("severity")) == "ERROR" &&
                                        str(line.at("message")).find("token endpoint") != std::string::npos);
  CHECK(failure_logged);

  if (service_account) {
    secrets.push_back(private_key_fragment());
    for (const auto& request : tokens.requests()) secrets.push_back((*parse_form(request.body))["assertion"]);
  } else {
    secrets.push_back(std::string(test_refresh_token));
    secrets.push_back(std::string(test_client_secret));
  }
  secrets.push_back("PRIVATE KEY");
  const std::string report_text = read_file(report);
  for (const auto& secret : secrets) {
    REQUIRE(secret.size() >= 10);
    INFO("secret: " << secret);
    CHECK(r.err.find(secret) == std::string::npos);
    CHECK(r.out.find(secret) == std::string::npos);
    CHECK(report_text.find(secret) == std::string::npos);
  }
  // The report of a run that stopped before loading says why, with the exit code.
  const auto doc = read_json_file(report);
  CHECK(doc.at("exit_code").to_number<std::int64_t>() == 1);
  CHECK_THAT(str(doc.at("error")), Catch::Contains("token endpoint"));
  CHECK_FALSE(doc.contains("files"));
}

TEST_CASE("report: --report FILE holds the summary's counts, every failed and no_data file with its reason, and the run",
          "[e2e][report]") {
  TempDir bucket, work, out;
  lay_mixed(bucket);
  const fs::path report = out / "report.json";
  const ProcessResult r = run_env(concat(day_args(bucket, work), {"--report", report.string(), "--batch-size", "2"}),
                                  work.path(), {{"CLOUD_RUN_TASK_INDEX", "0"}, {"CLOUD_RUN_TASK_COUNT", "1"}});
  CHECK(r.exit_code == 1);
  const auto summary = summary_of(r);
  const auto doc = read_json_file(report);
  CHECK(std::vector<fs::path>(fs::directory_iterator(out.path()), fs::directory_iterator()) == std::vector<fs::path>{report});

  CHECK(doc.at("report_version").to_number<std::int64_t>() == 1);
  CHECK(doc.at("exit_code").to_number<std::int64_t>() == 1);
  CHECK(str(doc.at("run_id")) == str(summary.at("run_id")));
  CHECK(str(doc.at("job")) == "bdl_injuries_backfill");
  CHECK(str(doc.at("processor")) == "bdl_injuries");
  CHECK(is_rfc3339_utc(str(doc.at("started_at"))));
  CHECK(is_rfc3339_utc(str(doc.at("ended_at"))));
  CHECK(str(doc.at("started_at")) <= str(doc.at("ended_at")));
  CHECK(doc.at("duration_seconds").to_number<double>() >= 0);
  CHECK(doc.at("task").at("index").to_number<std::int64_t>() == 0);
  CHECK(doc.at("task").at("count").to_number<std::int64_t>() == 1);

  // The same counts as the summary.
  const auto& files = doc.at("files").as_object();
  CHECK(files.at("by_status") == summary.at("files_by_status"));
  CHECK(files.at("total") == summary.at("files"));
  CHECK(files.at("failed").to_number<std::int64_t>() == 3);
  for (std::string_view key : {"rows", "bytes", "records_skipped", "load_batches", "retries", "quality", "quality_counters",
                               "files_in_plan", "files_in_shard", "table", "source", "sink", "dry_run", "listings_failed",
                               "entries_refused"}) {
    INFO(key);
    CHECK(doc.at(key) == summary.at(key));
  }
  CHECK(doc.at("rows").to_number<std::int64_t>() == 9);
  CHECK(doc.at("rows_by_table").as_object() == boost::json::object{{"nba_raw.bdl_injuries", 9}});
  CHECK(doc.at("load_batches").to_number<std::int64_t>() >= 2);
  CHECK_FALSE(doc.at("quality").as_array().empty());

  // Each failed and no_data file with its status and the reason the log gave; success files only counted.
  std::map<std::string, boost::json::object> logged;
  for (const auto& line : json_lines(r.err))
    if (line.contains("object") && line.contains("status")) logged[str(line.at("object"))] = line;
  std::map<std::string, std::string> listed;
  for (const auto& entry : files.at("listed").as_array()) {
    const auto& e = entry.as_object();
    const std::string name = str(e.at("object"));
    INFO(name);
    listed[name] = str(e.at("status"));
    REQUIRE(logged.count(name) == 1);
    CHECK(e.at("status") == logged[name].at("status"));
    CHECK(e.at("reason") == logged[name].at("reason"));
    CHECK_FALSE(str(e.at("reason")).empty());
  }
  CHECK(listed == std::map<std::string, std::string>{{day_folder + "20250715_110000.json", "json_error"},
                                                     {day_folder + "20250715_120000.json", "validation_failed"},
                                                     {day_folder + "20250715_130000.json", "no_data"},
                                                     {day_folder + "20250715_140000.json", "json_error"}});
  CHECK(files.at("not_listed").to_number<std::int64_t>() == 0);

  // A second run replaces the report whole: the loaded files (success, no_data) are skipped now, the bad
  // ones fail again.
  const ProcessResult again = run_env(concat(day_args(bucket, work), {"--report", report.string()}), work.path());
  CHECK(again.exit_code == 1);
  const auto second = read_json_file(report);
  CHECK(str(second.at("run_id")) == str(summary_of(again).at("run_id")));
  CHECK(str(second.at("run_id")) != str(doc.at("run_id")));
  CHECK(second.at("files").at("by_status").at("skipped").to_number<std::int64_t>() == 4);
  CHECK(second.at("files").at("listed").as_array().size() == 3);
  CHECK(std::distance(fs::directory_iterator(out.path()), fs::directory_iterator()) == 1);  // no temporary file left
}

TEST_CASE("report: a clean run's report says exit 0 and lists nothing", "[e2e][report]") {
  TempDir bucket, work;
  lay_week(bucket);
  const fs::path report = work / "report.json";
  const ProcessResult r = run_env({"--source", bucket.path().string(), "--sink", "sqlite:" + (work / "nba_raw.db").string(),
                                   "--start-date", week.front(), "--end-date", week.back(), "--report", report.string(),
                                   "--log-format", "text"},
                                  work.path(), {{"CLOUD_RUN_TASK_INDEX", "2"}, {"CLOUD_RUN_TASK_COUNT", "3"}});
  CHECK(r.exit_code == 0);
  const auto doc = read_json_file(report);
  CHECK(doc.at("exit_code").to_number<std::int64_t>() == 0);
  CHECK(doc.at("files").at("by_status").at("success").to_number<std::int64_t>() == 8);  // four days of task 2
  CHECK(doc.at("files").at("listed").as_array().empty());
  CHECK(doc.at("files_in_plan").to_number<std::int64_t>() == 14);
  CHECK(doc.at("files_in_shard").to_number<std::int64_t>() == 8);
  CHECK(doc.at("task").at("index").to_number<std::int64_t>() == 2);
  CHECK(str(doc.at("task").at("from")) == "CLOUD_RUN_TASK_INDEX/CLOUD_RUN_TASK_COUNT");
  CHECK_THAT(r.out, Catch::Contains("  run: " + str(doc.at("run_id")) + ", task 2 of 3 (8 of the plan's 14 files)"));
}
