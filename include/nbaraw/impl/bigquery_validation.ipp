#pragma once
#include <nbaraw/bigquery/schema.hpp>
#include <nbaraw/bigquery/statements.hpp>
#include <nbaraw/impl/bigquery_lookups.ipp>  // detail::typed_cell
#include <nbaraw/sinks/bigquery_validation.hpp>

#include <fmt/format.h>

#include <random>
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
    const std::string type = p.type == ColumnType::BOOLEAN ? "BOOL" : std::string(to_string(p.type));
    std::optional<std::string> text;
    switch (p.value.kind()) {
      case boost::json::kind::null: break;
      case boost::json::kind::string: text = std::string(p.value.get_string()); break;
      case boost::json::kind::bool_: text = p.value.get_bool() ? "true" : "false"; break;
      case boost::json::kind::int64: text = std::to_string(p.value.get_int64()); break;
      case boost::json::kind::uint64: text = std::to_string(p.value.get_uint64()); break;
      case boost::json::kind::double_: text = fmt::format("{}", p.value.get_double()); break;
      default: throw std::invalid_argument("validation: a parameter must be a scalar");
    }
    st.parameters.push_back(bigquery::scalar_parameter(fmt::format("p{}", ++index), type, text));
  }
  std::mt19937_64 random{std::random_device{}()};
  const std::string id = fmt::format("nbaraw_validate_{:016x}", random());
  const bigquery::QueryRows result = client_.query_results(client_.run_query(id, st.query_configuration()));
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
