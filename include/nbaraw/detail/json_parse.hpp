#pragma once
// Parses a file's bytes as JSON and, when that fails, says specifically why (empty, binary, truncated, where).
#include <nbaraw/config.hpp>

#include <boost/json/value.hpp>

#include <string>
#include <string_view>
#include <variant>

namespace nbaraw::detail {

struct JsonFailure {
  std::string reason;
};

NBARAW_DECL std::variant<boost::json::value, JsonFailure> parse_json_document(std::string_view bytes);

}  // namespace nbaraw::detail

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/json_parse.ipp>
#endif
