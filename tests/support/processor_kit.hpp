#pragma once
// What a processor's tests repeat: its sample objects read and transformed as the backfill does, the generic
// golden parity check (every sample object of its prefixes equal to its golden, field by field), inputs made
// from a sample or by hand and run as the backfill does, and small helpers over a transform's rows, skip
// reasons and counters. A processor's own hand-built inputs live in its test file that uses them. The driver
// run is support/driver_run.hpp.
#include "support/golden.hpp"
#include "support/transform_checked.hpp"

#include <nbaraw/detail/gzip.hpp>
#include <nbaraw/processor.hpp>

#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nbaraw::test {

/// A sample object as its processor reads it: the fixture's bytes, gunzipped when gzipped, parsed.
inline boost::json::value read_sample(std::string_view object) {
  std::string bytes = read_text(sample_file(object));
  if (looks_gzipped(bytes)) bytes = gunzip(bytes);
  return boost::json::parse(bytes);
}

/// Every sample object under the processor's prefixes, sorted; there is at least one.
template <class P>
std::vector<std::string> samples_of(const P& processor) {
  auto names = files_under(sample_bucket(), processor.info().prefixes);
  REQUIRE_FALSE(names.empty());
  return names;
}

/// A sample object transformed as the backfill does: validation passes, every row loadable.
template <class P>
TransformResult transform_sample(const P& processor, std::string_view object) {
  return transform_checked(processor, read_sample(object), object);
}

/// Processor P's transform of a hand-built document, as the backfill runs it (see transform_checked).
template <class P>
TransformResult transform_as(const boost::json::value& doc, std::string_view object_name) {
  return transform_checked(P{}, doc, object_name);
}

/// A sample object's document with these top-level members replaced (or added): a real file around the
/// test's own records.
inline boost::json::object sample_with(std::string_view object, const boost::json::object& members) {
  boost::json::value doc = read_sample(object);
  REQUIRE(doc.is_object());
  for (const auto& [name, value] : members) doc.as_object()[name] = value;
  return std::move(doc.as_object());
}

/// One sample object in the parity check: its document, its golden rows, and its transform (none when the
/// validation rejected the document, which then must have no golden rows).
struct SampleParity {
  std::string object;
  boost::json::value document;
  boost::json::array golden;
  std::optional<TransformResult> result;
};

/// The golden parity every processor shares: the samples and goldens under its prefixes pair up one to one,
/// and each sample object gives exactly its golden rows (compare_rows: field by field, as a multiset), with no
/// record skipped and every row loadable. Returns each sample's outcome for the processor's own checks.
template <class P>
std::vector<SampleParity> check_golden_parity(const P& processor) {
  const auto objects = samples_of(processor);
  CHECK(objects == files_under(golden_dir(), processor.info().prefixes));
  std::vector<SampleParity> out;
  for (const auto& name : objects) {
    INFO("object " << name);
    REQUIRE(std::filesystem::exists(golden_file(name)));
    SampleParity sample{name, read_sample(name), load_golden(golden_file(name)), std::nullopt};
    const auto errors = processor.validate(sample.document);
    if (errors.empty()) {
      sample.result = transform_checked(processor, sample.document, name);
      CHECK(sample.result->skipped.empty());
    } else {
      INFO("validation: " << errors.front());
      CHECK(sample.golden.empty());  // a rejected file loads nothing, which must be what the reference emitted
    }
    const GoldenDiff diff = compare_rows(sample.golden, sample.result ? sample.result->rows : Rows{});
    INFO(diff.message());
    CHECK(diff.ok());
    out.push_back(std::move(sample));
  }
  return out;
}

/// The one row a transform gave (fails the test otherwise, showing the first skip reason).
inline Row one_row(TransformResult result) {
  INFO("skipped: " << (result.skipped.empty() ? std::string() : result.skipped.front()));
  REQUIRE(result.rows.size() == 1);
  return std::move(result.rows.front());
}

/// The one row processor P makes of a file holding just this record; wrap builds the file around its list of
/// records (each processor's file has its own wrapper).
template <class P, class Wrap>
Row one_row_of_record(const Wrap& wrap, boost::json::value record, std::string_view object_name) {
  return one_row(transform_as<P>(wrap(boost::json::array{std::move(record)}), object_name));
}

/// A comma-separated text column as its items, in order, spaces kept; none when the column is NULL.
inline std::vector<std::string> comma_list(const boost::json::value& column) {
  std::vector<std::string> items;
  if (column.is_null()) return items;
  std::string_view text = column.as_string();
  while (true) {
    const auto comma = text.find(',');
    items.emplace_back(text.substr(0, comma));
    if (comma == std::string_view::npos) return items;
    text.remove_prefix(comma + 1);
  }
}

/// The column names of a row, in order.
inline std::vector<std::string> columns_of(const Row& row) {
  std::vector<std::string> columns;
  for (const auto& [k, v] : row) columns.emplace_back(k);
  return columns;
}

/// Whether any line (skip reason, remark) contains the needle.
inline bool any_contains(const std::vector<std::string>& lines, std::string_view needle) {
  return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return l.find(needle) != std::string::npos; });
}

/// A quality counter's value; 0 when the transform did not count it.
inline double counter(const QualityCounters& counters, std::string_view name) {
  for (const auto& [key, value] : counters)
    if (key == name) return value;
  return 0;
}

}  // namespace nbaraw::test
