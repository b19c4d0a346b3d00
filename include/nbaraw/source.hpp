#pragma once
// The Source concept: where a backfill lists and reads objects, and the limits every read keeps.
#include <nbaraw/config.hpp>
#include <nbaraw/core/object_info.hpp>

#include <algorithm>
#include <chrono>
#include <concepts>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace nbaraw {

/// Thrown by Source::read when a listed object no longer exists; becomes the not_found status.
struct ObjectNotFound : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Thrown for object names or prefixes that would leave a source's root ("..", absolute paths, symlinks): a
/// misconfigured run rather than a bad file, so a listing that throws it stops the run.
struct UnsafePath : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

/// Thrown by Source::read when a read would pass its ReadLimits; becomes the error status, with what() as the
/// whole reason.
struct ReadLimitExceeded : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// The object, stored or decoded, is larger than the limits allow (a decompression bomb included). Nothing
/// past the limit is held in memory.
struct ObjectTooLarge : ReadLimitExceeded {
  using ReadLimitExceeded::ReadLimitExceeded;
};

/// The read ran past its deadline.
struct ReadTimedOut : ReadLimitExceeded {
  using ReadLimitExceeded::ReadLimitExceeded;
};

/// What one read may cost. The backfill sets them from --max-file-bytes, --max-gzip-ratio and --read-timeout.
struct ReadLimits {
  /// Files up to this size, stored and decoded. The largest real scrape (a season's schedule) is ~2 MiB, and a
  /// file costs several times its size in memory while it is parsed and transformed.
  static constexpr std::uint64_t default_max_bytes = std::uint64_t(64) << 20;
  static constexpr std::uint64_t default_max_gzip_ratio = 100;
  static constexpr std::chrono::seconds default_timeout{300};

  std::uint64_t max_bytes = default_max_bytes;
  /// A gzip-stored object may decode to at most this many times its stored size (0: no ratio cap); JSON
  /// scrapes compress 5-20x, a bomb 1000x. Objects decoding to at most 1 MiB are never refused for it.
  std::uint64_t max_gzip_ratio = default_max_gzip_ratio;
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();

  /// The decoded size a gzip object of `stored` bytes may reach.
  std::uint64_t max_decoded(std::uint64_t stored) const {
    if (max_gzip_ratio == 0) return max_bytes;
    constexpr std::uint64_t ratio_floor = std::uint64_t(1) << 20;
    const std::uint64_t by_ratio = stored > (UINT64_MAX / max_gzip_ratio) ? UINT64_MAX : stored * max_gzip_ratio;
    return std::min(max_bytes, std::max(by_ratio, ratio_floor));
  }
  bool expired() const { return std::chrono::steady_clock::now() >= deadline; }
};

/// What one prefix holds: its objects, and the entries refused with why, so that nothing is skipped without a word.
struct Listing {
  std::vector<ObjectInfo> objects;     ///< sorted by name
  std::vector<RefusedEntry> refused;   ///< sorted by name
};

/**
 * The Source concept. A type S models it when, for `S s`, `std::string_view prefix`, `const ObjectInfo o`
 * and `const ReadLimits limits`:
 *
 * | expression          | type          | requirement                                                      |
 * |---------------------|---------------|------------------------------------------------------------------|
 * | `s.list(prefix)`    | `Listing`     | every object whose name starts with prefix, sorted by name, and the entries refused with why; throws std::exception when the prefix cannot be listed |
 * | `s.read(o, limits)` | `std::string` | the object's bytes, gzip already decoded, within the limits; throws ObjectNotFound when gone, ObjectTooLarge past max_bytes or the gzip ratio, ReadTimedOut past the deadline, std::exception otherwise; never blocks on a FIFO or device |
 * | `s.describe()`      | `std::string` | where it reads from, for logs (no secrets)                        |
 *
 * Optional: `s.retries()` returning `std::uint64_t`, the requests retried so far (added to the summary's
 * `retries`).
 *
 * `list` and `read` may be called from many threads at once.
 */
template <class S>
concept Source = requires(S& s, std::string_view prefix, const ObjectInfo& o, const ReadLimits& limits) {
  { s.list(prefix) } -> std::same_as<Listing>;
  { s.read(o, limits) } -> std::same_as<std::string>;
  { s.describe() } -> std::convertible_to<std::string>;
};

/// The bytes of a stored object as a reader wants them: gzip-stored ones decoded within the limits (a
/// decompression bomb stops at the cap with ObjectTooLarge), others checked against max_bytes. Throws
/// DecompressError for a damaged gzip stream.
NBARAW_DECL std::string decode_stored(std::string stored, const ReadLimits& limits);

}  // namespace nbaraw

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/source.ipp>
#endif
