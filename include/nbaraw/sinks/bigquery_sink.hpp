#pragma once
// BigQuery as a sink: each batch is uploaded by one load job into a staging table that expires on its own,
// then one multi-statement transaction applies the strategy to the target table and writes the ledger.
#include <nbaraw/bigquery/client.hpp>
#include <nbaraw/bigquery/schema.hpp>
#include <nbaraw/config.hpp>
#include <nbaraw/sink.hpp>

#include <chrono>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace nbaraw {

struct BigQuerySinkOptions {
  std::string project = "nba-props-platform";
  std::string dataset = "nba_raw";  ///< where the target tables, the ledger and the staging tables live
  bool create_tables = false;       ///< create a missing target table from the processor's schema
  bool read_only = false;           ///< dry runs: read the ledger, never write
  std::chrono::hours staging_expiration{24};  ///< staging tables left by a crash expire after this
  std::string ledger_table = "_nbaraw_ledger";
};

/**
 * Idempotent by construction:
 * - job ids are derived from the table, the batch's objects and generations, the processor version and
 *   the staging table's creation time, so a submission repeated after a crash or a lost answer attaches
 *   to the job already there (409) instead of loading twice;
 * - rows and ledger entries change in one transaction: a batch is applied entirely or not at all;
 * - re-loading a file replaces its earlier rows (every strategy deletes them first).
 * A statement refused because rows were streamed into the table recently throws SinkError with status
 * streaming_buffer; nothing of that batch is applied.
 */
class BigQuerySink {
 public:
  NBARAW_DECL BigQuerySink(bigquery::Client& client, BigQuerySinkOptions options);

  NBARAW_DECL Ledger ledger(const LoadTarget& target);
  NBARAW_DECL void prepare(const LoadTarget& target);
  /// A batch's staging tables and the ids their jobs derive from.
  struct StagedTable {
    bigquery::TableRef staging;
    std::string id_suffix;  ///< names this staging table's incarnation: a job adopted after a crash loaded into it
  };
  struct Staged {
    std::vector<StagedTable> tables;
    std::vector<std::string> targets;  ///< the target tables, for messages
  };
  /// One staging table and load job per table; nothing is applied yet. Safe to call from several threads at
  /// once, and alongside commit.
  NBARAW_DECL Staged stage(std::span<const TableLoad> tables);
  /// One transaction for every table of a staged batch and its ledger entries; then the staging tables go.
  NBARAW_DECL void commit(std::span<const TableLoad> tables, Staged staged);
  void load(std::span<const TableLoad> tables) { commit(tables, stage(tables)); }
  void load(const LoadTarget& target, std::span<const LoadFile> files) { load(one_table(target, files)); }
  std::string describe() const { return "bigquery://" + options_.project + "/" + options_.dataset; }

  /// Load and query jobs repeated (transient failures, rate limits) plus HTTP retries are in the client's stats.
  std::uint64_t retries() const {
    return client_.stats().job_retries.load() + client_.stats().rate_limited.load();
  }
  const BigQuerySinkOptions& options() const { return options_; }

 private:
  bigquery::TableRef ref(std::string table) const { return {options_.project, options_.dataset, std::move(table)}; }
  void ensure_ledger();

  bigquery::Client& client_;
  BigQuerySinkOptions options_;
  std::map<std::string, bigquery::PartitionFilter> partition_filters_;  ///< per prepared target table
  /// Ledger entries from before recency was kept, per target table: (object, recency) to fill in at prepare.
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> recency_to_fill_;
  bool ledger_ready_ = false;
};

static_assert(StagingSink<BigQuerySink>);

}  // namespace nbaraw

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/bigquery_sink.ipp>
#endif
