#pragma once
#include <nbaraw/backfill.hpp>
#include <nbaraw/core/recency.hpp>

#include <map>

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
  if (info.selection == Selection::all_files) return kept;

  // group -> its newest object (core/recency.hpp: the scrape time in the name, then the creation)
  std::map<std::string, std::pair<std::string, ObjectInfo>> latest;
  for (auto& o : kept) {
    std::string group;
    if (info.selection == Selection::latest_per_folder) {
      group = o.name.substr(0, o.name.rfind('/') + 1);
    } else if (auto d = date_folder_of(o.name)) {
      group = d->iso();
    } else {
      group = o.name.substr(0, o.name.rfind('/') + 1);
    }
    std::string recency = recency_key(o);
    auto it = latest.find(group);
    if (it == latest.end() || recency > it->second.first) latest.insert_or_assign(group, std::pair(std::move(recency), std::move(o)));
  }
  std::vector<ObjectInfo> out;
  for (auto& [group, newest] : latest) out.push_back(std::move(newest.second));
  return out;
}

}  // namespace nbaraw
