#pragma once
#include <nbaraw/backfill.hpp>
#include <nbaraw/core/listing.hpp>

namespace nbaraw {

NBARAW_DECL std::vector<ObjectInfo> select_objects(std::vector<ObjectInfo> listed, const ProcessorInfo& info) {
  auto matches = [&](const std::string& name) {
    return std::any_of(info.suffixes.begin(), info.suffixes.end(), [&](const std::string& suffix) {
      return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
    });
  };
  std::vector<ObjectInfo> kept;
  for (auto& o : listed)
    if (matches(o.name) && (!info.keep_object || info.keep_object(o.name))) kept.push_back(std::move(o));
  return select_latest(std::move(kept), info.selection, info.listing);
}

}  // namespace nbaraw
