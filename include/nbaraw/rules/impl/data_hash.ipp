#pragma once
#include <nbaraw/rules/data_hash.hpp>
#include <nbaraw/rules/python_compat.hpp>

#include <boost/json/serialize.hpp>
#include <openssl/evp.h>

#include <algorithm>

namespace nbaraw {

NBARAW_DECL std::string hash_text(const boost::json::value& value) {
  switch (value.kind()) {
    case boost::json::kind::null: return "NULL";
    case boost::json::kind::bool_: return value.get_bool() ? "True" : "False";
    case boost::json::kind::int64: return std::to_string(value.get_int64());
    case boost::json::kind::uint64: return std::to_string(value.get_uint64());
    case boost::json::kind::double_: return py::float_repr(value.get_double());
    case boost::json::kind::string: return std::string(py::strip(value.get_string()));
    default: return boost::json::serialize(value);
  }
}

NBARAW_DECL std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr);
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < size; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

NBARAW_DECL std::optional<std::string> data_hash(const Row& row, const std::vector<std::string_view>& fields) {
  std::vector<std::string> parts;
  parts.reserve(fields.size());
  for (std::string_view field : fields) {
    const boost::json::value* v = row.if_contains(field);
    if (!v) return std::nullopt;
    parts.push_back(std::string(field) + ":" + hash_text(*v));
  }
  std::sort(parts.begin(), parts.end());
  std::string joined;
  for (std::size_t i = 0; i < parts.size(); ++i) joined += (i ? "|" : "") + parts[i];
  return sha256_hex(joined).substr(0, 16);
}

}  // namespace nbaraw
