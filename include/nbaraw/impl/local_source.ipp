#pragma once
#include <nbaraw/detail/gzip.hpp>
#include <nbaraw/sources/local_source.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace nbaraw {

namespace fs = std::filesystem;

NBARAW_DECL LocalSource::LocalSource(const fs::path& root) {
  std::error_code ec;
  root_ = fs::canonical(root, ec);
  if (ec || !fs::is_directory(root_))
    throw std::invalid_argument(fmt::format("source folder {} does not exist or is not a folder", root.string()));
}

namespace detail {
/// Names are '/'-separated relative paths; refuse anything that could step out of the root.
inline void check_object_name(std::string_view name, bool allow_trailing_slash) {
  if (name.empty()) return;
  if (name.find('\0') != std::string_view::npos || name.find('\\') != std::string_view::npos || name.front() == '/')
    throw UnsafePath(fmt::format("object name '{}' is not a relative bucket path", name));
  std::size_t start = 0;
  while (start < name.size()) {
    std::size_t slash = name.find('/', start);
    std::string_view segment = name.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    bool last = slash == std::string_view::npos || slash + 1 == name.size();
    if (segment == ".." || segment == "." || (segment.empty() && !(last && allow_trailing_slash)))
      throw UnsafePath(fmt::format("object name '{}' has a '{}' segment and would leave the source root", name,
                                   segment));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
}

inline std::string generation_of(const struct stat& st) {
  return fmt::format("{}:{}", st.st_size, std::int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec);
}
}  // namespace detail

NBARAW_DECL fs::path LocalSource::checked_path(std::string_view name) const {
  detail::check_object_name(name, false);
  if (name.empty()) throw UnsafePath("empty object name");
  return root_ / fs::path(std::string(name));
}

NBARAW_DECL std::vector<ObjectInfo> LocalSource::list(std::string_view prefix) const {
  detail::check_object_name(prefix, true);
  std::string_view folder = prefix.substr(0, prefix.rfind('/') == std::string_view::npos ? 0 : prefix.rfind('/'));
  fs::path start = folder.empty() ? root_ : root_ / fs::path(std::string(folder));
  std::vector<ObjectInfo> out;
  std::error_code ec;
  // The folder itself must not be (or pass through) a symlink.
  if (!fs::exists(fs::symlink_status(start, ec)) || fs::is_symlink(fs::symlink_status(start, ec))) return out;
  fs::path canonical_start = fs::canonical(start, ec);
  // Names hold no ".", ".." or empty segments, so any difference means a symlink on the way.
  if (ec || canonical_start != start || !fs::is_directory(canonical_start)) return out;

  for (auto it = fs::recursive_directory_iterator(start, fs::directory_options::none, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const auto& entry = *it;
    if (entry.is_symlink()) {
      if (it.depth() >= 0) it.disable_recursion_pending();
      continue;
    }
    if (!entry.is_regular_file()) continue;
    std::string name = entry.path().lexically_relative(root_).generic_string();
    if (name.compare(0, prefix.size(), prefix) != 0) continue;
    struct stat st {};
    if (::lstat(entry.path().c_str(), &st) != 0) continue;
    out.push_back({std::move(name), std::uint64_t(st.st_size), detail::generation_of(st)});
  }
  if (ec) throw std::runtime_error(fmt::format("listing {}: {}", start.string(), ec.message()));
  std::sort(out.begin(), out.end(), [](const ObjectInfo& a, const ObjectInfo& b) { return a.name < b.name; });
  return out;
}

namespace detail {
/// Closes a descriptor when it goes out of scope.
struct FileDescriptor {
  int fd = -1;
  explicit FileDescriptor(int f) : fd(f) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd >= 0) ::close(fd);
  }
};
}  // namespace detail

NBARAW_DECL std::string LocalSource::read(const ObjectInfo& object) const {
  checked_path(object.name);
  // Walk the name one segment at a time from the root with O_NOFOLLOW, so that no symbolic link is
  // followed even if one is swapped in after listing.
  auto fail = [&](int err, std::string_view segment) {
    if (err == ENOENT) throw ObjectNotFound(fmt::format("{}: no such object", object.name));
    if (err == ELOOP || err == ENOTDIR)
      throw UnsafePath(fmt::format("{}: '{}' is a symbolic link or not a folder", object.name, segment));
    throw std::runtime_error(fmt::format("{}: cannot open '{}': {}", object.name, segment, std::strerror(err)));
  };
  detail::FileDescriptor dir(::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.fd < 0) fail(errno, root_.string());
  std::string_view rest = object.name;
  for (std::size_t slash; (slash = rest.find('/')) != std::string_view::npos; rest.remove_prefix(slash + 1)) {
    const std::string segment(rest.substr(0, slash));
    int next = ::openat(dir.fd, segment.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (next < 0) fail(errno, segment);
    ::close(dir.fd);
    dir.fd = next;
  }
  detail::FileDescriptor file(::openat(dir.fd, std::string(rest).c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (file.fd < 0) fail(errno, rest);

  std::string bytes;
  struct stat st {};
  if (::fstat(file.fd, &st) != 0 || !S_ISREG(st.st_mode))
    throw std::runtime_error(fmt::format("{}: not a regular file", object.name));
  bytes.reserve(std::size_t(st.st_size));
  char buffer[64 * 1024];
  for (;;) {
    ssize_t n = ::read(file.fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::runtime_error(fmt::format("{}: read failed: {}", object.name, std::strerror(errno)));
    if (n == 0) break;
    bytes.append(buffer, std::size_t(n));
  }
  return looks_gzipped(bytes) ? gunzip(bytes) : bytes;
}

}  // namespace nbaraw
