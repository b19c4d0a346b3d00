#pragma once
// Numbers that JSON cannot carry. Boost.JSON reads 1e400 as infinity and writes it back as `Infinity` (NaN as
// `NaN`), tokens no JSON reader (BigQuery's loader included) accepts. Every serializer of rows goes through
// serialize_finite, so none of ours can emit one.
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <cmath>
#include <stdexcept>
#include <string>

namespace nbaraw::detail {

struct NonFiniteNumber : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

/// True when v, or anything inside it, is a number that is not finite.
inline bool holds_non_finite(const boost::json::value& v);

inline bool holds_non_finite(const boost::json::object& o) {
  for (const auto& entry : o)
    if (holds_non_finite(entry.value())) return true;
  return false;
}

inline bool holds_non_finite(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::double_: return !std::isfinite(v.get_double());
    case boost::json::kind::array:
      for (const auto& item : v.get_array())
        if (holds_non_finite(item)) return true;
      return false;
    case boost::json::kind::object: return holds_non_finite(v.get_object());
    default: return false;
  }
}

/// JSON text of a value or a row; NonFiniteNumber when it holds an infinity or a NaN.
template <class Json>
std::string serialize_finite(const Json& v) {
  if (holds_non_finite(v)) throw NonFiniteNumber("a number that is not finite (infinity or NaN) has no JSON form");
  return boost::json::serialize(v);
}

}  // namespace nbaraw::detail
