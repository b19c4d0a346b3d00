#pragma once
// The embedded default sink: one SQLite file, a table per processor, and the ledger beside them.
#include <nbaraw/config.hpp>
#include <nbaraw/detail/sqlite.hpp>
#include <nbaraw/sink.hpp>

#include <memory>
#include <string>

namespace nbaraw {

/// Tables are named after the processor's table (no dataset prefix: `bdl_injuries`); column types map
/// STRING/DATE/TIMESTAMP/JSON → TEXT, INT64/BOOLEAN → INTEGER, FLOAT64/NUMERIC → REAL, REPEATED → TEXT
/// holding a JSON array; REQUIRED → NOT NULL. Each load is one transaction holding the rows and their
/// ledger entries (of every table of the batch). Values are always bound as parameters.
class SqliteSink {
 public:
  enum class Mode { read_write, read_only };
  /// read_only never creates the file (dry runs); a missing file reads as an empty ledger.
  NBARAW_DECL explicit SqliteSink(std::string path, Mode mode = Mode::read_write);

  NBARAW_DECL Ledger ledger(const LoadTarget& target);
  NBARAW_DECL void prepare(const LoadTarget& target);
  /// Every table's rows and ledger entries in one transaction.
  NBARAW_DECL void load(std::span<const TableLoad> tables);
  void load(const LoadTarget& target, std::span<const LoadFile> files) { load(one_table(target, files)); }
  std::string describe() const { return "sqlite:" + path_; }

  static constexpr std::string_view ledger_table = "_nbaraw_ledger";

 private:
  detail::SqliteDatabase* database();
  std::string path_;
  Mode mode_;
  std::unique_ptr<detail::SqliteDatabase> db_;
};

static_assert(Sink<SqliteSink>);

}  // namespace nbaraw

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/sqlite_sink.ipp>
#endif
