#pragma once
// Typed reads of JSON fields for processors: absent and null read as nullopt, a wrong type is an error
// that names the field and what it held.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <fmt/format.h>

#include <cmath>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace nbaraw {

struct BadField : std::runtime_error {
  using std::runtime_error::runtime_error;
};

inline std::string_view json_type_name(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null: return "null";
    case boost::json::kind::bool_: return "a boolean";
    case boost::json::kind::int64:
    case boost::json::kind::uint64: return "an integer";
    case boost::json::kind::double_: return "a number";
    case boost::json::kind::string: return "a string";
    case boost::json::kind::array: return "a list";
    case boost::json::kind::object: return "an object";
  }
  return "a value";
}

/// The field as text; nullopt when absent or null; BadField when it holds another type.
inline std::optional<std::string_view> optional_string(const boost::json::object& o, std::string_view key,
                                                       std::string_view path_for_errors = {}) {
  const boost::json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_string())
    throw BadField(fmt::format("{}{} is {}, not a string", path_for_errors, key, json_type_name(*v)));
  return std::string_view(v->get_string());
}

/// The field as an integer (integral JSON numbers only); nullopt when absent or null; BadField otherwise.
inline std::optional<std::int64_t> optional_int(const boost::json::object& o, std::string_view key,
                                                std::string_view path_for_errors = {}) {
  const boost::json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64() && v->get_uint64() <= std::uint64_t(INT64_MAX)) return std::int64_t(v->get_uint64());
  if (v->is_double() && std::trunc(v->get_double()) == v->get_double() && std::abs(v->get_double()) < 9.0e15)
    return std::int64_t(v->get_double());
  throw BadField(fmt::format("{}{} is {}, not an integer", path_for_errors, key, json_type_name(*v)));
}

/// The field as an object; nullopt when absent or null; BadField otherwise.
inline const boost::json::object* optional_object(const boost::json::object& o, std::string_view key,
                                                  std::string_view path_for_errors = {}) {
  const boost::json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return nullptr;
  if (!v->is_object()) throw BadField(fmt::format("{}{} is {}, not an object", path_for_errors, key, json_type_name(*v)));
  return &v->get_object();
}

}  // namespace nbaraw
