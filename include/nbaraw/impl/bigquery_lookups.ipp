#pragma once
#include <nbaraw/bigquery/schema.hpp>
#include <nbaraw/bigquery/statements.hpp>
#include <nbaraw/sinks/bigquery_lookups.hpp>
#include <nbaraw/sinks/sqlite_lookups.hpp>

#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <charconv>

namespace nbaraw {

namespace detail {
/// A value as a typed query parameter: BOOLEAN is BOOL on the wire; strings stay as they are.
inline boost::json::object lookup_parameter(std::size_t index, const boost::json::value& value, ColumnType type) {
  const std::string name = fmt::format("p{}", index);
  const std::string wire_type = type == ColumnType::BOOLEAN ? "BOOL" : std::string(to_string(type));
  std::optional<std::string> text;
  if (value.is_string()) text = std::string(value.get_string());
  else if (value.is_bool()) text = value.get_bool() ? "true" : "false";
  else if (!value.is_null()) text = boost::json::serialize(value);
  return bigquery::scalar_parameter(name, wire_type, text);
}

inline boost::json::value typed_cell(const std::optional<std::string>& cell, std::string_view type) {
  if (!cell) return nullptr;
  const std::string& s = *cell;
  if (type == "INTEGER" || type == "INT64") {
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec == std::errc() && end == s.data() + s.size()) return n;
  } else if (type == "FLOAT" || type == "FLOAT64" || type == "NUMERIC" || type == "BIGNUMERIC") {
    double d = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
    if (ec == std::errc() && end == s.data() + s.size()) return d;
  } else if (type == "BOOLEAN" || type == "BOOL") {
    return s == "true";
  }
  return boost::json::string(s);
}
}  // namespace detail

NBARAW_DECL Rows BigQueryLookups::find(const LookupQuery& q) {
  const bigquery::TableRef table{project_, dataset_, q.table};
  if (auto problem = bigquery::identifier_problem(table)) throw std::invalid_argument("lookup: " + *problem);
  if (!client_.get_table(dataset_, q.table)) return {};
  bigquery::Statement st;
  st.sql = lookup_sql(q, table.sql(), [](std::string_view s) { return fmt::format("`{}`", s); },
                      [](std::size_t i) { return fmt::format("@p{}", i); });
  std::size_t index = 0;
  for (const auto& c : q.equals) st.parameters.push_back(detail::lookup_parameter(++index, c.value, c.type));
  if (q.range) {
    st.parameters.push_back(detail::lookup_parameter(++index, q.range->low, q.range->type));
    st.parameters.push_back(detail::lookup_parameter(++index, q.range->high, q.range->type));
  }
  const std::string id = bigquery::random_job_id("nbaraw_lookup_" + q.table);
  const bigquery::QueryRows result = client_.query_results(client_.run_query(id, st.query_configuration()));
  Rows rows;
  for (const auto& cells : result.rows) {
    Row row;
    for (std::size_t i = 0; i < result.columns.size() && i < cells.size(); ++i)
      row[result.columns[i]] = detail::typed_cell(cells[i], i < result.types.size() ? result.types[i] : "STRING");
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace nbaraw
