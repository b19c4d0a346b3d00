#pragma once
// One harness for both sinks: open a sink in a fresh folder, load as a run would (prepare once per sink
// instance, then load), reopen it as the next run would, and read a table back without the sink.
#include "sqlite_query.hpp"
#include "support/bigquery_test_server.hpp"
#include "support/temp_dir.hpp"

#include <nbaraw/sinks/bigquery_sink.hpp>
#include <nbaraw/sinks/ndjson_sink.hpp>
#include <nbaraw/sinks/sqlite_sink.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace nbaraw::test {

/// Two files of two days, as the sink tests record them in the ledger.
inline const std::string file_a = "src/2024-01-01/20240101_000000.json";
inline const std::string file_b = "src/2024-01-02/20240102_000000.json";

/// The small table the sink tests load: every column type a strategy test needs.
inline TableSchema player_schema(std::string table = "strategy_test") {
  TableSchema schema;
  schema.table = std::move(table);
  schema.columns = {{"source_file_path", ColumnType::STRING, ColumnMode::REQUIRED},
                    {"game_id", ColumnType::STRING, ColumnMode::NULLABLE},
                    {"player", ColumnType::STRING, ColumnMode::NULLABLE},
                    {"points", ColumnType::INT64, ColumnMode::NULLABLE},
                    {"ratio", ColumnType::FLOAT64, ColumnMode::NULLABLE},
                    {"active", ColumnType::BOOLEAN, ColumnMode::NULLABLE},
                    {"d", ColumnType::DATE, ColumnMode::NULLABLE}};
  return schema;
}

/// A complete row of player_schema; ratio, active and d are derived from points.
inline Row player_row(std::string_view file, std::string_view game, std::string_view player, std::int64_t points = 10) {
  return Row{{"source_file_path", file},    {"game_id", game},           {"player", player}, {"points", points},
             {"ratio", double(points) / 4}, {"active", points % 2 == 0}, {"d", "2024-01-01"}};
}

inline LoadFile load_file(std::string name, Rows rows, std::string generation = "1:1") {
  return {ObjectInfo{std::move(name), 1, std::move(generation)}, std::move(rows)};
}

/// "<file name without folder and .json> <game_id> <player>" per row, sorted: what a strategy decides.
inline std::vector<std::string> row_facts(const Rows& rows) {
  std::vector<std::string> out;
  for (const Row& row : rows) {
    std::string file(row.at("source_file_path").as_string());
    file = file.substr(file.rfind('/') + 1);
    if (file.ends_with(".json")) file.resize(file.size() - 5);
    auto text = [&](std::string_view column) {
      const auto& v = row.at(column);
      return v.is_string() ? std::string(v.get_string()) : boost::json::serialize(v);
    };
    out.push_back(file + " " + text("game_id") + " " + text("player"));
  }
  std::sort(out.begin(), out.end());
  return out;
}

/// Every row serialised whole, sorted: for "the table did not change" comparisons.
inline std::vector<std::string> row_snapshot(const Rows& rows) {
  std::vector<std::string> out;
  for (const Row& row : rows) out.push_back(boost::json::serialize(row));
  std::sort(out.begin(), out.end());
  return out;
}

/// SELECTs the schema's columns; BOOLEAN must come back as INTEGER 0/1 and becomes a JSON bool.
inline Rows read_sqlite_table(const std::string& database, const std::string& table, const TableSchema& schema) {
  std::string columns;
  for (const auto& c : schema.columns) columns += (columns.empty() ? "\"" : ", \"") + c.name + "\"";
  Rows rows;
  for (const SqlRow& stored : sql_query(database, "SELECT " + columns + " FROM \"" + table + "\"")) {
    Row row;
    for (std::size_t i = 0; i < schema.columns.size(); ++i) {
      const boost::json::value& v = stored.at(i);
      if (schema.columns[i].type == ColumnType::BOOLEAN && !v.is_null()) {
        REQUIRE(v.is_int64());
        row[schema.columns[i].name] = v.get_int64() != 0;
      } else {
        row[schema.columns[i].name] = v;
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

/// While broken, every insert into the table fails (a trigger aborts it), in the middle of a transaction.
inline void break_sqlite_table(const std::string& database, const std::string& table, bool broken) {
  sql_exec(database, broken ? "CREATE TRIGGER \"broken_" + table + "\" BEFORE INSERT ON \"" + table +
                                  "\" BEGIN SELECT RAISE(ABORT, 'this table is broken'); END"
                            : "DROP TRIGGER \"broken_" + table + "\"");
}

/// How each sink is opened in a folder and how its table is read back without it.
template <class K>
struct SinkBackend;

template <>
struct SinkBackend<SqliteSink> {
  static std::string database(const std::filesystem::path& folder) { return (folder / "sink.db").string(); }
  static std::unique_ptr<SqliteSink> open(const std::filesystem::path& folder) {
    return std::make_unique<SqliteSink>(database(folder));
  }
  static Rows read(const std::filesystem::path& folder, const TableSchema& schema) {
    return read_sqlite_table(database(folder), schema.table, schema);
  }
  static void break_table(const std::filesystem::path& folder, const TableSchema& schema, bool broken) {
    break_sqlite_table(database(folder), schema.table, broken);
  }
};

/// BigQuery through the loopback BigQuery test server; the server keeps its tables in an SQLite file in
/// the folder, so a reopened sink (and a new server) sees them.
class BigQueryTestSink {
 public:
  explicit BigQueryTestSink(const std::filesystem::path& folder)
      : server_(server_options(folder)),
        credentials_(auth::anonymous_credentials()),
        client_(http_, credentials_, client_options(server_)),
        sink_(client_, sink_options()) {}

  Ledger ledger(const LoadTarget& t) { return sink_.ledger(t); }
  void prepare(const LoadTarget& t) { sink_.prepare(t); }
  void load(std::span<const TableLoad> tables) { sink_.load(tables); }
  void load(const LoadTarget& t, std::span<const LoadFile> files) { sink_.load(t, files); }
  std::string describe() const { return sink_.describe(); }
  BigQueryTestServer& server() { return server_; }
  bigquery::Client& client() { return client_; }

  static BigQueryTestServer::Options server_options(const std::filesystem::path& folder) {
    BigQueryTestServer::Options o;
    o.database = folder / "bigquery.db";
    return o;
  }
  static BigQuerySinkOptions sink_options() {
    BigQuerySinkOptions o;
    o.project = "test-project";
    o.create_tables = true;
    return o;
  }
  static bigquery::ClientOptions client_options(const BigQueryTestServer& server) {
    bigquery::ClientOptions o;
    o.endpoint = server.base_url();
    o.project = "test-project";
    o.first_poll = std::chrono::milliseconds(1);
    o.max_poll = std::chrono::milliseconds(20);
    return o;
  }

 private:
  BigQueryTestServer server_;
  net::HttpClient http_;
  std::shared_ptr<auth::Credentials> credentials_;
  bigquery::Client client_;
  BigQuerySink sink_;
};

static_assert(Sink<BigQueryTestSink>);

template <>
struct SinkBackend<BigQueryTestSink> {
  static std::unique_ptr<BigQueryTestSink> open(const std::filesystem::path& folder) {
    return std::make_unique<BigQueryTestSink>(folder);
  }
  static Rows read(const std::filesystem::path& folder, const TableSchema& schema) {
    return read_sqlite_table((folder / "bigquery.db").string(), BigQueryTestServer::sqlite_table("nba_raw", schema.table),
                             schema);
  }
  static void break_table(const std::filesystem::path& folder, const TableSchema& schema, bool broken) {
    break_sqlite_table((folder / "bigquery.db").string(), BigQueryTestServer::sqlite_table("nba_raw", schema.table), broken);
  }
};

template <>
struct SinkBackend<NdjsonSink> {
  static std::unique_ptr<NdjsonSink> open(const std::filesystem::path& folder) {
    return std::make_unique<NdjsonSink>(folder);
  }
  /// Parses <folder>/<table>.ndjson; every line must hold exactly the schema's columns, in schema order.
  static Rows read(const std::filesystem::path& folder, const TableSchema& schema) {
    Rows rows;
    std::ifstream in(folder / (schema.table + ".ndjson"), std::ios::binary);
    for (std::string line; std::getline(in, line);) {
      INFO(line);
      boost::json::value v = boost::json::parse(line);
      REQUIRE(v.is_object());
      std::vector<std::string> keys, expected;
      for (const auto& item : v.get_object()) keys.emplace_back(item.key());
      for (const auto& c : schema.columns) expected.push_back(c.name);
      REQUIRE(keys == expected);
      rows.push_back(std::move(v.get_object()));
    }
    return rows;
  }
  /// While broken, the table's file is a folder (its rows kept aside), so no write to it can succeed.
  static void break_table(const std::filesystem::path& folder, const TableSchema& schema, bool broken) {
    const auto file = folder / (schema.table + ".ndjson"), aside = folder / (schema.table + ".ndjson.aside");
    if (broken) {
      std::filesystem::rename(file, aside);
      std::filesystem::create_directory(file);
    } else {
      std::filesystem::remove(file);
      std::filesystem::rename(aside, file);
    }
  }
};

template <class K>
class SinkHarness {
 public:
  SinkHarness() { reopen(); }

  /// A new sink instance on the same folder, as the next run of a backfill would open it.
  void reopen() {
    sink_.reset();
    sink_ = SinkBackend<K>::open(folder_.path());
    prepared_.clear();
  }

  /// Prepares the table the first time this sink instance sees it, then loads the files in one call.
  void load(const LoadTarget& target, std::span<const LoadFile> files) {
    if (prepared_.insert(target.schema.table).second) sink_->prepare(target);
    sink_->load(target, files);
  }
  void load(const LoadTarget& target, const LoadFile& file) { load(target, std::span<const LoadFile>(&file, 1)); }
  /// Several tables in one load call (each prepared the first time, as above).
  void load(std::span<const TableLoad> tables) {
    for (const TableLoad& t : tables)
      if (prepared_.insert(t.target.schema.table).second) sink_->prepare(t.target);
    sink_->load(tables);
  }
  /// Makes every later write to the table fail (or lets it succeed again), without the sink noticing.
  void break_table(const TableSchema& schema, bool broken) { SinkBackend<K>::break_table(folder_.path(), schema, broken); }

  Ledger ledger(const LoadTarget& target) { return sink_->ledger(target); }
  Rows rows(const TableSchema& schema) const { return SinkBackend<K>::read(folder_.path(), schema); }
  K& sink() { return *sink_; }
  const std::filesystem::path& folder() const { return folder_.path(); }

 private:
  TempDir folder_;
  std::unique_ptr<K> sink_;
  std::set<std::string> prepared_;
};

}  // namespace nbaraw::test
