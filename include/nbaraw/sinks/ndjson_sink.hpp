#pragma once
// NDJSON files in BigQuery's load format: one `<table>.ndjson` per table, and a ledger file beside it.
#include <nbaraw/config.hpp>
#include <nbaraw/sink.hpp>

#include <filesystem>
#include <string>
#include <unordered_map>

namespace nbaraw {

/// Rows are written with the table's columns only, in schema order. A load that needs to replace earlier
/// rows (a re-loaded file, a merged key) rewrites the table file into a temporary file and renames it over
/// the old one, so a crash leaves the old or the new file, never half of one; the ledger
/// (`_nbaraw_ledger.ndjson`) is appended after, and a crash in between is repaired by the re-run, which
/// replaces the same rows again.
class NdjsonSink {
 public:
  /// Creates the folder if needed (unless read_only).
  NBARAW_DECL explicit NdjsonSink(std::filesystem::path folder, bool read_only = false);

  NBARAW_DECL Ledger ledger(const LoadTarget& target);
  NBARAW_DECL void prepare(const LoadTarget& target);
  /// Every table's file is written (or its temporary file) before any is renamed into place; a failure on the
  /// way undoes them all. The ledger entries of every table follow the renames.
  NBARAW_DECL void load(std::span<const TableLoad> tables);
  void load(const LoadTarget& target, std::span<const LoadFile> files) { load(one_table(target, files)); }
  std::string describe() const { return "ndjson:" + folder_.string(); }

  std::filesystem::path table_file(const TableSchema& schema) const { return folder_ / (schema.table + ".ndjson"); }
  std::filesystem::path ledger_file() const { return folder_ / "_nbaraw_ledger.ndjson"; }

 private:
  struct TableIndex {
    std::unordered_map<std::string, std::size_t> rows_per_file;  // source_file_path -> rows
    std::unordered_map<std::string, std::string> key_owner;      // key -> source_file_path
    std::unordered_map<std::string, Row> kept;                   // merge_keep: key -> its stored keep columns
    std::unordered_map<std::string, std::string> recency;        // loaded object -> recency_key, from the ledger
    NBARAW_DECL void add(const Row& row, const Strategy& strategy);
  };
  /// The table file's index and its ledger entries' recency.
  NBARAW_DECL TableIndex index_table(const LoadTarget& target);
  std::filesystem::path folder_;
  bool read_only_;
  std::unordered_map<std::string, TableIndex> tables_;
};

static_assert(Sink<NdjsonSink>);

}  // namespace nbaraw

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/ndjson_sink.ipp>
#endif
