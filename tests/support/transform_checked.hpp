#pragma once
// A processor's transform as the backfill runs it in a test: validation must pass first, and every row
// must be loadable into the processor's table (otherwise the backfill would fail the whole file).
#include <nbaraw/core/date.hpp>
#include <nbaraw/core/table_schema.hpp>
#include <nbaraw/processor.hpp>

#include <catch2/catch.hpp>

#include <boost/json/serialize.hpp>

#include <string>
#include <string_view>

namespace nbaraw::test {

template <class P>
TransformResult transform_checked(const P& processor, const boost::json::value& doc, std::string_view object_name) {
  const auto errors = processor.validate(doc);
  INFO((errors.empty() ? std::string() : errors.front()));
  REQUIRE(errors.empty());
  TransformResult result = processor.transform(doc, FileContext{std::string(object_name), date_folder_of(object_name)});
  for (const auto& row : result.rows) {
    const auto problem = row_problem(processor.info().table, row);
    INFO(boost::json::serialize(row) << "\n" << problem.value_or(""));
    CHECK_FALSE(problem.has_value());
  }
  return result;
}

}  // namespace nbaraw::test
