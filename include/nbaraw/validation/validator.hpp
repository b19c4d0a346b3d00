#pragma once
// Runs a table's checks (the generic ones and the processor's declared ones) over a date range against
// the sink's store. Every check is one or two aggregate queries (GROUP BY, COUNT, SUM(CASE ...), nested
// SELECTs for per-group counts) returning counts and at most `example_limit` offenders, so memory does not
// grow with the table. Each query selects the range on the table's date column, so a BigQuery table that
// requires a partition filter accepts it. The SQL is written here for two dialects (SQLite, GoogleSQL):
// identifiers are the schema's columns, checked and quoted; every value is a bound parameter.
#include <nbaraw/config.hpp>
#include <nbaraw/core/date.hpp>
#include <nbaraw/core/table_schema.hpp>
#include <nbaraw/processor.hpp>
#include <nbaraw/validation/checks.hpp>

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nbaraw::validation {

enum class Outcome { pass, info, warning, fail, skipped };

/// "PASS", "INFO", "WARN", "FAIL", "SKIP".
NBARAW_DECL std::string_view to_string(Outcome outcome);

struct CheckResult {
  CheckResult() = default;
  CheckResult(std::string check_name, std::string check_scope, Outcome result, std::string text)
      : check(std::move(check_name)), scope(std::move(check_scope)), outcome(result), detail(std::move(text)) {}

  std::string check;   ///< e.g. "players per game 20-40"
  std::string scope;   ///< a date, or the range ("2024-01-15..2024-01-20")
  Outcome outcome = Outcome::pass;
  std::string detail;  ///< e.g. "2 of 11 games outside 20-40: 20240115_MIA_BOS (12), ..."
  std::int64_t offenders = 0;         ///< offending rows or groups
  std::int64_t total = 0;             ///< rows or groups looked at
  std::vector<std::string> examples;  ///< at most example_limit offenders, as the detail names them
};

struct Report {
  std::string table;  ///< dataset.table
  std::string store;  ///< where it was read, e.g. "sqlite:nba_raw.db"
  std::vector<Date> dates;
  std::vector<CheckResult> results;

  bool failed() const {
    for (const auto& r : results)
      if (r.outcome == Outcome::fail) return true;
    return false;
  }
  std::size_t count(Outcome o) const {
    std::size_t n = 0;
    for (const auto& r : results) n += r.outcome == o;
    return n;
  }
  /// 1 when any check failed, else 0 (warnings do not fail).
  int exit_code() const { return failed() ? 1 : 0; }
};

/// Offenders named per check.
inline constexpr std::size_t example_limit = 5;

enum class Dialect { sqlite, googlesql };

/// One value of a validation query, with the type its column has (BigQuery parameters are typed).
struct SqlParameter {
  SqlParameter(boost::json::value v, ColumnType t) : value(std::move(v)), type(t) {}
  boost::json::value value;
  ColumnType type;
};

/// A SELECT written by the validator: placeholders ?1, ?2, ... (SQLite) or @p1, @p2, ... (GoogleSQL).
struct SqlQuery {
  std::string sql;
  std::vector<SqlParameter> parameters;
};

/// Where the table is read: the sink's store. Implementations: SqliteValidationStore,
/// BigQueryValidationStore.
class Store {
 public:
  virtual ~Store() = default;
  virtual Dialect dialect() const = 0;
  /// For the report: "sqlite:FILE", "bigquery://PROJECT/DATASET".
  virtual std::string describe() const = 0;
  /// The table as the store's SQL names it (checked and quoted), or nullopt when it does not exist.
  virtual std::optional<std::string> table_reference(const std::string& table) = 0;
  /// Runs one query of the validator; each row's values by position (integers, numbers, text, null).
  /// Throws std::runtime_error with the store's message.
  virtual std::vector<std::vector<boost::json::value>> select(const SqlQuery& query) = 0;
};

/// Runs every check of the processor's table over `dates` (sorted, unique, not empty).
NBARAW_DECL Report validate_table(const ProcessorInfo& info, Store& store, const std::vector<Date>& dates);

/// Why the declared checks cannot run against the schema (an unknown column, a check without bounds, no
/// DATE column for the range), or nullopt.
NBARAW_DECL std::optional<std::string> checks_problem(const ProcessorInfo& info);

}  // namespace nbaraw::validation

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/validation.ipp>
#endif
