#pragma once
// The names of listed objects, in order: what most listing and selection checks compare.
#include <nbaraw/core/object_info.hpp>

#include <string>
#include <vector>

namespace nbaraw::test {

inline std::vector<std::string> names_of(const std::vector<ObjectInfo>& objects) {
  std::vector<std::string> out;
  out.reserve(objects.size());
  for (const auto& o : objects) out.push_back(o.name);
  return out;
}

}  // namespace nbaraw::test
