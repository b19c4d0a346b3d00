#pragma once
#include <nbaraw/core/date.hpp>
#include <nbaraw/core/shard.hpp>

#include <algorithm>

namespace nbaraw {

NBARAW_DECL std::uint64_t fnv1a_64(std::string_view bytes) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ull;
  }
  return hash;
}

NBARAW_DECL std::string shard_key_of(std::string_view object_name) {
  if (auto d = date_folder_of(object_name)) return d->iso();
  const std::size_t slash = object_name.rfind('/');
  return std::string(slash == std::string_view::npos ? object_name : object_name.substr(0, slash + 1));
}

NBARAW_DECL std::size_t shard_of(std::string_view object_name, std::size_t count) {
  if (count <= 1) return 0;
  return std::size_t(fnv1a_64(shard_key_of(object_name)) % count);
}

NBARAW_DECL std::vector<ObjectInfo> take_shard(std::vector<ObjectInfo> plan, const Shard& shard) {
  if (!shard.sharded()) return plan;
  plan.erase(std::remove_if(plan.begin(), plan.end(),
                            [&](const ObjectInfo& o) { return shard_of(o.name, shard.count) != shard.index; }),
             plan.end());
  return plan;
}

}  // namespace nbaraw
