#pragma once
// What a source knows about one stored object before reading it.
#include <cstdint>
#include <string>

namespace nbaraw {

struct ObjectInfo {
  std::string name;        ///< path inside the bucket, e.g. "ball-dont-lie/injuries/2025-07-15/20250715_143022.json"
  std::uint64_t size = 0;  ///< stored bytes
  std::string generation;  ///< changes whenever the object is rewritten (GCS generation; "size:mtime" locally)

  friend bool operator==(const ObjectInfo&, const ObjectInfo&) = default;
};

}  // namespace nbaraw
