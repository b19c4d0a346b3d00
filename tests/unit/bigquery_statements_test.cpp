#include <nbaraw/bigquery/client.hpp>
#include <nbaraw/bigquery/statements.hpp>

#include <nbaraw/core/recency.hpp>
#include <nbaraw/detail/finite_json.hpp>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <cctype>
#include <limits>
#include <string>
#include <vector>

namespace bq = nbaraw::bigquery;
using nbaraw::Column;
using nbaraw::ColumnMode;
using nbaraw::ColumnType;
using nbaraw::LoadFile;
using nbaraw::Strategy;
using nbaraw::StrategyKind;
using nbaraw::TableSchema;

namespace {

TableSchema games_schema() {
  TableSchema s;
  s.table = "games";
  s.columns = {{"source_file_path", ColumnType::STRING, ColumnMode::REQUIRED},
               {"game_id", ColumnType::STRING, ColumnMode::REQUIRED},
               {"game_date", ColumnType::DATE, ColumnMode::NULLABLE},
               {"points", ColumnType::INT64, ColumnMode::NULLABLE},
               {"tags", ColumnType::STRING, ColumnMode::REPEATED}};
  s.partitioning = {nbaraw::Partitioning::Kind::day, "game_date"};
  s.clustering = {"game_id"};
  s.require_partition_filter = true;
  return s;
}

// Values chosen to break any SQL they were pasted into.
const std::string hostile_name = "src/2024-01-05/it's `x`; DROP TABLE t; --.json";
const std::string hostile_value = "O'Neal\"); DELETE FROM `p.d.t` WHERE (1=1";

std::vector<LoadFile> hostile_batch() {
  LoadFile f{{hostile_name, 10, "1700000000000001"}, {}};
  f.rows.push_back({{"source_file_path", hostile_name}, {"game_id", hostile_value}, {"game_date", "2024-01-04"},
                    {"points", 7}, {"tags", boost::json::array{"a", hostile_value}}});
  f.rows.push_back({{"source_file_path", hostile_name}, {"game_id", "g2"}, {"game_date", "2024-01-09"}, {"points", nullptr},
                    {"tags", boost::json::array{}}});
  LoadFile empty{{"src/2024-01-02/empty.json", 2, "5"}, {}};
  return {std::move(f), std::move(empty)};
}

bq::Statement apply(StrategyKind kind, bool with_partition) {
  static const TableSchema schema = games_schema();
  static const std::vector<LoadFile> files = hostile_batch();
  static Strategy strategy;
  strategy = Strategy{kind, kind == StrategyKind::append_always || kind == StrategyKind::replace_table
                                ? std::vector<std::string>{}
                                : std::vector<std::string>{"game_id"}};
  if (kind == StrategyKind::merge_keep) strategy.keep = {"points"};
  std::optional<bq::PartitionRange> range;
  if (with_partition) range = bq::partition_range(schema, Strategy{kind, {"game_id", "game_date"}}, "game_date", files);
  return bq::apply_statement({{"proj", "nba_raw", "games"}, {"proj", "nba_raw", "_nbaraw_staging_games_abc"},
                              {"proj", "nba_raw", "_nbaraw_ledger"}, schema, strategy, range, files, "nba_raw.games",
                              "v1", "2026-01-01T00:00:00Z"});
}

const boost::json::object& parameter(const bq::Statement& st, std::string_view name) {
  for (const auto& p : st.parameters)
    if (p.as_object().at("name").as_string() == name) return p.as_object();
  FAIL("no parameter " << name);
  throw;
}

}  // namespace

TEST_CASE("identifier_problem: only plain project, dataset and table names reach SQL", "[bigquery]") {
  CHECK_FALSE(bq::identifier_problem({"nba-props-platform", "nba_raw", "bdl_injuries"}));
  CHECK_FALSE(bq::identifier_problem({"example.com:proj", "d1", "t-1"}));
  CHECK(bq::identifier_problem({"p`x", "d", "t"}));
  CHECK(bq::identifier_problem({"p", "d-x", "t"}));
  CHECK(bq::identifier_problem({"p", "d", "t`; DROP"}));
  CHECK(bq::identifier_problem({"p", "d", "t.u"}));
  CHECK(bq::identifier_problem({"", "d", "t"}));
  CHECK(bq::identifier_problem({"p", "", "t"}));
  CHECK(bq::identifier_problem({"p", "d", ""}));
  CHECK(bq::TableRef{"p", "d", "t"}.sql() == "`p.d.t`");
}

TEST_CASE("table_resource: columns, modes, day partitioning, clustering and the partition filter", "[bigquery]") {
  const auto table = bq::table_resource({"p", "d", "games"}, games_schema());
  CHECK(table.at("tableReference").as_object().at("tableId") == "games");
  const auto& fields = table.at("schema").as_object().at("fields").as_array();
  REQUIRE(fields.size() == 5);
  CHECK(fields[1].as_object().at("name") == "game_id");
  CHECK(fields[1].as_object().at("mode") == "REQUIRED");
  CHECK(fields[3].as_object().at("type") == "INT64");
  CHECK(fields[4].as_object().at("mode") == "REPEATED");
  CHECK(table.at("timePartitioning").as_object().at("field") == "game_date");
  CHECK(table.at("timePartitioning").as_object().at("type") == "DAY");
  CHECK(table.at("clustering").as_object().at("fields").as_array().at(0) == "game_id");
  CHECK(table.at("requirePartitionFilter") == true);
  CHECK_FALSE(table.contains("rangePartitioning"));

  TableSchema ranged = games_schema();
  ranged.partitioning = {nbaraw::Partitioning::Kind::integer_range, "points", 0, 200, 10};
  ranged.require_partition_filter = false;
  ranged.clustering.clear();
  const auto r = bq::table_resource({"p", "d", "games"}, ranged);
  const auto& range = r.at("rangePartitioning").as_object();
  CHECK(range.at("field") == "points");
  CHECK(range.at("range").as_object().at("end") == "200");
  CHECK(range.at("range").as_object().at("interval") == "10");
  CHECK_FALSE(r.contains("timePartitioning"));
  CHECK_FALSE(r.contains("clustering"));
  CHECK_FALSE(r.contains("requirePartitionFilter"));
}

TEST_CASE("incompatibilities: an existing table that cannot take the rows is named column by column", "[bigquery]") {
  const TableSchema schema = games_schema();
  auto table_with = [](boost::json::array fields) {
    return boost::json::object{{"schema", {{"fields", std::move(fields)}}}};
  };
  auto field = [](std::string name, std::string type, std::string mode = "NULLABLE") {
    return boost::json::object{{"name", name}, {"type", type}, {"mode", mode}};
  };
  // The table as tables.get returns it, with the REST names of the types.
  const boost::json::array same{field("source_file_path", "STRING", "REQUIRED"), field("game_id", "STRING", "REQUIRED"),
                                field("game_date", "DATE"), field("points", "INTEGER"), field("tags", "STRING", "REPEATED")};
  CHECK(bq::incompatibilities(schema, table_with(same)).empty());

  boost::json::array wider = same;  // NULLABLE where the rows are REQUIRED, FLOAT for integers, an extra column
  wider[1] = field("game_id", "STRING");
  wider[3] = field("points", "FLOAT");
  wider.push_back(field("extra", "STRING"));
  CHECK(bq::incompatibilities(schema, table_with(wider)).empty());

  boost::json::array broken = same;
  broken.erase(broken.begin() + 2);                                    // game_date missing
  broken[2] = field("points", "STRING");                              // INT64 rows into STRING
  broken[3] = field("tags", "STRING");                                // not REPEATED
  broken.push_back(field("must_have", "STRING", "REQUIRED"));          // REQUIRED, rows lack it
  const auto problems = bq::incompatibilities(schema, table_with(broken));
  REQUIRE(problems.size() == 4);
  CHECK_THAT(problems[0], Catch::Contains("game_date") && Catch::Contains("missing"));
  CHECK_THAT(problems[1], Catch::Contains("points") && Catch::Contains("STRING"));
  CHECK_THAT(problems[2], Catch::Contains("tags") && Catch::Contains("REPEATED"));
  CHECK_THAT(problems[3], Catch::Contains("must_have") && Catch::Contains("REQUIRED"));

  boost::json::array nullable_rows = same;
  TableSchema loose = schema;
  loose.columns[2].mode = ColumnMode::NULLABLE;
  nullable_rows[2] = field("game_date", "DATE", "REQUIRED");
  const auto required = bq::incompatibilities(loose, table_with(nullable_rows));
  REQUIRE(required.size() == 1);
  CHECK_THAT(required[0], Catch::Contains("game_date") && Catch::Contains("null"));
}

TEST_CASE("partition_filter_of reads requirePartitionFilter in either place", "[bigquery]") {
  using boost::json::object;
  CHECK_FALSE(bq::partition_filter_of(object{}).required);
  auto top = bq::partition_filter_of(object{{"requirePartitionFilter", true}, {"timePartitioning", {{"field", "d"}}}});
  CHECK(top.required);
  CHECK(top.field == "d");
  auto nested = bq::partition_filter_of(object{{"rangePartitioning", {{"field", "n"}, {"requirePartitionFilter", true}}}});
  CHECK(nested.required);
  CHECK(nested.field == "n");
  CHECK_FALSE(bq::partition_filter_of(object{{"timePartitioning", {{"field", "d"}}}}).required);
}

const auto every_strategy = {StrategyKind::append_always,   StrategyKind::merge_update,    StrategyKind::insert_new_only,
                             StrategyKind::replace_table,   StrategyKind::insert_new_keys, StrategyKind::merge_keep};

TEST_CASE("apply_statement: no object name or row value ever enters the SQL text", "[bigquery]") {
  const auto kind = GENERATE(values(every_strategy));
  const bool partitioned = GENERATE(true, false);
  const bq::Statement st = apply(kind, partitioned);
  INFO(st.sql);
  for (std::string_view data : {std::string_view(hostile_name), std::string_view(hostile_value), std::string_view("O'Neal"),
                                std::string_view("1700000000000001"), std::string_view("2024-01-04"), std::string_view("v1")})
    CHECK(st.sql.find(data) == std::string::npos);
  // The data travel as parameters instead.
  const auto serialized = boost::json::serialize(st.parameters);
  CHECK(serialized.find("1700000000000001") != std::string::npos);
  CHECK(parameter(st, "files").at("parameterValue").as_object().at("arrayValues").as_array().size() == 2);
  const auto& manifest = parameter(st, "manifest").at("parameterValue").as_object().at("arrayValues").as_array();
  REQUIRE(manifest.size() == 2);
  CHECK(manifest[0].as_object().at("structValues").as_object().at("row_count").as_object().at("value") == "2");
  CHECK(manifest[1].as_object().at("structValues").as_object().at("row_count").as_object().at("value") == "0");
  CHECK(parameter(st, "loaded_at").at("parameterType").as_object().at("type") == "TIMESTAMP");

  // One transaction holding both the rows and the ledger.
  CHECK(st.sql.rfind("BEGIN TRANSACTION;", 0) == 0);
  CHECK(st.sql.substr(st.sql.size() - 19) == "COMMIT TRANSACTION;");
  CHECK(st.sql.find("INSERT INTO `proj.nba_raw._nbaraw_ledger`") != std::string::npos);
  CHECK(st.sql.find("DELETE FROM `proj.nba_raw.games` WHERE") != std::string::npos);
  const auto config = st.query_configuration().at("query").as_object();
  CHECK(config.at("useLegacySql") == false);
  CHECK(config.at("parameterMode") == "NAMED");
}

TEST_CASE("apply_statement: every statement on the target filters partitions when the table requires it", "[bigquery]") {
  const auto kind = GENERATE(values(every_strategy));
  auto count = [](const std::string& text, std::string_view what) {
    std::size_t n = 0;
    for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
  };
  const bq::Statement with = apply(kind, true);
  const bq::Statement without = apply(kind, false);
  INFO(with.sql);
  // Target reads in the statement: the file delete, plus for keyed strategies the holders of the batch's keys,
  // the key delete and the holder check of the insert, plus for merge_keep the kept values.
  const std::size_t target_scans = kind == StrategyKind::append_always ? 1 : kind == StrategyKind::merge_keep ? 5 : 4;
  CHECK(count(with.sql, "BETWEEN @partition_low AND @partition_high") == target_scans);
  CHECK(count(without.sql, "@partition_low") == 0);
  CHECK(parameter(with, "partition_low").at("parameterValue").as_object().at("value") == "2024-01-02");
  CHECK(parameter(with, "partition_high").at("parameterValue").as_object().at("value") == "2024-01-09");
  CHECK(parameter(with, "partition_low").at("parameterType").as_object().at("type") == "DATE");
  if (kind != StrategyKind::append_always && kind != StrategyKind::replace_table)
    CHECK(with.sql.find("`game_id` IS NOT DISTINCT FROM") != std::string::npos);
}

TEST_CASE("apply_statement: several tables share one transaction, each with parameters of its own", "[bigquery]") {
  const TableSchema games = games_schema();
  TableSchema notes = games_schema();
  notes.table = "game_notes";
  const std::vector<LoadFile> files = hostile_batch();
  const Strategy append{StrategyKind::append_always, {}}, by_game{StrategyKind::merge_update, {"game_id"}};
  const bq::PartitionRange range = bq::partition_range(notes, by_game, "game_date", files);
  const std::vector<bq::ApplyBatch> batches{
      {{"proj", "nba_raw", "games"}, {"proj", "nba_raw", "_nbaraw_staging_games_abc"}, {"proj", "nba_raw", "_nbaraw_ledger"},
       games, append, std::nullopt, files, "nba_raw.games", "v1", "2026-01-01T00:00:00Z"},
      {{"proj", "nba_raw", "game_notes"}, {"proj", "nba_raw", "_nbaraw_staging_game_notes_abc"},
       {"proj", "nba_raw", "_nbaraw_ledger"}, notes, by_game, range, files, "nba_raw.game_notes", "v1",
       "2026-01-01T00:00:00Z"}};
  const bq::Statement st = bq::apply_statement(batches);
  INFO(st.sql);
  auto count = [&](std::string_view what) {
    std::size_t n = 0;
    for (std::size_t at = st.sql.find(what); at != std::string::npos; at = st.sql.find(what, at + 1)) ++n;
    return n;
  };
  CHECK(count("BEGIN TRANSACTION;") == 1);
  CHECK(count("COMMIT TRANSACTION;") == 1);
  CHECK(count("INSERT INTO `proj.nba_raw._nbaraw_ledger`") == 2);
  CHECK(count("IN UNNEST(@files)") == 2);    // the first table's file delete and ledger delete
  CHECK(count("IN UNNEST(@files_1)") == 2);  // the second table's
  CHECK(count("@partition_low_1") == 4);
  CHECK(count("@partition_low ") == 0);      // the first table needs no partition filter
  CHECK(parameter(st, "table_name").at("parameterValue").as_object().at("value") == "nba_raw.games");
  CHECK(parameter(st, "table_name_1").at("parameterValue").as_object().at("value") == "nba_raw.game_notes");
  CHECK(parameter(st, "manifest_1").at("parameterValue").as_object().at("arrayValues").as_array().size() == 2);
  // Every parameter the text names is declared.
  for (std::size_t at = st.sql.find('@'); at != std::string::npos; at = st.sql.find('@', at + 1)) {
    std::size_t end = at + 1;
    while (end < st.sql.size() && (std::isalnum(static_cast<unsigned char>(st.sql[end])) || st.sql[end] == '_')) ++end;
    CHECK_NOTHROW(parameter(st, st.sql.substr(at + 1, end - at - 1)));
  }
}

TEST_CASE("partition_range: from the rows' values and the files' date folders", "[bigquery]") {
  const TableSchema schema = games_schema();
  const auto files = hostile_batch();
  const Strategy append{StrategyKind::append_always, {}};
  auto range = bq::partition_range(schema, append, "game_date", files);
  CHECK(range.type == "DATE");
  CHECK(range.low == "2024-01-02");   // the empty file's folder
  CHECK(range.high == "2024-01-09");  // a row's value
  // A key without the partitioning column may be held in any partition.
  const Strategy by_game{StrategyKind::merge_update, {"game_id"}};
  auto whole = bq::partition_range(schema, by_game, "game_date", files);
  CHECK(whole.low == "0001-01-01");
  CHECK(whole.high == "9999-12-31");
  const Strategy by_game_and_day{StrategyKind::insert_new_only, {"game_id", "game_date"}};
  CHECK(bq::partition_range(schema, by_game_and_day, "game_date", files).low == "2024-01-02");
  auto by_points = bq::partition_range(schema, append, "points", files);
  CHECK(by_points.type == "INT64");
  CHECK(by_points.low == "7");
  CHECK(by_points.high == "7");
  TableSchema stamped = schema;
  stamped.columns[2].type = ColumnType::TIMESTAMP;
  auto by_time = bq::partition_range(stamped, append, "game_date", files);
  CHECK(by_time.type == "TIMESTAMP");
  CHECK(by_time.low == "2024-01-02 00:00:00+00");
  CHECK(by_time.high == "2024-01-09 23:59:59.999999+00");
}

TEST_CASE("partition_range: compact date folders count, season folders and whole prefixes leave it to the rows",
          "[bigquery]") {
  const TableSchema schema = games_schema();
  const Strategy append{StrategyKind::append_always, {}};
  auto range_of = [&](std::string name, std::vector<nbaraw::Row> rows) {
    const std::vector<LoadFile> files{{{std::move(name), 1, "1"}, std::move(rows)}};
    return bq::partition_range(schema, append, "game_date", files);
  };
  const auto compact = range_of("nba-com/team-boxscore/20250115/0022400561/a.json", {});
  CHECK(compact.low == "2025-01-15");
  CHECK(compact.high == "2025-01-15");
  const auto season = range_of("nba-com/schedule/2024-25/20250918_011314.json", {});
  CHECK(season.low == "0001-01-01");
  CHECK(season.high == "9999-12-31");
  const auto with_rows = range_of("nba-com/schedule/2024-25/20250918_011314.json",
                                  {{{"game_date", "2024-10-22"}}, {{"game_date", "2025-04-13"}}});
  CHECK(with_rows.low == "2024-10-22");
  CHECK(with_rows.high == "2025-04-13");
  CHECK(range_of("nba-com/player-movement/a.json", {{{"game_date", "2025-07-17"}}}).low == "2025-07-17");
}

TEST_CASE("staging: NULLABLE columns plus each row's position in its file and its file's recency", "[bigquery]") {
  const TableSchema schema = games_schema();
  const TableSchema staging = bq::staging_schema(schema);
  REQUIRE(staging.columns.size() == schema.columns.size() + 2);
  for (const Column& c : staging.columns) CHECK(c.mode != ColumnMode::REQUIRED);
  CHECK(staging.columns[schema.columns.size()].name == bq::row_ordinal_column);
  CHECK(staging.columns.back().name == bq::recency_column);
  CHECK(staging.partitioning.kind == nbaraw::Partitioning::Kind::none);

  const auto files = hostile_batch();
  const std::string ndjson = bq::staging_ndjson(schema, files);
  std::vector<boost::json::object> lines;
  for (std::size_t start = 0, end; (end = ndjson.find('\n', start)) != std::string::npos; start = end + 1)
    lines.push_back(boost::json::parse(ndjson.substr(start, end - start)).as_object());
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].at("game_id").as_string() == hostile_value);
  CHECK(lines[0].at("_nbaraw_row") == 0);
  CHECK(lines[1].at("_nbaraw_row") == 1);
  CHECK(lines[1].at("points").is_null());
  CHECK(lines[0].at("tags").as_array().size() == 2);
  CHECK(lines[0].size() == schema.columns.size() + 2);
  // The recency travels as a JSON string, escaped like any value: the file names are hostile too.
  CHECK(lines[0].at("_nbaraw_recency").as_string() == nbaraw::recency_key(files[0].object));
}

TEST_CASE("staging and ledger rows never carry a number that is not finite", "[bigquery]") {
  auto files = hostile_batch();
  files[0].rows[0]["points"] = std::numeric_limits<double>::infinity();
  CHECK_THROWS_AS(bq::staging_ndjson(games_schema(), files), nbaraw::detail::NonFiniteNumber);
}

TEST_CASE("ledger_recency_fill: entries and the table name are parameters, only NULL recency is set", "[bigquery]") {
  const std::vector<std::pair<std::string, std::string>> entries{{"a/'; DROP TABLE x;--.json", "0x"}, {"b.json", "1y"}};
  const bq::Statement st = bq::ledger_recency_fill({"proj", "nba_raw", "_nbaraw_ledger"}, "nba_raw.games", entries);
  CHECK(st.sql.find("DROP") == std::string::npos);
  CHECK(st.sql.find("`recency` IS NULL") != std::string::npos);
  const auto values = parameter(st, "entries").at("parameterValue").as_object().at("arrayValues").as_array();
  REQUIRE(values.size() == 2);
  CHECK(values[0].as_object().at("structValues").as_object().at("object_name").as_object().at("value") ==
        "a/'; DROP TABLE x;--.json");
  CHECK(parameter(st, "table_name").at("parameterValue").as_object().at("value") == "nba_raw.games");
}

TEST_CASE("ledger_query reads one table's entries through a parameter", "[bigquery]") {
  const auto st = bq::ledger_query({"p", "d", "_nbaraw_ledger"}, "d.games");
  CHECK(st.sql.find("d.games") == std::string::npos);
  CHECK(st.sql.find("`p.d._nbaraw_ledger`") != std::string::npos);
  CHECK(parameter(st, "table_name").at("parameterValue").as_object().at("value") == "d.games");
}

TEST_CASE("BigQuery client: emulator endpoint and retryable reasons", "[bigquery]") {
  auto env_with = [](std::optional<std::string> value) {
    return [value](std::string_view name) -> std::optional<std::string> {
      return name == "BIGQUERY_EMULATOR_HOST" ? value : std::nullopt;
    };
  };
  CHECK_FALSE(bq::emulator_endpoint(env_with(std::nullopt)));
  CHECK_FALSE(bq::emulator_endpoint(env_with("")));
  CHECK(bq::emulator_endpoint(env_with("localhost:9050")) == "http://localhost:9050");
  CHECK(bq::emulator_endpoint(env_with("https://bq.local:9050/")) == "https://bq.local:9050");
  for (auto reason : {"backendError", "internalError", "rateLimitExceeded", "jobRateLimitExceeded"})
    CHECK(bq::is_retryable_reason(reason));
  for (auto reason : {"invalid", "invalidQuery", "notFound", "accessDenied", "duplicate", "quotaExceeded", ""})
    CHECK_FALSE(bq::is_retryable_reason(reason));
  // A transaction cancelled by a concurrent one on the same table ran nothing: it may run again.
  CHECK(bq::is_retryable(bq::ErrorProto{"invalidQuery", "", "Transaction is aborted due to concurrent update against table p:d.t"}));
  CHECK(bq::is_retryable(bq::ErrorProto{"backendError", "", "Internal error"}));
  CHECK_FALSE(bq::is_retryable(bq::ErrorProto{"invalidQuery", "", "Syntax error: Unexpected keyword"}));
}
