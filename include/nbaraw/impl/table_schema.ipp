#pragma once
#include <nbaraw/detail/finite_json.hpp>
#include <nbaraw/core/table_schema.hpp>
#include <nbaraw/detail/sql_identifier.hpp>

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <algorithm>

namespace nbaraw {

NBARAW_DECL std::string_view to_string(ColumnType t) {
  switch (t) {
    case ColumnType::STRING: return "STRING";
    case ColumnType::INT64: return "INT64";
    case ColumnType::FLOAT64: return "FLOAT64";
    case ColumnType::NUMERIC: return "NUMERIC";
    case ColumnType::BOOLEAN: return "BOOLEAN";
    case ColumnType::DATE: return "DATE";
    case ColumnType::TIMESTAMP: return "TIMESTAMP";
    case ColumnType::JSON: return "JSON";
  }
  return "STRING";
}

NBARAW_DECL std::string_view to_string(ColumnMode m) {
  switch (m) {
    case ColumnMode::NULLABLE: return "NULLABLE";
    case ColumnMode::REQUIRED: return "REQUIRED";
    case ColumnMode::REPEATED: return "REPEATED";
  }
  return "NULLABLE";
}

NBARAW_DECL std::string_view to_string(StrategyKind k) {
  switch (k) {
    case StrategyKind::append_always: return "append_always";
    case StrategyKind::merge_update: return "merge_update";
    case StrategyKind::insert_new_only: return "insert_new_only";
    case StrategyKind::replace_table: return "replace_table";
    case StrategyKind::insert_new_keys: return "insert_new_keys";
    case StrategyKind::merge_keep: return "merge_keep";
  }
  return "append_always";
}

NBARAW_DECL const Column* TableSchema::find(std::string_view column) const {
  auto it = std::find_if(columns.begin(), columns.end(), [&](const Column& c) { return c.name == column; });
  return it == columns.end() ? nullptr : &*it;
}

NBARAW_DECL std::optional<std::string> schema_problem(const TableSchema& schema, const Strategy& strategy) {
  if (!detail::is_sql_identifier(schema.dataset)) return fmt::format("dataset name '{}' is not an identifier", schema.dataset);
  if (!detail::is_sql_identifier(schema.table)) return fmt::format("table name '{}' is not an identifier", schema.table);
  if (schema.columns.empty()) return fmt::format("table {} has no columns", schema.table);
  for (const auto& c : schema.columns) {
    if (!detail::is_sql_identifier(c.name)) return fmt::format("column name '{}' is not an identifier", c.name);
    if (std::count_if(schema.columns.begin(), schema.columns.end(), [&](const Column& o) { return o.name == c.name; }) > 1)
      return fmt::format("column {} is declared twice", c.name);
  }
  const Column* source = schema.find(source_file_column);
  if (!source || source->type != ColumnType::STRING)
    return fmt::format("table {} needs a STRING column {} to make re-loads replace rows", schema.table,
                       source_file_column);
  if (strategy.kind == StrategyKind::replace_table) {
    if (!strategy.keys.empty()) return "strategy replace_table takes no key columns (the whole table is one key)";
  } else if (is_keyed(strategy.kind) && strategy.keys.empty()) {
    return fmt::format("strategy {} needs key columns", to_string(strategy.kind));
  }
  if (strategy.kind == StrategyKind::merge_keep && strategy.keep.empty())
    return "strategy merge_keep needs the columns to keep";
  if (strategy.kind != StrategyKind::merge_keep && !strategy.keep.empty())
    return fmt::format("strategy {} keeps no columns; only merge_keep does", to_string(strategy.kind));
  for (const auto& k : strategy.keep) {
    if (!schema.find(k)) return fmt::format("kept column {} is not a column of {}", k, schema.table);
    if (std::find(strategy.keys.begin(), strategy.keys.end(), k) != strategy.keys.end())
      return fmt::format("kept column {} is a key column", k);
  }
  for (const auto& k : strategy.keys)
    if (!schema.find(k)) return fmt::format("key column {} is not a column of {}", k, schema.table);
  if (schema.partitioning.kind != Partitioning::Kind::none && !schema.find(schema.partitioning.field))
    return fmt::format("partition field {} is not a column of {}", schema.partitioning.field, schema.table);
  for (const auto& c : schema.clustering)
    if (!schema.find(c)) return fmt::format("clustering column {} is not a column of {}", c, schema.table);
  return std::nullopt;
}

namespace detail {
inline bool value_fits(ColumnType type, const boost::json::value& v) {
  switch (type) {
    case ColumnType::STRING:
    case ColumnType::DATE:
    case ColumnType::TIMESTAMP: return v.is_string();
    case ColumnType::INT64: return v.is_int64() || v.is_uint64();
    case ColumnType::FLOAT64:
    case ColumnType::NUMERIC: return v.is_number();
    case ColumnType::BOOLEAN: return v.is_bool();
    case ColumnType::JSON: return true;
  }
  return false;
}
}  // namespace detail

NBARAW_DECL std::optional<std::string> row_problem(const TableSchema& schema, const Row& row) {
  for (std::size_t i = 0; i < schema.columns.size(); ++i) {
    const Column& column = schema.columns[i];
    const boost::json::value* v = column_value(row, schema, i);
    if (!v || v->is_null()) {
      if (column.mode == ColumnMode::REQUIRED)
        return fmt::format("required column {} is {}", column.name, v ? "null" : "missing");
      continue;
    }
    if (column.mode == ColumnMode::REPEATED) {
      if (!v->is_array()) return fmt::format("column {} must be an array", column.name);
      for (const auto& item : v->get_array())
        if (!detail::value_fits(column.type, item))
          return fmt::format("column {} holds a value that is not {}", column.name, to_string(column.type));
      continue;
    }
    if (!detail::value_fits(column.type, *v))
      return fmt::format("column {} is {} but got {}", column.name, to_string(column.type),
                         boost::json::serialize(*v).substr(0, 60));
  }
  return std::nullopt;
}

NBARAW_DECL std::optional<std::string> non_finite_problem(const Row& row) {
  for (const auto& entry : row)
    if (detail::holds_non_finite(entry.value()))
      return fmt::format("{} is not a finite number (a value beyond a double's range, such as 1e400, or NaN)",
                         std::string_view(entry.key()));
  return std::nullopt;
}

NBARAW_DECL std::string key_of(const Row& row, const std::vector<std::string>& keys) {
  std::string key;
  for (const auto& k : keys) {
    if (!key.empty()) key += '\x1f';
    const boost::json::value* v = row.if_contains(k);
    key += v ? boost::json::serialize(*v) : "null";
  }
  return key;
}

}  // namespace nbaraw
