// Tests of the BigQuery REST test server (tests/support/bigquery_test_server.hpp), spoken to with the
// library's HttpClient (no retries, so that resets and errors show as they are).
#include "support/bigquery_test_server.hpp"
#include "support/golden.hpp"
#include "support/temp_dir.hpp"

#include <nbaraw/detail/sqlite.hpp>
#include <nbaraw/net/http_client.hpp>

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using nbaraw::net::HttpClient;
using nbaraw::net::HttpClientOptions;
using nbaraw::net::HttpError;
using nbaraw::net::HttpRequest;
using nbaraw::net::HttpResponse;
using nbaraw::test::BigQueryTestServer;
using nbaraw::test::CrashPoint;
using nbaraw::test::Faults;
using nbaraw::test::JobKind;
using nbaraw::test::TempDir;

constexpr const char* kProject = "test-project";

HttpClientOptions no_retries() {
  HttpClientOptions o;
  o.connect_timeout = 5'000ms;
  o.request_timeout = 20'000ms;
  o.retry.max_attempts = 1;
  return o;
}

struct Reply {
  unsigned status = 0;
  json::value body;
  std::string text;

  const json::object& obj() const { return body.as_object(); }
  /// error.errors[0].reason of an error answer.
  std::string reason() const { return std::string(body.at("error").at("errors").at(0).at("reason").as_string()); }
  std::string message() const { return std::string(body.at("error").at("message").as_string()); }
};

std::string s(const json::value& v) { return std::string(v.as_string()); }

/// A field list: {name, type, mode}.
json::object schema(std::vector<std::vector<std::string>> fields) {
  json::array out;
  for (const auto& f : fields) {
    json::object o{{"name", f.at(0)}, {"type", f.at(1)}};
    if (f.size() > 2) o["mode"] = f[2];
    out.push_back(std::move(o));
  }
  return json::object{{"fields", std::move(out)}};
}

json::object scalar_param(const std::string& name, const std::string& type, std::optional<std::string> value) {
  json::object pv;
  if (value) pv["value"] = *value;
  return json::object{{"name", name}, {"parameterType", {{"type", type}}}, {"parameterValue", std::move(pv)}};
}

json::object array_param(const std::string& name, const std::string& type, const std::vector<std::string>& values) {
  json::array av;
  for (const auto& v : values) av.push_back(json::object{{"value", v}});
  return json::object{{"name", name},
                      {"parameterType", {{"type", "ARRAY"}, {"arrayType", {{"type", type}}}}},
                      {"parameterValue", {{"arrayValues", std::move(av)}}}};
}

/// ARRAY<STRUCT<...>>: fields are {name, type}; each row holds one value per field (nullopt: NULL).
json::object struct_array_param(const std::string& name, const std::vector<std::pair<std::string, std::string>>& fields,
                                const std::vector<std::vector<std::optional<std::string>>>& rows) {
  json::array types;
  for (const auto& [n, t] : fields) types.push_back(json::object{{"name", n}, {"type", {{"type", t}}}});
  json::array av;
  for (const auto& row : rows) {
    json::object sv;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      json::object v;
      if (row.at(i)) v["value"] = *row[i];
      sv[fields[i].first] = std::move(v);
    }
    av.push_back(json::object{{"structValues", std::move(sv)}});
  }
  return json::object{{"name", name},
                      {"parameterType", {{"type", "ARRAY"}, {"arrayType", {{"type", "STRUCT"}, {"structTypes", std::move(types)}}}}},
                      {"parameterValue", {{"arrayValues", std::move(av)}}}};
}

/// A server on a fresh database plus a client, with helpers for each endpoint.
struct Bq {
  TempDir dir;
  BigQueryTestServer server;
  HttpClient http{no_retries()};

  explicit Bq(BigQueryTestServer::Options o = {}) : server(with_database(std::move(o), dir)) {}

  static BigQueryTestServer::Options with_database(BigQueryTestServer::Options o, const TempDir& d) {
    if (o.database.empty()) o.database = d / "bq.sqlite";
    return o;
  }

  std::string api(const std::string& path) const { return server.base_url() + "/bigquery/v2/projects/" + kProject + path; }

  /// A request sent once, as a test wants to see each answer.
  static HttpRequest post_like(const std::string& method, const std::string& url, nbaraw::net::Headers headers, std::string body) {
    HttpRequest r;
    r.method = method;
    r.url = url;
    r.headers = std::move(headers);
    r.body = std::move(body);
    r.idempotent = false;
    return r;
  }

  Reply send(const std::string& method, const std::string& url, std::string body = {}, nbaraw::net::Headers headers = {}) {
    if (!body.empty() && headers.empty()) headers.emplace_back("Content-Type", "application/json");
    HttpResponse r = http.send(post_like(method, url, std::move(headers), std::move(body)));
    Reply out;
    out.status = r.status;
    out.text = r.body;
    if (!r.body.empty()) out.body = json::parse(r.body);
    return out;
  }

  Reply create_table(const std::string& d, const std::string& t, const json::object& sch, json::object extra = {}) {
    extra["tableReference"] = json::object{{"projectId", kProject}, {"datasetId", d}, {"tableId", t}};
    extra["schema"] = sch;
    return send("POST", api("/datasets/" + d + "/tables"), json::serialize(extra));
  }

  Reply get_table(const std::string& d, const std::string& t) { return send("GET", api("/datasets/" + d + "/tables/" + t)); }

  /// A multipart load of ndjson into d.t; load_extra is merged into configuration.load.
  Reply load(const std::string& job_id, const std::string& d, const std::string& t, const std::string& ndjson,
             const std::string& write = "WRITE_APPEND", json::object load_extra = {}, const std::string& boundary = "bqts_b0undary",
             bool quoted_boundary = false, const std::string& eol = "\r\n") {
    json::object load_config{{"destinationTable", {{"projectId", kProject}, {"datasetId", d}, {"tableId", t}}},
                             {"sourceFormat", "NEWLINE_DELIMITED_JSON"},
                             {"writeDisposition", write},
                             {"createDisposition", "CREATE_NEVER"},
                             {"ignoreUnknownValues", false},
                             {"maxBadRecords", 0}};
    for (const auto& [k, v] : load_extra) load_config[k] = v;
    json::object job{{"jobReference", {{"projectId", kProject}, {"jobId", job_id}}}, {"configuration", {{"load", load_config}}}};
    std::string body = "--" + boundary + eol + "Content-Type: application/json; charset=UTF-8" + eol + eol + json::serialize(job) + eol +
                       "--" + boundary + eol + "Content-Type: application/octet-stream" + eol + eol + ndjson + eol + "--" + boundary +
                       "--" + eol;
    const std::string ct = "multipart/related; boundary=" + (quoted_boundary ? "\"" + boundary + "\"" : boundary);
    return send("POST", server.base_url() + "/upload/bigquery/v2/projects/" + kProject + "/jobs?uploadType=multipart", body,
                {{"Content-Type", ct}});
  }

  Reply query(const std::string& job_id, const std::string& sql, json::array params = {}, std::optional<bool> legacy = false) {
    json::object q{{"query", sql}, {"parameterMode", "NAMED"}, {"queryParameters", std::move(params)}};
    if (legacy) q["useLegacySql"] = *legacy;
    json::object job{{"jobReference", {{"projectId", kProject}, {"jobId", job_id}, {"location", "US"}}},
                     {"configuration", {{"query", std::move(q)}}}};
    return send("POST", api("/jobs"), json::serialize(job));
  }

  Reply get_job(const std::string& job_id, const std::string& location = "US") {
    return send("GET", api("/jobs/" + job_id + "?location=" + location));
  }

  Reply results(const std::string& job_id, const std::string& extra = {}) {
    return send("GET", api("/queries/" + job_id + "?location=US" + extra));
  }

  /// Every row of a query job's results (all pages), values as the JSON "v" (string or null).
  std::vector<std::vector<json::value>> rows_of(const std::string& job_id, const std::string& extra = {}) {
    std::vector<std::vector<json::value>> out;
    std::string token;
    for (int page = 0; page < 1000; ++page) {
      Reply r = results(job_id, extra + (token.empty() ? "" : "&pageToken=" + nbaraw::net::percent_encode(token)));
      REQUIRE(r.status == 200);
      REQUIRE(r.obj().at("jobComplete").as_bool());
      if (const auto* rows = r.obj().if_contains("rows"))
        for (const auto& row : rows->as_array()) {
          std::vector<json::value> values;
          for (const auto& cell : row.at("f").as_array()) values.push_back(cell.at("v"));
          out.push_back(std::move(values));
        }
      const auto* next = r.obj().if_contains("pageToken");
      if (!next) break;
      token = s(*next);
    }
    return out;
  }

  std::vector<json::object> table_rows(const std::string& d, const std::string& t) const {
    auto rows = nbaraw::test::rows_from_sqlite(server.database(), BigQueryTestServer::sqlite_table(d, t));
    std::sort(rows.begin(), rows.end(), [](const json::object& a, const json::object& b) {
      return json::serialize(a) < json::serialize(b);
    });
    return rows;
  }
};

std::string state_of(const Reply& job) { return s(job.obj().at("status").at("state")); }

const json::object* error_result(const Reply& job) {
  const auto* e = job.obj().at("status").as_object().if_contains("errorResult");
  return e ? &e->as_object() : nullptr;
}

json::object simple_schema() { return schema({{"k", "INT64", "REQUIRED"}, {"v", "STRING"}, {"source_file_path", "STRING"}}); }

}  // namespace

// --- tables -------------------------------------------------------------------------------------

TEST_CASE("bigquery test server: tables insert, get, duplicate, delete and not found", "[bigquery][server]") {
  Bq bq;
  Reply created = bq.create_table("nba_raw", "t",
                                   schema({{"k", "INT64", "REQUIRED"}, {"f", "FLOAT64"}, {"b", "BOOL"}, {"tags", "STRING", "REPEATED"}}),
                                   {{"timePartitioning", {{"type", "DAY"}, {"field", "d"}}}});
  CHECK(created.status == 400);  // the partitioning field is not in the schema
  CHECK(created.reason() == "invalid");

  created = bq.create_table("nba_raw", "t",
                            schema({{"k", "INT64", "REQUIRED"}, {"f", "FLOAT64"}, {"b", "BOOL"}, {"tags", "STRING", "REPEATED"}, {"d", "DATE"}}),
                            {{"timePartitioning", {{"type", "DAY"}, {"field", "d"}}},
                             {"clustering", {{"fields", json::array{"k"}}}},
                             {"requirePartitionFilter", true}});
  REQUIRE(created.status == 200);
  CHECK(s(created.obj().at("tableReference").at("tableId")) == "t");

  Reply got = bq.get_table("nba_raw", "t");
  REQUIRE(got.status == 200);
  CHECK(s(got.obj().at("numRows")) == "0");
  CHECK(s(got.obj().at("type")) == "TABLE");
  CHECK(s(got.obj().at("timePartitioning").at("field")) == "d");
  CHECK(got.obj().at("requirePartitionFilter").as_bool());
  CHECK(!got.obj().contains("streamingBuffer"));
  const auto& fields = got.obj().at("schema").at("fields").as_array();
  REQUIRE(fields.size() == 5);
  CHECK(s(fields[0].at("type")) == "INTEGER");  // legacy names, as BigQuery answers
  CHECK(s(fields[0].at("mode")) == "REQUIRED");
  CHECK(s(fields[1].at("type")) == "FLOAT");
  CHECK(s(fields[2].at("type")) == "BOOLEAN");
  CHECK(s(fields[2].at("mode")) == "NULLABLE");
  CHECK(s(fields[3].at("mode")) == "REPEATED");
  CHECK(bq.server.table_resource("nba_raw", "t").has_value());

  // The SQLite table: typed columns, REQUIRED as NOT NULL.
  {
    nbaraw::detail::SqliteDatabase db(bq.server.database().string(), true);
    nbaraw::detail::SqliteStatement info(db.handle(), "SELECT name, type, \"notnull\" FROM pragma_table_info(?1) ORDER BY cid");
    info.bind(1, std::string_view("nba_raw.t"));
    std::vector<std::string> columns;
    while (info.step()) columns.push_back(info.text(0) + " " + info.text(1) + (info.integer(2) ? " NOT NULL" : ""));
    CHECK(columns == std::vector<std::string>{"k INTEGER NOT NULL", "f REAL", "b INTEGER", "tags TEXT", "d TEXT"});
  }

  Reply dup = bq.create_table("nba_raw", "t", simple_schema());
  CHECK(dup.status == 409);
  CHECK(dup.reason() == "duplicate");
  CHECK(dup.message() == "Already Exists: Table test-project:nba_raw.t");
  CHECK(s(dup.obj().at("error").at("status")) == "ALREADY_EXISTS");

  Reply del = bq.send("DELETE", bq.api("/datasets/nba_raw/tables/t"));
  CHECK(del.status == 204);
  CHECK(del.text.empty());
  Reply missing = bq.get_table("nba_raw", "t");
  CHECK(missing.status == 404);
  CHECK(missing.reason() == "notFound");
  CHECK(missing.message() == "Not found: Table test-project:nba_raw.t");
  CHECK(bq.send("DELETE", bq.api("/datasets/nba_raw/tables/t")).status == 404);
  CHECK(!bq.server.table_resource("nba_raw", "t").has_value());

  // Another project, an unknown path, an unsupported type.
  Reply other = bq.send("GET", bq.server.base_url() + "/bigquery/v2/projects/other-project/datasets/nba_raw/tables/t");
  CHECK(other.status == 404);
  CHECK(other.reason() == "notFound");
  CHECK(bq.send("GET", bq.server.base_url() + "/bigquery/v2/nothing").status == 404);
  Reply record = bq.create_table("nba_raw", "r", schema({{"x", "RECORD"}}));
  CHECK(record.status == 400);
  CHECK(record.reason() == "invalid");
}

TEST_CASE("bigquery test server: tables survive a new server on the same database", "[bigquery][server]") {
  TempDir dir;
  BigQueryTestServer::Options o;
  o.database = dir / "shared.sqlite";
  {
    Bq first(o);
    REQUIRE(first.create_table("ds", "kept", simple_schema()).status == 200);
    REQUIRE(state_of(first.load("l1", "ds", "kept", R"({"k":1,"v":"a"})")) == "DONE");
  }
  Bq second(o);
  Reply got = second.get_table("ds", "kept");
  REQUIRE(got.status == 200);
  CHECK(s(got.obj().at("numRows")) == "1");
  CHECK(second.create_table("ds", "kept", simple_schema()).status == 409);
}

TEST_CASE("bigquery test server: a table past its expirationTime counts as absent", "[bigquery][server]") {
  Bq bq;
  const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  REQUIRE(bq.create_table("ds", "past", simple_schema(), {{"expirationTime", std::to_string(now - 1000)}}).status == 200);
  REQUIRE(bq.create_table("ds", "future", simple_schema(), {{"expirationTime", std::to_string(now + 3'600'000)}}).status == 200);
  CHECK(bq.get_table("ds", "past").status == 404);
  CHECK(bq.get_table("ds", "future").status == 200);
  CHECK(!bq.server.table_resource("ds", "past"));
  // Dropped: a new one of that name can be made, and a query does not see the old one.
  CHECK(bq.create_table("ds", "past", simple_schema()).status == 200);
  CHECK(bq.get_table("ds", "past").status == 200);
  CHECK(bq.create_table("ds", "bad", simple_schema(), {{"expirationTime", "soon"}}).status == 400);
}

// --- loads --------------------------------------------------------------------------------------

TEST_CASE("bigquery test server: multipart loads append and truncate", "[bigquery][server][load]") {
  Bq bq;
  REQUIRE(bq.create_table("ds", "t", simple_schema()).status == 200);

  const std::string first = "{\"k\":1,\"v\":\"a\"}\n{\"k\":2,\"v\":\"b\"}\n";
  Reply l1 = bq.load("load_1", "ds", "t", first, "WRITE_APPEND", {}, "plain_boundary", false, "\r\n");
  REQUIRE(l1.status == 200);
  CHECK(state_of(l1) == "DONE");
  CHECK(!error_result(l1));
  CHECK(s(l1.obj().at("statistics").at("load").at("outputRows")) == "2");
  CHECK(s(l1.obj().at("jobReference").at("location")) == "US");
  CHECK(s(l1.obj().at("configuration").at("jobType")) == "LOAD");

  const std::string second = "{\"k\":3,\"v\":\"c\"}";
  Reply l2 = bq.load("load_2", "ds", "t", second, "WRITE_APPEND", {}, "quoted=boundary;x", true, "\n");  // quoted, bare LF
  REQUIRE(l2.status == 200);
  CHECK(s(l2.obj().at("statistics").at("load").at("outputRows")) == "1");
  CHECK(bq.table_rows("ds", "t").size() == 3);

  const std::string third = "{\"k\":9,\"v\":\"z\"}\n";
  Reply l3 = bq.load("load_3", "ds", "t", third, "WRITE_TRUNCATE");
  REQUIRE(l3.status == 200);
  CHECK(!error_result(l3));
  auto rows = bq.table_rows("ds", "t");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].at("k") == 9);
  CHECK(rows[0].at("v") == "z");
  CHECK(rows[0].at("source_file_path").is_null());  // a missing key is NULL

  Reply empty = bq.load("load_4", "ds", "t", third, "WRITE_EMPTY");
  REQUIRE(error_result(empty));
  CHECK(s(error_result(empty)->at("reason")) == "duplicate");

  CHECK(bq.server.jobs_of_kind(JobKind::load) == 4);
  CHECK(bq.server.jobs_of_kind(JobKind::query) == 0);
  CHECK(bq.server.uploaded_bytes() == first.size() + second.size() + 2 * third.size());
  CHECK(bq.server.job_ids() == std::vector<std::string>{"load_1", "load_2", "load_3", "load_4"});
}

TEST_CASE("bigquery test server: a bad row fails the load job and writes nothing", "[bigquery][server][load]") {
  Bq bq;
  REQUIRE(bq.create_table("ds", "t", simple_schema()).status == 200);
  REQUIRE(!error_result(bq.load("seed", "ds", "t", R"({"k":100,"v":"seed"})")));

  const std::string disposition = GENERATE(std::string("WRITE_APPEND"), std::string("WRITE_TRUNCATE"));
  const std::string data = "{\"k\":1}\n{\"k\":\"2\"}\n{\"k\":\"three\"}\n{\"k\":4}\n";
  Reply job = bq.load("bad_" + disposition, "ds", "t", data, disposition);
  REQUIRE(job.status == 200);
  CHECK(state_of(job) == "DONE");
  const json::object* err = error_result(job);
  REQUIRE(err);
  CHECK(s(err->at("reason")) == "invalid");
  const std::string message = s(err->at("message"));
  CHECK_THAT(message, Catch::Matchers::StartsWith("Error while reading data, error message: JSON table encountered too many errors, giving up. Rows: 3; errors: 1."));
  CHECK_THAT(message, Catch::Matchers::Contains("row 3:"));
  CHECK_THAT(message, Catch::Matchers::Contains("three"));
  CHECK(job.obj().at("status").at("errors").as_array().size() == 2);
  CHECK(!job.obj().at("statistics").as_object().contains("load"));

  auto rows = bq.table_rows("ds", "t");
  REQUIRE(rows.size() == 1);  // neither rows 1-2 appended nor the truncation applied
  CHECK(rows[0].at("k") == 100);

  // The same rows with the bad one allowed by maxBadRecords.
  Reply tolerant = bq.load("tolerant_" + disposition, "ds", "t", data, "WRITE_APPEND", {{"maxBadRecords", 1}});
  CHECK(!error_result(tolerant));
  CHECK(s(tolerant.obj().at("statistics").at("load").at("outputRows")) == "3");
  CHECK(s(tolerant.obj().at("statistics").at("load").at("badRecords")) == "1");
}

TEST_CASE("bigquery test server: unknown values fail a load unless ignoreUnknownValues", "[bigquery][server][load]") {
  Bq bq;
  REQUIRE(bq.create_table("ds", "t", simple_schema()).status == 200);
  const std::string data = "{\"k\":1,\"v\":\"a\",\"surprise\":true}\n";
  Reply strict = bq.load("strict", "ds", "t", data);
  REQUIRE(error_result(strict));
  CHECK(s(error_result(strict)->at("reason")) == "invalid");
  CHECK_THAT(s(error_result(strict)->at("message")), Catch::Matchers::Contains("No such field: surprise."));
  CHECK(bq.table_rows("ds", "t").empty());

  Reply lenient = bq.load("lenient", "ds", "t", data, "WRITE_APPEND", {{"ignoreUnknownValues", true}});
  CHECK(!error_result(lenient));
  auto rows = bq.table_rows("ds", "t");
  REQUIRE(rows.size() == 1);
  CHECK(!rows[0].contains("surprise"));
}

TEST_CASE("bigquery test server: a REQUIRED column left null fails the load", "[bigquery][server][load]") {
  Bq bq;
  REQUIRE(bq.create_table("ds", "t", simple_schema()).status == 200);
  const std::string row = GENERATE(std::string(R"({"k":null,"v":"a"})"), std::string(R"({"v":"a"})"));
  Reply job = bq.load("required", "ds", "t", "{\"k\":1}\n" + row + "\n");
  REQUIRE(error_result(job));
  CHECK(s(error_result(job)->at("reason")) == "invalid");
  CHECK_THAT(s(error_result(job)->at("message")), Catch::Matchers::Contains("Only optional fields can be set to NULL. Field: k"));
  CHECK_THAT(s(error_result(job)->at("message")), Catch::Matchers::Contains("Rows: 2; errors: 1"));
  CHECK(bq.table_rows("ds", "t").empty());
}

TEST_CASE("bigquery test server: CREATE_IF_NEEDED makes the table from the job's schema", "[bigquery][server][load]") {
  Bq bq;
  Reply never = bq.load("never", "ds", "fresh", R"({"k":1})");
  REQUIRE(error_result(never));
  CHECK(s(error_result(never)->at("reason")) == "notFound");
  CHECK(bq.get_table("ds", "fresh").status == 404);

  Reply no_schema = bq.load("no_schema", "ds", "fresh", R"({"k":1})", "WRITE_APPEND", {{"createDisposition", "CREATE_IF_NEEDED"}});
  REQUIRE(error_result(no_schema));

  Reply created = bq.load("created", "ds", "fresh", R"({"k":1,"v":"x"})", "WRITE_TRUNCATE",
                          {{"createDisposition", "CREATE_IF_NEEDED"}, {"schema", simple_schema()}});
  REQUIRE(!error_result(created));
  Reply got = bq.get_table("ds", "fresh");
  REQUIRE(got.status == 200);
  CHECK(s(got.obj().at("numRows")) == "1");
  CHECK(got.obj().at("schema").at("fields").as_array().size() == 3);
}

TEST_CASE("bigquery test server: loaded values are stored by column type and read back typed", "[bigquery][server][load]") {
  Bq bq;
  REQUIRE(bq.create_table("ds", "typed",
                          schema({{"i", "INTEGER"}, {"i64", "INT64"}, {"f", "FLOAT"}, {"n", "NUMERIC"}, {"b", "BOOLEAN"},
                                  {"d", "DATE"}, {"ts", "TIMESTAMP"}, {"s", "STRING"}, {"j", "JSON"}, {"js", "JSON"},
                                  {"tags", "STRING", "REPEATED"}, {"nums", "INT64", "REPEATED"}}))
              .status == 200);
  const std::string row =
      R"({"i":42,"i64":"-9000000000","f":1.25,"n":"3.5","b":true,"d":"2024-01-31","ts":"2024-01-31T12:34:56.789Z",)"
      R"("s":"héllo \"q\"","j":{"a":[1,2]},"js":"{\"raw\":1}","tags":["x","y"],"nums":["1",2]})";
  const std::string row2 = R"({"b":false,"f":2,"s":7})";
  Reply job = bq.load("typed", "ds", "typed", row + "\n" + row2 + "\n");
  REQUIRE(!error_result(job));

  auto rows = nbaraw::test::rows_from_sqlite(bq.server.database(), "ds.typed");
  REQUIRE(rows.size() == 2);
  const auto& r = rows[0];
  CHECK(r.at("i").is_int64());
  CHECK(r.at("i") == 42);
  CHECK(r.at("i64") == std::int64_t(-9000000000));
  CHECK(r.at("f").is_double());
  CHECK(r.at("f") == 1.25);
  CHECK(r.at("n").is_double());
  CHECK(r.at("n") == 3.5);
  CHECK(r.at("b") == 1);
  CHECK(r.at("d") == "2024-01-31");
  CHECK(r.at("ts") == "2024-01-31T12:34:56.789Z");
  CHECK(r.at("s") == "héllo \"q\"");
  CHECK(r.at("j") == R"({"a":[1,2]})");
  CHECK(r.at("js") == R"({"raw":1})");  // a JSON column given a string stores the string
  CHECK(r.at("tags") == R"(["x","y"])");
  CHECK(r.at("nums") == "[1,2]");  // elements converted to the element type
  CHECK(rows[1].at("b") == 0);
  CHECK(rows[1].at("f").is_double());
  CHECK(rows[1].at("s") == "7");
  CHECK(rows[1].at("tags").is_null());

  // The same values through a query: strings, typed by storage class.
  REQUIRE(!error_result(bq.query("read_typed", "SELECT i, f, b, s, tags, d FROM `test-project.ds.typed` ORDER BY i DESC")));
  Reply res = bq.results("read_typed");
  REQUIRE(res.status == 200);
  const auto& f = res.obj().at("schema").at("fields").as_array();
  CHECK(s(f[0].at("type")) == "INTEGER");
  CHECK(s(f[1].at("type")) == "FLOAT");
  CHECK(s(f[3].at("type")) == "STRING");
  const auto& first = res.obj().at("rows").at(0).at("f").as_array();
  CHECK(first[0].at("v") == "42");
  CHECK(first[1].at("v") == "1.25");
  CHECK(first[2].at("v") == "1");
  CHECK(first[4].at("v") == R"(["x","y"])");
  const auto& second = res.obj().at("rows").at(1).at("f").as_array();
  CHECK(second[0].at("v").is_null());
  CHECK(second[1].at("v") == "2");
  CHECK(second[4].at("v").is_null());

  // Values that do not fit their column.
  for (const std::string bad : {R"({"i":"x"})", R"({"b":"maybe"})", R"({"d":"31/01/2024"})", R"({"f":[1]})", R"({"tags":"x"})"}) {
    Reply j = bq.load("bad_value_" + std::to_string(bq.server.job_ids().size()), "ds", "typed", bad);
    INFO(bad);
    REQUIRE(error_result(j));
    CHECK(s(error_result(j)->at("reason")) == "invalid");
  }
  CHECK(nbaraw::test::rows_from_sqlite(bq.server.database(), "ds.typed").size() == 2);
}

// --- jobs ---------------------------------------------------------------------------------------

TEST_CASE("bigquery test server: a duplicate jobId answers 409 and is not run again", "[bigquery][server][jobs]") {
  Bq bq;
  REQUIRE(bq.create_table("ds", "t", simple_schema()).status == 200);
  REQUIRE(!error_result(bq.load("same_id", "ds", "t", R"({"k":1})")));
  Reply again = bq.load("same_id", "ds", "t", R"({"k":2})");
  CHECK(again.status == 409);
  CHECK(again.reason() == "duplicate");
  CHECK(again.message() == "Already Exists: Job test-project:US.same_id");
  Reply as_query = bq.query("same_id", "DELETE FROM `test-project.ds.t` WHERE TRUE");
  CHECK(as_query.status == 409);
  CHECK(bq.table_rows("ds", "t").size() == 1);
  CHECK(bq.server.jobs_of_kind(JobKind::load) == 1);
  CHECK(bq.server.jobs_of_kind(JobKind::query) == 0);
  CHECK(bq.server.job_ids() == std::vector<std::string>{"same_id"});

  // jobs.get: the job, a wrong location, an unknown id.
  Reply got = bq.get_job("same_id");
  REQUIRE(got.status == 200);
  CHECK(state_of(got) == "DONE");
  CHECK(s(got.obj().at("id")) == "test-project:US.same_id");
  CHECK(bq.get_job("same_id", "EU").status == 404);
  Reply unknown = bq.get_job("nope");
  CHECK(unknown.status == 404);
  CHECK(unknown.reason() == "notFound");

  // The location of the existing job is the one in the message.
  json::object job{{"jobReference", {{"projectId", kProject}, {"jobId", "in_eu"}, {"location", "EU"}}},
                   {"configuration", {{"query", {{"query", "SELECT 1"}, {"useLegacySql", false}}}}}};
  REQUIRE(bq.send("POST", bq.api("/jobs"), json::serialize(job)).status == 200);
  Reply eu = bq.send("POST", bq.api("/jobs"), json::serialize(job));
  CHECK(eu.status == 409);
  CHECK(eu.message() == "Already Exists: Job test-project:EU.in_eu");
  CHECK(bq.send("POST", bq.api("/jobs"), R"({"jobReference":{"jobId":"bad id!"},"configuration":{"query":{"query":"SELECT 1"}}})").status == 400);
}

TEST_CASE("bigquery test server: fail_jobs ends the next jobs of a kind with the given error, unexecuted", "[bigquery][server][jobs]") {
  Bq bq;
  REQUIRE(bq.create_table("ds", "t", simple_schema()).status == 200);
  bq.server.fail_jobs(JobKind::load, 1, "backendError", "Injected load failure");
  Reply failed = bq.load("l_fail", "ds", "t", R"({"k":1})");
  REQUIRE(error_result(failed));
  CHECK(s(error_result(failed)->at("reason")) == "backendError");
  CHECK(s(error_result(failed)->at("message")) == "Injected load failure");
  CHECK(bq.table_rows("ds", "t").empty());
  CHECK(!error_result(bq.load("l_ok", "ds", "t", R"({"k":1})")));
  CHECK(bq.table_rows("ds", "t").size() == 1);

  bq.server.fail_jobs(JobKind::query, 2, "rateLimitExceeded", "Too many queries");
  CHECK(!error_result(bq.load("l_ok2", "ds", "t", R"({"k":2})")));  // a load does not use up a query failure
  Reply q1 = bq.query("q_fail1", "DELETE FROM `test-project.ds.t` WHERE TRUE");
  REQUIRE(error_result(q1));
  CHECK(s(error_result(q1)->at("reason")) == "rateLimitExceeded");
  Reply res = bq.results("q_fail1");
  CHECK(res.status == 400);
  CHECK(res.reason() == "rateLimitExceeded");
  REQUIRE(error_result(bq.query("q_fail2", "DELETE FROM `test-project.ds.t` WHERE TRUE")));
  CHECK(bq.table_rows("ds", "t").size() == 2);
  Reply q3 = bq.query("q_ok", "DELETE FROM `test-project.ds.t` WHERE TRUE");
  CHECK(!error_result(q3));
  CHECK(s(q3.obj().at("statistics").at("query").at("numDmlAffectedRows")) == "2");
  CHECK(bq.table_rows("ds", "t").empty());
  CHECK(bq.server.jobs_of_kind(JobKind::query) == 3);
}

TEST_CASE("bigquery test server: job_polls_until_done keeps jobs RUNNING for that many polls", "[bigquery][server][jobs]") {
  BigQueryTestServer::Options o;
  o.job_polls_until_done = 2;
  Bq bq(o);
  REQUIRE(bq.create_table("ds", "t", simple_schema()).status == 200);

  Reply load = bq.load("slow_load", "ds", "t", R"({"k":1})");
  REQUIRE(load.status == 200);
  CHECK(state_of(load) == "RUNNING");
  CHECK(!load.obj().at("statistics").as_object().contains("load"));
  CHECK(state_of(bq.get_job("slow_load")) == "RUNNING");
  CHECK(state_of(bq.get_job("slow_load")) == "RUNNING");
  Reply done = bq.get_job("slow_load");
  CHECK(state_of(done) == "DONE");
  CHECK(s(done.obj().at("statistics").at("load").at("outputRows")) == "1");
  CHECK(state_of(bq.get_job("slow_load")) == "DONE");

  Reply q = bq.query("slow_query", "SELECT k FROM `test-project.ds.t`");
  CHECK(state_of(q) == "RUNNING");
  Reply r1 = bq.results("slow_query");
  REQUIRE(r1.status == 200);
  CHECK(!r1.obj().at("jobComplete").as_bool());
  CHECK(!r1.obj().contains("rows"));
  CHECK(state_of(bq.get_job("slow_query")) == "RUNNING");  // getQueryResults and jobs.get both count as polls
  Reply r3 = bq.results("slow_query");
  CHECK(r3.obj().at("jobComplete").as_bool());
  CHECK(s(r3.obj().at("totalRows")) == "1");

  // A failing job only shows its error once DONE.
  Reply bad = bq.query("slow_bad", "SELECT nope FROM `test-project.ds.t`");
  CHECK(state_of(bad) == "RUNNING");
  CHECK(!error_result(bad));
  CHECK(!error_result(bq.get_job("slow_bad")));
  CHECK(bq.results("slow_bad").status == 200);
  CHECK(bq.results("slow_bad").status == 400);
}

// --- queries ------------------------------------------------------------------------------------

TEST_CASE("bigquery test server: query jobs bind named scalar, array and struct-array parameters", "[bigquery][server][query]") {
  Bq bq;
  REQUIRE(bq.create_table("ds", "t", simple_schema()).status == 200);
  REQUIRE(!error_result(bq.load("seed", "ds", "t", "{\"k\":1,\"v\":\"a\",\"source_file_path\":\"gs/x/1.json\"}\n"
                                                   "{\"k\":2,\"v\":\"b\",\"source_file_path\":\"gs/x/2.json\"}\n"
                                                   "{\"k\":3,\"v\":\"c\",\"source_file_path\":\"gs/x/3.json\"}\n")));

  // IN UNNEST of a STRING array and of an INT64 array.
  Reply q = bq.query("in_unnest",
                     "SELECT `k` FROM `test-project.ds.t` WHERE `source_file_path` IN UNNEST(@files) AND k IN UNNEST(@ks) ORDER BY k",
                     {array_param("files", "STRING", {"gs/x/1.json", "gs/x/3.json"}), array_param("ks", "INT64", {"3", "1", "2"})});
  REQUIRE(!error_result(q));
  CHECK(bq.rows_of("in_unnest") == std::vector<std::vector<json::value>>{{"1"}, {"3"}});

  // Scalars of each type, NULL included.
  Reply scalars = bq.query("scalars", "SELECT @i + 1 AS i, @f * 2 AS f, @b AS b, @s || '!' AS s, @n IS NULL AS n, @d AS d",
                           {scalar_param("i", "INT64", "41"), scalar_param("f", "FLOAT64", "1.5"), scalar_param("b", "BOOL", "true"),
                            scalar_param("s", "STRING", "hi"), scalar_param("n", "STRING", std::nullopt),
                            scalar_param("d", "DATE", "2024-01-31")});
  REQUIRE(!error_result(scalars));
  CHECK(bq.rows_of("scalars") == std::vector<std::vector<json::value>>{{"42", "3", "1", "hi!", "1", "2024-01-31"}});

  // FROM UNNEST of a STRUCT array (typed fields) and of a scalar array with an alias.
  Reply structs = bq.query("structs",
                           "SELECT m.`name`, m.`count` + 1 AS c, typeof(m.`count`) AS ty FROM UNNEST(@manifest) AS m ORDER BY m.name",
                           {struct_array_param("manifest", {{"name", "STRING"}, {"count", "INT64"}},
                                               {{"b", "2"}, {"a", "10"}, {"c", std::nullopt}})});
  REQUIRE(!error_result(structs));
  CHECK(bq.rows_of("structs") ==
        std::vector<std::vector<json::value>>{{"a", "11", "integer"}, {"b", "3", "integer"}, {"c", nullptr, "null"}});
  Reply scalar_from = bq.query("scalar_from", "SELECT x FROM UNNEST(@xs) x ORDER BY x", {array_param("xs", "INT64", {"5", "4"})});
  REQUIRE(!error_result(scalar_from));
  CHECK(bq.rows_of("scalar_from") == std::vector<std::vector<json::value>>{{"4"}, {"5"}});

  // A parameter the SQL uses but the job does not send.
  Reply missing = bq.query("missing_param", "SELECT * FROM `test-project.ds.t` WHERE k = @absent");
  REQUIRE(error_result(missing));
  CHECK(s(error_result(missing)->at("reason")) == "invalidQuery");
  CHECK(s(error_result(missing)->at("message")) == "Query parameter 'absent' not found");
  Reply missing_unnest = bq.query("missing_unnest", "SELECT 1 FROM UNNEST(@nothing) AS n");
  REQUIRE(error_result(missing_unnest));
  CHECK(s(error_result(missing_unnest)->at("message")) == "Query parameter 'nothing' not found");
}

TEST_CASE("bigquery test server: string literals, raw strings, comments and casts are translated", "[bigquery][server][query]") {
  Bq bq;
  Reply q = bq.query("literals",
                     "SELECT 'it\\'s' AS a, \"dq `not an ident`\" AS b, r'\\d+\\.json' AS c, 'x\\ny' AS d, '''tri'ple''' AS e, "
                     "CAST(12 AS STRING) AS f, CAST('7' AS INT64) + 1 AS g, CAST('2.5' AS FLOAT64) AS h, "
                     "'semi;colon' AS i  -- a comment with `backticks`; and 'quotes'\n"
                     "# a hash comment; too\n");
  REQUIRE(!error_result(q));
  auto rows = bq.rows_of("literals");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0] == std::vector<json::value>{"it's", "dq `not an ident`", "\\d+\\.json", "x\ny", "tri'ple", "12", "8", "2.5", "semi;colon"});
  Reply res = bq.results("literals");
  CHECK(s(res.obj().at("schema").at("fields").at(5).at("type")) == "STRING");
  CHECK(s(res.obj().at("schema").at("fields").at(6).at("type")) == "INTEGER");

  Reply unterminated = bq.query("unterminated", "SELECT 'oops");
  REQUIRE(error_result(unterminated));
  CHECK(s(error_result(unterminated)->at("reason")) == "invalidQuery");
}

TEST_CASE("bigquery test server: REGEXP_EXTRACT returns the first match or its group", "[bigquery][server][query]") {
  Bq bq;
  Reply q = bq.query("regex",
                     "SELECT REGEXP_EXTRACT('gs/a/2024-01-31/f.json', r'[^/]*$'), REGEXP_EXTRACT('gs/a/', r'[^/]*$'), "
                     "REGEXP_EXTRACT('gs/a/2024-01-31/f.json', r'(\\d{4})-\\d{2}'), REGEXP_EXTRACT('abc', r'z'), "
                     "REGEXP_EXTRACT(NULL, r'a'), REGEXP_EXTRACT('a/b/c', r'[^/]+$'), REGEXP_CONTAINS('abc', r'^a')");
  REQUIRE(!error_result(q));
  CHECK(bq.rows_of("regex") == std::vector<std::vector<json::value>>{{"f.json", "", "2024", nullptr, nullptr, "c", "1"}});
  Reply two_groups = bq.query("two_groups", "SELECT REGEXP_EXTRACT('ab', r'(a)(b)')");
  REQUIRE(error_result(two_groups));
  CHECK(s(error_result(two_groups)->at("reason")) == "invalidQuery");
}

TEST_CASE("bigquery test server: results are paged by maxResults with an opaque pageToken", "[bigquery][server][query]") {
  Bq bq;
  REQUIRE(bq.create_table("ds", "t", simple_schema()).status == 200);
  std::string data;
  for (int i = 1; i <= 25; ++i) data += "{\"k\":" + std::to_string(i) + ",\"v\":\"v" + std::to_string(i) + "\"}\n";
  REQUIRE(!error_result(bq.load("seed", "ds", "t", data)));
  REQUIRE(!error_result(bq.query("all", "SELECT k, v FROM `test-project.ds.t` ORDER BY k")));

  Reply p1 = bq.results("all", "&maxResults=10");
  REQUIRE(p1.status == 200);
  CHECK(s(p1.obj().at("totalRows")) == "25");
  CHECK(p1.obj().at("rows").as_array().size() == 10);
  const std::string token = s(p1.obj().at("pageToken"));
  Reply p2 = bq.results("all", "&maxResults=10&pageToken=" + nbaraw::net::percent_encode(token));
  CHECK(p2.obj().at("rows").as_array().size() == 10);
  CHECK(p2.obj().at("rows").at(0).at("f").at(0).at("v") == "11");
  auto all = bq.rows_of("all", "&maxResults=10");
  REQUIRE(all.size() == 25);
  CHECK(all.back() == std::vector<json::value>{"25", "v25"});
  CHECK(bq.rows_of("all").size() == 25);  // default page: everything at once here

  Reply from = bq.results("all", "&startIndex=20");
  CHECK(from.obj().at("rows").as_array().size() == 5);
  CHECK(!from.obj().contains("pageToken"));
  CHECK(bq.results("all", "&pageToken=garbage").status == 400);
  CHECK(bq.results("unknown_job").status == 404);

  REQUIRE(!error_result(bq.load("not_a_query", "ds", "t", R"({"k":99})")));
  CHECK(bq.results("not_a_query").status == 400);
}

TEST_CASE("bigquery test server: the sink's transaction script applies in full", "[bigquery][server][query]") {
  Bq bq;
  REQUIRE(bq.create_table("nba_raw", "t", schema({{"k", "INT64", "REQUIRED"}, {"v", "STRING"}, {"scrape_date", "DATE"}, {"source_file_path", "STRING"}}))
              .status == 200);
  REQUIRE(bq.create_table("nba_raw", "_nbaraw_staging_t_ab12",
                          schema({{"k", "INT64", "REQUIRED"}, {"v", "STRING"}, {"scrape_date", "DATE"}, {"source_file_path", "STRING"}}))
              .status == 200);
  REQUIRE(bq.create_table("nba_raw", "_nbaraw_ledger",
                          schema({{"table_name", "STRING", "REQUIRED"}, {"object_name", "STRING", "REQUIRED"}, {"generation", "INT64"},
                                  {"processor_version", "STRING"}, {"row_count", "INT64"}, {"loaded_at", "TIMESTAMP"}}))
              .status == 200);
  REQUIRE(!error_result(bq.load("seed_t", "nba_raw", "t",
                                "{\"k\":1,\"v\":\"old\",\"scrape_date\":\"2024-01-01\",\"source_file_path\":\"gs/b/2024-01-01/f1.json\"}\n"
                                "{\"k\":2,\"v\":\"older\",\"scrape_date\":\"2024-01-01\",\"source_file_path\":\"gs/b/2024-01-01/f2.json\"}\n"
                                "{\"k\":3,\"v\":\"kept\",\"scrape_date\":\"2024-02-01\",\"source_file_path\":\"gs/b/2024-02-01/f1.json\"}\n")));
  REQUIRE(!error_result(bq.load("seed_s", "nba_raw", "_nbaraw_staging_t_ab12",
                                "{\"k\":1,\"v\":\"new\",\"scrape_date\":\"2024-01-01\",\"source_file_path\":\"gs/b/2024-01-01/f1.json\"}\n"
                                "{\"k\":2,\"v\":\"newer\",\"scrape_date\":\"2024-01-03\",\"source_file_path\":\"gs/b/2024-01-03/z.json\"}\n")));

  const std::string script = R"(BEGIN TRANSACTION;
DELETE FROM `test-project.nba_raw.t` WHERE `scrape_date` BETWEEN @partition_low AND @partition_high AND `source_file_path` IN UNNEST(@files);
DELETE FROM `test-project.nba_raw.t` AS t WHERE EXISTS (SELECT 1 FROM `test-project.nba_raw._nbaraw_staging_t_ab12` AS s WHERE s.`k` IS NOT DISTINCT FROM t.`k` AND (REGEXP_EXTRACT(s.`source_file_path`, r'[^/]*$') > REGEXP_EXTRACT(t.`source_file_path`, r'[^/]*$') OR (REGEXP_EXTRACT(s.`source_file_path`, r'[^/]*$') = REGEXP_EXTRACT(t.`source_file_path`, r'[^/]*$') AND s.`source_file_path` > t.`source_file_path`)));
INSERT INTO `test-project.nba_raw.t` (`k`, `v`, `scrape_date`, `source_file_path`) SELECT s.`k`, s.`v`, s.`scrape_date`, s.`source_file_path` FROM `test-project.nba_raw._nbaraw_staging_t_ab12` AS s WHERE NOT EXISTS (SELECT 1 FROM `test-project.nba_raw.t` AS t WHERE t.`k` IS NOT DISTINCT FROM s.`k`);
DELETE FROM `test-project.nba_raw._nbaraw_ledger` WHERE `table_name` = @table_name AND `object_name` IN UNNEST(@files);
INSERT INTO `test-project.nba_raw._nbaraw_ledger` (`table_name`, `object_name`, `generation`, `processor_version`, `row_count`, `loaded_at`) SELECT @table_name, m.`object_name`, m.`generation`, @processor_version, m.`row_count`, @loaded_at FROM UNNEST(@manifest) AS m;
COMMIT TRANSACTION;
)";
  json::array params{scalar_param("partition_low", "DATE", "2024-01-01"),
                     scalar_param("partition_high", "DATE", "2024-01-31"),
                     array_param("files", "STRING", {"gs/b/2024-01-01/f1.json", "gs/b/2024-01-03/z.json"}),
                     scalar_param("table_name", "STRING", "nba_raw.t"),
                     scalar_param("processor_version", "STRING", "v1"),
                     scalar_param("loaded_at", "TIMESTAMP", "2024-03-01 10:00:00+00"),
                     struct_array_param("manifest", {{"object_name", "STRING"}, {"generation", "INT64"}, {"row_count", "INT64"}},
                                        {{"gs/b/2024-01-01/f1.json", "1700000000000001", "1"}, {"gs/b/2024-01-03/z.json", "1700000000000002", "1"}})};
  Reply job = bq.query("merge_1", script, params);
  REQUIRE(job.status == 200);
  INFO(job.text);
  REQUIRE(!error_result(job));
  CHECK(s(job.obj().at("statistics").at("query").at("statementType")) == "SCRIPT");
  CHECK(s(job.obj().at("statistics").at("query").at("numDmlAffectedRows")) == "6");  // 1 + 1 deleted, 2 inserted, 2 ledger rows

  auto rows = bq.table_rows("nba_raw", "t");
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].at("k") == 1);
  CHECK(rows[0].at("v") == "new");
  CHECK(rows[1].at("k") == 2);
  CHECK(rows[1].at("v") == "newer");
  CHECK(rows[2].at("v") == "kept");

  auto ledger = bq.table_rows("nba_raw", "_nbaraw_ledger");
  REQUIRE(ledger.size() == 2);
  CHECK(ledger[0].at("generation") == std::int64_t(1700000000000001));  // typed through the struct parameter
  CHECK(ledger[0].at("row_count") == 1);
  CHECK(ledger[0].at("processor_version") == "v1");

  Reply read = bq.query("read_ledger",
                        "SELECT `object_name`, `generation`, `processor_version`, `row_count`, CAST(`loaded_at` AS STRING) AS `loaded_at` "
                        "FROM `test-project.nba_raw._nbaraw_ledger` WHERE `table_name` = @table_name ORDER BY `object_name`",
                        {scalar_param("table_name", "STRING", "nba_raw.t")});
  REQUIRE(!error_result(read));
  CHECK(bq.rows_of("read_ledger") ==
        std::vector<std::vector<json::value>>{{"gs/b/2024-01-01/f1.json", "1700000000000001", "v1", "1", "2024-03-01 10:00:00+00"},
                                              {"gs/b/2024-01-03/z.json", "1700000000000002", "v1", "1", "2024-03-01 10:00:00+00"}});
}

TEST_CASE("bigquery test server: a transaction script that fails midway leaves nothing applied", "[bigquery][server][query]") {
  Bq bq;
  REQUIRE(bq.create_table("ds", "t", simple_schema()).status == 200);
  REQUIRE(!error_result(bq.load("seed", "ds", "t", "{\"k\":1,\"v\":\"a\"}\n{\"k\":2,\"v\":\"b\"}\n")));

  Reply failed = bq.query("half", "BEGIN TRANSACTION;\n"
                                  "DELETE FROM `test-project.ds.t` WHERE k = 1;\n"
                                  "INSERT INTO `test-project.ds.t` (k, v) VALUES (3, 'c');\n"
                                  "INSERT INTO `test-project.ds.missing` (k) VALUES (4);\n"
                                  "COMMIT TRANSACTION;");
  REQUIRE(error_result(failed));
  CHECK(s(error_result(failed)->at("reason")) == "invalidQuery");
  CHECK_THAT(s(error_result(failed)->at("message")), Catch::Matchers::Contains("ds.missing"));
  auto rows = bq.table_rows("ds", "t");
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].at("k") == 1);

  // A runtime failure (NOT NULL) inside the transaction rolls back as well.
  Reply null_k = bq.query("null_k", "BEGIN TRANSACTION; DELETE FROM `test-project.ds.t` WHERE TRUE; "
                                    "INSERT INTO `test-project.ds.t` (k) VALUES (NULL); COMMIT TRANSACTION;");
  REQUIRE(error_result(null_k));
  CHECK(bq.table_rows("ds", "t").size() == 2);

  // A transaction left open is rolled back and fails the job.
  Reply open = bq.query("open", "BEGIN TRANSACTION; DELETE FROM `test-project.ds.t` WHERE TRUE;");
  REQUIRE(error_result(open));
  CHECK(bq.table_rows("ds", "t").size() == 2);

  // Outside a transaction each statement commits on its own, as on BigQuery.
  Reply no_tx = bq.query("no_tx", "DELETE FROM `test-project.ds.t` WHERE k = 1; SELECT * FROM `test-project.ds.missing`;");
  REQUIRE(error_result(no_tx));
  rows = bq.table_rows("ds", "t");
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].at("k") == 2);

  // And the server is not left inside a transaction: a later job works.
  CHECK(!error_result(bq.query("after", "BEGIN TRANSACTION; DELETE FROM `test-project.ds.t` WHERE TRUE; COMMIT TRANSACTION;")));
  CHECK(bq.table_rows("ds", "t").empty());
}

TEST_CASE("bigquery test server: the streaming buffer blocks DML on its table", "[bigquery][server][query]") {
  Bq bq;
  REQUIRE(bq.create_table("nba_raw", "t", simple_schema()).status == 200);
  REQUIRE(bq.create_table("nba_raw", "other", simple_schema()).status == 200);
  REQUIRE(!error_result(bq.load("seed", "nba_raw", "t", R"({"k":1,"v":"a"})")));
  bq.server.set_streaming_buffer("nba_raw", "t", true);

  Reply got = bq.get_table("nba_raw", "t");
  REQUIRE(got.obj().contains("streamingBuffer"));
  CHECK(s(got.obj().at("streamingBuffer").at("estimatedRows")) == "1");
  CHECK(!bq.get_table("nba_raw", "other").obj().contains("streamingBuffer"));

  const std::string statement = GENERATE(std::string("DELETE FROM `test-project.nba_raw.t` WHERE k = 1"),
                                         std::string("UPDATE `test-project.nba_raw.t` SET v = 'b' WHERE TRUE"),
                                         std::string("TRUNCATE TABLE `test-project.nba_raw.t`"));
  Reply job = bq.query("sb_" + std::to_string(bq.server.job_ids().size()),
                       "BEGIN TRANSACTION;\nINSERT INTO `test-project.nba_raw.other` (k) VALUES (7);\n" + statement +
                           ";\nCOMMIT TRANSACTION;");
  REQUIRE(error_result(job));
  CHECK(s(error_result(job)->at("reason")) == "invalidQuery");
  CHECK(s(error_result(job)->at("message")) ==
        "UPDATE or DELETE statement over table test-project.nba_raw.t would affect rows in the streaming buffer, which is not supported");
  CHECK(bq.table_rows("nba_raw", "other").empty());  // the INSERT before it was rolled back
  CHECK(bq.table_rows("nba_raw", "t").size() == 1);

  // Reads and inserts are fine; DML on other tables too; after the buffer clears, DML works.
  CHECK(!error_result(bq.query("sb_read_" + std::to_string(bq.server.job_ids().size()), "SELECT * FROM `test-project.nba_raw.t`")));
  CHECK(!error_result(bq.query("sb_other_" + std::to_string(bq.server.job_ids().size()), "DELETE FROM `test-project.nba_raw.other` WHERE TRUE")));
  bq.server.set_streaming_buffer("nba_raw", "t", false);
  CHECK(!bq.get_table("nba_raw", "t").obj().contains("streamingBuffer"));
  CHECK(!error_result(bq.query("sb_clear_" + std::to_string(bq.server.job_ids().size()), statement)));
}

TEST_CASE("bigquery test server: crash_at before_script loses the script and resets every request until revive", "[bigquery][server][crash]") {
  Bq bq;
  REQUIRE(bq.create_table("ds", "t", simple_schema()).status == 200);
  REQUIRE(!error_result(bq.load("seed", "ds", "t", R"({"k":1,"v":"a"})")));
  const std::string script = "BEGIN TRANSACTION; DELETE FROM `test-project.ds.t` WHERE TRUE; COMMIT TRANSACTION;";
  bq.server.crash_at(CrashPoint::before_script);
  CHECK(!error_result(bq.query("harmless", "SELECT 1")));  // only a script with a transaction trips it

  CHECK_THROWS_AS(bq.query("script_1", script), HttpError);
  CHECK_THROWS_AS(bq.get_table("ds", "t"), HttpError);
  CHECK_THROWS_AS(bq.get_job("script_1"), HttpError);
  CHECK(bq.table_rows("ds", "t").size() == 1);  // not executed

  bq.server.revive();
  CHECK(bq.get_job("script_1").status == 404);  // never created
  Reply retry = bq.query("script_1", script);
  REQUIRE(retry.status == 200);
  CHECK(!error_result(retry));
  CHECK(bq.table_rows("ds", "t").empty());
  CHECK(bq.server.job_ids() == std::vector<std::string>{"seed", "harmless", "script_1"});
}

TEST_CASE("bigquery test server: crash_at after_script commits the script, then resets until revive", "[bigquery][server][crash]") {
  Bq bq;
  REQUIRE(bq.create_table("ds", "t", simple_schema()).status == 200);
  REQUIRE(!error_result(bq.load("seed", "ds", "t", R"({"k":1,"v":"a"})")));
  const std::string script = "BEGIN TRANSACTION; DELETE FROM `test-project.ds.t` WHERE TRUE; COMMIT TRANSACTION;";
  bq.server.crash_at(CrashPoint::after_script);

  CHECK_THROWS_AS(bq.query("script_1", script), HttpError);
  CHECK_THROWS_AS(bq.get_job("script_1"), HttpError);
  CHECK(bq.table_rows("ds", "t").empty());  // executed and committed

  bq.server.revive();
  Reply got = bq.get_job("script_1");
  REQUIRE(got.status == 200);
  CHECK(state_of(got) == "DONE");
  CHECK(!error_result(got));
  Reply retry = bq.query("script_1", script);
  CHECK(retry.status == 409);
  CHECK(retry.reason() == "duplicate");
  CHECK(bq.server.jobs_of_kind(JobKind::query) == 1);
  CHECK(bq.get_table("ds", "t").status == 200);
}

TEST_CASE("bigquery test server: a legacy SQL query fails", "[bigquery][server][query]") {
  Bq bq;
  const std::optional<bool> legacy = GENERATE(std::optional<bool>(), std::optional<bool>(true));
  Reply job = bq.query("legacy", "SELECT 1", {}, legacy);
  REQUIRE(job.status == 200);
  REQUIRE(error_result(job));
  CHECK(s(error_result(job)->at("reason")) == "invalidQuery");
  CHECK_THAT(s(error_result(job)->at("message")), Catch::Matchers::StartsWith("Legacy SQL is not supported by this test server"));
  Reply res = bq.results("legacy");
  CHECK(res.status == 400);
  CHECK(res.reason() == "invalidQuery");
}

TEST_CASE("bigquery test server: requests are recorded and faults apply", "[bigquery][server]") {
  Bq bq;
  REQUIRE(bq.create_table("ds", "t", simple_schema()).status == 200);
  REQUIRE(!error_result(bq.load("rec", "ds", "t", R"({"k":1})")));
  auto requests = bq.server.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].method == "POST");
  CHECK(requests[0].target == "/bigquery/v2/projects/test-project/datasets/ds/tables");
  CHECK(requests[1].target == "/upload/bigquery/v2/projects/test-project/jobs?uploadType=multipart");
  CHECK_THAT(requests[1].headers.at("content-type"), Catch::Matchers::StartsWith("multipart/related; boundary="));
  CHECK_THAT(requests[1].body, Catch::Matchers::Contains("{\"k\":1}"));
  bq.server.clear_requests();
  CHECK(bq.server.requests().empty());

  Faults faults;
  faults.fail_first = 1;
  bq.server.set_faults(faults);
  Reply injected = bq.get_table("ds", "t");
  CHECK(injected.status == 503);
  CHECK(bq.get_table("ds", "t").status == 200);
  CHECK(bq.server.fault_counts().errors == 1);
  CHECK(bq.server.requests().size() == 2);

  BigQueryTestServer::Options quiet;
  quiet.record_requests = false;
  Bq silent(quiet);
  CHECK(silent.get_table("ds", "t").status == 404);
  CHECK(silent.server.requests().empty());
}
