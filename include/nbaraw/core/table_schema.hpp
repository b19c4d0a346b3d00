#pragma once
// A target table as BigQuery sees it (columns, partitioning, clustering) and how rows are written to it.
#include <nbaraw/config.hpp>
#include <nbaraw/core/row.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nbaraw {

enum class ColumnType { STRING, INT64, FLOAT64, NUMERIC, BOOLEAN, DATE, TIMESTAMP, JSON };
enum class ColumnMode { NULLABLE, REQUIRED, REPEATED };

NBARAW_DECL std::string_view to_string(ColumnType t);
NBARAW_DECL std::string_view to_string(ColumnMode m);

struct Column {
  std::string name;
  ColumnType type = ColumnType::STRING;
  ColumnMode mode = ColumnMode::NULLABLE;
};

struct Partitioning {
  enum class Kind { none, day, integer_range } kind = Kind::none;
  std::string field;
  std::int64_t range_start = 0, range_end = 0, range_interval = 1;  // integer_range only
};

/// How re-loaded and overlapping files are reconciled. Every strategy replaces the rows a file loaded
/// before when that file is loaded again, so a re-run never duplicates. "Newest" and "oldest" are by
/// core/recency.hpp, never by load order.
enum class StrategyKind {
  append_always,    ///< every file's rows are kept (history), keyed by source_file_path
  merge_update,     ///< rows of a business key are replaced by the newest file's rows for that key
  insert_new_only,  ///< one row per key: the first row of the oldest file that has the key
  replace_table,    ///< the whole table is the newest file's rows (a file without rows replaces nothing); no keys
  insert_new_keys,  ///< a key's rows are inserted only while the table lacks the key: the oldest file that has
                    ///< the key keeps all its rows for it, later files' rows of that key are dropped
  merge_keep,       ///< as merge_update, but the `keep` columns of a key the table already holds keep their
                    ///< stored value (e.g. first_seen_date); for a key new to the table they come from the
                    ///< first row of the oldest file of the batch that has the key (as loading file by file would)
};

NBARAW_DECL std::string_view to_string(StrategyKind k);

/// Strategies that decide by a key (replace_table: one key, the empty one, shared by every row).
constexpr bool is_keyed(StrategyKind k) { return k != StrategyKind::append_always; }
/// Strategies under which the newest file holding a key owns it (the others: the oldest).
constexpr bool newest_wins(StrategyKind k) {
  return k == StrategyKind::merge_update || k == StrategyKind::replace_table || k == StrategyKind::merge_keep;
}

struct Strategy {
  StrategyKind kind = StrategyKind::append_always;
  std::vector<std::string> keys;  ///< business key columns (every keyed strategy but replace_table)
  std::vector<std::string> keep{};  ///< merge_keep: columns whose stored value survives an update of its key
};

struct TableSchema {
  std::string dataset = "nba_raw";
  std::string table;
  std::vector<Column> columns;
  Partitioning partitioning;
  std::vector<std::string> clustering;
  bool require_partition_filter = false;

  std::string qualified_name() const { return dataset + "." + table; }
  NBARAW_DECL const Column* find(std::string_view column) const;
};

/// The value of the schema's column `index` in the row, or nullptr. Rows built in schema order are read
/// without a key search.
inline const boost::json::value* column_value(const Row& row, const TableSchema& schema, std::size_t index) {
  const std::string& name = schema.columns[index].name;
  if (index < row.size()) {
    const auto& entry = *(row.begin() + std::ptrdiff_t(index));
    if (entry.key() == name) return &entry.value();
  }
  return row.if_contains(name);
}

/// Column that records which object a row came from; every strategy needs it.
inline constexpr std::string_view source_file_column = "source_file_path";

/// Why a schema cannot be used (bad identifiers, keys or partition field not columns, no
/// source_file_path), or nullopt when it is sound.
NBARAW_DECL std::optional<std::string> schema_problem(const TableSchema& schema, const Strategy& strategy);

/// Why a row cannot be loaded into the table (a required column null or missing, a value of the wrong
/// type), or nullopt when it can. Columns the table does not have are ignored, as BigQuery's
/// ignore_unknown_values does.
NBARAW_DECL std::optional<std::string> row_problem(const TableSchema& schema, const Row& row);

/// Why a row cannot be written anywhere because a column holds a number that is not finite (JSON's 1e400
/// reads as infinity), or nullopt. The backfill skips such a row as a bad record, with this reason.
NBARAW_DECL std::optional<std::string> non_finite_problem(const Row& row);

/// The row's business key as one comparable string (values serialised as JSON, joined by U+001F).
NBARAW_DECL std::string key_of(const Row& row, const std::vector<std::string>& keys);

}  // namespace nbaraw

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/table_schema.ipp>
#endif
