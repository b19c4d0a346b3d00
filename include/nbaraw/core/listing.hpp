#pragma once
// Listing shapes: how a source lays its files out under its prefixes, which folders a backfill lists for the
// dates it is given, what an object's folders say (its date, its season, its unit), and which of the listed
// files a selection rule keeps.
//
// The dates mean the same for every shape: a date folder (YYYY-MM-DD or YYYYMMDD) is listed when its date is
// one of them; a season folder (YYYY-YY) when any of them falls in its season (seasons start on the first of
// the shape's season_start_month); a whole prefix always. The UNIT of an object (its date, or its season for
// season folders) is what a backfill shards by and what "latest per day/season" groups by.
#include <nbaraw/config.hpp>
#include <nbaraw/core/date.hpp>
#include <nbaraw/core/object_info.hpp>
#include <nbaraw/core/shard.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nbaraw {

/// Where the files sit under a prefix.
enum class Layout {
  date_folders,          ///< <prefix>/<YYYY-MM-DD>/...: one folder per date (most scrapers)
  compact_date_folders,  ///< <prefix>/<YYYYMMDD>/...: one folder per date (nba-com/team-boxscore)
  season_folders,        ///< <prefix>/<YYYY-YY>/...: one folder per season (nba-com/schedule, season rosters)
  season_date_folders,   ///< <prefix>/<YYYY-YY>/<YYYY-MM-DD>/...: date folders under the date's season (standings)
  whole_prefix,          ///< <prefix>/...: listed once whatever the dates (nba-com/player-movement)
};

/// How "latest" selections decide which file is the newest.
enum class Newest {
  by_name_then_creation,  ///< the scrape time the name states, then the creation (core/recency.hpp)
  by_creation,            ///< the object's creation alone (GCS time_created; a local file's mtime)
};

/// Which of the listed files a backfill keeps.
enum class Selection {
  all_files,          ///< every matching file
  latest_per_day,     ///< the newest file of each date
  latest_per_folder,  ///< the newest file in each innermost folder (e.g. one per game)
  latest_per_season,  ///< the newest file of each season
};

/// A processor's listing shape (ProcessorInfo::listing). The default is today's: date folders, newest by name.
struct ListingShape {
  Layout layout = Layout::date_folders;
  unsigned season_start_month = 10;       ///< a season YYYY-YY starts on the 1st of this month of YYYY
  bool first_prefix_with_files = false;   ///< per unit, only the first prefix (in order) holding selected files
  Newest newest = Newest::by_name_then_creation;
  friend bool operator==(const ListingShape&, const ListingShape&) = default;
};

/// The start year of the season holding the date: its year from start_month on, else the year before.
inline int season_of(const Date& d, unsigned start_month = 10) { return d.month >= start_month ? d.year : d.year - 1; }

/// The season folder's name, "2024-25" for 2024.
NBARAW_DECL std::string season_folder(int start_year);

/// The start year a season folder names ("2024-25" -> 2024; the second year must follow the first), or nullopt.
NBARAW_DECL std::optional<int> parse_season_folder(std::string_view text);

/// Parses exactly "YYYYMMDD" naming a real date; nullopt otherwise.
NBARAW_DECL std::optional<Date> parse_compact_date(std::string_view text);

/// One folder a backfill lists.
struct ListingFolder {
  std::string path;            ///< "<prefix>/.../", ending with '/'
  std::string unit;            ///< the date or season it lists (the path itself for a whole prefix)
  std::size_t prefix_index{};  ///< which of the processor's prefixes
  friend bool operator==(const ListingFolder&, const ListingFolder&) = default;
};

/// The folders to list for the dates (any order; duplicates ignored), unit by unit in date order, and within
/// a unit the prefixes in their order.
NBARAW_DECL std::vector<ListingFolder> listing_folders(const ListingShape& shape, const std::vector<std::string>& prefixes,
                                                       const std::vector<Date>& dates);

/// What an object's folders say under a shape (the last path segment is the file, never a folder).
struct FolderInfo {
  std::optional<Date> date;   ///< its date folder (YYYY-MM-DD; YYYYMMDD for compact date folders); none for season folders
  std::optional<int> season;  ///< the season folder's start year, else the season of the date by the shape's rule
  std::string unit;           ///< season folders: the season ("2024-25"); others: the date (ISO); else the folder
};
NBARAW_DECL FolderInfo folder_info(std::string_view object_name, const ListingShape& shape);

/// The objects of the plan that belong to this shard: a unit goes whole to task fnv1a_64(unit) % count.
NBARAW_DECL std::vector<ObjectInfo> take_shard(std::vector<ObjectInfo> plan, const Shard& shard, const ListingShape& shape);

/// Text whose byte order sorts objects from oldest to newest by the rule.
NBARAW_DECL std::string newness_key(const ObjectInfo& object, Newest newest);

/// Keeps the newest object of each group the selection rule forms (all of them for all_files), sorted by name.
NBARAW_DECL std::vector<ObjectInfo> select_latest(std::vector<ObjectInfo> objects, Selection selection,
                                                  const ListingShape& shape);

/// The folder pattern of a prefix, for usage text and dry runs: "nba-com/schedule/<YYYY-YY>/".
NBARAW_DECL std::string folder_pattern(const ListingShape& shape, std::string_view prefix);

/// One line describing the shape: layout, season rule, prefix order and the newest rule.
NBARAW_DECL std::string describe(const ListingShape& shape);

}  // namespace nbaraw

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/listing.ipp>
#endif
