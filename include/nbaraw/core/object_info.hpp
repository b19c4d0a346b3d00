#pragma once
// What a source knows about one stored object before reading it.
#include <cstdint>
#include <optional>
#include <string>

namespace nbaraw {

struct ObjectInfo {
  ObjectInfo() = default;
  ObjectInfo(std::string object_name, std::uint64_t stored_size, std::string object_generation)
      : name(std::move(object_name)), size(stored_size), generation(std::move(object_generation)) {}

  std::string name;        ///< path inside the bucket, e.g. "ball-dont-lie/injuries/2025-07-15/20250715_143022.json"
  std::uint64_t size = 0;  ///< stored bytes
  std::string generation;  ///< changes whenever the object is rewritten (GCS generation; "size:mtime" locally)
  std::optional<std::uint32_t> crc32c;  ///< of the stored bytes, when the source knows it (GCS)
  std::string content_encoding;         ///< "gzip" for objects stored compressed, when the source knows it
  std::string md5_base64;               ///< GCS md5Hash, when known (absent for composite objects)
  std::string updated;                  ///< last update, RFC 3339, when known

  friend bool operator==(const ObjectInfo&, const ObjectInfo&) = default;
};

/// An entry a listing would not return, and why (a symbolic link, a FIFO, a name that is not a bucket path).
struct RefusedEntry {
  std::string name;  ///< as a bucket path; a folder ends with '/'
  std::string reason;
  friend bool operator==(const RefusedEntry&, const RefusedEntry&) = default;
};

}  // namespace nbaraw
