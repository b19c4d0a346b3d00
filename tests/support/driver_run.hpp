#pragma once
// Running a backfill driver in a test over the reference samples: its arguments, its parsed output, and
// the loaded table compared with the goldens (the C++ comparator and, when python3 is there,
// the reference compare_rows.py). Compiled once (driver_run.cpp); it asserts with Catch2.
#include "support/golden.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nbaraw::test {

/// Rows of the loaded table, all or of one source file.
using RowsOf = std::function<std::vector<boost::json::object>(const std::optional<std::string>& source_file_path)>;

RowsOf sqlite_rows(const std::filesystem::path& db, std::string table);
RowsOf ndjson_rows(const std::filesystem::path& file);

/// Each non-empty line as a JSON object (fails the test on a line that is not one).
std::vector<boost::json::object> json_lines(const std::string& text);

/// The --log-format json summary: stdout is exactly one JSON object.
boost::json::object summary_of(const ProcessResult& r);

/// Files of a status in the summary; 0 when the summary does not list the status.
std::int64_t files_with(const boost::json::object& summary, std::string_view status);

/// The per-file status lines of a --log-format json run's stderr: object name → line.
std::map<std::string, boost::json::object> file_lines(const ProcessResult& r);

/// a followed by b.
std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b);

/// One driver binary and the samples of its processor.
struct DriverUnderTest {
  std::string binary;  ///< e.g. "bdl_boxscores_backfill", in the build's bin/
  std::vector<std::string> prefixes;  ///< the processor's prefixes, e.g. {"ball-dont-lie/boxscores"}
  std::string table;                  ///< the table it loads, without the dataset

  std::filesystem::path path() const { return bin_dir() / binary; }

  /// Object names (relative to the bucket) of every sample under the processor's prefixes, sorted; other
  /// processors' samples under a shared top folder (odds-api/game-lines-history) are not its.
  std::vector<std::string> objects() const;

  /// Runs the driver with cwd set to a scratch folder, so a stray default sink cannot land in the tree.
  ProcessResult run(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                    const std::vector<std::pair<std::string, std::string>>& env = {}) const;

  /// --start-date/--end-date covering every sample's date folder.
  std::vector<std::string> date_args() const;

  /// --source SOURCE --sink SINK --log-format json, the sample dates, then the extra flags.
  std::vector<std::string> args(const std::string& source, const std::string& sink,
                                const std::vector<std::string>& extra = {}) const;
  /// The same over the sample bucket into an SQLite file.
  std::vector<std::string> sqlite_args(const std::filesystem::path& db, const std::vector<std::string>& extra = {}) const;

  std::size_t golden_row_total() const;

  /// Each object's rows equal its golden (C++ comparator), and the table holds nothing else.
  void check_equals_goldens(const RowsOf& rows) const;
  void check_equals_goldens(const std::filesystem::path& sqlite_db) const;

  /// The reference tool agrees, when python3 is there. compare_rows.py keeps the actual rows whose
  /// source_file_path is the golden rows'; an empty golden names none, so each object's own rows are handed
  /// to it as an NDJSON file.
  void check_with_compare_rows_py(const RowsOf& rows) const;
  void check_with_compare_rows_py(const std::filesystem::path& sqlite_db) const;
};

/// The driver of processor P, from what P declares: <name>_backfill, its prefixes and its table.
template <class P>
DriverUnderTest driver_of() {
  const P processor;
  const auto& info = processor.info();
  return DriverUnderTest{info.name + "_backfill", info.prefixes, info.table.table};
}

}  // namespace nbaraw::test
