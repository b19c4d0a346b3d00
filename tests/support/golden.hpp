#pragma once
// Golden-row comparison, the rules of ../shared/golden/README.md (the same as compare_rows.py):
// volatile columns ignored, timestamps compared as instants, numbers as numbers (relative 1e-9), BOOL
// true/false equal to 1/0, arrays that arrive as JSON text parsed, rows compared as a multiset, and every
// other value (data_hash included) exactly. Plus loaders for golden files, SQLite tables and NDJSON files.
#include "support/fixtures.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nbaraw::test {

/// The outcome of comparing actual rows with golden rows.
struct GoldenDiff {
  std::size_t golden_rows = 0;
  std::size_t actual_rows = 0;
  std::size_t matched = 0;           ///< golden rows that found an equal actual row
  std::vector<std::string> problems;  ///< the first differences, readable

  bool ok() const { return problems.empty(); }
  std::string message() const;
};

/// Compares rows as a multiset; reports the row count, up to max_reported golden rows without an equal
/// actual row (each with its nearest actual row's differing columns: column, golden value, actual value),
/// and up to max_reported actual rows left over.
GoldenDiff compare_rows(const boost::json::array& golden, const std::vector<boost::json::object>& actual,
                        std::size_t max_reported = 3);

// ---- samples, goldens and loaders -----------------------------------------------------------------------

/// The relative paths ('/'-separated) of every file under root/prefix for each prefix that exists there,
/// sorted, each once (a prefix may hold another); e.g. files_under(sample_bucket(), {"ball-dont-lie/injuries"}).
std::vector<std::string> files_under(const std::filesystem::path& root, const std::vector<std::string>& prefixes);

/// The sample object's bytes and its golden file.
inline std::filesystem::path sample_file(std::string_view object) { return sample_bucket() / std::string(object); }
inline std::filesystem::path golden_file(std::string_view object) { return golden_dir() / std::string(object); }

/// A file's bytes (throws when it cannot be read).
std::string read_text(const std::filesystem::path& path);

/// A golden file: a JSON array of rows.
boost::json::array load_golden(const std::filesystem::path& path);

/// The rows of an NDJSON file, optionally only those whose source_file_path equals source_file_path.
std::vector<boost::json::object> rows_from_ndjson(const std::filesystem::path& path,
                                                  std::optional<std::string> source_file_path = std::nullopt);

/// The rows of an SQLite table, each value typed by what the column holds (integer → integer, real →
/// number, text or blob → text, NULL → null), optionally only those whose source_file_path equals
/// source_file_path.
std::vector<boost::json::object> rows_from_sqlite(const std::filesystem::path& db_path, std::string_view table,
                                                  std::optional<std::string> source_file_path = std::nullopt);

}  // namespace nbaraw::test
