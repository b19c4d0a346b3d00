// bigquery_test_server: a BigQuery REST v2 emulator over one SQLite file
// (tests/support/bigquery_test_server.hpp), for benchmarks and manual runs.
//
//   bigquery_test_server --database FILE [--project P] [--port N] [--latency-ms N] [--job-polls N] [--job-ms N]
//                        [--threads N] [--tls-dir DIR] [--no-record]
//
// Prints the base URL (e.g. http://127.0.0.1:PORT, usable as BIGQUERY_EMULATOR_HOST) as the first stdout
// line, then serves until SIGTERM/SIGINT arrives. --no-record turns off request recording (long runs);
// --latency-ms adds that much latency to every request; --job-polls makes every job answer RUNNING to
// that many polls; --job-ms keeps every job RUNNING for that long after its insert. With --tls-dir it
// serves https with a fresh test CA and writes that CA to DIR/ca.pem.
#include "tools/tool_support.hpp"
#include "support/bigquery_test_server.hpp"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <string_view>

#include <pthread.h>

namespace {

[[noreturn]] void usage(const std::string& msg) {
  std::cerr << "bigquery_test_server: " << msg << "\n"
            << "usage: bigquery_test_server --database FILE [--project P] [--port N] [--latency-ms N] [--job-polls N]\n"
               "                            [--job-ms N] [--threads N] [--tls-dir DIR] [--no-record]\n";
  std::exit(2);
}

unsigned long to_number(std::string_view flag, const std::string& text, unsigned long max) {
  if (auto v = nbaraw::test::tools::to_number(text, max)) return *v;
  usage(std::string("bad number for ") + std::string(flag) + ": " + text);
}

}  // namespace

int main(int argc, char** argv) {
  nbaraw::test::BigQueryTestServer::Options options;
  options.threads = 4;
  std::string tls_dir;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage("missing value for " + std::string(arg));
      return argv[++i];
    };
    if (arg == "--database") options.database = value();
    else if (arg == "--project") options.project = value();
    else if (arg == "--port") options.port = static_cast<unsigned short>(to_number(arg, value(), 65535));
    else if (arg == "--latency-ms") options.faults.latency = std::chrono::milliseconds(to_number(arg, value(), 3'600'000));
    else if (arg == "--job-polls") options.job_polls_until_done = static_cast<unsigned>(to_number(arg, value(), 1000));
    else if (arg == "--job-ms") options.job_duration = std::chrono::milliseconds(to_number(arg, value(), 3'600'000));
    else if (arg == "--threads") options.threads = static_cast<unsigned>(to_number(arg, value(), 256));
    else if (arg == "--tls-dir") tls_dir = value();
    else if (arg == "--no-record") options.record_requests = false;
    else if (arg == "--help" || arg == "-h") usage("help");
    else usage("unknown argument " + std::string(arg));
  }
  if (options.database.empty()) usage("--database is required");
  if (options.project.empty()) usage("--project must not be empty");
  options.tls = !tls_dir.empty();

  const sigset_t stop_signals = nbaraw::test::tools::block_stop_signals();

  try {
    nbaraw::test::BigQueryTestServer server(options);
    if (options.tls) nbaraw::test::tools::write_ca(tls_dir, server.ca_cert_pem());
    std::cout << server.base_url() << std::endl;  // first line, flushed

    int sig = 0;
    sigwait(&stop_signals, &sig);
    // One JSON line for benchmarks to read.
    std::cerr << "{\"signal\":" << sig << ",\"requests\":" << server.fault_counts().requests
              << ",\"load_jobs\":" << server.jobs_of_kind(nbaraw::test::JobKind::load)
              << ",\"query_jobs\":" << server.jobs_of_kind(nbaraw::test::JobKind::query)
              << ",\"uploaded_bytes\":" << server.uploaded_bytes() << ",\"long_polls\":" << server.long_polls() << "}\n";
  } catch (const std::exception& e) {
    std::cerr << "bigquery_test_server: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
