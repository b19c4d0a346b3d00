#pragma once
// A minimal processor for backfill tests: {"items": [{"id": "...", "value": n}, ...]} -> one row per item.
#include <nbaraw/processor.hpp>

#include <boost/json/value.hpp>
#include <fmt/format.h>

#include <string>
#include <vector>

namespace nbaraw::test {

class TestProcessor {
 public:
  using input_type = boost::json::value;

  explicit TestProcessor(std::string version = "v1") {
    info_.name = "test_items";
    info_.version = std::move(version);
    info_.table.table = "test_items";
    info_.table.columns = {{"source_file_path", ColumnType::STRING, ColumnMode::REQUIRED},
                           {"item_id", ColumnType::STRING, ColumnMode::NULLABLE},
                           {"value", ColumnType::INT64, ColumnMode::NULLABLE}};
    info_.strategy = {StrategyKind::append_always, {}};
    info_.prefixes = {"src"};
  }

  const ProcessorInfo& info() const { return info_; }

  std::vector<std::string> validate(const boost::json::value& in) const {
    if (!in.is_object()) return {"the document is not an object"};
    const auto* items = in.get_object().if_contains("items");
    if (!items) return {"no \"items\" field"};
    if (!items->is_array()) return {"\"items\" is not a list"};
    return {};
  }

  TransformResult transform(const boost::json::value& in, const FileContext& context) const {
    TransformResult out;
    const auto& items = in.get_object().at("items").get_array();
    for (std::size_t i = 0; i < items.size(); ++i) {
      ++out.records_seen;
      const auto* item = items[i].if_object();
      if (!item) {
        out.skipped.push_back(fmt::format("item {} is not an object", i));
        continue;
      }
      Row row{{"source_file_path", context.object_name}};
      if (const auto* id = item->if_contains("id")) row["item_id"] = *id;
      if (const auto* value = item->if_contains("value")) row["value"] = *value;
      out.rows.push_back(std::move(row));
    }
    // The processor's own reason for a file without rows, e.g. "no games that day".
    if (const auto* why = in.get_object().if_contains("no_rows_reason"); why && why->is_string())
      out.no_rows_reason = why->get_string();
    return out;
  }

 private:
  ProcessorInfo info_;
};

static_assert(Processor<TestProcessor>);

}  // namespace nbaraw::test
