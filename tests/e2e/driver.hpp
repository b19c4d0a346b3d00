#pragma once
// Running bdl_injuries_backfill in a test: the binary, the sample objects and dates, parsed output.
#include "support/golden.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

#include <nbaraw/core/date.hpp>

#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <functional>
#include <optional>
#include <filesystem>
#include <string>
#include <vector>

namespace nbaraw::test::e2e {

inline std::filesystem::path driver() { return bin_dir() / "bdl_injuries_backfill"; }
inline std::filesystem::path sample_bucket() { return shared_dir() / "samples/bucket"; }

/// Runs the driver with cwd set to a scratch folder, so a stray default sink cannot land in the tree.
inline ProcessResult run_driver(const std::vector<std::string>& args, const std::filesystem::path& cwd) {
  ProcessResult r = run_process(driver(), args, ProcessOptions{{}, cwd});
  UNSCOPED_INFO("exit " << r.exit_code << "\n--- stdout\n" << r.out << "--- stderr\n" << r.err);
  REQUIRE_FALSE(r.timed_out);
  return r;
}

/// Object names (relative to the bucket) of every injuries sample, sorted.
inline std::vector<std::string> injuries_objects() { return nbaraw::test::sample_objects("ball-dont-lie/injuries"); }

/// --start-date/--end-date covering every sample's date folder.
inline std::vector<std::string> sample_date_args() {
  std::vector<Date> dates;
  for (const auto& name : injuries_objects())
    if (auto d = date_folder_of(name)) dates.push_back(*d);
  REQUIRE_FALSE(dates.empty());
  auto [first, last] = std::minmax_element(dates.begin(), dates.end());
  return {"--start-date", first->iso(), "--end-date", last->iso()};
}

inline std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

/// Each non-empty line as a JSON object (fails the test on a line that is not one).
inline std::vector<boost::json::object> json_lines(const std::string& text) {
  std::vector<boost::json::object> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    start = end == std::string::npos ? text.size() : end + 1;
    if (line.empty()) continue;
    INFO("line: " << line);
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(line, ec);
    REQUIRE_FALSE(ec);
    REQUIRE(v.is_object());
    out.push_back(std::move(v.as_object()));
  }
  return out;
}

/// The --log-format json summary: stdout is exactly one JSON object.
inline boost::json::object summary_of(const ProcessResult& r) {
  auto lines = json_lines(r.out);
  REQUIRE(lines.size() == 1);
  return lines.front();
}

inline std::int64_t files_with(const boost::json::object& summary, std::string_view status) {
  return summary.at("files_by_status").at(status).to_number<std::int64_t>();
}

/// Rows of the loaded table, all or of one source file.
using RowsOf = std::function<std::vector<boost::json::object>(const std::optional<std::string>& source_file_path)>;

inline RowsOf sqlite_rows(const std::filesystem::path& db, std::string table = "bdl_injuries") {
  return [db, table](const std::optional<std::string>& source) { return rows_from_sqlite(db, table, source); };
}
inline RowsOf ndjson_rows(const std::filesystem::path& file) {
  return [file](const std::optional<std::string>& source) { return rows_from_ndjson(file, source); };
}

inline std::size_t golden_row_total() {
  std::size_t n = 0;
  for (const auto& name : injuries_objects()) n += load_golden(golden_file(name)).size();
  return n;
}

/// Each object's rows equal its golden (C++ comparator), and the table holds nothing else.
inline void check_equals_goldens(const RowsOf& rows) {
  for (const auto& name : injuries_objects()) {
    INFO("object " << name);
    const GoldenDiff diff = compare_rows(load_golden(golden_file(name)), rows(name));
    INFO(diff.message());
    CHECK(diff.ok());
  }
  CHECK(rows(std::nullopt).size() == golden_row_total());
}

}  // namespace nbaraw::test::e2e
