#pragma once
#include <nbaraw/bigquery/statements.hpp>
#include <nbaraw/core/date.hpp>
#include <nbaraw/core/listing.hpp>
#include <nbaraw/core/recency.hpp>
#include <nbaraw/detail/finite_json.hpp>

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <limits>

namespace nbaraw::bigquery {

namespace detail {
inline std::string backquoted(std::string_view column) { return fmt::format("`{}`", column); }

/// The temporary table of a transaction that holds, for each file of the target holding a key of the batch,
/// its recency from the ledger ('' when the ledger does not know it: the oldest).
inline constexpr std::string_view holders_table = "_nbaraw_holders";

/// The temporary table of a merge_keep transaction that holds, per key of the batch, the values kept.
inline constexpr std::string_view kept_table = "_nbaraw_kept";

/// TRUE for no keys (replace_table: every row has the one key).
inline std::string keys_equal(const std::vector<std::string>& keys, const std::string& a, const std::string& b) {
  if (keys.empty()) return "TRUE";
  std::string out;
  for (const auto& k : keys) out += fmt::format("{}{}.{} IS NOT DISTINCT FROM {}.{}", out.empty() ? "" : " AND ", a, backquoted(k), b, backquoted(k));
  return out;
}

inline boost::json::object struct_field(std::string_view name, std::string_view type) {
  return {{"name", name}, {"type", {{"type", type}}}};
}
}  // namespace detail

NBARAW_DECL boost::json::object Statement::query_configuration() const {
  return {{"query", {{"query", sql}, {"useLegacySql", false}, {"parameterMode", "NAMED"}, {"queryParameters", parameters}}}};
}

NBARAW_DECL boost::json::object scalar_parameter(std::string_view name, std::string_view type,
                                                 const std::optional<std::string>& value) {
  boost::json::object v;
  if (value) v["value"] = *value;
  return {{"name", name}, {"parameterType", {{"type", type}}}, {"parameterValue", std::move(v)}};
}

NBARAW_DECL boost::json::object string_array_parameter(std::string_view name, const std::vector<std::string>& values) {
  boost::json::array items;
  for (const auto& s : values) items.push_back(boost::json::object{{"value", s}});
  return {{"name", name},
          {"parameterType", {{"type", "ARRAY"}, {"arrayType", {{"type", "STRING"}}}}},
          {"parameterValue", {{"arrayValues", std::move(items)}}}};
}

NBARAW_DECL TableSchema staging_schema(const TableSchema& schema) {
  TableSchema staging;
  staging.dataset = schema.dataset;
  staging.table = schema.table;
  for (Column c : schema.columns) {
    if (c.mode == ColumnMode::REQUIRED) c.mode = ColumnMode::NULLABLE;
    staging.columns.push_back(std::move(c));
  }
  staging.columns.push_back({std::string(row_ordinal_column), ColumnType::INT64, ColumnMode::NULLABLE});
  staging.columns.push_back({std::string(recency_column), ColumnType::STRING, ColumnMode::NULLABLE});
  return staging;
}

NBARAW_DECL std::string staging_ndjson(const TableSchema& schema, std::span<const LoadFile> files) {
  std::string out;
  for (const LoadFile& f : files) {
    const std::string recency = boost::json::serialize(boost::json::string(recency_key(f.object)));
    for (std::size_t r = 0; r < f.rows.size(); ++r) {
      out += '{';
      for (std::size_t i = 0; i < schema.columns.size(); ++i) {
        const boost::json::value* v = column_value(f.rows[r], schema, i);
        out += fmt::format("\"{}\":", schema.columns[i].name);  // identifiers: nothing to escape
        out += v ? nbaraw::detail::serialize_finite(*v) : "null";
        out += ',';
      }
      out += fmt::format("\"{}\":{},\"{}\":{}}}\n", row_ordinal_column, r, recency_column, recency);
    }
  }
  return out;
}

NBARAW_DECL PartitionRange partition_range(const TableSchema& schema, const Strategy& strategy, std::string_view field,
                                           std::span<const LoadFile> files) {
  PartitionRange range{std::string(field), "DATE", {}, {}};
  const Column* column = schema.find(field);
  const bool whole_table = strategy.kind != StrategyKind::append_always &&
                           std::find(strategy.keys.begin(), strategy.keys.end(), field) == strategy.keys.end();
  if (whole_table) files = {};  // no values: the widest range below
  if (column && column->type == ColumnType::INT64) {
    range.type = "INT64";
    std::int64_t low = std::numeric_limits<std::int64_t>::max(), high = std::numeric_limits<std::int64_t>::min();
    for (const LoadFile& f : files)
      for (const Row& row : f.rows)
        if (const auto* v = row.if_contains(field); v && v->is_int64()) {
          low = std::min(low, v->get_int64());
          high = std::max(high, v->get_int64());
        }
    if (low > high) {
      low = std::numeric_limits<std::int64_t>::min();
      high = std::numeric_limits<std::int64_t>::max();
    }
    range.low = std::to_string(low);
    range.high = std::to_string(high);
    return range;
  }
  // DATE and TIMESTAMP: by day, from the values' dates and the files' date folders.
  std::string low, high;
  auto widen = [&](std::string_view day) {
    if (day.size() < 10) return;
    day = day.substr(0, 10);
    if (low.empty() || day < low) low = std::string(day);
    if (high.empty() || day > high) high = std::string(day);
  };
  for (const LoadFile& f : files) {
    // The file's date folder in either form a listing names it (YYYY-MM-DD, YYYYMMDD); a file in a season
    // folder or loose under a whole prefix has none, and its rows' values decide.
    for (const Layout layout : {Layout::date_folders, Layout::compact_date_folders}) {
      ListingShape shape;
      shape.layout = layout;
      if (auto folder = folder_info(f.object.name, shape).date) widen(folder->iso());
    }
    for (const Row& row : f.rows)
      if (const auto* v = row.if_contains(field); v && v->is_string()) widen(v->get_string());
  }
  if (low.empty()) low = "0001-01-01", high = "9999-12-31";
  if (column && column->type == ColumnType::TIMESTAMP) {
    range.type = "TIMESTAMP";
    range.low = low + " 00:00:00+00";
    range.high = high + " 23:59:59.999999+00";
  } else {
    range.low = low;
    range.high = high;
  }
  return range;
}

namespace detail {
/// Appends one table's statements to a transaction's body and their parameters, each name ending in `suffix`.
inline void append_apply(Statement& st, const ApplyBatch& b, const std::string& suffix) {
  auto param = [&](std::string_view name) { return fmt::format("@{}{}", name, suffix); };
  const std::string target = b.target.sql(), staging = b.staging.sql(), ledger = b.ledger.sql();
  const auto& keys = b.strategy.keys;
  const auto& keep = b.strategy.keep;
  std::string columns, staged_columns;
  for (const Column& c : b.schema.columns) {
    columns += (columns.empty() ? "" : ", ") + backquoted(c.name);
    std::string staged = "s." + backquoted(c.name);
    // merge_keep: a kept column takes the value the transaction noted for the row's key.
    if (std::find(keep.begin(), keep.end(), c.name) != keep.end())
      staged = fmt::format("(SELECT k.{} FROM {} AS k WHERE {})", backquoted(c.name), backquoted(kept_table),
                           keys_equal(keys, "k", "s"));
    staged_columns += (staged_columns.empty() ? "" : ", ") + staged;
  }
  // Where the table requires it, every statement on the target names the partitions it may touch.
  auto partition_filter = [&](std::string_view alias) {
    if (!b.partition) return std::string();
    return fmt::format("{}{} BETWEEN {} AND {} AND ", alias, backquoted(b.partition->field), param("partition_low"),
                       param("partition_high"));
  };
  const std::string recency = backquoted(recency_column), row_ordinal = backquoted(row_ordinal_column),
                    file = backquoted(source_file_column);

  std::string& sql = st.sql;
  if (b.strategy.kind == StrategyKind::merge_keep) {
    // Before any row goes: per key, the kept columns of a row the table holds, else of the first row of the
    // oldest staged file with the key.
    std::string key_list, noted, from_target, from_staging;
    for (const auto& k : keys) key_list += (key_list.empty() ? "" : ", ") + backquoted(k);
    std::vector<std::string> noted_columns = keys;
    noted_columns.insert(noted_columns.end(), keep.begin(), keep.end());
    for (const auto& c : noted_columns) {
      noted += (noted.empty() ? "" : ", ") + backquoted(c);
      from_target += "t." + backquoted(c) + ", ";
      from_staging += "s." + backquoted(c) + ", ";
    }
    sql += fmt::format(
        "CREATE TEMP TABLE {0} AS SELECT {1} FROM (SELECT {1}, ROW_NUMBER() OVER (PARTITION BY {2} ORDER BY "
        "`_nbaraw_from`, {3}, {4}) AS `_nbaraw_rank` FROM (SELECT {5}0 AS `_nbaraw_from`, '' AS {3}, 0 AS {4} "
        "FROM {6} AS t WHERE {7}EXISTS (SELECT 1 FROM {8} AS s WHERE {9}) UNION ALL SELECT {10}1, s.{3}, s.{4} "
        "FROM {8} AS s)) WHERE `_nbaraw_rank` = 1;\n",
        backquoted(kept_table), noted, key_list, recency, row_ordinal, from_target, target, partition_filter("t."),
        staging, keys_equal(keys, "s", "t"), from_staging);
  }
  sql += fmt::format("DELETE FROM {} WHERE {}{} IN UNNEST({});\n", target, partition_filter(""), file, param("files"));
  if (!is_keyed(b.strategy.kind)) {
    sql += fmt::format("INSERT INTO {} ({}) SELECT {} FROM {} AS s;\n", target, columns, staged_columns, staging);
  } else {
    const bool newest = newest_wins(b.strategy.kind);
    const std::string holders = backquoted(holders_table);
    // wins(a, b): the file of recency a owns a key rather than the file of recency b.
    auto wins = [&](const std::string& a, const std::string& o) { return fmt::format("{} {} {}", a, newest ? ">" : "<", o); };
    // Within the batch the winning file keeps every row of the key; insert_new_only only its first.
    const std::string beaten_in_batch =
        b.strategy.kind != StrategyKind::insert_new_only
            ? wins("o." + recency, "s." + recency)
            : fmt::format("({} OR (o.{} = s.{} AND o.{} < s.{}))", wins("o." + recency, "s." + recency), file, file,
                          row_ordinal, row_ordinal);
    // The files of the table that hold the batch's keys, with their recency from the ledger.
    sql += fmt::format(
        "CREATE TEMP TABLE {0} AS SELECT DISTINCT t.{1} AS `object_name`, COALESCE(l.`recency`, '') AS `recency` "
        "FROM {2} AS t LEFT JOIN {3} AS l ON l.`table_name` = {7} AND l.`object_name` = t.{1} "
        "WHERE {4}EXISTS (SELECT 1 FROM {5} AS s WHERE {6});\n",
        holders, file, target, ledger, partition_filter("t."), staging, keys_equal(keys, "s", "t"), param("table_name"));
    sql += fmt::format(
        "DELETE FROM {} AS t WHERE {}EXISTS (SELECT 1 FROM {} AS s, {} AS h WHERE {} AND h.`object_name` = t.{} AND {});\n",
        target, partition_filter("t."), staging, holders, keys_equal(keys, "s", "t"), file,
        wins("s." + recency, "h.`recency`"));
    sql += fmt::format(
        "INSERT INTO {} ({}) SELECT {} FROM {} AS s WHERE NOT EXISTS (SELECT 1 FROM {} AS o WHERE {} AND {}) "
        "AND NOT EXISTS (SELECT 1 FROM {} AS t, {} AS h WHERE {}{} AND h.`object_name` = t.{} AND {});\n",
        target, columns, staged_columns, staging, staging, keys_equal(keys, "o", "s"), beaten_in_batch, target,
        holders, partition_filter("t."), keys_equal(keys, "t", "s"), file, wins("h.`recency`", "s." + recency));
    sql += fmt::format("DROP TABLE {};\n", holders);
    if (b.strategy.kind == StrategyKind::merge_keep) sql += fmt::format("DROP TABLE {};\n", backquoted(kept_table));
  }
  sql += fmt::format("DELETE FROM {} WHERE `table_name` = {} AND `object_name` IN UNNEST({});\n", ledger,
                     param("table_name"), param("files"));
  sql += fmt::format(
      "INSERT INTO {} (`table_name`, `object_name`, `generation`, `processor_version`, `row_count`, `loaded_at`, `recency`) "
      "SELECT {}, m.`object_name`, m.`generation`, {}, m.`row_count`, {}, m.`recency` "
      "FROM UNNEST({}) AS m;\n",
      ledger, param("table_name"), param("processor_version"), param("loaded_at"), param("manifest"));

  std::vector<std::string> names;
  boost::json::array manifest;
  for (const LoadFile& f : b.files) {
    names.push_back(f.object.name);
    manifest.push_back(boost::json::object{
        {"structValues",
         {{"object_name", {{"value", f.object.name}}},
          {"generation", {{"value", f.object.generation}}},
          {"row_count", {{"value", std::to_string(f.rows.size())}}},
          {"recency", {{"value", recency_key(f.object)}}}}}});
  }
  auto name = [&](std::string_view n) { return fmt::format("{}{}", n, suffix); };
  st.parameters.push_back(string_array_parameter(name("files"), names));
  st.parameters.push_back(boost::json::object{
      {"name", name("manifest")},
      {"parameterType",
       {{"type", "ARRAY"},
        {"arrayType",
         {{"type", "STRUCT"},
          {"structTypes", {struct_field("object_name", "STRING"), struct_field("generation", "STRING"),
                           struct_field("row_count", "INT64"), struct_field("recency", "STRING")}}}}}},
      {"parameterValue", {{"arrayValues", std::move(manifest)}}}});
  st.parameters.push_back(scalar_parameter(name("table_name"), "STRING", b.table_name));
  st.parameters.push_back(scalar_parameter(name("processor_version"), "STRING", b.processor_version));
  st.parameters.push_back(scalar_parameter(name("loaded_at"), "TIMESTAMP", b.loaded_at));
  if (b.partition) {
    st.parameters.push_back(scalar_parameter(name("partition_low"), b.partition->type, b.partition->low));
    st.parameters.push_back(scalar_parameter(name("partition_high"), b.partition->type, b.partition->high));
  }
}
}  // namespace detail

NBARAW_DECL Statement apply_statement(std::span<const ApplyBatch> batches) {
  Statement st;
  st.sql = "BEGIN TRANSACTION;\n";
  for (std::size_t i = 0; i < batches.size(); ++i) detail::append_apply(st, batches[i], i ? fmt::format("_{}", i) : "");
  st.sql += "COMMIT TRANSACTION;";
  return st;
}

NBARAW_DECL Statement apply_statement(const ApplyBatch& batch) { return apply_statement(std::span<const ApplyBatch>(&batch, 1)); }

NBARAW_DECL Statement ledger_query(const TableRef& ledger, const std::string& table_name, bool with_recency) {
  Statement st;
  st.sql = fmt::format(
      "SELECT `object_name`, `generation`, `processor_version`, `row_count`, CAST(`loaded_at` AS STRING) AS `loaded_at`{} "
      "FROM {} WHERE `table_name` = @table_name",
      with_recency ? ", `recency`" : "", ledger.sql());
  st.parameters.push_back(scalar_parameter("table_name", "STRING", table_name));
  return st;
}

NBARAW_DECL Statement ledger_recency_fill(const TableRef& ledger, const std::string& table_name,
                                          std::span<const std::pair<std::string, std::string>> entries) {
  Statement st;
  st.sql = fmt::format(
      "UPDATE {} AS l SET `recency` = m.`recency` FROM UNNEST(@entries) AS m "
      "WHERE l.`table_name` = @table_name AND l.`object_name` = m.`object_name` AND l.`recency` IS NULL",
      ledger.sql());
  boost::json::array values;
  for (const auto& [object, recency] : entries)
    values.push_back(boost::json::object{{"structValues", {{"object_name", {{"value", object}}}, {"recency", {{"value", recency}}}}}});
  st.parameters.push_back(boost::json::object{
      {"name", "entries"},
      {"parameterType",
       {{"type", "ARRAY"},
        {"arrayType",
         {{"type", "STRUCT"},
          {"structTypes", {detail::struct_field("object_name", "STRING"), detail::struct_field("recency", "STRING")}}}}}},
      {"parameterValue", {{"arrayValues", std::move(values)}}}});
  st.parameters.push_back(scalar_parameter("table_name", "STRING", table_name));
  return st;
}

NBARAW_DECL TableSchema ledger_schema(std::string dataset, std::string table) {
  TableSchema s;
  s.dataset = std::move(dataset);
  s.table = std::move(table);
  s.columns = {{"table_name", ColumnType::STRING, ColumnMode::REQUIRED},
               {"object_name", ColumnType::STRING, ColumnMode::REQUIRED},
               {"generation", ColumnType::STRING, ColumnMode::NULLABLE},
               {"processor_version", ColumnType::STRING, ColumnMode::NULLABLE},
               {"row_count", ColumnType::INT64, ColumnMode::NULLABLE},
               {"loaded_at", ColumnType::TIMESTAMP, ColumnMode::NULLABLE},
               // Added after the first ledgers: an older ledger gets it by a schema patch, and its entries count
               // as the oldest files.
               {"recency", ColumnType::STRING, ColumnMode::NULLABLE}};
  s.clustering = {"table_name"};
  return s;
}

}  // namespace nbaraw::bigquery
