#pragma once
// What a processor declares about checking its table after a backfill (the reference's validators, spec
// §5): a list of checks built from predicates on columns. The validator (validation/validator.hpp) adds the
// generic checks every table gets, turns each check into aggregate queries that the sink's store answers,
// and names a few offenders of each. Column names are checked against the table's schema and quoted; every
// value is a bound parameter.
//
//   info.validation.identity = {"game_id", "player_lookup"};
//   info.validation.checks = {
//       validation::per_group("players per game 20-40", {"game_id"}, "games", validation::count_rows(), 20, 40),
//       validation::offending_rows("minutes between 0 and 60", {validation::outside(validation::leading_integer("minutes"), 0, 60)}),
//       validation::average_of("average parsing confidence at least 0.8", "parsing_confidence", 0.8).warning(),
//   };
#include <boost/json/value.hpp>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace nbaraw::validation {

/// What a violated check gives: a failure (the run exits 1) or a warning (reported, exit 0).
enum class Severity { fail, warning };

/// What a predicate reads from a row: a column, or the whole number before the first ':' of a text
/// column ("37:12" → 37, "28" → 28; text that is not a number gives no value on BigQuery and 0 on SQLite).
struct Operand {
  Operand(std::string name) : column(std::move(name)) {}  // NOLINT: implicit, so that a column name is an operand
  Operand(const char* name) : column(name) {}             // NOLINT
  std::string column;
  bool leading_integer = false;
};

inline Operand leading_integer(std::string column) {
  Operand o(std::move(column));
  o.leading_integer = true;
  return o;
}

/// A condition on one row. A NULL value satisfies only is_null and is_blank.
struct Predicate {
  enum class Op {
    is_null,      ///< the value is NULL
    is_not_null,  ///< the value is not NULL
    is_blank,     ///< NULL, or text that is empty after trimming spaces
    equals,       ///< = values[0]
    in,           ///< one of values
    not_in,       ///< none of values
    outside,      ///< < values[0] or > values[1]
  };
  Predicate(Operand what, Op how, std::vector<boost::json::value> compared_with = {})
      : operand(std::move(what)), op(how), values(std::move(compared_with)) {}
  Operand operand;
  Op op;
  std::vector<boost::json::value> values;
};

inline Predicate is_null(Operand o) { return {std::move(o), Predicate::Op::is_null}; }
inline Predicate is_not_null(Operand o) { return {std::move(o), Predicate::Op::is_not_null}; }
inline Predicate is_blank(Operand o) { return {std::move(o), Predicate::Op::is_blank}; }
inline Predicate equals(Operand o, boost::json::value v) { return {std::move(o), Predicate::Op::equals, {std::move(v)}}; }
inline Predicate in(Operand o, std::vector<boost::json::value> values) {
  return {std::move(o), Predicate::Op::in, std::move(values)};
}
inline Predicate not_in(Operand o, std::vector<boost::json::value> values) {
  return {std::move(o), Predicate::Op::not_in, std::move(values)};
}
/// Values below `low` or above `high` (both inclusive bounds of what is fine). Give integers for INT64
/// columns and leading_integer operands, numbers for FLOAT64 columns.
inline Predicate outside(Operand o, boost::json::value low, boost::json::value high) {
  return {std::move(o), Predicate::Op::outside, {std::move(low), std::move(high)}};
}

/// What a group check counts in each group.
struct Measure {
  enum class Kind { rows, rows_where, distinct } kind = Kind::rows;
  std::optional<Predicate> when;  ///< rows_where: the rows counted
  std::string column;             ///< distinct: the column whose distinct non-null values are counted
};
inline Measure count_rows() { return {}; }
inline Measure count_rows_where(Predicate p) {
  Measure m;
  m.kind = Measure::Kind::rows_where;
  m.when = std::move(p);
  return m;
}
inline Measure count_distinct(std::string column) {
  Measure m;
  m.kind = Measure::Kind::distinct;
  m.column = std::move(column);
  return m;
}

/// One declared check. Build it with offending_rows, per_group or average_of.
struct Check {
  enum class Kind {
    rows,     ///< rows matching every `where` predicate and any `violations` predicate are offenders
    groups,   ///< rows (matching `where`) grouped by `group_by`; a group whose measure is outside min..max offends
    average,  ///< the average of `column` over the rows (matching `where`) must be within min..max
  };
  Kind kind = Kind::rows;
  std::string name;  ///< as the report shows it, e.g. "players per game 20-40"
  Severity severity = Severity::fail;
  std::vector<Predicate> where;
  std::vector<Predicate> violations;  ///< rows
  std::vector<std::string> group_by;  ///< groups
  std::string unit;                   ///< groups: what a group is, plural ("games", "teams")
  Measure measure;                    ///< groups
  std::optional<double> min, max;     ///< groups (whole numbers) and average: inclusive bounds; at least one
  std::string column;                 ///< average
  std::vector<std::string> show;      ///< rows: columns shown for an offender (default: the identity columns
                                      ///< and the columns the violations read)

  /// This check only warns.
  Check warning() && {
    severity = Severity::warning;
    return std::move(*this);
  }
  /// Only rows matching every predicate are looked at (counted into groups, averaged).
  Check among(std::vector<Predicate> predicates) && {
    for (auto& p : predicates) where.push_back(std::move(p));
    return std::move(*this);
  }
  Check showing(std::vector<std::string> columns) && {
    show = std::move(columns);
    return std::move(*this);
  }
};

/// Rows that match any of `violations` (and every `among` predicate) offend.
inline Check offending_rows(std::string name, std::vector<Predicate> violations) {
  Check c;
  c.kind = Check::Kind::rows;
  c.name = std::move(name);
  c.violations = std::move(violations);
  return c;
}

/// Per group of `group_by` (a "unit", e.g. games), `measure` must lie within min..max.
inline Check per_group(std::string name, std::vector<std::string> group_by, std::string unit, Measure measure,
                       std::optional<double> min, std::optional<double> max = std::nullopt) {
  Check c;
  c.kind = Check::Kind::groups;
  c.name = std::move(name);
  c.group_by = std::move(group_by);
  c.unit = std::move(unit);
  c.measure = std::move(measure);
  c.min = min;
  c.max = max;
  return c;
}

/// The average of `column` must be at least `min` (and at most `max`, when given).
inline Check average_of(std::string name, std::string column, std::optional<double> min,
                        std::optional<double> max = std::nullopt) {
  Check c;
  c.kind = Check::Kind::average;
  c.name = std::move(name);
  c.column = std::move(column);
  c.min = min;
  c.max = max;
  return c;
}

/// A table's checks, declared in ProcessorInfo::validation. Every table also gets the generic checks: rows
/// per date (a date without rows warns), the date span, distinct games (when it has game_id), and no
/// NULL in the REQUIRED columns, the strategy's keys and `not_null`.
struct TableChecks {
  std::string date_column;                ///< the DATE column the range selects; empty: the day-partitioning column
  std::vector<std::string> identity;      ///< columns that name a row among the offenders (default: game_id and
                                          ///< player_lookup where present, else source_file_path)
  std::vector<std::string> not_null;      ///< more columns that must never be NULL (a NULL fails)
  std::vector<Check> checks;              ///< the table's own checks, in report order
};

}  // namespace nbaraw::validation
