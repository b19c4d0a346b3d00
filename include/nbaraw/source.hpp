#pragma once
// The Source concept: where a backfill lists and reads objects.
#include <nbaraw/core/object_info.hpp>

#include <concepts>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace nbaraw {

/// Thrown by Source::read when a listed object no longer exists; becomes the not_found status.
struct ObjectNotFound : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/**
 * The Source concept. A type S models it when, for `S s`, `std::string_view prefix`, and
 * `const ObjectInfo o`:
 *
 * | expression      | type                      | requirement                                               |
 * |-----------------|---------------------------|-----------------------------------------------------------|
 * | `s.list(prefix)`| `std::vector<ObjectInfo>` | every object whose name starts with prefix, sorted by name |
 * | `s.read(o)`     | `std::string`             | the object's bytes, gzip already decoded; throws ObjectNotFound when gone, std::exception otherwise |
 * | `s.describe()`  | `std::string`             | where it reads from, for logs (no secrets)                 |
 *
 * `list` and `read` may be called from many threads at once.
 */
template <class S>
concept Source = requires(S& s, std::string_view prefix, const ObjectInfo& o) {
  { s.list(prefix) } -> std::same_as<std::vector<ObjectInfo>>;
  { s.read(o) } -> std::same_as<std::string>;
  { s.describe() } -> std::convertible_to<std::string>;
};

}  // namespace nbaraw
