#pragma once
#include <nbaraw/detail/finite_json.hpp>
#include <nbaraw/detail/sqlite.hpp>

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

namespace nbaraw::detail {

NBARAW_DECL SqliteStatement::SqliteStatement(sqlite3* db, std::string_view sql) : db_(db) {
  if (sqlite3_prepare_v2(db, sql.data(), int(sql.size()), &stmt_, nullptr) != SQLITE_OK)
    throw SinkError(fmt::format("sqlite: {} (in: {})", sqlite3_errmsg(db), sql.substr(0, 200)));
}

NBARAW_DECL SqliteStatement& SqliteStatement::bind(int index, const boost::json::value& v) {
  int rc = SQLITE_OK;
  switch (v.kind()) {
    case boost::json::kind::null: rc = sqlite3_bind_null(stmt_, index); break;
    case boost::json::kind::bool_: rc = sqlite3_bind_int64(stmt_, index, v.get_bool() ? 1 : 0); break;
    case boost::json::kind::int64: rc = sqlite3_bind_int64(stmt_, index, v.get_int64()); break;
    case boost::json::kind::uint64: rc = sqlite3_bind_int64(stmt_, index, std::int64_t(v.get_uint64())); break;
    case boost::json::kind::double_:
      // SQLite would store Inf: refused here as in every sink, so no table holds a number JSON cannot carry.
      if (!std::isfinite(v.get_double())) throw SinkError(fmt::format("sqlite bind: parameter {} is not a finite number", index));
      rc = sqlite3_bind_double(stmt_, index, v.get_double());
      break;
    case boost::json::kind::string: return bind(index, std::string_view(v.get_string()));
    case boost::json::kind::array:
    case boost::json::kind::object: return bind(index, std::string_view(serialize_finite(v)));
  }
  if (rc != SQLITE_OK) throw SinkError(fmt::format("sqlite bind: {}", sqlite3_errmsg(db_)));
  return *this;
}

NBARAW_DECL SqliteStatement& SqliteStatement::bind(int index, std::string_view text) {
  if (sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8) != SQLITE_OK)
    throw SinkError(fmt::format("sqlite bind: {}", sqlite3_errmsg(db_)));
  return *this;
}

NBARAW_DECL SqliteStatement& SqliteStatement::bind(int index, std::int64_t number) {
  if (sqlite3_bind_int64(stmt_, index, number) != SQLITE_OK)
    throw SinkError(fmt::format("sqlite bind: {}", sqlite3_errmsg(db_)));
  return *this;
}

NBARAW_DECL bool SqliteStatement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  std::string message = sqlite3_errmsg(db_);
  sqlite3_reset(stmt_);
  throw SinkError("sqlite: " + message);
}

NBARAW_DECL void SqliteStatement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

NBARAW_DECL std::string SqliteStatement::text(int column) const {
  const unsigned char* p = sqlite3_column_text(stmt_, column);
  return p ? std::string(reinterpret_cast<const char*>(p), std::size_t(sqlite3_column_bytes(stmt_, column))) : std::string();
}

NBARAW_DECL boost::json::value SqliteStatement::value(int column) const {
  switch (sqlite3_column_type(stmt_, column)) {
    case SQLITE_NULL: return nullptr;
    case SQLITE_INTEGER: return sqlite3_column_int64(stmt_, column);
    case SQLITE_FLOAT: return sqlite3_column_double(stmt_, column);
    default: return boost::json::string(text(column));
  }
}

NBARAW_DECL SqliteDatabase::SqliteDatabase(const std::string& path, bool read_only) {
  int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw SinkError(fmt::format("cannot open SQLite database {}: {}", path, message));
  }
  sqlite3_busy_timeout(db_, 30000);
  if (!read_only) {
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=NORMAL");
  }
}

NBARAW_DECL void SqliteDatabase::exec(std::string_view sql) {
  char* error = nullptr;
  if (sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : sqlite3_errmsg(db_);
    sqlite3_free(error);
    throw SinkError("sqlite: " + message);
  }
}

NBARAW_DECL bool SqliteDatabase::table_exists(std::string_view table) {
  SqliteStatement st(db_, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
  st.bind(1, table);
  return st.step();
}

NBARAW_DECL std::string quote_identifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace nbaraw::detail
