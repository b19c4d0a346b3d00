#pragma once
// Which of two files is newer, decided by the files themselves, never by the order they completed in:
// merge_update keeps a key's rows from the newest file, insert_new_only from the oldest, and "latest per
// day/folder" selections keep the newest.
//
// The order (oldest to newest):
//  1. the scrape time the name states: the first YYYYMMDD_HHMMSS in the last path component, the form of every
//     scraper's file names ("20240116_080000.json", "20250812_041000-snap-0410.json"); a name without one is
//     older than any name with one (as the reference's odds "latest" selection sorts them as 00000000_000000);
//  2. then the object's creation: its GCS generation (microseconds of creation) or, for a local folder, its
//     modification time;
//  3. then the name, so that the order is total.
// recency_key writes this as text whose byte order is that order, so that SQL can compare it too (it is kept in
// the ledger).
#include <nbaraw/config.hpp>
#include <nbaraw/core/object_info.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace nbaraw {

/// The scrape time the name states, "YYYYMMDDHHMMSS" (a real date and time), or nullopt.
NBARAW_DECL std::optional<std::string> scrape_time_in_name(std::string_view object_name);

/// The creation number the generation carries: a GCS generation as it is, a local "size:mtime_ns" as the mtime;
/// 0 when it holds none.
NBARAW_DECL std::uint64_t creation_of_generation(std::string_view generation);

/// Text that sorts objects from oldest to newest (see above).
NBARAW_DECL std::string recency_key(std::string_view object_name, std::string_view generation);
inline std::string recency_key(const ObjectInfo& object) { return recency_key(object.name, object.generation); }

/// True when a is newer than b.
inline bool is_newer(const ObjectInfo& a, const ObjectInfo& b) { return recency_key(a) > recency_key(b); }

}  // namespace nbaraw

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/recency.ipp>
#endif
