// A processor whose input is text (input_type std::string_view, like the BigDataBall CSV) through the whole
// pipeline: LocalSource -> Backfill -> the SQLite and NDJSON sinks, gzip included, the ledger on re-runs.
#include <nbaraw/backfill.hpp>
#include <nbaraw/sinks/ndjson_sink.hpp>
#include <nbaraw/sinks/sqlite_sink.hpp>
#include <nbaraw/sources/local_source.hpp>

#include "backfill_support.hpp"

#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

using namespace nbaraw;
using namespace nbaraw::test;

namespace {

/// "id,value" CSV -> one row per line, with the season the folder names. Reads the bytes as given, so a
/// JSON parse on the way would fail every file.
class CsvProcessor {
 public:
  using input_type = std::string_view;

  CsvProcessor() {
    info_.name = "test_csv";
    info_.version = "v1";
    info_.table.table = "test_csv";
    info_.table.columns = {{"source_file_path", ColumnType::STRING, ColumnMode::REQUIRED},
                           {"item_id", ColumnType::STRING, ColumnMode::REQUIRED},
                           {"value", ColumnType::INT64, ColumnMode::NULLABLE},
                           {"season_year", ColumnType::INT64, ColumnMode::NULLABLE}};
    info_.strategy = {StrategyKind::append_always, {}};
    info_.prefixes = {"csv"};
    info_.suffixes = {".csv", ".csv.gz"};
    info_.listing.layout = Layout::season_date_folders;
  }

  const ProcessorInfo& info() const { return info_; }

  std::vector<std::string> validate(std::string_view in) const {
    if (!in.starts_with("id,value\n")) return {"the first line is not the header id,value"};
    return {};
  }

  TransformResult transform(std::string_view in, const FileContext& context) const {
    TransformResult out;
    in.remove_prefix(in.find('\n') + 1);
    for (std::size_t line_number = 2; !in.empty(); ++line_number) {
      const std::size_t end = in.find('\n');
      const std::string_view line = in.substr(0, end);
      in.remove_prefix(end == std::string_view::npos ? in.size() : end + 1);
      ++out.records_seen;
      const std::size_t comma = line.find(',');
      std::int64_t value = 0;
      const std::string_view number = comma == std::string_view::npos ? std::string_view() : line.substr(comma + 1);
      const auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
      if (comma == std::string_view::npos || ec != std::errc() || ptr != number.data() + number.size()) {
        out.skipped.push_back(fmt::format("line {}: not id,number", line_number));
        continue;
      }
      Row row{{"source_file_path", context.object_name}, {"item_id", line.substr(0, comma)}, {"value", value}};
      if (context.season) row["season_year"] = *context.season;
      out.rows.push_back(std::move(row));
    }
    return out;
  }

 private:
  ProcessorInfo info_;
};

static_assert(Processor<CsvProcessor>);

constexpr Date csv_day{2025, 6, 22};
const std::string plain = "csv/2024-25/2025-06-22/game_1/a.csv";
const std::string gzipped = "csv/2024-25/2025-06-22/game_2/b.csv.gz";
const std::string bad_header = "csv/2024-25/2025-06-22/game_3/c.csv";
const std::string json_file = "csv/2024-25/2025-06-22/game_4/d.json";

/// The bucket every test here reads: two good CSVs (one stored gzipped), one without the header, one JSON
/// file the suffixes leave out.
void lay_out(BackfillBench& bench) {
  bench.put(plain, "id,value\nx,1\ny,-2\nbroken line\n");
  bench.put(gzipped, "id,value\n{\"z\",3", true);  // bytes JSON could never parse, and no final newline
  bench.put(bad_header, "value,id\n1,x\n");
  bench.put(json_file, R"({"items": []})");
}

template <class Sink>
RunSummary run_into(BackfillBench& bench, Sink& sink, RecordingReporter& reporter) {
  LocalSource source(bench.path_of(""));
  const CsvProcessor processor;
  BackfillOptions options = options_for(csv_day, csv_day);
  return Backfill<CsvProcessor, LocalSource, Sink>(processor, source, sink, options, reporter).run();
}

const std::vector<std::string> expected_statuses{plain + ": success", gzipped + ": success",
                                                 bad_header + ": validation_failed"};

}  // namespace

TEST_CASE("a text processor gets the file's bytes and loads its rows into SQLite", "[io][raw_bytes]") {
  BackfillBench bench;
  lay_out(bench);
  RecordingReporter reporter;
  RunSummary summary;
  {
    SqliteSink sink(bench.database());
    summary = run_into(bench, sink, reporter);
  }
  CHECK(reporter.statuses() == expected_statuses);
  CHECK_THAT(reporter.result(bad_header).reason, Catch::Contains("header"));
  CHECK(reporter.remarks.at(plain) == std::vector<std::string>{"record skipped: line 4: not id,number"});
  CHECK(summary.rows == 3);
  std::vector<std::string> table;
  for (const SqlRow& row : sql_query(bench.database(), "SELECT source_file_path, item_id, value, season_year FROM test_csv ORDER BY 1, 2"))
    table.push_back(fmt::format("{} {} {} {}", std::string_view(row.at(0).as_string()), std::string_view(row.at(1).as_string()),
                                row.at(2).as_int64(), row.at(3).as_int64()));
  CHECK(table == std::vector<std::string>{plain + " x 1 2024", plain + " y -2 2024", gzipped + " {\"z\" 3 2024"});

  // The ledger holds the CSVs like any file: a second run reads none of them again.
  RecordingReporter again;
  SqliteSink sink(bench.database());
  const RunSummary second = run_into(bench, sink, again);
  CHECK(second.count(FileStatus::skipped) == 2);
  CHECK(second.rows == 0);
}

TEST_CASE("a text processor's rows reach the NDJSON sink unchanged", "[io][raw_bytes]") {
  BackfillBench bench;
  lay_out(bench);
  TempDir out;
  RecordingReporter reporter;
  {
    NdjsonSink sink(out.path());
    const RunSummary summary = run_into(bench, sink, reporter);
    CHECK(summary.rows == 3);
  }
  CHECK(reporter.statuses() == expected_statuses);
  std::ifstream table(out.path() / "test_csv.ndjson");
  std::vector<std::string> lines;
  for (std::string line; std::getline(table, line);) {
    const auto row = boost::json::parse(line).as_object();
    lines.push_back(fmt::format("{} {} {} {}", std::string_view(row.at("source_file_path").as_string()),
                                std::string_view(row.at("item_id").as_string()), row.at("value").as_int64(),
                                row.at("season_year").as_int64()));
  }
  std::sort(lines.begin(), lines.end());
  CHECK(lines == std::vector<std::string>{plain + " x 1 2024", plain + " y -2 2024", gzipped + " {\"z\" 3 2024"});
}
