#pragma once
#include <nbaraw/detail/sql_identifier.hpp>
#include <nbaraw/detail/sqlite.hpp>
#include <nbaraw/sink.hpp>
#include <nbaraw/sinks/sqlite_lookups.hpp>

#include <fmt/format.h>

#include <filesystem>
#include <stdexcept>

namespace nbaraw {

NBARAW_DECL std::string lookup_sql(const LookupQuery& q, const std::string& table, std::string (*quote)(std::string_view),
                                   std::string (*placeholder)(std::size_t index)) {
  auto checked = [&](const std::string& name) {
    if (!detail::is_sql_identifier(name)) throw std::invalid_argument(fmt::format("lookup: '{}' is not an identifier", name));
    return quote(name);
  };
  if (q.columns.empty()) throw std::invalid_argument("lookup: no columns");
  std::string columns, where;
  for (const auto& c : q.columns) columns += (columns.empty() ? "" : ", ") + checked(c);
  std::size_t index = 0;
  for (const auto& c : q.equals)
    where += fmt::format("{}{} = {}", where.empty() ? "" : " AND ", checked(c.column), placeholder(++index));
  if (q.range) {
    const std::string low = placeholder(++index), high = placeholder(++index);
    where += fmt::format("{}{} BETWEEN {} AND {}", where.empty() ? "" : " AND ", checked(q.range->column), low, high);
  }
  std::string sql = fmt::format("SELECT {}{} FROM {}", q.distinct ? "DISTINCT " : "", columns, table);
  if (!where.empty()) sql += " WHERE " + where;
  if (!q.order_by.empty()) sql += fmt::format(" ORDER BY {}{}", checked(q.order_by), q.descending ? " DESC" : "");
  if (q.limit) sql += fmt::format(" LIMIT {}", q.limit);
  return sql;
}

NBARAW_DECL SqliteLookups::SqliteLookups(std::string path) : path_(std::move(path)) {}
NBARAW_DECL SqliteLookups::~SqliteLookups() = default;

NBARAW_DECL Rows SqliteLookups::find(const LookupQuery& q) {
  std::lock_guard lock(mutex_);
  if (!db_) {
    if (!std::filesystem::exists(path_)) return {};
    db_ = std::make_unique<detail::SqliteDatabase>(path_, true);
  }
  if (!detail::is_sql_identifier(q.table)) throw std::invalid_argument(fmt::format("lookup: '{}' is not a table name", q.table));
  if (!db_->table_exists(q.table)) return {};
  const std::string sql = lookup_sql(q, detail::quote_identifier(q.table), [](std::string_view s) { return detail::quote_identifier(s); },
                                     [](std::size_t i) { return fmt::format("?{}", i); });
  detail::SqliteStatement st(db_->handle(), sql);
  int index = 0;
  for (const auto& c : q.equals) st.bind(++index, c.value);
  if (q.range) {
    st.bind(++index, q.range->low);
    st.bind(++index, q.range->high);
  }
  Rows rows;
  while (st.step()) {
    Row row;
    for (std::size_t i = 0; i < q.columns.size(); ++i) row[q.columns[i]] = st.value(int(i));
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace nbaraw
