#pragma once
// A fresh folder per test, removed afterwards, and small helpers to lay files into it.
#include <nbaraw/detail/gzip.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>
#include <unistd.h>

namespace nbaraw::test {

class TempDir {
 public:
  TempDir() {
    static std::atomic<unsigned> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("nbaraw-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + "-" +
             std::to_string(std::random_device{}()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(std::string_view rel) const { return path_ / std::string(rel); }

  /// Writes bytes at a relative path, creating folders; gzip-encodes them when gzipped is set.
  std::filesystem::path write(std::string_view rel, std::string_view bytes, bool gzipped = false) const {
    auto p = path_ / std::string(rel);
    std::filesystem::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    const std::string data = gzipped ? nbaraw::gzip(bytes) : std::string(bytes);
    out.write(data.data(), std::streamsize(data.size()));
    return p;
  }

 private:
  std::filesystem::path path_;
};

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Where the drivers and tools are built.
inline std::filesystem::path bin_dir() { return NBARAW_BIN_DIR; }

}  // namespace nbaraw::test
