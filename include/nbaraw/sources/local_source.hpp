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

/// Lists and reads files under a root folder. Object names are paths relative to the root with '/'
/// separators. Never reads outside the root: names with "..", "." or empty segments are refused, and
/// symbolic links are neither listed nor followed. Only regular files are read: a FIFO, socket or device,
/// even one swapped in after listing, is refused without blocking. Every entry a listing refuses is in
/// Listing::refused with the reason. gzip-compressed files are decoded on read, within the ReadLimits.
/// Stateless after construction, so safe to share between threads.
class LocalSource {
 public:
  /// Throws std::invalid_argument when root is not an existing folder.
  NBARAW_DECL explicit LocalSource(const std::filesystem::path& root);

  NBARAW_DECL Listing list(std::string_view prefix) const;
  NBARAW_DECL std::string read(const ObjectInfo& object, const ReadLimits& limits = {}) const;
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
