#pragma once
// A TableSchema as BigQuery's Table resource, and whether an existing table can take a schema's rows.
#include <nbaraw/config.hpp>
#include <nbaraw/core/table_schema.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nbaraw::bigquery {

/// project.dataset.table, each part checked as a BigQuery identifier before it is ever put in SQL.
struct TableRef {
  std::string project, dataset, table;
  /// `project.dataset.table`, back-quoted for GoogleSQL.
  NBARAW_DECL std::string sql() const;
  std::string text() const { return project + ":" + dataset + "." + table; }
};

/// Why a project, dataset or table name cannot be used (nullopt when it can). Projects: letters, digits,
/// '-', optionally "domain:"; datasets and tables: letters, digits, '_' (tables also '-'), at most 1,024.
NBARAW_DECL std::optional<std::string> identifier_problem(const TableRef& ref);

/// The schema's "fields" array: {name, type, mode} in column order.
NBARAW_DECL boost::json::array schema_fields(const TableSchema& schema);

/// The Table resource tables.insert creates from the schema: columns with their modes, day or
/// integer-range partitioning, clustering and require-partition-filter.
NBARAW_DECL boost::json::object table_resource(const TableRef& ref, const TableSchema& schema);

/// The canonical GoogleSQL name of a REST type name (INTEGER → INT64, FLOAT → FLOAT64, BOOL → BOOLEAN, ...).
NBARAW_DECL std::string canonical_type(std::string_view rest_type);

/// What stops an existing table (its Table resource) from taking the schema's rows, one line per column:
/// a column missing, a type the rows' type cannot be coerced to, a REQUIRED column the rows may leave null
/// or do not have, a REPEATED mismatch. Empty when the rows fit.
NBARAW_DECL std::vector<std::string> incompatibilities(const TableSchema& schema, const boost::json::object& table);

/// How the existing table is partitioned, as far as a statement's partition filter needs to know.
struct PartitionFilter {
  bool required = false;  ///< requirePartitionFilter is set
  std::string field;      ///< the partitioning column (empty: none, or ingestion time)
};
NBARAW_DECL PartitionFilter partition_filter_of(const boost::json::object& table);

}  // namespace nbaraw::bigquery

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/bigquery_schema.ipp>
#endif
