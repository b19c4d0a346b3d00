#pragma once
// The GoogleSQL a BigQuery load sends. Identifiers are checked and back-quoted; every value travels as a
// named query parameter, so no data ever enters SQL text.
#include <nbaraw/bigquery/schema.hpp>
#include <nbaraw/config.hpp>
#include <nbaraw/sink.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace nbaraw::bigquery {

/// SQL text and its named parameters (REST QueryParameter objects).
struct Statement {
  std::string sql;
  boost::json::array parameters;
  /// configuration.query for a query job: GoogleSQL, named parameters.
  NBARAW_DECL boost::json::object query_configuration() const;
};

/// A named scalar parameter; nullopt is SQL NULL.
NBARAW_DECL boost::json::object scalar_parameter(std::string_view name, std::string_view type,
                                                 const std::optional<std::string>& value);
/// A named ARRAY<STRING> parameter.
NBARAW_DECL boost::json::object string_array_parameter(std::string_view name, const std::vector<std::string>& values);

/// The column of the staging table that keeps each row's position in its file (insert_new_only keeps a
/// key's first row).
inline constexpr std::string_view row_ordinal_column = "_nbaraw_row";
/// The column of the staging table that holds each row's file's recency_key (core/recency.hpp); the ledger
/// keeps it for the files already in the table, so that SQL decides "newest" as plan_load does.
inline constexpr std::string_view recency_column = "_nbaraw_recency";

/// The staging table's columns: the target's, all NULLABLE (the target checks modes), then _nbaraw_row and
/// _nbaraw_recency.
NBARAW_DECL TableSchema staging_schema(const TableSchema& schema);

/// The batch as staging NDJSON: one line per row, the schema's columns in order plus _nbaraw_row and
/// _nbaraw_recency.
NBARAW_DECL std::string staging_ndjson(const TableSchema& schema, std::span<const LoadFile> files);

/// The range of partition values a statement may touch, bound as @partition_low and @partition_high.
struct PartitionRange {
  std::string field;
  std::string type;  ///< DATE, TIMESTAMP or INT64
  std::string low, high;
};

/// The partitions a batch may touch. Keyed strategies whose keys do not include the partitioning column
/// may find a key's rows in any partition: the whole range. Otherwise the smallest range holding the
/// batch's partition values and (for dates) its files' date folders; a file's earlier rows are taken to
/// lie in the same range as its new rows.
NBARAW_DECL PartitionRange partition_range(const TableSchema& schema, const Strategy& strategy, std::string_view field,
                                           std::span<const LoadFile> files);

struct ApplyBatch {
  TableRef target, staging, ledger;
  const TableSchema& schema;
  const Strategy& strategy;
  std::optional<PartitionRange> partition;  ///< set when the table requires a partition filter
  std::span<const LoadFile> files;
  std::string table_name;  ///< the ledger's name for the target
  std::string processor_version;
  std::string loaded_at;  ///< UTC, ISO 8601
};

/**
 * One multi-statement transaction that applies the staged batches to their targets and records their files
 * in the ledger, every table or none. Every file first loses the rows it loaded before, then per strategy:
 * - append_always: every staged row is inserted;
 * - merge_update, replace_table (one key for every row): per key, the rows of the newest file
 *   (core/recency.hpp; a file in the table is as recent as its ledger entry says, the oldest when it has
 *   none) among the batch and the table replace the others;
 * - merge_keep: as merge_update, with the kept columns noted (in a temporary table) before any row goes;
 * - insert_new_only: per key, the first row of the oldest such file is kept; insert_new_keys: all its rows.
 * The result is the one plan_load describes, so every sink agrees. The second table's parameters are named
 * with the suffix _1 (@files_1, ...), the third's _2, and so on.
 */
NBARAW_DECL Statement apply_statement(std::span<const ApplyBatch> batches);
NBARAW_DECL Statement apply_statement(const ApplyBatch& batch);

/// The ledger rows of one target table; with_recency false for a ledger from before the recency column.
NBARAW_DECL Statement ledger_query(const TableRef& ledger, const std::string& table_name, bool with_recency = true);

/// Fills in the recency of ledger entries written before it was kept: (object_name, recency) pairs.
NBARAW_DECL Statement ledger_recency_fill(const TableRef& ledger, const std::string& table_name,
                                          std::span<const std::pair<std::string, std::string>> entries);

/// The ledger table's schema.
NBARAW_DECL TableSchema ledger_schema(std::string dataset, std::string table);

}  // namespace nbaraw::bigquery

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/bigquery_statements.ipp>
#endif
