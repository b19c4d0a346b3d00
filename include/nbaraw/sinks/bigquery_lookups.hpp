#pragma once
// Lookups answered by BigQuery: one parameterised query job per lookup, in the sink's dataset.
#include <nbaraw/bigquery/client.hpp>
#include <nbaraw/config.hpp>
#include <nbaraw/lookups.hpp>

#include <string>

namespace nbaraw {

class BigQueryLookups final : public Lookups {
 public:
  BigQueryLookups(bigquery::Client& client, std::string project, std::string dataset)
      : client_(client), project_(std::move(project)), dataset_(std::move(dataset)) {}
  /// A missing table answers no rows; values come back typed by the result schema (INTEGER → integer,
  /// FLOAT/NUMERIC → number, BOOLEAN → bool, others as text).
  NBARAW_DECL Rows find(const LookupQuery& query) override;

 private:
  bigquery::Client& client_;
  std::string project_, dataset_;
};

}  // namespace nbaraw

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/bigquery_lookups.ipp>
#endif
