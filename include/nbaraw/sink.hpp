#pragma once
// The Sink concept: where a backfill loads rows, and where it remembers what it loaded (the ledger).
#include <nbaraw/core/file_status.hpp>
#include <nbaraw/core/object_info.hpp>
#include <nbaraw/core/row.hpp>
#include <nbaraw/core/table_schema.hpp>

#include <array>
#include <concepts>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <unordered_map>

namespace nbaraw {

/// A load that failed as a whole; nothing of it was applied. `status` is what its files are reported as.
struct SinkError : std::runtime_error {
  explicit SinkError(const std::string& what, FileStatus file_status = FileStatus::error)
      : std::runtime_error(what), status(file_status) {}
  FileStatus status;
};

/// One loaded object, as recorded in the sink in the same transaction as its rows.
struct LedgerEntry {
  std::string object_name;
  std::string generation;
  std::string processor_version;
  std::uint64_t rows = 0;
  std::string loaded_at;  ///< UTC, ISO 8601
};

/// Ledger entries of one table, by object name.
using Ledger = std::unordered_map<std::string, LedgerEntry>;

/// One file's rows, ready to load. A file with no rows is still recorded in the ledger.
struct LoadFile {
  ObjectInfo object;
  Rows rows;
};

/// What the table and the strategy of a load are.
struct LoadTarget {
  const TableSchema& schema;
  const Strategy& strategy;
  std::string processor_version;
};

/// One table's share of a batch. The tables of one load list the same objects, each with its rows for that table.
struct TableLoad {
  LoadTarget target;
  std::span<const LoadFile> files;
};

/// A one-table load, for `k.load(one_table(target, files))`.
inline std::array<TableLoad, 1> one_table(const LoadTarget& target, std::span<const LoadFile> files) {
  return {TableLoad{target, files}};
}

/**
 * The Sink concept. A type K models it when, for `K k`, `const LoadTarget t`, and
 * `std::span<const LoadFile> files`:
 *
 * | expression          | type          | requirement                                                        |
 * |---------------------|---------------|--------------------------------------------------------------------|
 * | `k.ledger(t)`       | `Ledger`      | objects already loaded into t's table; empty when none; no writes  |
 * | `k.prepare(t)`      | `void`        | creates the table and ledger if missing; throws SinkError when an existing table cannot take the rows |
 * | `k.load(tables)`    | `void`        | per table, applies its strategy to the files' rows and records them in its ledger; all tables or nothing; re-loading a file replaces its earlier rows; throws SinkError |
 * | `k.load(t, files)`  | `void`        | `k.load(one_table(t, files))`                                       |
 * | `k.describe()`      | `std::string` | where rows go, for logs (no secrets)                               |
 *
 * Optional: `k.retries()` returning `std::uint64_t`, the requests retried so far (added to the summary's
 * `retries`).
 *
 * A backfill calls a sink from one thread at a time, except a StagingSink's stage (below).
 */
template <class K>
concept Sink = requires(K& k, const LoadTarget& t, std::span<const LoadFile> files, std::span<const TableLoad> tables) {
  { k.ledger(t) } -> std::same_as<Ledger>;
  { k.prepare(t) } -> std::same_as<void>;
  { k.load(tables) } -> std::same_as<void>;
  { k.load(t, files) } -> std::same_as<void>;
  { k.describe() } -> std::convertible_to<std::string>;
};

/**
 * A sink whose load is two steps, so that a backfill can upload several batches at once while it applies
 * them one after the other: `k.stage(tables)` uploads a batch and applies nothing (it may run on several
 * threads at once, and beside commit); `k.commit(tables, staged)` applies a staged batch, all tables or
 * nothing, as load does. `k.load(tables)` is `k.commit(tables, k.stage(tables))`. A staged batch that is
 * never committed leaves nothing behind that the sink does not clean up by itself.
 */
template <class K>
concept StagingSink = Sink<K> && requires(K& k, std::span<const TableLoad> tables, typename K::Staged staged) {
  { k.stage(tables) } -> std::same_as<typename K::Staged>;
  { k.commit(tables, std::move(staged)) } -> std::same_as<void>;
};

}  // namespace nbaraw
