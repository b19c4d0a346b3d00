#pragma once
// A local folder laid out like the bucket: the embedded default source.
#include <nbaraw/config.hpp>
#include <nbaraw/source.hpp>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace nbaraw {

/// Thrown for object names or prefixes that would leave the root ("..", absolute paths, symlinks).
struct UnsafePath : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

/// Lists and reads files under a root folder. Object names are paths relative to the root with '/'
/// separators. Never reads outside the root: names with "..", "." or empty segments are refused, and
/// symbolic links are neither listed nor followed. gzip-compressed files are decoded on read.
/// Stateless after construction, so safe to share between threads.
class LocalSource {
 public:
  /// Throws std::invalid_argument when root is not an existing folder.
  NBARAW_DECL explicit LocalSource(const std::filesystem::path& root);

  NBARAW_DECL std::vector<ObjectInfo> list(std::string_view prefix) const;
  NBARAW_DECL std::string read(const ObjectInfo& object) const;
  std::string describe() const { return "file://" + root_.string(); }
  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path checked_path(std::string_view name) const;
  std::filesystem::path root_;
};

static_assert(Source<LocalSource>);

}  // namespace nbaraw

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/local_source.ipp>
#endif
