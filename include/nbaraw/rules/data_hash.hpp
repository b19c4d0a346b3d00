#pragma once
// data_hash: the reference's 16-hex fingerprint of a row's business fields.
#include <nbaraw/config.hpp>
#include <nbaraw/core/row.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nbaraw {

/// A value as Python's str() shows it in the hash: null → "NULL", numbers as Python formats them,
/// strings stripped, booleans "True"/"False".
NBARAW_DECL std::string hash_text(const boost::json::value& value);

/// SHA-256 over the sorted "field:value" strings joined by '|', first 16 hex digits; nullopt when a
/// field is missing from the row (the reference then stores null).
NBARAW_DECL std::optional<std::string> data_hash(const Row& row, const std::vector<std::string_view>& fields);

/// Lower-case hex SHA-256 of the bytes.
NBARAW_DECL std::string sha256_hex(std::string_view bytes);

}  // namespace nbaraw

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/rules/impl/data_hash.ipp>
#endif
