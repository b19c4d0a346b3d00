#pragma once
// Running bdl_injuries_backfill in a test: the driver, its sample objects and dates, and its table.
#include "support/driver_run.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace nbaraw::test::e2e {

inline const DriverUnderTest& injuries() {
  static const DriverUnderTest d{"bdl_injuries_backfill", {"ball-dont-lie/injuries"}, "bdl_injuries"};
  return d;
}

inline std::filesystem::path driver() { return injuries().path(); }

inline ProcessResult run_driver(const std::vector<std::string>& args, const std::filesystem::path& cwd) {
  return injuries().run(args, cwd);
}

/// Object names (relative to the bucket) of every injuries sample, sorted.
inline std::vector<std::string> injuries_objects() { return injuries().objects(); }

/// --start-date/--end-date covering every sample's date folder.
inline std::vector<std::string> sample_date_args() { return injuries().date_args(); }

/// The bdl_injuries table of an SQLite file.
inline RowsOf sqlite_rows(const std::filesystem::path& db) { return nbaraw::test::sqlite_rows(db, "bdl_injuries"); }

inline std::size_t golden_row_total() { return injuries().golden_row_total(); }

/// Each object's rows equal its golden (C++ comparator), and the table holds nothing else.
inline void check_equals_goldens(const RowsOf& rows) { injuries().check_equals_goldens(rows); }

}  // namespace nbaraw::test::e2e
