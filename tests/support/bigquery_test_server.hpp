#pragma once
// A small BigQuery REST v2 emulator for tests and benchmarks, on top of LoopbackServer, keeping every
// table in one SQLite file (so that tests can read the rows back with rows_from_sqlite).
//
//   GET    /bigquery/v2/projects/{p}/datasets/{d}/tables/{t}       tables.get
//   POST   /bigquery/v2/projects/{p}/datasets/{d}/tables           tables.insert (409 duplicate)
//   DELETE /bigquery/v2/projects/{p}/datasets/{d}/tables/{t}       tables.delete (204)
//   POST   /upload/bigquery/v2/projects/{p}/jobs?uploadType=multipart   load job with inline NDJSON
//   POST   /bigquery/v2/projects/{p}/jobs                          query job (GoogleSQL subset, see below)
//   GET    /bigquery/v2/projects/{p}/jobs/{jobId}?location=        jobs.get
//   GET    /bigquery/v2/projects/{p}/queries/{jobId}?location=&maxResults=&pageToken=&startIndex=
//
// {p} must be Options::project (else 404 notFound). Errors use BigQuery's body
// {"error":{"code","message","errors":[{"domain":"global","reason","message"}],"status"}}.
//
// Tables: BigQuery table d.t is the SQLite table "d.t" (sqlite_table()); values are stored as the SQLite
// sink stores them: STRING/DATE/TIMESTAMP/JSON → TEXT, INT64/BOOLEAN → INTEGER (0/1), FLOAT64/NUMERIC →
// REAL, REPEATED → TEXT holding a JSON array; REQUIRED → NOT NULL. The Table resources live in a metadata
// table in the same file (so a new server on the same file sees the tables). As BigQuery does, tables.get
// answers the legacy type names (INT64 → INTEGER, FLOAT64 → FLOAT, BOOL → BOOLEAN) and mode NULLABLE
// when none was given, plus numRows (string), type "TABLE" and, while set_streaming_buffer is on, a
// streamingBuffer section. A table whose expirationTime has passed is dropped at the next request.
//
// Jobs (kept in memory, per server instance): executed at insert; jobs.get and getQueryResults answer
// RUNNING / jobComplete:false for the first Options::job_polls_until_done polls of each job, and until
// Options::job_duration has passed since its insert. getQueryResults with timeoutMs=N holds its answer
// until the job is done or N ms have passed (a long poll, as BigQuery does; other requests go on). A duplicate
// jobId answers 409 duplicate ("Already Exists: Job {p}:{LOCATION}.{jobId}") and is not run again. Load
// jobs run in one SQLite transaction: any bad row (unless maxBadRecords allows it) fails the job with
// errorResult reason "invalid" and writes nothing. Partition decorators (t$20240131) and sourceUris are
// not supported (the job is refused with 400 invalid).
//
// Query jobs: GoogleSQL translated to SQLite by a tokenizer that respects string literals and quoted
// identifiers: `p.d.t` / `d.t` → "d.t"; r'..', '..', "..", '''..''' literals → SQLite '..' literals;
// x IN UNNEST(@p) → x IN (SELECT value FROM json_each(@p)); FROM UNNEST(@p) [AS] m → a subquery over
// json_each with one column per STRUCT field (or one column named after the alias for scalar arrays);
// CAST(x AS STRING|INT64|FLOAT64|BOOL|BYTES) → TEXT|INTEGER|REAL|INTEGER|BLOB; SAFE_CAST → CAST;
// TRUNCATE TABLE → DELETE FROM; IF( → iif(; CURRENT_TIMESTAMP() / CURRENT_DATE() → SQLite's; '#'
// comments. Functions added: REGEXP_EXTRACT(text, pattern), REGEXP_CONTAINS(text, pattern),
// CONCAT(...) (NULL if any argument is NULL). Named parameters are bound from queryParameters (arrays as
// JSON text). Statements run in order; outside BEGIN TRANSACTION … COMMIT TRANSACTION each statement
// commits on its own (as on BigQuery); any error rolls back the open transaction and fails the job with
// reason invalidQuery. MERGE, DDL in GoogleSQL types and scripting (DECLARE, IF … END IF) are not
// translated. The last statement that returns rows is the job's result (getQueryResults: values as
// strings, types INTEGER/FLOAT/STRING from SQLite's storage class, pages of min(maxResults, 1000) rows;
// for a failed job it answers 400 with the job's errorResult reason and message).
#include "support/loopback_server.hpp"

#include <boost/json/object.hpp>

#include <chrono>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nbaraw::test {

enum class JobKind { load, query };
enum class CrashPoint { before_script, after_script };

class BigQueryTestServer {
 public:
  struct Options {
    std::filesystem::path database;         ///< SQLite file holding every table (created if missing)
    std::string project = "test-project";   ///< the only project accepted (others: 404 notFound)
    unsigned job_polls_until_done = 0;      ///< jobs.get / getQueryResults answer RUNNING this many times per job
    std::chrono::milliseconds job_duration{0};  ///< and RUNNING until this long after the insert (as real jobs take)
    bool tls = false;                       ///< https with a fresh TestPki (see ca_cert_pem())
    Faults faults;                          ///< passed to LoopbackServer::set_faults at start
    unsigned threads = 4;
    unsigned short port = 0;                ///< 0: a free port
    bool record_requests = true;            ///< see LoopbackServer::Options
  };

  explicit BigQueryTestServer(Options options);
  ~BigQueryTestServer();
  BigQueryTestServer(const BigQueryTestServer&) = delete;
  BigQueryTestServer& operator=(const BigQueryTestServer&) = delete;

  /// "http://127.0.0.1:PORT" or "https://127.0.0.1:PORT": what BIGQUERY_EMULATOR_HOST holds.
  std::string base_url() const;
  unsigned short port() const;
  /// The CA that signed the server certificate (empty when not TLS).
  const std::string& ca_cert_pem() const;
  const std::filesystem::path& database() const;
  const std::string& project() const;
  /// SQLite table name of a BigQuery table: "<dataset>.<table>" (the project is not part of it).
  static std::string sqlite_table(std::string_view dataset, std::string_view table);

  // --- fault injection (per test) ---
  /// The next `count` jobs of that kind end DONE with status.errorResult {reason, message} without executing.
  void fail_jobs(JobKind kind, unsigned count, std::string reason, std::string message);
  /// While on: tables.get shows a streamingBuffer section, and any UPDATE/DELETE/MERGE/TRUNCATE on that
  /// table fails its query job (transaction rolled back) with reason invalidQuery and BigQuery's message
  /// "UPDATE or DELETE statement over table <p>.<d>.<t> would affect rows in the streaming buffer, which
  /// is not supported".
  void set_streaming_buffer(std::string_view dataset, std::string_view table, bool on);
  /// Simulates the server (or the client) dying at the first query job whose query contains
  /// "BEGIN TRANSACTION": before_script — the job is neither executed nor recorded (a retry with the same
  /// jobId after revive() runs it); after_script — it is executed and committed (a retry gets 409).
  /// Either way that request and every later one is answered by a connection reset until revive().
  void crash_at(CrashPoint point);
  void revive();
  /// Jobs inserted from now on answer RUNNING for this many polls (Options::job_polls_until_done).
  void set_job_polls_until_done(unsigned polls);
  /// Jobs inserted from now on stay RUNNING this long (Options::job_duration).
  void set_job_duration(std::chrono::milliseconds duration);
  void set_faults(const Faults& faults);
  FaultCounts fault_counts() const;
  std::vector<ServerRequest> requests() const;
  void clear_requests();
  LoopbackServer& server();

  // --- introspection ---
  std::vector<std::string> job_ids() const;          ///< every job inserted (not 409s), in order
  unsigned jobs_of_kind(JobKind kind) const;          ///< load / query jobs inserted (not counting 409s)
  unsigned long_polls() const;                        ///< getQueryResults requests that carried timeoutMs
  /// Total size of the data parts of every load request received (409 duplicates included).
  std::uint64_t uploaded_bytes() const;
  /// The Table resource tables.get would answer (nullopt when absent).
  std::optional<boost::json::object> table_resource(std::string_view dataset, std::string_view table) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace nbaraw::test
