#pragma once
// Reference data a processor reads from other tables (the schedule, injury reports, rosters, box scores),
// answered by the sink's store with parameterised queries. Processors receive a Lookups and never know
// whether SQLite or BigQuery answers.
#include <nbaraw/core/row.hpp>
#include <nbaraw/core/table_schema.hpp>

#include <boost/json/value.hpp>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace nbaraw {

/// SELECT [DISTINCT] columns FROM <dataset>.table WHERE c1 = v1 AND ... [AND range.column BETWEEN low AND
/// high] [ORDER BY order_by [DESC]] [LIMIT limit]. Table and column names are identifiers checked by the
/// answering store; every value is bound as a parameter.
struct LookupQuery {
  /// column = value; `type` is the column's type, so that stores with typed parameters (BigQuery) compare
  /// like with like (a DATE column against a DATE parameter).
  struct Condition {
    std::string column;
    boost::json::value value;
    ColumnType type = ColumnType::STRING;
  };
  struct Range {
    std::string column;
    boost::json::value low, high;  ///< inclusive
    ColumnType type = ColumnType::DATE;
  };
  LookupQuery() = default;
  LookupQuery(std::string table_name, std::vector<std::string> selected, std::vector<Condition> conditions = {})
      : table(std::move(table_name)), columns(std::move(selected)), equals(std::move(conditions)) {}

  std::string table;
  std::vector<std::string> columns;
  std::vector<Condition> equals;
  std::optional<Range> range;
  bool distinct = true;
  std::string order_by;  ///< a column, or empty
  bool descending = false;
  std::size_t limit = 0;  ///< 0: no limit
};

/// Answers lookups. Implementations are thread-safe: processors call them from transform threads.
class Lookups {
 public:
  virtual ~Lookups() = default;
  /// The matching rows (each with `columns` as keys, values typed as the store holds them). A table that
  /// does not exist answers no rows. Other failures throw std::runtime_error with the store's message.
  virtual Rows find(const LookupQuery& query) = 0;
};

/// Answers every lookup with no rows: the processors' outputs then equal the goldens.
class NoLookups final : public Lookups {
 public:
  Rows find(const LookupQuery&) override { return {}; }
};

inline std::shared_ptr<Lookups> no_lookups() { return std::make_shared<NoLookups>(); }

}  // namespace nbaraw
