#pragma once
// A thin RAII layer over the SQLite C API: one connection, prepared statements, bound parameters only.
#include <nbaraw/config.hpp>
#include <nbaraw/sink.hpp>

#include <boost/json/value.hpp>
#include <sqlite3.h>

#include <optional>
#include <string>
#include <string_view>

namespace nbaraw::detail {

class SqliteStatement {
 public:
  NBARAW_DECL SqliteStatement(sqlite3* db, std::string_view sql);
  ~SqliteStatement() { sqlite3_finalize(stmt_); }
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  NBARAW_DECL SqliteStatement& bind(int index, const boost::json::value& v);
  NBARAW_DECL SqliteStatement& bind(int index, std::string_view text);
  NBARAW_DECL SqliteStatement& bind(int index, std::int64_t number);
  /// Steps once; true while a row is available.
  NBARAW_DECL bool step();
  NBARAW_DECL void reset();
  void run() {
    while (step()) {
    }
    reset();
  }
  NBARAW_DECL std::string text(int column) const;
  /// The column's value by its storage class: null, integer, real or text (blobs as text).
  NBARAW_DECL boost::json::value value(int column) const;
  std::int64_t integer(int column) const { return sqlite3_column_int64(stmt_, column); }
  bool is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  int column_count() const { return sqlite3_column_count(stmt_); }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

class SqliteDatabase {
 public:
  /// Opens (read_only: only if it exists) the database file; throws SinkError.
  NBARAW_DECL SqliteDatabase(const std::string& path, bool read_only);
  ~SqliteDatabase() { sqlite3_close_v2(db_); }
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  NBARAW_DECL void exec(std::string_view sql);
  NBARAW_DECL bool table_exists(std::string_view table);
  sqlite3* handle() const { return db_; }

 private:
  sqlite3* db_ = nullptr;
};

/// Rolls back unless committed.
class SqliteTransaction {
 public:
  explicit SqliteTransaction(SqliteDatabase& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }
  ~SqliteTransaction() {
    if (!done_) sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
  void commit() {
    db_.exec("COMMIT");
    done_ = true;
  }

 private:
  SqliteDatabase& db_;
  bool done_ = false;
};

/// "name" quoted as an SQL identifier (names come from processor schemas, never from data).
NBARAW_DECL std::string quote_identifier(std::string_view name);

}  // namespace nbaraw::detail

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/sqlite.ipp>
#endif
