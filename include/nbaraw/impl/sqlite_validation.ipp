#pragma once
#include <nbaraw/detail/sql_identifier.hpp>
#include <nbaraw/detail/sqlite.hpp>
#include <nbaraw/sinks/sqlite_validation.hpp>

#include <fmt/format.h>

#include <filesystem>
#include <stdexcept>

namespace nbaraw {

NBARAW_DECL SqliteValidationStore::SqliteValidationStore(std::string path) : path_(std::move(path)) {}
NBARAW_DECL SqliteValidationStore::~SqliteValidationStore() = default;

NBARAW_DECL std::optional<std::string> SqliteValidationStore::table_reference(const std::string& table) {
  if (table.empty()) throw std::invalid_argument("validation: no table name");
  if (!detail::is_sql_identifier(table))
    throw std::invalid_argument(fmt::format("validation: '{}' is not a table name", table));
  if (!db_) {
    if (!std::filesystem::is_regular_file(path_)) return std::nullopt;
    db_ = std::make_unique<detail::SqliteDatabase>(path_, true);
  }
  if (!db_->table_exists(table)) return std::nullopt;
  return detail::quote_identifier(table);
}

NBARAW_DECL std::vector<std::vector<boost::json::value>> SqliteValidationStore::select(const validation::SqlQuery& q) {
  if (!db_) throw std::logic_error("validation: select before table_reference");
  detail::SqliteStatement st(db_->handle(), q.sql);
  int index = 0;
  for (const auto& p : q.parameters) st.bind(++index, p.value);
  std::vector<std::vector<boost::json::value>> rows;
  while (st.step()) {
    std::vector<boost::json::value> row;
    for (int i = 0, n = st.column_count(); i < n; ++i) row.push_back(st.value(i));
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace nbaraw
