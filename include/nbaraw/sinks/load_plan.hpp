#pragma once
// The strategy semantics shared by every sink: which old rows a batch removes and which rows it inserts.
#include <nbaraw/config.hpp>
#include <nbaraw/sink.hpp>

#include <deque>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace nbaraw {

struct LoadPlan {
  std::vector<std::string> clear_files;  ///< remove rows whose source_file_path is one of these
  std::vector<const Row*> clear_keys;    ///< keyed strategies: remove rows with the key of each of these rows
                                         ///< (replace_table: every row)
  std::vector<const Row*> insert;        ///< then insert these rows, in this order
  std::deque<Row> merged;                ///< merge_keep: the batch's rows with kept values, pointed to by insert
};

/// The file that holds a key's rows in the table now.
struct KeyHolder {
  std::string object_name;
  std::string recency;  ///< its recency_key (core/recency.hpp); empty when unknown (not in the ledger): the oldest
  Row kept{};           ///< merge_keep: the strategy's keep columns as one of the key's rows stores them
};

/// Given a row, the file that holds rows of the same key in the table now, if any.
using KeyOwner = std::function<std::optional<KeyHolder>(const Row& row)>;

/**
 * Plans one batch. Every file of the batch first loses the rows it loaded before (so re-loads never
 * duplicate). Then, per strategy:
 * - append_always: every row is inserted;
 * - merge_update: for each key, the newest file of the batch (core/recency.hpp) replaces the key's rows,
 *   unless a newer file outside the batch already holds the key;
 * - insert_new_only: one row per key, from the oldest file that has the key; a key held by an older
 *   file outside the batch is left alone;
 * - insert_new_keys: as insert_new_only, but with every row the oldest file has for the key;
 * - replace_table: merge_update over one key shared by every row: the newest file with rows is the table;
 * - merge_keep: merge_update, then the keep columns of each inserted row take the holder's values (the owner's
 *   KeyHolder::kept) or, for a key the table lacks, the first row of the oldest batch file with the key.
 * The owner is asked before anything is removed, so a re-loaded file's own stored values count as the holder's.
 * The result does not depend on the order of `files`.
 */
NBARAW_DECL LoadPlan plan_load(const Strategy& strategy, std::span<const LoadFile> files, const KeyOwner& owner);

/// Every sink's first step: SinkError, before anything is written, when a row holds a number that is not finite
/// (no JSON, hence no table, can carry it; the backfill skips such rows, so this guards other callers).
NBARAW_DECL void refuse_non_finite(std::span<const LoadFile> files);

}  // namespace nbaraw

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/load_plan.ipp>
#endif
