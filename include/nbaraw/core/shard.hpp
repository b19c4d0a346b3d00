#pragma once
// Sharding a backfill across the tasks of one job execution (Cloud Run Jobs, Kubernetes indexed Jobs).
//
// Each task takes a disjoint, deterministic share of the PLAN: the files left after the date range, the
// processor's file pattern, its selection rule (e.g. latest file per game folder, decided on the whole
// listing) and --team-filter. Sharding comes after that selection and before the ledger and --limit, so
// that the shares of tasks 0..N-1 together are exactly the plan of an unsharded run.
//
// The unit of sharding is the object's DATE FOLDER, not the file: a file goes to task
// fnv1a_64("YYYY-MM-DD") % N. Why the date rather than the file:
//  - the sinks' statements are scoped by the batch's date folders: merge_update and insert_new_only replace
//    a key's rows (a game, a day's snapshot) whose files all sit under one date folder, and BigQuery's
//    partition filters cover the batch's date folders. With a day in one task, two tasks never delete or
//    replace the same keys or the same date partition, so their transactions cannot undo each other's
//    rows, and "newest file wins" is decided inside one task;
//  - the selection rules (latest per day, latest per game folder under a day) then also never span tasks.
// The cost is balance: a task gets whole days, so the shares are even in days, not in files. A backfill
// spans hundreds of days, so with tens of tasks this evens out; a short range over many tasks leaves some
// tasks idle (they exit 0 with nothing to do).
// FNV-1a (not std::hash, which may differ between builds) makes the assignment the same in every build,
// on every machine and in every run, and independent of the listing order. An object without a date
// folder is sharded by its folder instead. A backfill shards by its listing shape's unit (core/listing.hpp):
// the date as here, or the season for season folders.
#include <nbaraw/config.hpp>
#include <nbaraw/core/object_info.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace nbaraw {

/// This task's share: task `index` (0-based) of `count`. The default, 0 of 1, is the whole plan.
struct Shard {
  Shard() = default;
  Shard(std::size_t shard_index, std::size_t shard_count) : index(shard_index), count(shard_count) {}

  std::size_t index = 0;
  std::size_t count = 1;

  bool sharded() const { return count > 1; }
  friend bool operator==(const Shard&, const Shard&) = default;
};

/// 64-bit FNV-1a of the bytes.
NBARAW_DECL std::uint64_t fnv1a_64(std::string_view bytes);

/// What decides an object's task: its date folder ("2024-01-15") when it has one, else its folder.
NBARAW_DECL std::string shard_key_of(std::string_view object_name);

/// The task (0..count-1) that takes this object.
NBARAW_DECL std::size_t shard_of(std::string_view object_name, std::size_t count);

/// The objects of the plan that belong to this shard, in their order.
NBARAW_DECL std::vector<ObjectInfo> take_shard(std::vector<ObjectInfo> plan, const Shard& shard);

}  // namespace nbaraw

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/shard.ipp>
#endif
