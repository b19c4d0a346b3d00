#pragma once
// Typed reads of JSON fields for processors: absent and null read as nullopt, a wrong type is an error
// that names the field and what it held (thrown, or reported and read as null: the caller's policy).
#include <nbaraw/config.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

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

/// What a number reader does with a value it cannot read.
enum class OnBadValue {
  throw_bad_field,  ///< throw BadField naming the field and what it held
  null_and_report,  ///< read it as null, appending the same message to `problems` (when given)
};

/// How a number field is read, as the source's Python reads it. Absent and null always read as nullopt.
struct NumberReading {
  bool truncate_fractions = false;  ///< int(2.7) → 2 (else only integral values read as integers)
  bool booleans = false;            ///< True → 1, False → 0
  bool text = false;                ///< "12" → 12, through Python's int()/float() of a str (py::parse_*)
  OnBadValue on_bad = OnBadValue::throw_bad_field;
  std::vector<std::string>* problems = nullptr;  ///< where null_and_report appends its messages
};

/// The value as an integer that fits INT64 (doubles up to 9e15), by the rules of `how`; nullopt when absent
/// or null, or when bad and `how.on_bad` is null_and_report. Messages read "<field> is <what>, not an integer".
NBARAW_DECL std::optional<std::int64_t> read_int(const boost::json::value* v, std::string_view field,
                                                 const NumberReading& how = {});

/// The value as a finite double, by the rules of `how` (every JSON number reads); nullopt as read_int.
/// Messages read "<field> is <what>, not a number" or "<field> is not a finite number ...".
NBARAW_DECL std::optional<double> read_float(const boost::json::value* v, std::string_view field,
                                             const NumberReading& how = {});

/// The field as an integer (integral JSON numbers only); nullopt when absent or null; BadField otherwise.
inline std::optional<std::int64_t> optional_int(const boost::json::object& o, std::string_view key,
                                                std::string_view path_for_errors = {}) {
  const boost::json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return std::nullopt;  // no message to build on the common path
  return read_int(v, path_for_errors.empty() ? std::string(key) : fmt::format("{}{}", path_for_errors, key));
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

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/rules/impl/json_fields.ipp>
#endif
