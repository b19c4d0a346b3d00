#pragma once
#include <nbaraw/bigquery/schema.hpp>
#include <nbaraw/bigquery/statements.hpp>
#include <nbaraw/impl/bigquery_lookups.ipp>  // detail::lookup_parameter, typed_cell
#include <nbaraw/sinks/bigquery_validation.hpp>

#include <fmt/format.h>

#include <stdexcept>

namespace nbaraw {

NBARAW_DECL std::optional<std::string> BigQueryValidationStore::table_reference(const std::string& table) {
  const bigquery::TableRef ref{project_, dataset_, table};
  if (auto problem = bigquery::identifier_problem(ref)) throw std::invalid_argument("validation: " + *problem);
  if (!client_.get_table(dataset_, table)) return std::nullopt;
  return ref.sql();
}

NBARAW_DECL std::vector<std::vector<boost::json::value>> BigQueryValidationStore::select(const validation::SqlQuery& q) {
  bigquery::Statement st;
  st.sql = q.sql;
  std::size_t index = 0;
  for (const auto& p : q.parameters) {
    if (p.value.is_array() || p.value.is_object()) throw std::invalid_argument("validation: a parameter must be a scalar");
    st.parameters.push_back(detail::lookup_parameter(++index, p.value, p.type));
  }
  const bigquery::QueryRows result =
      client_.query_results(client_.run_query(bigquery::random_job_id("nbaraw_validate"), st.query_configuration()));
  std::vector<std::vector<boost::json::value>> rows;
  rows.reserve(result.rows.size());
  for (const auto& cells : result.rows) {
    std::vector<boost::json::value> row;
    for (std::size_t i = 0; i < cells.size(); ++i)
      row.push_back(detail::typed_cell(cells[i], i < result.types.size() ? result.types[i] : "STRING"));
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace nbaraw
