// gcs_test_server: serves a folder as a GCS bucket over the JSON API (tests/support/gcs_test_server.hpp),
// for benchmarks and manual runs.
//
//   gcs_test_server --root DIR [--bucket NAME] [--port N] [--page-size N] [--latency-ms N]
//                   [--threads N] [--tls-dir DIR] [--bearer TOKEN] [--ignore-stdin]
//
// Prints the base URL (e.g. http://127.0.0.1:PORT, usable as STORAGE_EMULATOR_HOST) as the first stdout
// line, then serves until stdin reaches EOF (unless --ignore-stdin) or SIGTERM/SIGINT arrives.
// With --tls-dir it serves https with a fresh test CA and writes that CA to DIR/ca.pem first.
#include "tools/tool_support.hpp"
#include "support/gcs_test_server.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <thread>

#include <pthread.h>
#include <unistd.h>

namespace {

[[noreturn]] void usage(const char* msg) {
  std::cerr << "gcs_test_server: " << msg << "\n"
            << "usage: gcs_test_server --root DIR [--bucket NAME] [--port N] [--page-size N] [--latency-ms N]\n"
               "                       [--threads N] [--tls-dir DIR] [--bearer TOKEN] [--ignore-stdin]\n";
  std::exit(2);
}

unsigned long to_number(std::string_view flag, const std::string& text, unsigned long max) {
  if (auto v = nbaraw::test::tools::to_number(text, max)) return *v;
  usage((std::string("bad number for ") + std::string(flag) + ": " + text).c_str());
}

}  // namespace

int main(int argc, char** argv) {
  nbaraw::test::GcsTestServer::Options options;
  options.page_size = 1000;
  options.threads = 4;
  options.record_requests = false;  // long benchmark runs
  std::string tls_dir;
  bool ignore_stdin = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage((std::string("missing value for ") + std::string(arg)).c_str());
      return argv[++i];
    };
    if (arg == "--root") options.root = value();
    else if (arg == "--bucket") options.bucket = value();
    else if (arg == "--port") options.port = static_cast<unsigned short>(to_number(arg, value(), 65535));
    else if (arg == "--page-size") options.page_size = static_cast<unsigned>(to_number(arg, value(), 1000));
    else if (arg == "--latency-ms") options.faults.latency = std::chrono::milliseconds(to_number(arg, value(), 3'600'000));
    else if (arg == "--threads") options.threads = static_cast<unsigned>(to_number(arg, value(), 256));
    else if (arg == "--tls-dir") tls_dir = value();
    else if (arg == "--bearer") options.require_bearer = value();
    else if (arg == "--ignore-stdin") ignore_stdin = true;
    else if (arg == "--help" || arg == "-h") usage("help");
    else usage((std::string("unknown argument ") + std::string(arg)).c_str());
  }
  if (options.root.empty()) usage("--root is required");
  if (options.page_size == 0) usage("--page-size must be at least 1");
  options.tls = !tls_dir.empty();

  const sigset_t stop_signals = nbaraw::test::tools::block_stop_signals();

  try {
    nbaraw::test::GcsTestServer server(options);
    if (options.tls) nbaraw::test::tools::write_ca(tls_dir, server.ca_cert_pem());
    std::cout << server.base_url() << std::endl;  // first line, flushed

    if (!ignore_stdin) {
      std::thread([] {
        char buf[4096];
        for (;;) {
          const ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
          if (n == 0 || (n < 0 && errno != EINTR)) break;
        }
        ::kill(::getpid(), SIGUSR1);
      }).detach();
    }
    int sig = 0;
    sigwait(&stop_signals, &sig);
    std::cerr << "gcs_test_server: stopping (" << (sig == SIGUSR1 ? "stdin closed" : "signal") << "), "
              << server.fault_counts().requests << " requests served\n";
  } catch (const std::exception& e) {
    std::cerr << "gcs_test_server: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
