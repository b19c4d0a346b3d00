#pragma once
#include <nbaraw/detail/sql_identifier.hpp>
#include <nbaraw/validation/validator.hpp>

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <stdexcept>

namespace nbaraw::validation {

NBARAW_DECL std::string_view to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::pass: return "PASS";
    case Outcome::info: return "INFO";
    case Outcome::warning: return "WARN";
    case Outcome::fail: return "FAIL";
    case Outcome::skipped: return "SKIP";
  }
  return "?";
}

namespace detail {

/// The DATE column the range selects: the declared one, else the day-partitioning column.
inline const Column* date_column_of(const ProcessorInfo& info) {
  std::string name = info.validation.date_column;
  if (name.empty() && info.table.partitioning.kind == Partitioning::Kind::day) name = info.table.partitioning.field;
  const Column* c = name.empty() ? nullptr : info.table.find(name);
  return c && c->type == ColumnType::DATE ? c : nullptr;
}

inline std::vector<std::string> identity_of(const ProcessorInfo& info) {
  if (!info.validation.identity.empty()) return info.validation.identity;
  std::vector<std::string> out;
  for (const char* c : {"game_id", "player_lookup"})
    if (info.table.find(c)) out.emplace_back(c);
  if (out.empty() && info.table.find(source_file_column)) out.emplace_back(source_file_column);
  return out;
}

/// The columns that must never be NULL: REQUIRED ones, the strategy's keys, the declared ones.
inline std::vector<std::string> not_null_columns(const ProcessorInfo& info) {
  std::vector<std::string> out;
  auto add = [&](const std::string& c) {
    if (std::find(out.begin(), out.end(), c) == out.end()) out.push_back(c);
  };
  for (const auto& c : info.table.columns)
    if (c.mode == ColumnMode::REQUIRED) add(c.name);
  for (const auto& k : info.strategy.keys) add(k);
  for (const auto& c : info.validation.not_null) add(c);
  return out;
}

inline void add_unique(std::vector<std::string>& v, const std::string& s) {
  if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
}

/// Columns shown for an offending row: `show`, else the identity and what the violations read.
inline std::vector<std::string> shown_columns(const Check& c, const std::vector<std::string>& identity) {
  if (!c.show.empty()) return c.show;
  std::vector<std::string> out = identity;
  for (const auto& p : c.violations) add_unique(out, p.operand.column);
  return out;
}

inline std::string number_text(double d) {
  if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) < 1e15) return fmt::format("{}", std::int64_t(d));
  return fmt::format("{}", d);
}

inline std::string value_text(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null: return "null";
    case boost::json::kind::string: return std::string(v.get_string());
    case boost::json::kind::bool_: return v.get_bool() ? "true" : "false";
    case boost::json::kind::int64: return std::to_string(v.get_int64());
    case boost::json::kind::uint64: return std::to_string(v.get_uint64());
    case boost::json::kind::double_: return number_text(v.get_double());
    default: return boost::json::serialize(v);
  }
}

inline std::int64_t integer_of(const boost::json::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64()) return std::int64_t(v.get_uint64());
  if (v.is_double()) return std::int64_t(std::llround(v.get_double()));
  if (v.is_string()) {
    std::int64_t n = 0;
    const auto& s = v.get_string();
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec == std::errc() && end == s.data() + s.size()) return n;
  }
  return 0;  // NULL: SUM over no rows
}

inline std::optional<double> number_of(const boost::json::value& v) {
  if (v.is_double()) return v.get_double();
  if (v.is_int64()) return double(v.get_int64());
  if (v.is_uint64()) return double(v.get_uint64());
  if (v.is_string()) {
    double d = 0;
    const auto& s = v.get_string();
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
    if (ec == std::errc() && end == s.data() + s.size()) return d;
  }
  return std::nullopt;
}

/// "20-40", "at least 10", "at most 1".
inline std::string bounds_text(const std::optional<double>& min, const std::optional<double>& max) {
  if (min && max) return fmt::format("{}-{}", number_text(*min), number_text(*max));
  if (min) return "at least " + number_text(*min);
  return "at most " + number_text(max.value_or(0));
}
/// How an offender misses the bounds: "outside 20-40", "below 10", "above 1".
inline std::string missed_text(const std::optional<double>& min, const std::optional<double>& max) {
  if (min && max) return "outside " + bounds_text(min, max);
  if (min) return "below " + number_text(*min);
  return "above " + number_text(max.value_or(0));
}

inline std::string scope_of(const std::vector<Date>& dates) {
  if (dates.size() == 1) return dates.front().iso();
  const auto span = (dates.back().days() - dates.front().days()).count() + 1;
  if (std::size_t(span) == dates.size()) return dates.front().iso() + ".." + dates.back().iso();
  return fmt::format("{}..{} ({} dates)", dates.front().iso(), dates.back().iso(), dates.size());
}

/// One query under construction: checked, quoted identifiers; placeholders for every value; the range.
class Writer {
 public:
  Writer(Dialect dialect, const TableSchema& schema, std::string table, const Column& date, const std::vector<Date>& dates)
      : dialect_(dialect), schema_(schema), table_(std::move(table)), date_(date), dates_(dates) {}

  std::string column(const std::string& name) const {
    if (!nbaraw::detail::is_sql_identifier(name) || !schema_.find(name))
      throw std::invalid_argument(fmt::format("validation: '{}' is not a column of {}", name, schema_.table));
    return dialect_ == Dialect::sqlite ? "\"" + name + "\"" : "`" + name + "`";
  }

  ColumnType type_of(const Operand& o) const {
    if (o.leading_integer) return ColumnType::INT64;
    const Column* c = schema_.find(o.column);
    return c ? c->type : ColumnType::STRING;
  }

  std::string operand(const Operand& o) const {
    const std::string c = column(o.column);
    if (!o.leading_integer) return c;
    // The digits before the first ':' ("37:12" → 37): SUBSTR, INSTR and || mean the same in both dialects.
    const std::string head = fmt::format("SUBSTR({0}, 1, INSTR({0} || ':', ':') - 1)", c);
    return dialect_ == Dialect::sqlite ? fmt::format("CAST({} AS INTEGER)", head) : fmt::format("SAFE_CAST({} AS INT64)", head);
  }

  std::string parameter(const std::string& text, ColumnType type) { return parameter(boost::json::value(boost::json::string(text)), type); }
  std::string parameter(boost::json::value value, ColumnType type) {
    parameters_.emplace_back(std::move(value), type);
    return dialect_ == Dialect::sqlite ? fmt::format("?{}", parameters_.size()) : fmt::format("@p{}", parameters_.size());
  }

  std::string predicate(const Predicate& p) {
    const std::string x = operand(p.operand);
    const ColumnType t = type_of(p.operand);
    auto list = [&] {
      if (p.values.empty()) throw std::invalid_argument("validation: an IN list needs values");
      std::string out;
      for (const auto& v : p.values) out += (out.empty() ? "" : ", ") + parameter(v, t);
      return out;
    };
    switch (p.op) {
      case Predicate::Op::is_null: return x + " IS NULL";
      case Predicate::Op::is_not_null: return x + " IS NOT NULL";
      case Predicate::Op::is_blank: return fmt::format("({0} IS NULL OR TRIM({0}) = '')", x);
      case Predicate::Op::equals: return fmt::format("{} = {}", x, parameter(p.values.at(0), t));
      case Predicate::Op::in: return fmt::format("{} IN ({})", x, list());
      case Predicate::Op::not_in: return fmt::format("{} NOT IN ({})", x, list());
      case Predicate::Op::outside: {
        const std::string low = parameter(p.values.at(0), t), high = parameter(p.values.at(1), t);
        return fmt::format("({0} < {1} OR {0} > {2})", x, low, high);
      }
    }
    throw std::invalid_argument("validation: unknown predicate");
  }

  /// "(a) AND (b)"; "" when there are none.
  std::string all_of(const std::vector<Predicate>& ps) {
    std::string out;
    for (const auto& p : ps) out += (out.empty() ? "(" : " AND (") + predicate(p) + ")";
    return out;
  }
  std::string any_of(const std::vector<Predicate>& ps) {
    std::string out;
    for (const auto& p : ps) out += (out.empty() ? "(" : " OR (") + predicate(p) + ")";
    return out.empty() ? out : "(" + out + ")";
  }

  /// "FROM <table> WHERE <the range>[ AND <more>]". The range is a BETWEEN on the date column (the
  /// partition filter), narrowed to the listed dates when they are not one run of days.
  std::string from_where(const std::string& more = {}) {
    const std::string d = column(date_.name);
    const std::string low = parameter(dates_.front().iso(), ColumnType::DATE);
    const std::string high = parameter(dates_.back().iso(), ColumnType::DATE);
    std::string where = fmt::format("{} BETWEEN {} AND {}", d, low, high);
    const auto span = (dates_.back().days() - dates_.front().days()).count() + 1;
    if (std::size_t(span) != dates_.size()) {
      std::string list;
      for (const auto& date : dates_) list += (list.empty() ? "" : ", ") + parameter(date.iso(), ColumnType::DATE);
      where += fmt::format(" AND {} IN ({})", d, list);
    }
    if (!more.empty()) where += " AND " + more;
    return fmt::format("FROM {} WHERE {}", table_, where);
  }

  SqlQuery finish(std::string sql) {
    SqlQuery q;
    q.sql = std::move(sql);
    q.parameters = std::move(parameters_);
    parameters_.clear();
    return q;
  }

 private:
  Dialect dialect_;
  const TableSchema& schema_;
  std::string table_;
  const Column& date_;
  const std::vector<Date>& dates_;
  std::vector<SqlParameter> parameters_;
};

inline std::string joined(const std::vector<std::string>& items, std::string_view separator) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : std::string(separator)) + s;
  return out;
}

inline std::string examples_text(const std::vector<std::string>& examples, std::int64_t offenders) {
  std::string out = joined(examples, ", ");
  if (offenders > std::int64_t(examples.size())) out += ", ...";
  return out;
}

}  // namespace detail

NBARAW_DECL std::optional<std::string> checks_problem(const ProcessorInfo& info) {
  const TableSchema& schema = info.table;
  auto column_problem = [&](const std::string& name, std::string_view where) -> std::optional<std::string> {
    if (!nbaraw::detail::is_sql_identifier(name) || !schema.find(name))
      return fmt::format("{}: '{}' is not a column of {}", where, name, schema.table);
    return std::nullopt;
  };
  if (!detail::date_column_of(info))
    return fmt::format("{} has no DATE column to select the range on (declare validation.date_column)", schema.table);
  for (const auto& c : detail::identity_of(info))
    if (auto p = column_problem(c, "identity")) return p;
  for (const auto& c : detail::not_null_columns(info))
    if (auto p = column_problem(c, "not null")) return p;
  for (const auto& check : info.validation.checks) {
    const std::string where = "check '" + check.name + "'";
    if (check.name.empty()) return "a check has no name";
    std::vector<const Predicate*> predicates;
    for (const auto& p : check.where) predicates.push_back(&p);
    for (const auto& p : check.violations) predicates.push_back(&p);
    if (check.measure.when) predicates.push_back(&*check.measure.when);
    for (const Predicate* p : predicates) {
      if (auto problem = column_problem(p->operand.column, where)) return problem;
      const std::size_t wanted = p->op == Predicate::Op::outside ? 2 : p->op == Predicate::Op::equals ? 1 : 0;
      if ((wanted && p->values.size() != wanted) ||
          ((p->op == Predicate::Op::in || p->op == Predicate::Op::not_in) && p->values.empty()))
        return where + ": a predicate has the wrong number of values";
    }
    for (const auto& c : check.show)
      if (auto p = column_problem(c, where)) return p;
    switch (check.kind) {
      case Check::Kind::rows:
        if (check.violations.empty()) return where + ": no violations";
        break;
      case Check::Kind::groups:
        if (check.group_by.empty()) return where + ": no group_by columns";
        for (const auto& c : check.group_by)
          if (auto p = column_problem(c, where)) return p;
        if (check.measure.kind == Measure::Kind::distinct)
          if (auto p = column_problem(check.measure.column, where)) return p;
        if (check.measure.kind == Measure::Kind::rows_where && !check.measure.when) return where + ": no condition to count";
        if (!check.min && !check.max) return where + ": no bounds";
        break;
      case Check::Kind::average:
        if (auto p = column_problem(check.column, where)) return p;
        if (!check.min && !check.max) return where + ": no bounds";
        break;
    }
  }
  return std::nullopt;
}

NBARAW_DECL Report validate_table(const ProcessorInfo& info, Store& store, const std::vector<Date>& dates) {
  using namespace detail;
  if (dates.empty()) throw std::invalid_argument("validation: no dates");
  if (auto problem = checks_problem(info)) throw std::invalid_argument("validation: " + *problem);
  const TableSchema& schema = info.table;
  const Column& date = *date_column_of(info);
  const std::vector<std::string> identity = identity_of(info);
  const bool has_games = schema.find("game_id") != nullptr;
  const std::string range = scope_of(dates);

  Report report;
  report.table = schema.qualified_name();
  report.store = store.describe();
  report.dates = dates;
  auto fail_of = [](Severity s) { return s == Severity::fail ? Outcome::fail : Outcome::warning; };
  // Runs one query; an error names the check it was for.
  auto select = [&](const std::string& check, const SqlQuery& q) {
    try {
      return store.select(q);  // an error names the check (the totals query: "null key fields")
    } catch (const std::exception& e) {
      throw std::runtime_error(fmt::format("the query of check '{}' failed: {}", check, e.what()));
    }
  };

  const std::optional<std::string> table = store.table_reference(schema.table);
  if (!table) {
    report.results.emplace_back("table exists", range, Outcome::fail,
                                fmt::format("{} has no table {}", report.store, schema.table));
    return report;
  }
  auto writer = [&] { return Writer(store.dialect(), schema, *table, date, dates); };

  // Rows per date: one line per date with rows; a run of days without rows is one warning.
  std::map<Date, std::pair<std::int64_t, std::int64_t>> per_date;  // rows, games
  {
    Writer w = writer();
    const std::string d = w.column(date.name);
    const std::string games = has_games ? fmt::format(", COUNT(DISTINCT {}) AS v_games", w.column("game_id")) : "";
    const std::string from = w.from_where();
    const SqlQuery q =
        w.finish(fmt::format("SELECT {0} AS v_date, COUNT(*) AS v_rows{1} {2} GROUP BY {0} ORDER BY v_date", d, games, from));
    for (const auto& row : select("rows per date", q)) {
      if (row.empty() || !row[0].is_string()) continue;
      if (auto day = parse_iso_date(std::string_view(row[0].get_string()).substr(0, 10)))
        per_date[*day] = {integer_of(row.at(1)), has_games && row.size() > 2 ? integer_of(row[2]) : 0};
    }
  }
  std::int64_t total_rows = 0;
  std::size_t dates_with_rows = 0;
  for (std::size_t i = 0; i < dates.size();) {
    auto found = per_date.find(dates[i]);
    if (found != per_date.end() && found->second.first > 0) {
      const auto [rows, games] = found->second;
      CheckResult r("rows per date", dates[i].iso(), Outcome::pass,
                    has_games ? fmt::format("{} rows, {} games", rows, games) : fmt::format("{} rows", rows));
      r.total = rows;
      report.results.push_back(std::move(r));
      total_rows += rows;
      ++dates_with_rows;
      ++i;
      continue;
    }
    std::size_t j = i + 1;  // the run of consecutive days without rows
    while (j < dates.size() && dates[j] == dates[j - 1].next() && !per_date.count(dates[j])) ++j;
    const std::string scope = j - i == 1 ? dates[i].iso() : fmt::format("{}..{}", dates[i].iso(), dates[j - 1].iso());
    report.results.emplace_back("rows per date", scope, Outcome::warning,
                                j - i == 1 ? "no rows" : fmt::format("no rows on {} dates", j - i));
    i = j;
  }
  if (per_date.empty()) {
    report.results.emplace_back("date span", range, Outcome::warning, "no rows in the range");
  } else {
    report.results.emplace_back("date span", range, Outcome::info,
                                fmt::format("first {}, last {}: rows on {} of {} dates", per_date.begin()->first.iso(),
                                            per_date.rbegin()->first.iso(), dates_with_rows, dates.size()));
  }

  const std::vector<std::string> not_null = not_null_columns(info);
  if (total_rows == 0) {  // nothing to check; the dates without rows have warned
    if (has_games) report.results.emplace_back("distinct games", range, Outcome::skipped, "no rows in the range");
    report.results.emplace_back("null key fields", range, Outcome::skipped, "no rows in the range");
    for (const auto& c : info.validation.checks) report.results.emplace_back(c.name, range, Outcome::skipped, "no rows in the range");
    return report;
  }

  // One pass over the range for every count that needs no grouping: games, NULLs per column, offending
  // rows per row check (and the rows it looks at), averages.
  std::vector<std::int64_t> nulls(not_null.size());
  struct RowCounts {
    std::int64_t offenders = 0, among = 0;
  };
  std::map<std::size_t, RowCounts> row_counts;
  std::map<std::size_t, std::pair<std::optional<double>, std::int64_t>> averages;  // average, values
  std::int64_t games = 0;
  {
    Writer w = writer();
    std::vector<std::string> items{"COUNT(*) AS v_rows"};
    if (has_games) items.push_back(fmt::format("COUNT(DISTINCT {}) AS v_games", w.column("game_id")));
    for (std::size_t i = 0; i < not_null.size(); ++i)
      items.push_back(fmt::format("SUM(CASE WHEN {} IS NULL THEN 1 ELSE 0 END) AS v_null_{}", w.column(not_null[i]), i));
    for (std::size_t i = 0; i < info.validation.checks.size(); ++i) {
      const Check& c = info.validation.checks[i];
      const std::string among = w.all_of(c.where);
      if (c.kind == Check::Kind::rows) {
        const std::string offending = among.empty() ? w.any_of(c.violations) : among + " AND " + w.any_of(c.violations);
        items.push_back(fmt::format("SUM(CASE WHEN {} THEN 1 ELSE 0 END) AS v_check_{}", offending, i));
        items.push_back(among.empty() ? fmt::format("COUNT(*) AS v_among_{}", i)
                                      : fmt::format("SUM(CASE WHEN {} THEN 1 ELSE 0 END) AS v_among_{}", among, i));
      } else if (c.kind == Check::Kind::average) {
        const std::string value = among.empty() ? w.column(c.column) : fmt::format("CASE WHEN {} THEN {} END", among, w.column(c.column));
        items.push_back(fmt::format("AVG({}) AS v_avg_{}", value, i));
        items.push_back(fmt::format("COUNT({}) AS v_values_{}", value, i));
      }
    }
    const std::string from = w.from_where();
    const SqlQuery q = w.finish(fmt::format("SELECT {} {}", joined(items, ", "), from));
    const auto rows = select("null key fields", q);  // also the row checks and averages
    if (rows.size() != 1) throw std::runtime_error("validation: the totals query returned no row");
    const auto& row = rows.front();
    std::size_t at = 1;
    auto next = [&]() -> const boost::json::value& {
      if (at >= row.size()) throw std::runtime_error("validation: the totals query returned too few columns");
      return row[at++];
    };
    if (has_games) games = integer_of(next());
    for (auto& n : nulls) n = integer_of(next());
    for (std::size_t i = 0; i < info.validation.checks.size(); ++i) {
      const Check& c = info.validation.checks[i];
      if (c.kind == Check::Kind::rows) {
        RowCounts& rc = row_counts[i];
        rc.offenders = integer_of(next());
        rc.among = integer_of(next());
      } else if (c.kind == Check::Kind::average) {
        auto average = number_of(next());
        averages[i] = {average, integer_of(next())};
      }
    }
  }
  if (has_games) {
    CheckResult r("distinct games", range, Outcome::info, fmt::format("{} games", games));
    r.total = games;
    report.results.push_back(std::move(r));
  }

  // Offending rows: the shown columns of the first few, in a stable order.
  auto offender_examples = [&](const std::string& check, const std::vector<std::string>& shown, const std::string& condition_of_writer,
                            Writer& w) {
    std::string columns;
    for (const auto& c : shown) columns += (columns.empty() ? "" : ", ") + w.column(c);
    const std::string from = w.from_where(condition_of_writer);
    const SqlQuery q = w.finish(fmt::format("SELECT {0} {1} ORDER BY {0} LIMIT {2}", columns, from, example_limit));
    std::vector<std::string> out;
    for (const auto& row : select(check, q)) {
      std::vector<std::string> named, extra;
      for (std::size_t k = 0; k < shown.size() && k < row.size(); ++k) {
        const bool is_identity = std::find(identity.begin(), identity.end(), shown[k]) != identity.end();
        if (is_identity) named.push_back(value_text(row[k]));
        else extra.push_back(fmt::format("{} {}", shown[k], value_text(row[k])));
      }
      std::string text = named.empty() ? joined(extra, ", ") : joined(named, "/");
      if (!named.empty() && !extra.empty()) text += " (" + joined(extra, ", ") + ")";
      out.push_back(std::move(text));
    }
    return out;
  };

  // NULLs in key fields.
  {
    CheckResult r("null key fields", range, Outcome::pass, "");
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < not_null.size(); ++i) {
      if (nulls[i] == 0) continue;
      r.offenders += nulls[i];
      Writer w = writer();
      const std::string condition = w.column(not_null[i]) + " IS NULL";
      std::vector<std::string> examples = offender_examples("null key fields", identity, condition, w);
      parts.push_back(fmt::format("{}: {} NULL ({})", not_null[i], nulls[i], examples_text(examples, nulls[i])));
      for (auto& e : examples) r.examples.push_back(not_null[i] + ": " + e);
    }
    r.total = total_rows;
    if (parts.empty()) {
      r.detail = fmt::format("no NULL in {} columns ({})", not_null.size(), joined(not_null, ", "));
    } else {
      r.outcome = Outcome::fail;
      r.detail = joined(parts, "; ");
    }
    report.results.push_back(std::move(r));
  }

  // The processor's checks, in its order.
  for (std::size_t i = 0; i < info.validation.checks.size(); ++i) {
    const Check& c = info.validation.checks[i];
    CheckResult r(c.name, range, Outcome::pass, "");
    switch (c.kind) {
      case Check::Kind::rows: {
        const RowCounts rc = row_counts[i];
        r.offenders = rc.offenders;
        r.total = rc.among;
        if (rc.offenders == 0) {
          r.detail = fmt::format("none of {} rows", rc.among);
          break;
        }
        r.outcome = fail_of(c.severity);
        Writer w = writer();
        const std::string among = w.all_of(c.where);
        const std::string condition = among.empty() ? w.any_of(c.violations) : among + " AND " + w.any_of(c.violations);
        r.examples = offender_examples(c.name, shown_columns(c, identity), condition, w);
        r.detail = fmt::format("{} of {} rows: {}", rc.offenders, rc.among, examples_text(r.examples, rc.offenders));
        break;
      }
      case Check::Kind::average: {
        const auto [average, values] = averages[i];
        r.total = values;
        if (!average) {
          r.outcome = Outcome::skipped;
          r.detail = fmt::format("no {} values", c.column);
          break;
        }
        const bool low = c.min && *average < *c.min, high = c.max && *average > *c.max;
        r.detail = fmt::format("average {:.3f} over {} rows{}", *average, values,
                               low ? ", below " + number_text(*c.min)
                               : high ? ", above " + number_text(*c.max)
                                      : " (" + bounds_text(c.min, c.max) + ")");
        if (low || high) r.outcome = fail_of(c.severity), r.offenders = 1;
        break;
      }
      case Check::Kind::groups: {
        // SELECT <keys>, <measure> AS v_n FROM <table> WHERE <range and among> GROUP BY <keys>, then the
        // groups outside the bounds counted, and the first few named.
        auto groups_sql = [&](Writer& w) {
          std::string keys;
          for (const auto& g : c.group_by) keys += (keys.empty() ? "" : ", ") + w.column(g);
          std::string measure = "COUNT(*)";
          if (c.measure.kind == Measure::Kind::distinct) measure = fmt::format("COUNT(DISTINCT {})", w.column(c.measure.column));
          else if (c.measure.kind == Measure::Kind::rows_where)
            measure = fmt::format("SUM(CASE WHEN {} THEN 1 ELSE 0 END)", w.predicate(*c.measure.when));
          const std::string from = w.from_where(w.all_of(c.where));
          return std::pair{keys, fmt::format("SELECT {0}, {1} AS v_n {2} GROUP BY {0}", keys, measure, from)};
        };
        auto outside_sql = [&](Writer& w) {
          std::vector<std::string> parts;
          if (c.min) parts.push_back("v_n < " + w.parameter(*c.min, ColumnType::FLOAT64));
          if (c.max) parts.push_back("v_n > " + w.parameter(*c.max, ColumnType::FLOAT64));
          return joined(parts, " OR ");
        };
        std::int64_t groups = 0, offending = 0;
        {
          Writer w = writer();
          const auto [keys, inner] = groups_sql(w);
          const std::string outside = outside_sql(w);
          const SqlQuery q = w.finish(fmt::format(
              "SELECT COUNT(*) AS v_groups, SUM(CASE WHEN {} THEN 1 ELSE 0 END) AS v_offending FROM ({}) AS v_g", outside, inner));
          const auto rows = select(c.name, q);
          if (!rows.empty() && rows.front().size() >= 2) {
            groups = integer_of(rows.front()[0]);
            offending = integer_of(rows.front()[1]);
          }
        }
        r.offenders = offending;
        r.total = groups;
        if (offending == 0) {
          r.detail = fmt::format("{} {}, all {}", groups, c.unit, bounds_text(c.min, c.max));
          break;
        }
        r.outcome = fail_of(c.severity);
        Writer w = writer();
        const auto [keys, inner] = groups_sql(w);
        const std::string outside = outside_sql(w);
        const SqlQuery q = w.finish(
            fmt::format("SELECT {0}, v_n FROM ({1}) AS v_g WHERE {2} ORDER BY {0} LIMIT {3}", keys, inner, outside, example_limit));
        for (const auto& row : select(c.name, q)) {
          std::vector<std::string> key;
          for (std::size_t k = 0; k + 1 < row.size(); ++k) key.push_back(value_text(row[k]));
          r.examples.push_back(fmt::format("{} ({})", joined(key, "/"), row.empty() ? "?" : value_text(row.back())));
        }
        r.detail = fmt::format("{} of {} {} {}: {}", offending, groups, c.unit, missed_text(c.min, c.max),
                               examples_text(r.examples, offending));
        break;
      }
    }
    report.results.push_back(std::move(r));
  }
  return report;
}

}  // namespace nbaraw::validation
