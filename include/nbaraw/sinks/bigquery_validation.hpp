#pragma once
// BigQuery as the store --validate reads: one parameterised query job per validation query, in the sink's
// dataset.
#include <nbaraw/bigquery/client.hpp>
#include <nbaraw/config.hpp>
#include <nbaraw/validation/validator.hpp>

#include <optional>
#include <string>

namespace nbaraw {

class BigQueryValidationStore final : public validation::Store {
 public:
  BigQueryValidationStore(bigquery::Client& client, std::string project, std::string dataset)
      : client_(client), project_(std::move(project)), dataset_(std::move(dataset)) {}
  validation::Dialect dialect() const override { return validation::Dialect::googlesql; }
  std::string describe() const override { return "bigquery://" + project_ + "/" + dataset_; }
  /// `project.dataset.table` after tables.get found it; nullopt when it does not exist.
  NBARAW_DECL std::optional<std::string> table_reference(const std::string& table) override;
  /// Named parameters @p1, @p2, ... typed by their columns; values come back typed by the result schema.
  NBARAW_DECL std::vector<std::vector<boost::json::value>> select(const validation::SqlQuery& query) override;

 private:
  bigquery::Client& client_;
  std::string project_, dataset_;
};

}  // namespace nbaraw

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/bigquery_validation.ipp>
#endif
