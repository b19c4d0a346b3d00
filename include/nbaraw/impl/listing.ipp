#pragma once
#include <nbaraw/core/listing.hpp>
#include <nbaraw/core/recency.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace nbaraw {

namespace detail {
inline bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/// Calls visit(segment) for each folder segment of the name (not the last, which is the file) until it
/// returns true.
template <class Visit>
void for_each_folder(std::string_view object_name, Visit visit) {
  std::size_t start = 0;
  for (std::size_t slash; (slash = object_name.find('/', start)) != std::string_view::npos; start = slash + 1)
    if (visit(object_name.substr(start, slash - start))) return;
}

inline std::string folder_of(std::string_view object_name) {
  const std::size_t slash = object_name.rfind('/');
  return std::string(slash == std::string_view::npos ? object_name : object_name.substr(0, slash + 1));
}
}  // namespace detail

NBARAW_DECL std::string season_folder(int start_year) { return fmt::format("{:04d}-{:02d}", start_year, (start_year + 1) % 100); }

NBARAW_DECL std::optional<int> parse_season_folder(std::string_view text) {
  if (text.size() != 7 || text[4] != '-' || !detail::is_digits(text.substr(0, 4)) || !detail::is_digits(text.substr(5)))
    return std::nullopt;
  const int year = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
  const int next = (text[5] - '0') * 10 + (text[6] - '0');
  if (next != (year + 1) % 100) return std::nullopt;
  return year;
}

NBARAW_DECL std::optional<Date> parse_compact_date(std::string_view text) {
  if (text.size() != 8 || !detail::is_digits(text)) return std::nullopt;
  return parse_iso_date(fmt::format("{}-{}-{}", text.substr(0, 4), text.substr(4, 2), text.substr(6, 2)));
}

NBARAW_DECL std::vector<ListingFolder> listing_folders(const ListingShape& shape, const std::vector<std::string>& prefixes,
                                                       const std::vector<Date>& dates) {
  std::vector<ListingFolder> out;
  auto add_unit = [&](const std::string& unit, auto folder_of_prefix) {
    for (std::size_t p = 0; p < prefixes.size(); ++p) out.push_back({folder_of_prefix(prefixes[p]), unit, p});
  };
  if (shape.layout == Layout::whole_prefix) {
    // Each prefix is its own unit: there is no date to group them by.
    for (std::size_t p = 0; p < prefixes.size(); ++p) out.push_back({prefixes[p] + "/", prefixes[p] + "/", p});
    return out;
  }
  const std::set<Date> days(dates.begin(), dates.end());
  if (shape.layout == Layout::season_folders) {
    std::set<int> seasons;
    for (const Date& d : days) seasons.insert(season_of(d, shape.season_start_month));
    for (int season : seasons)
      add_unit(season_folder(season), [&](const std::string& prefix) { return fmt::format("{}/{}/", prefix, season_folder(season)); });
    return out;
  }
  for (const Date& d : days)
    add_unit(d.iso(), [&](const std::string& prefix) {
      switch (shape.layout) {
        case Layout::compact_date_folders: return fmt::format("{}/{}/", prefix, d.compact());
        case Layout::season_date_folders:
          return fmt::format("{}/{}/{}/", prefix, season_folder(season_of(d, shape.season_start_month)), d.iso());
        default: return fmt::format("{}/{}/", prefix, d.iso());
      }
    });
  return out;
}

NBARAW_DECL FolderInfo folder_info(std::string_view object_name, const ListingShape& shape) {
  FolderInfo info;
  const bool compact = shape.layout == Layout::compact_date_folders;
  const bool seasons = shape.layout == Layout::season_folders || shape.layout == Layout::season_date_folders;
  const bool dates = shape.layout != Layout::season_folders;
  detail::for_each_folder(object_name, [&](std::string_view segment) {
    if (seasons && !info.season && !info.date) info.season = parse_season_folder(segment);
    if (dates && !info.date) info.date = compact ? parse_compact_date(segment) : parse_iso_date(segment);
    return info.date.has_value();  // a season folder sits above its date folders, never below
  });
  if (!info.season && info.date) info.season = season_of(*info.date, shape.season_start_month);
  if (shape.layout == Layout::season_folders)
    info.unit = info.season ? season_folder(*info.season) : detail::folder_of(object_name);
  else
    info.unit = info.date ? info.date->iso() : detail::folder_of(object_name);
  return info;
}

NBARAW_DECL std::vector<ObjectInfo> take_shard(std::vector<ObjectInfo> plan, const Shard& shard, const ListingShape& shape) {
  if (!shard.sharded()) return plan;
  std::erase_if(plan, [&](const ObjectInfo& o) {
    return fnv1a_64(folder_info(o.name, shape).unit) % shard.count != shard.index;
  });
  return plan;
}

NBARAW_DECL std::string newness_key(const ObjectInfo& object, Newest newest) {
  if (newest == Newest::by_creation)
    return fmt::format("{:020}.{}", creation_of_generation(object.generation), object.name);
  return recency_key(object);
}

NBARAW_DECL std::vector<ObjectInfo> select_latest(std::vector<ObjectInfo> objects, Selection selection,
                                                  const ListingShape& shape) {
  if (selection == Selection::all_files) {
    std::sort(objects.begin(), objects.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    return objects;
  }
  // group -> (newness, its newest object)
  std::map<std::string, std::pair<std::string, ObjectInfo>> latest;
  for (auto& o : objects) {
    std::string group;
    const FolderInfo folders = folder_info(o.name, shape);
    if (selection == Selection::latest_per_day && folders.date)
      group = folders.date->iso();
    else if (selection == Selection::latest_per_season && folders.season)
      group = season_folder(*folders.season);
    else
      group = detail::folder_of(o.name);  // latest_per_folder, or an object without the date or season
    std::string newness = newness_key(o, shape.newest);
    auto it = latest.find(group);
    if (it == latest.end() || newness > it->second.first)
      latest.insert_or_assign(group, std::pair(std::move(newness), std::move(o)));
  }
  std::vector<ObjectInfo> out;
  for (auto& [group, newest] : latest) out.push_back(std::move(newest.second));
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
  return out;
}

NBARAW_DECL std::string folder_pattern(const ListingShape& shape, std::string_view prefix) {
  switch (shape.layout) {
    case Layout::compact_date_folders: return fmt::format("{}/<YYYYMMDD>/", prefix);
    case Layout::season_folders: return fmt::format("{}/<YYYY-YY>/", prefix);
    case Layout::season_date_folders: return fmt::format("{}/<YYYY-YY>/<YYYY-MM-DD>/", prefix);
    case Layout::whole_prefix: return fmt::format("{}/", prefix);
    case Layout::date_folders: break;
  }
  return fmt::format("{}/<YYYY-MM-DD>/", prefix);
}

NBARAW_DECL std::string describe(const ListingShape& shape) {
  std::string out;
  switch (shape.layout) {
    case Layout::date_folders: out = "a folder per date"; break;
    case Layout::compact_date_folders: out = "a folder per date (YYYYMMDD)"; break;
    case Layout::season_folders: out = "a folder per season holding one of the dates"; break;
    case Layout::season_date_folders: out = "a folder per date under its season"; break;
    case Layout::whole_prefix: out = "the whole prefix, whatever the dates"; break;
  }
  if (shape.layout == Layout::season_folders || shape.layout == Layout::season_date_folders)
    out += fmt::format(" (seasons start in month {})", shape.season_start_month);
  if (shape.first_prefix_with_files) out += "; per unit the first prefix holding files";
  out += shape.newest == Newest::by_creation ? "; newest by creation" : "; newest by the name's time, then creation";
  return out;
}

}  // namespace nbaraw
