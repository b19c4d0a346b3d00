#pragma once
// A row is a JSON object keyed by column name: what a processor emits and what BigQuery loads as NDJSON.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <vector>

namespace nbaraw {

using Row = boost::json::object;
using Rows = std::vector<Row>;

/// Processor-defined counters summed over a run (e.g. "rows_unknown_team"), reported in the summary.
using QualityCounters = std::vector<std::pair<std::string, double>>;

inline void add_counter(QualityCounters& counters, std::string_view name, double value = 1) {
  for (auto& [key, total] : counters)
    if (key == name) {
      total += value;
      return;
    }
  counters.emplace_back(std::string(name), value);
}

inline void merge_counters(QualityCounters& into, const QualityCounters& from) {
  for (const auto& [key, value] : from) add_counter(into, key, value);
}

}  // namespace nbaraw
