#pragma once
// Reads a SQLite file back with the plain C API, independently of the sink under test.
#include <boost/json/value.hpp>
#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace nbaraw::test {

/// One result row, each value typed as SQLite stored it (NULL, INTEGER, REAL, TEXT).
using SqlRow = std::vector<boost::json::value>;

namespace query_detail {
using DbHandle = std::unique_ptr<sqlite3, decltype(&sqlite3_close)>;

inline DbHandle open_existing(const std::string& path) {
  sqlite3* db = nullptr;
  // READWRITE without CREATE: fails on a missing file, and can open a WAL database after its writer closed.
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
  DbHandle handle(db, sqlite3_close);
  if (rc != SQLITE_OK) throw std::runtime_error("cannot open " + path + ": " + (db ? sqlite3_errmsg(db) : "no memory"));
  return handle;
}
}  // namespace query_detail

/// Runs one query (fixed SQL written by the test, no data pasted into it) and returns every row.
inline std::vector<SqlRow> sql_query(const std::string& path, const std::string& sql) {
  auto db = query_detail::open_existing(path);
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db.get(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK)
    throw std::runtime_error(sql + ": " + sqlite3_errmsg(db.get()));
  std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)> statement(raw, sqlite3_finalize);
  std::vector<SqlRow> rows;
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
    SqlRow row;
    for (int i = 0; i < sqlite3_column_count(raw); ++i) {
      switch (sqlite3_column_type(raw, i)) {
        case SQLITE_NULL:
          row.emplace_back(nullptr);
          break;
        case SQLITE_INTEGER:
          row.emplace_back(std::int64_t(sqlite3_column_int64(raw, i)));
          break;
        case SQLITE_FLOAT:
          row.emplace_back(sqlite3_column_double(raw, i));
          break;
        default:
          row.emplace_back(boost::json::string_view(reinterpret_cast<const char*>(sqlite3_column_text(raw, i)),
                                                    std::size_t(sqlite3_column_bytes(raw, i))));
      }
    }
    rows.push_back(std::move(row));
  }
  if (rc != SQLITE_DONE) throw std::runtime_error(sql + ": " + sqlite3_errmsg(db.get()));
  return rows;
}

/// Runs statements (fixed SQL written by the test) to set up a database before a sink opens it.
inline void sql_exec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  query_detail::DbHandle handle(db, sqlite3_close);
  if (rc != SQLITE_OK) throw std::runtime_error("cannot open " + path);
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    throw std::runtime_error(sql + ": " + message);
  }
}

inline std::int64_t sql_count(const std::string& path, const std::string& table) {
  return sql_query(path, "SELECT COUNT(*) FROM \"" + table + "\"").at(0).at(0).as_int64();
}

}  // namespace nbaraw::test
