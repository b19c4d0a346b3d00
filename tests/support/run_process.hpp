#pragma once
// Runs a program (fork + execve, no shell) and captures its stdout and stderr separately.
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace nbaraw::test {

struct ProcessResult {
  int exit_code = -1;      ///< the exit status, or 128 + signal when killed by a signal
  std::string out, err;    ///< everything written to stdout and stderr
  bool timed_out = false;  ///< killed because it ran longer than the timeout
};

struct ProcessOptions {
  std::vector<std::pair<std::string, std::string>> env;  ///< added to (or replacing in) the inherited environment
  std::filesystem::path cwd;                             ///< working directory; empty: inherit
  std::chrono::milliseconds timeout{std::chrono::minutes(5)};
};

/// Runs program with args (argv[0] is the program path); stdin is /dev/null.
ProcessResult run_process(const std::filesystem::path& program, const std::vector<std::string>& args,
                          const ProcessOptions& options = {});

/// The first executable called name on PATH.
std::optional<std::filesystem::path> find_program(std::string_view name);

}  // namespace nbaraw::test
