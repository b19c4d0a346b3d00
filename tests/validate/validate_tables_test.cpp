// --validate of a processor with extra tables: one report per table, and the worst outcome is the exit code.
#include "validate_support.hpp"

#include <nbaraw/cli/validate.hpp>
#include <nbaraw/log/logger.hpp>

#include <catch2/catch.hpp>

#include <sstream>

using namespace nbaraw;
using namespace nbaraw::test;

namespace {

TableSchema dated_table(std::string name) {
  TableSchema schema;
  schema.table = std::move(name);
  schema.columns = {{"source_file_path", ColumnType::STRING, ColumnMode::REQUIRED},
                    {"item_id", ColumnType::STRING, ColumnMode::NULLABLE},
                    {"d", ColumnType::DATE, ColumnMode::REQUIRED}};
  schema.partitioning = {Partitioning::Kind::day, "d"};
  return schema;
}

ProcessorInfo two_tables() {
  ProcessorInfo info;
  info.name = "noted_items";
  info.version = "v1";
  info.table = dated_table("main_items");
  info.extra_tables.push_back(ExtraTable{dated_table("item_notes"), Strategy{}, {}});
  return info;
}

/// Runs the validate command over January 1-2 against the SQLite file; its text output in `out`.
int validate_command(const std::filesystem::path& db, const ProcessorInfo& info, std::string& out) {
  cli::Options options;
  options.sink.kind = cli::SinkSpec::Kind::sqlite;
  options.sink.location = db.string();
  std::ostringstream log, text;
  Logger logger(cli::LogFormat::text, log, false);
  const int code = cli::validate(options, info, {day(1), day(2)}, logger, [](std::string_view) { return std::nullopt; }, text);
  out = text.str();
  return code;
}

}  // namespace

TEST_CASE("validation checks every table of the processor, one report each", "[validate][tables]") {
  TempDir tmp;
  const ProcessorInfo info = two_tables();
  load_sqlite(tmp / "nba_raw.db", info, {table_row(info.table, day(1), {{"item_id", "a"}})});

  std::string out;
  // The extra table is missing: its report fails, so the command does.
  CHECK(validate_command(tmp / "nba_raw.db", info, out) == 1);
  INFO(out);
  CHECK_THAT(out, Catch::Contains("validation of nba_raw.main_items") && Catch::Contains("validation of nba_raw.item_notes") &&
                      Catch::Contains("has no table item_notes"));

  ProcessorInfo notes = info;
  notes.table = info.extra_tables.front().table;
  load_sqlite(tmp / "nba_raw.db", notes, {table_row(notes.table, day(1), {{"item_id", "a"}})});
  CHECK(validate_command(tmp / "nba_raw.db", info, out) == 0);
}
