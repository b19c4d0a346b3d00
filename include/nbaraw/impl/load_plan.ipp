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

  switch (strategy.kind) {
    case StrategyKind::append_always:
      for (const LoadFile* f : ordered)
        for (const Row& row : f->rows) plan.insert.push_back(&row);
      break;

    case StrategyKind::merge_update:
    case StrategyKind::insert_new_only: {
      // merge_update: the newest file holding a key owns it, with all its rows for that key.
      // insert_new_only: the oldest file owns it, with its first row for that key; keys are never
      // updated by later files, yet the outcome does not depend on which batch came first.
      const bool newest_wins = strategy.kind == StrategyKind::merge_update;
      // beats(a, b): the file of recency a owns a key rather than the file of recency b.
      auto beats = [&](const std::string& a, const std::string& b) { return newest_wins ? a > b : a < b; };
      std::map<std::string, const LoadFile*> winner;
      std::map<std::string, const Row*> representative;
      for (const LoadFile* f : ordered)
        for (const Row& row : f->rows) {
          std::string key = key_of(row, strategy.keys);
          auto [it, fresh] = winner.emplace(key, f);
          if (!fresh && beats(recency[f], recency[it->second])) it->second = f;
          representative.emplace(key, &row);
        }
      std::set<std::string> accepted;
      for (const auto& [key, file] : winner) {
        std::optional<KeyHolder> held_by = owner(*representative[key]);
        if (held_by && !in_batch.count(held_by->object_name) && beats(held_by->recency, recency[file])) continue;
        accepted.insert(key);
        plan.clear_keys.push_back(representative[key]);
      }
      std::set<std::string> inserted;
      for (const LoadFile* f : ordered)
        for (const Row& row : f->rows) {
          std::string key = key_of(row, strategy.keys);
          if (!accepted.count(key) || winner[key] != f) continue;
          if (!newest_wins && !inserted.insert(key).second) continue;
          plan.insert.push_back(&row);
        }
      break;
    }
  }
  return plan;
}

}  // namespace nbaraw
