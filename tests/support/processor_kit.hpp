#pragma once
// What a processor's tests repeat: its sample objects read and transformed as the backfill does, the generic
// golden parity check (every sample object of its prefixes equal to its golden, field by field), inputs made
// from a sample or by hand and run as the backfill does, and small helpers over a transform's rows, skip
// reasons and counters. A processor's own hand-built inputs live in its test file that uses them. The driver
// run is support/driver_run.hpp.
#include "support/golden.hpp"
#include "support/transform_checked.hpp"

#include <nbaraw/processor.hpp>

#include <catch2/catch.hpp>

#include <boost/json/value.hpp>

#include <functional>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nbaraw::test {

/// A sample object as its processor reads it: the fixture's bytes, gunzipped when gzipped, parsed.
boost::json::value read_sample(std::string_view object);

/// Every sample object under these prefixes, sorted; fails the test when there is none.
std::vector<std::string> sample_objects(const std::vector<std::string>& prefixes);

/// Every sample object under the processor's prefixes, sorted; there is at least one.
template <class P>
std::vector<std::string> samples_of(const P& processor) {
  return sample_objects(processor.info().prefixes);
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
boost::json::object sample_with(std::string_view object, const boost::json::object& members);

/// One sample object in the parity check: its document, its golden rows, and its transform (none when the
/// validation rejected the document, which then must have no golden rows).
struct SampleParity {
  std::string object;
  boost::json::value document;
  boost::json::array golden;
  std::optional<TransformResult> result;
};

/// A processor as the parity check calls it (compiled once, not per processor).
struct ParityTarget {
  const ProcessorInfo& info;
  std::function<std::vector<std::string>(const boost::json::value&)> validate;
  std::function<TransformResult(const boost::json::value&, std::string_view object)> transform;  ///< checked
};

/// The golden parity every processor shares: the samples and goldens under its prefixes pair up one to one,
/// and each sample object gives exactly its golden rows (compare_rows: field by field, as a multiset), with no
/// record skipped and every row loadable. Returns each sample's outcome for the processor's own checks.
std::vector<SampleParity> check_golden_parity(const ParityTarget& target);

template <class P>
std::vector<SampleParity> check_golden_parity(const P& processor) {
  return check_golden_parity(ParityTarget{
      processor.info(), [&](const boost::json::value& doc) { return processor.validate(doc); },
      [&](const boost::json::value& doc, std::string_view object) { return transform_checked(processor, doc, object); }});
}

/// The one row a transform gave (fails the test otherwise, showing the first skip reason).
Row one_row(TransformResult result);

/// The one row processor P makes of a file holding just this record; wrap builds the file around its list of
/// records (each processor's file has its own wrapper).
template <class P, class Wrap>
Row one_row_of_record(const Wrap& wrap, boost::json::value record, std::string_view object_name) {
  return one_row(transform_as<P>(wrap(boost::json::array{std::move(record)}), object_name));
}

/// A comma-separated text column as its items, in order, spaces kept; none when the column is NULL.
std::vector<std::string> comma_list(const boost::json::value& column);

/// The column names of a row, in order.
std::vector<std::string> columns_of(const Row& row);

/// Whether any line (skip reason, remark) contains the needle.
bool any_contains(const std::vector<std::string>& lines, std::string_view needle);

/// A quality counter's value; 0 when the transform did not count it.
double counter(const QualityCounters& counters, std::string_view name);

}  // namespace nbaraw::test
