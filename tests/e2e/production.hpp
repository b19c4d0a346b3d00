#pragma once
// Helpers for the production-facing driver tests: a bucket of injuries files over several days, runs with
// a controlled task environment, and checks of Cloud Logging JSON lines.
#include "driver.hpp"

#include <fmt/format.h>

#include <map>
#include <regex>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace nbaraw::test::e2e {

// Three valid records (API shape inside the scraper's wrapper).
inline const std::string good_injuries = R"({"ident":"league","timestamp":"2025-07-15T14:30:22+00:00","rowCount":3,"injuries":[
 {"player":{"id":101,"first_name":"Jaylen","last_name":"Brown","team_id":2},"return_date":"Oct 1",
  "description":"Jul 14: Brown (knee) is expected to be ready for training camp.","status":"Day-To-Day"},
 {"player":{"id":102,"first_name":"Nikola","last_name":"Jokić","team_id":8},"return_date":"Nov 3",
  "description":"Jul 10: Jokic (ankle) will be re-evaluated in the fall.","status":"Out"},
 {"player":{"id":103,"first_name":"Tyrese","last_name":"Maxey","team_id":23},"return_date":"TBD",
  "description":"Jul 3: Maxey (finger) is expected to miss the rest of the season.","status":"Out"}
]})";

inline const std::string injuries_prefix = "ball-dont-lie/injuries/";

/// Days 2024-01-14 .. 2024-01-20; with 3 tasks, FNV-1a puts them on tasks 0, 2, 2, 1, 0, 2, 2 (unit/shard_test).
inline const std::vector<std::string> week = {"2024-01-14", "2024-01-15", "2024-01-16", "2024-01-17",
                                              "2024-01-18", "2024-01-19", "2024-01-20"};
inline const std::map<std::string, std::size_t> task_of_3 = {{"2024-01-14", 0}, {"2024-01-15", 2}, {"2024-01-16", 2},
                                                             {"2024-01-17", 1}, {"2024-01-18", 0}, {"2024-01-19", 2},
                                                             {"2024-01-20", 2}};

/// Two good files a day over the week; returns their object names.
inline std::vector<std::string> lay_week(const TempDir& bucket) {
  std::vector<std::string> names;
  for (const auto& day : week) {
    std::string compact = day;
    compact.erase(std::remove(compact.begin(), compact.end(), '-'), compact.end());
    for (const char* time : {"080000", "200000"}) {
      names.push_back(fmt::format("{}{}/{}_{}.json", injuries_prefix, day, compact, time));
      bucket.write(names.back(), good_injuries);
    }
  }
  return names;
}

inline std::string date_of(const std::string& object) { return object.substr(injuries_prefix.size(), 10); }

using Env = std::vector<std::pair<std::string, std::string>>;

/// The variables the runner reads, unset (empty counts as unset), so that the test's own environment (say, a
/// CI job on Cloud Run) cannot leak into a run; then `env` on top.
inline Env controlled(const Env& env) {
  std::map<std::string, std::string> merged;
  for (const char* name : {"CLOUD_RUN_TASK_INDEX", "CLOUD_RUN_TASK_COUNT", "CLOUD_RUN_TASK_ATTEMPT", "CLOUD_RUN_EXECUTION",
                           "JOB_COMPLETION_INDEX", "START_DATE", "END_DATE", "BUCKET_NAME", "GCP_PROJECT_ID",
                           "STORAGE_EMULATOR_HOST", "BIGQUERY_EMULATOR_HOST", "GOOGLE_APPLICATION_CREDENTIALS"})
    merged[name] = "";
  for (const auto& [k, v] : env) merged[k] = v;
  return Env(merged.begin(), merged.end());
}

inline ProcessResult run_env(const std::vector<std::string>& args, const std::filesystem::path& cwd, const Env& env = {}) {
  ProcessResult r = run_process(driver(), args, ProcessOptions{controlled(env), cwd});
  std::string described;
  for (const auto& [k, v] : env) described += k + "=" + v + " ";
  UNSCOPED_INFO("env " << described << "\nexit " << r.exit_code << "\n--- stdout\n" << r.out << "--- stderr\n" << r.err);
  REQUIRE_FALSE(r.timed_out);
  return r;
}

/// Objects of the per-file log lines ({"object", "status"}) with this status ("" = any).
inline std::set<std::string> objects_with_status(const std::vector<boost::json::object>& lines, std::string_view status = {}) {
  std::set<std::string> out;
  for (const auto& line : lines)
    if (line.contains("object") && line.contains("status") && (status.empty() || line.at("status").as_string() == status))
      out.insert(std::string(line.at("object").as_string()));
  return out;
}

inline std::string str(const boost::json::value& v) { return std::string(v.as_string()); }

inline const boost::json::object& labels_of(const boost::json::object& line) {
  REQUIRE(line.contains("logging.googleapis.com/labels"));
  REQUIRE(line.at("logging.googleapis.com/labels").is_object());
  return line.at("logging.googleapis.com/labels").as_object();
}

/// RFC 3339 in UTC, as Cloud Logging reads "time".
inline bool is_rfc3339_utc(std::string_view text) {
  static const std::regex pattern(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z)");
  return std::regex_match(text.begin(), text.end(), pattern);
}

}  // namespace nbaraw::test::e2e
