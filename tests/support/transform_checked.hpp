#pragma once
// A processor's transform as the backfill runs it in a test: validation must pass first, and every row
// must be loadable into the processor's table (otherwise the backfill would fail the whole file). The checks
// are compiled once (processor_kit.cpp); only the calls into the processor are a template.
#include <nbaraw/core/date.hpp>
#include <nbaraw/core/table_schema.hpp>
#include <nbaraw/processor.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace nbaraw::test {

/// Fails the test (showing the first error) unless the validation found none.
void require_no_validation_errors(const std::vector<std::string>& errors);

/// Fails the test for each row the table would not accept (showing the row and the problem).
void check_rows_loadable(const TableSchema& table, const TransformResult& result);

template <class P>
TransformResult transform_checked(const P& processor, const boost::json::value& doc, std::string_view object_name) {
  require_no_validation_errors(processor.validate(doc));
  TransformResult result = processor.transform(doc, FileContext{std::string(object_name), date_folder_of(object_name)});
  check_rows_loadable(processor.info().table, result);
  return result;
}

}  // namespace nbaraw::test
