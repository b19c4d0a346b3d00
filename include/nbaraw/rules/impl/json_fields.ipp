#pragma once
#include <nbaraw/rules/json_fields.hpp>
#include <nbaraw/rules/python_compat.hpp>

#include <cmath>
#include <limits>

namespace nbaraw {

namespace json_fields_detail {

/// What the field held, for a message: the text itself when text was a candidate, else the JSON type.
inline std::string held(const boost::json::value& v, const NumberReading& how) {
  if (v.is_string() && how.text) return fmt::format("'{}'", std::string_view(v.get_string()).substr(0, 40));
  return std::string(json_type_name(v));
}

template <class T>
std::optional<T> bad(const NumberReading& how, std::string message) {
  if (how.on_bad == OnBadValue::throw_bad_field) throw BadField(message);
  if (how.problems) how.problems->push_back(std::move(message));
  return std::nullopt;
}

}  // namespace json_fields_detail

NBARAW_DECL std::optional<std::int64_t> read_int(const boost::json::value* v, std::string_view field,
                                                 const NumberReading& how) {
  using json_fields_detail::bad;
  if (!v || v->is_null()) return std::nullopt;
  constexpr double widest = 9.0e15;  // integers a double holds exactly, with room to spare
  switch (v->kind()) {
    case boost::json::kind::int64: return v->get_int64();
    case boost::json::kind::uint64:
      if (v->get_uint64() <= std::uint64_t(std::numeric_limits<std::int64_t>::max())) return std::int64_t(v->get_uint64());
      break;
    case boost::json::kind::double_: {
      const double d = v->get_double();
      const bool fits = std::isfinite(d) && std::abs(d) < widest;
      if (fits && (how.truncate_fractions || std::trunc(d) == d)) return std::int64_t(std::trunc(d));
      break;
    }
    case boost::json::kind::bool_:
      if (how.booleans) return v->get_bool() ? 1 : 0;
      break;
    case boost::json::kind::string:
      if (how.text)
        if (auto n = py::parse_int(v->get_string())) return *n;
      break;
    default: break;
  }
  return bad<std::int64_t>(how, fmt::format("{} is {}, not an integer", field, json_fields_detail::held(*v, how)));
}

NBARAW_DECL std::optional<double> read_float(const boost::json::value* v, std::string_view field,
                                             const NumberReading& how) {
  using json_fields_detail::bad;
  if (!v || v->is_null()) return std::nullopt;
  std::optional<double> number;
  if (v->is_number())
    number = v->to_number<double>();
  else if (v->is_bool() && how.booleans)
    number = v->get_bool() ? 1.0 : 0.0;
  else if (v->is_string() && how.text)
    number = py::parse_float(v->get_string());
  if (!number) return bad<double>(how, fmt::format("{} is {}, not a number", field, json_fields_detail::held(*v, how)));
  // Infinity and NaN (1e400 reads as infinity) have no JSON and no place in a table.
  if (!std::isfinite(*number)) {
    if (v->is_string()) return bad<double>(how, fmt::format("{} is {}, not a finite number", field, json_fields_detail::held(*v, how)));
    return bad<double>(how, fmt::format("{} is not a finite number (beyond a double's range)", field));
  }
  return number;
}

}  // namespace nbaraw
