// processor_kit.hpp and transform_checked.hpp, compiled once: the checks every processor's tests share,
// asserting with Catch2.
#include "support/processor_kit.hpp"

#include <nbaraw/detail/gzip.hpp>

#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <filesystem>

namespace nbaraw::test {

void require_no_validation_errors(const std::vector<std::string>& errors) {
  INFO((errors.empty() ? std::string() : errors.front()));
  REQUIRE(errors.empty());
}

void check_rows_loadable(const TableSchema& table, const TransformResult& result) {
  for (const auto& row : result.rows) {
    const auto problem = row_problem(table, row);
    INFO(boost::json::serialize(row) << "\n" << problem.value_or(""));
    CHECK_FALSE(problem.has_value());
  }
}

std::vector<std::string> sample_objects(const std::vector<std::string>& prefixes) {
  auto names = files_under(sample_bucket(), prefixes);
  REQUIRE_FALSE(names.empty());
  return names;
}

boost::json::value read_sample(std::string_view object) {
  std::string bytes = read_text(sample_file(object));
  if (looks_gzipped(bytes)) bytes = gunzip(bytes);
  return boost::json::parse(bytes);
}

std::vector<SampleParity> check_golden_parity(const ParityTarget& target) {
  const auto objects = sample_objects(target.info.prefixes);
  CHECK(objects == files_under(golden_dir(), target.info.prefixes));
  std::vector<SampleParity> out;
  for (const auto& name : objects) {
    INFO("object " << name);
    REQUIRE(std::filesystem::exists(golden_file(name)));
    SampleParity sample{name, read_sample(name), load_golden(golden_file(name)), std::nullopt};
    const auto errors = target.validate(sample.document);
    if (errors.empty()) {
      sample.result = target.transform(sample.document, name);
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

Row one_row(TransformResult result) {
  INFO("skipped: " << (result.skipped.empty() ? std::string() : result.skipped.front()));
  REQUIRE(result.rows.size() == 1);
  return std::move(result.rows.front());
}

std::vector<std::string> columns_of(const Row& row) {
  std::vector<std::string> columns;
  for (const auto& [k, v] : row) columns.emplace_back(k);
  return columns;
}

bool any_contains(const std::vector<std::string>& lines, std::string_view needle) {
  return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return l.find(needle) != std::string::npos; });
}

double counter(const QualityCounters& counters, std::string_view name) {
  for (const auto& [key, value] : counters)
    if (key == name) return value;
  return 0;
}

boost::json::object sample_with(std::string_view object, const boost::json::object& members) {
  boost::json::value doc = read_sample(object);
  REQUIRE(doc.is_object());
  for (const auto& [name, value] : members) doc.as_object()[name] = value;
  return std::move(doc.as_object());
}

std::vector<std::string> comma_list(const boost::json::value& column) {
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

}  // namespace nbaraw::test
