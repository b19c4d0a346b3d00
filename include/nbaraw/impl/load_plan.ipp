#pragma once
#include <nbaraw/core/recency.hpp>
#include <nbaraw/sinks/load_plan.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace nbaraw {

NBARAW_DECL void refuse_non_finite(std::span<const LoadFile> files) {
  for (const LoadFile& f : files)
    for (std::size_t i = 0; i < f.rows.size(); ++i)
      if (auto problem = non_finite_problem(f.rows[i]))
        throw SinkError(fmt::format("{} row {}: {}; nothing of this batch was written", f.object.name, i, *problem));
}

NBARAW_DECL LoadPlan plan_load(const Strategy& strategy, std::span<const LoadFile> files, const KeyOwner& owner) {
  LoadPlan plan;
  // Oldest first, so that planning is independent of the order files completed in.
  std::unordered_map<const LoadFile*, std::string> recency;
  std::vector<const LoadFile*> ordered;
  for (const auto& f : files) {
    ordered.push_back(&f);
    recency.emplace(&f, recency_key(f.object));
  }
  std::sort(ordered.begin(), ordered.end(), [&](const LoadFile* a, const LoadFile* b) { return recency[a] < recency[b]; });
  std::unordered_set<std::string> in_batch;
  for (const LoadFile* f : ordered) {
    plan.clear_files.push_back(f->object.name);
    in_batch.insert(f->object.name);
  }

  if (!is_keyed(strategy.kind)) {
    for (const LoadFile* f : ordered)
      for (const Row& row : f->rows) plan.insert.push_back(&row);
    return plan;
  }

  // The file that owns a key: the newest holding it (merge_update, replace_table, merge_keep) or the oldest
  // (insert_new_only, insert_new_keys), so that the outcome does not depend on which batch came first.
  const bool newest = newest_wins(strategy.kind);
  const bool first_row_only = strategy.kind == StrategyKind::insert_new_only;
  // beats(a, b): the file of recency a owns a key rather than the file of recency b.
  auto beats = [&](const std::string& a, const std::string& b) { return newest ? a > b : a < b; };
  std::map<std::string, const LoadFile*> winner;
  std::map<std::string, const Row*> representative;  // the key's first row in the oldest batch file having it
  for (const LoadFile* f : ordered)
    for (const Row& row : f->rows) {
      std::string key = key_of(row, strategy.keys);
      auto [it, fresh] = winner.emplace(key, f);
      if (!fresh && beats(recency[f], recency[it->second])) it->second = f;
      representative.emplace(key, &row);
    }
  std::set<std::string> accepted;
  std::map<std::string, Row> kept;  // merge_keep: key -> the values its inserted rows keep
  for (const auto& [key, file] : winner) {
    std::optional<KeyHolder> held_by = owner(*representative[key]);
    if (held_by && !in_batch.count(held_by->object_name) && beats(held_by->recency, recency[file])) continue;
    accepted.insert(key);
    plan.clear_keys.push_back(representative[key]);
    if (strategy.kind != StrategyKind::merge_keep) continue;
    Row& values = kept[key];
    for (const auto& column : strategy.keep) {
      const boost::json::value* v = held_by ? held_by->kept.if_contains(column) : representative[key]->if_contains(column);
      values[column] = v ? *v : boost::json::value();
    }
  }
  std::set<std::string> inserted;
  for (const LoadFile* f : ordered)
    for (const Row& row : f->rows) {
      std::string key = key_of(row, strategy.keys);
      if (winner[key] != f || !accepted.count(key)) continue;
      if (first_row_only && !inserted.insert(key).second) continue;
      if (auto values = kept.find(key); values != kept.end()) {
        Row& merged = plan.merged.emplace_back(row);
        for (const auto& [column, value] : values->second) merged[column] = value;
        plan.insert.push_back(&merged);
      } else {
        plan.insert.push_back(&row);
      }
    }
  return plan;
}

}  // namespace nbaraw
