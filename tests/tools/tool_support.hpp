#pragma once
// What the test-server programs share: stop signals waited for in main, and the test CA written out.
#include <csignal>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>

#include <pthread.h>

namespace nbaraw::test::tools {

/// Blocks SIGTERM, SIGINT, SIGHUP and SIGUSR1 in every thread (server threads inherit the mask), so that
/// main can sigwait() for them; ignores SIGPIPE.
inline sigset_t block_stop_signals() {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  for (int sig : {SIGTERM, SIGINT, SIGHUP, SIGUSR1}) sigaddset(&stop_signals, sig);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  return stop_signals;
}

/// A whole number from 0 to max, or nullopt.
inline std::optional<unsigned long> to_number(const std::string& text, unsigned long max) {
  try {
    std::size_t used = 0;
    const unsigned long v = std::stoul(text, &used);
    if (used != text.size() || v > max) return std::nullopt;
    return v;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

/// Writes the CA that signed a TLS server's certificate to DIR/ca.pem.
inline void write_ca(const std::filesystem::path& dir, const std::string& pem) {
  std::filesystem::create_directories(dir);
  const auto ca_path = dir / "ca.pem";
  std::ofstream out(ca_path, std::ios::binary | std::ios::trunc);
  out << pem;
  out.close();
  if (!out) throw std::runtime_error("cannot write " + ca_path.string());
}

}  // namespace nbaraw::test::tools
