#pragma once
#include <nbaraw/detail/human_bytes.hpp>
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

namespace detail {
/// What a non-regular entry is, for a refusal's reason.
inline std::string_view kind_of(fs::file_type type) {
  switch (type) {
    case fs::file_type::directory: return "a folder";
    case fs::file_type::symlink: return "a symbolic link";
    case fs::file_type::fifo: return "a FIFO";
    case fs::file_type::socket: return "a socket";
    case fs::file_type::block: return "a block device";
    case fs::file_type::character: return "a character device";
    default: return "not a regular file";
  }
}

inline std::string_view kind_of_mode(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISLNK(mode)) return "a symbolic link";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISCHR(mode)) return "a character device";
  return "not a regular file";
}

}  // namespace detail

NBARAW_DECL Listing LocalSource::list(std::string_view prefix) const {
  detail::check_object_name(prefix, true);
  Listing out;
  auto refuse = [&](std::string_view entry, std::string why) { out.refused.push_back({std::string(entry), std::move(why)}); };
  constexpr std::string_view not_followed = "not followed (a local source reads only inside its root)";

  // The folder holding the prefix, reached one segment at a time: a symbolic link on the way is refused
  // with a word, never followed; a missing folder is an empty listing.
  const std::size_t slash = prefix.rfind('/');
  const std::string_view folder = slash == std::string_view::npos ? std::string_view() : prefix.substr(0, slash);
  fs::path start = root_;
  for (std::size_t from = 0; from < folder.size();) {
    const std::size_t to = std::min(folder.find('/', from), folder.size());
    start /= std::string(folder.substr(from, to - from));
    std::error_code ec;
    const fs::file_type type = fs::symlink_status(start, ec).type();
    const std::string_view walked = folder.substr(0, to);
    if (type == fs::file_type::not_found) return out;  // a day without files: nothing to say
    if (ec) {
      refuse(fmt::format("{}/", walked), fmt::format("cannot be examined: {}", ec.message()));
      return out;
    }
    if (type == fs::file_type::symlink) {
      refuse(fmt::format("{}/", walked), fmt::format("a symbolic link, {}", not_followed));
      return out;
    }
    if (type != fs::file_type::directory) {
      if (to < folder.size() || (std::string(walked) + "/").starts_with(prefix))
        refuse(walked, fmt::format("{}, not a folder: nothing under it is listed", detail::kind_of(type)));
      return out;
    }
    from = to + 1;
  }

  std::vector<fs::path> folders{start};
  while (!folders.empty()) {
    const fs::path dir = std::move(folders.back());
    folders.pop_back();
    const std::string dir_name = dir == root_ ? std::string() : dir.lexically_relative(root_).generic_string() + "/";
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) {
      refuse(dir_name.empty() ? "/" : dir_name, fmt::format("cannot be listed: {}", ec.message()));
      continue;
    }
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      const fs::directory_entry& entry = *it;
      std::string name = dir_name + entry.path().filename().string();
      std::error_code type_ec;
      const fs::file_type type = entry.symlink_status(type_ec).type();
      if (type == fs::file_type::directory) {
        // Descend only where names under the prefix can be.
        if ((name + "/").starts_with(prefix) || prefix.starts_with(name + "/")) folders.push_back(entry.path());
        continue;
      }
      if (!name.starts_with(prefix)) continue;
      if (type == fs::file_type::symlink) {
        refuse(name, fmt::format("a symbolic link, {}", not_followed));
        continue;
      }
      if (type != fs::file_type::regular) {
        refuse(name, fmt::format("{}, not a regular file: not read", detail::kind_of(type)));
        continue;
      }
      try {
        detail::check_object_name(name, false);
      } catch (const UnsafePath& e) {
        refuse(name, std::string(e.what()));
        continue;
      }
      struct stat st {};
      if (::lstat(entry.path().c_str(), &st) != 0) {
        if (errno != ENOENT) refuse(name, fmt::format("cannot be examined: {}", std::strerror(errno)));
        continue;  // gone since the folder was read
      }
      out.objects.push_back({std::move(name), std::uint64_t(st.st_size), detail::generation_of(st)});
    }
    if (ec) refuse(dir_name.empty() ? "/" : dir_name, fmt::format("listing stopped: {}", ec.message()));
  }
  std::sort(out.objects.begin(), out.objects.end(), [](const ObjectInfo& a, const ObjectInfo& b) { return a.name < b.name; });
  std::sort(out.refused.begin(), out.refused.end(), [](const RefusedEntry& a, const RefusedEntry& b) { return a.name < b.name; });
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

NBARAW_DECL std::string LocalSource::read(const ObjectInfo& object, const ReadLimits& limits) const {
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
  // A FIFO, socket or device is refused before it is opened; O_NONBLOCK keeps even one swapped in between
  // the check and the open from blocking, and fstat on the open descriptor decides.
  const std::string leaf(rest);
  struct stat st {};
  if (::fstatat(dir.fd, leaf.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) fail(errno, rest);
  auto refuse_kind = [&](mode_t mode) {
    throw std::runtime_error(fmt::format("{}: {}, not a regular file: not read", object.name, detail::kind_of_mode(mode)));
  };
  if (S_ISLNK(st.st_mode)) fail(ELOOP, rest);
  if (!S_ISREG(st.st_mode)) refuse_kind(st.st_mode);
  detail::FileDescriptor file(::openat(dir.fd, leaf.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY));
  if (file.fd < 0) fail(errno, rest);
  if (::fstat(file.fd, &st) != 0) throw std::runtime_error(fmt::format("{}: cannot examine: {}", object.name, std::strerror(errno)));
  if (!S_ISREG(st.st_mode)) refuse_kind(st.st_mode);
  if (std::uint64_t(st.st_size) > limits.max_bytes)
    throw ObjectTooLarge(fmt::format("the object is {}, over the {} limit (--max-file-bytes)",
                                     detail::human_bytes(double(st.st_size)), detail::human_bytes(double(limits.max_bytes))));

  // In chunks of the size fstat gave, with the deadline checked between them, then a small read that finds the
  // end; never past max_bytes, even if the file grows meanwhile.
  const std::size_t expected = std::size_t(st.st_size);
  constexpr std::size_t chunk = 256 * 1024, probe = 4096;
  std::string bytes;
  bytes.reserve(expected + probe);
  for (;;) {
    if (limits.expired())
      throw ReadTimedOut(fmt::format("read timed out after {} of {} (--read-timeout)", detail::human_bytes(double(bytes.size())),
                                     detail::human_bytes(double(st.st_size))));
    const std::size_t at = bytes.size();
    const std::size_t want = at < expected ? std::min(chunk, expected - at) : probe;
    bytes.resize(at + want);
    const ssize_t n = ::read(file.fd, bytes.data() + at, want);
    const int error = n < 0 ? errno : 0;
    bytes.resize(at + std::size_t(std::max<ssize_t>(n, 0)));
    if (error == EINTR) continue;
    if (n < 0) throw std::runtime_error(fmt::format("{}: read failed: {}", object.name, std::strerror(error)));
    if (bytes.size() > limits.max_bytes)
      throw ObjectTooLarge(fmt::format("the object grew past the {} limit (--max-file-bytes) while it was read",
                                       detail::human_bytes(double(limits.max_bytes))));
    if (n == 0) break;
  }
  return decode_stored(std::move(bytes), limits);
}

}  // namespace nbaraw
