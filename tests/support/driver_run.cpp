// driver_run.hpp, compiled once: the driver runs and their checks, asserting with Catch2.
#include "support/driver_run.hpp"
#include "support/processor_kit.hpp"

#include <nbaraw/core/date.hpp>

#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <chrono>

namespace nbaraw::test {

RowsOf sqlite_rows(const std::filesystem::path& db, std::string table) {
  return [db, table](const std::optional<std::string>& source) { return rows_from_sqlite(db, table, source); };
}
RowsOf ndjson_rows(const std::filesystem::path& file) {
  return [file](const std::optional<std::string>& source) { return rows_from_ndjson(file, source); };
}

std::vector<boost::json::object> json_lines(const std::string& text) {
  std::vector<boost::json::object> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    const std::string line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
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

boost::json::object summary_of(const ProcessResult& r) {
  auto lines = json_lines(r.out);
  REQUIRE(lines.size() == 1);
  return lines.front();
}

std::int64_t files_with(const boost::json::object& summary, std::string_view status) {
  const auto* n = summary.at("files_by_status").as_object().if_contains(status);
  return n ? n->to_number<std::int64_t>() : 0;
}

std::map<std::string, boost::json::object> file_lines(const ProcessResult& r) {
  std::map<std::string, boost::json::object> out;
  for (auto& line : json_lines(r.err))
    if (line.contains("status") && line.contains("object")) out[std::string(line.at("object").as_string())] = line;
  return out;
}

std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::vector<std::string> DriverUnderTest::objects() const { return sample_objects(prefixes); }

ProcessResult DriverUnderTest::run(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                                   const std::vector<std::pair<std::string, std::string>>& env) const {
  REQUIRE(std::filesystem::exists(path()));
  ProcessResult r = run_process(path(), args, ProcessOptions{env, cwd, std::chrono::minutes(5)});
  UNSCOPED_INFO("exit " << r.exit_code << "\n--- stdout\n" << r.out << "--- stderr\n" << r.err);
  REQUIRE_FALSE(r.timed_out);
  return r;
}

std::vector<std::string> DriverUnderTest::date_args() const {
  std::vector<Date> dates;
  for (const auto& name : objects())
    if (auto d = date_folder_of(name)) dates.push_back(*d);
  REQUIRE_FALSE(dates.empty());
  auto [first, last] = std::minmax_element(dates.begin(), dates.end());
  return {"--start-date", first->iso(), "--end-date", last->iso()};
}

std::vector<std::string> DriverUnderTest::args(const std::string& source, const std::string& sink,
                                               const std::vector<std::string>& extra) const {
  return concat(concat({"--source", source, "--sink", sink, "--log-format", "json"}, date_args()), extra);
}

std::vector<std::string> DriverUnderTest::sqlite_args(const std::filesystem::path& db,
                                                      const std::vector<std::string>& extra) const {
  return args(sample_bucket().string(), "sqlite:" + db.string(), extra);
}

std::size_t DriverUnderTest::golden_row_total() const {
  std::size_t n = 0;
  for (const auto& name : objects()) n += load_golden(golden_file(name)).size();
  return n;
}

void DriverUnderTest::check_equals_goldens(const RowsOf& rows) const {
  for (const auto& name : objects()) {
    INFO("object " << name);
    const GoldenDiff diff = compare_rows(load_golden(golden_file(name)), rows(name));
    INFO(diff.message());
    CHECK(diff.ok());
  }
  CHECK(rows(std::nullopt).size() == golden_row_total());
}

void DriverUnderTest::check_equals_goldens(const std::filesystem::path& sqlite_db) const {
  check_equals_goldens(sqlite_rows(sqlite_db, table));
}

void DriverUnderTest::check_with_compare_rows_py(const RowsOf& rows) const {
  const auto python = find_program("python3");
  if (!python) {
    WARN("python3 not found; compare_rows.py not run");
    return;
  }
  TempDir tmp;
  for (const auto& name : objects()) {
    std::string ndjson;
    for (const auto& row : rows(name)) ndjson += boost::json::serialize(row) + "\n";
    const std::filesystem::path actual = tmp.write("actual.ndjson", ndjson);
    const ProcessResult cmp = run_process(*python, {compare_rows_py().string(), golden_file(name).string(), actual.string()});
    INFO(name << "\n" << cmp.out << cmp.err);
    CHECK(cmp.exit_code == 0);
    CHECK_THAT(cmp.out, Catch::StartsWith("OK"));
  }
}

void DriverUnderTest::check_with_compare_rows_py(const std::filesystem::path& sqlite_db) const {
  check_with_compare_rows_py(sqlite_rows(sqlite_db, table));
}

}  // namespace nbaraw::test
