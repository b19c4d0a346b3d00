#pragma once
// A processor whose files feed two tables, for the backfill tests of multi-table batches.
#include "test_processor.hpp"

#include <nbaraw/processor.hpp>

#include <string>
#include <vector>

namespace nbaraw::test {

/// TestProcessor's items, plus one row per item in test_item_notes: its note is "note <id>", null (not
/// allowed) for the item "bad-note". A document with "stray": true also gives rows for an undeclared table.
class NotedItems {
 public:
  using input_type = boost::json::value;

  NotedItems() {
    info_ = inner_.info();
    ExtraTable notes;
    notes.table.table = "test_item_notes";
    notes.table.columns = {{"source_file_path", ColumnType::STRING, ColumnMode::REQUIRED},
                           {"item_id", ColumnType::STRING, ColumnMode::NULLABLE},
                           {"note", ColumnType::STRING, ColumnMode::REQUIRED}};
    notes.strategy = {StrategyKind::merge_update, {"item_id"}};
    info_.extra_tables.push_back(std::move(notes));
  }
  const ProcessorInfo& info() const { return info_; }
  std::vector<std::string> validate(const boost::json::value& in) const { return inner_.validate(in); }
  TransformResult transform(const boost::json::value& in, const FileContext& context) const {
    TransformResult out = inner_.transform(in, context);
    Rows& notes = out.extra_rows["test_item_notes"];
    for (const Row& row : out.rows) {
      const std::string id(row.at("item_id").as_string());
      notes.push_back(Row{{"source_file_path", context.object_name},
                          {"item_id", id},
                          {"note", id == "bad-note" ? boost::json::value() : boost::json::value("note " + id)}});
    }
    // Items listed under "notes_only" give a note and no item row.
    if (const auto* only = in.get_object().if_contains("notes_only"))
      for (const auto& id : only->as_array())
        notes.push_back(Row{{"source_file_path", context.object_name}, {"item_id", id}, {"note", "only"}});
    if (in.get_object().contains("stray")) out.extra_rows["nowhere"].push_back(Row{{"source_file_path", context.object_name}});
    return out;
  }

 private:
  TestProcessor inner_;
  ProcessorInfo info_;
};

static_assert(Processor<NotedItems>);

}  // namespace nbaraw::test
