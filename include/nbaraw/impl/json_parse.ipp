#pragma once
#include <nbaraw/detail/json_parse.hpp>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/stream_parser.hpp>
#include <fmt/format.h>

#include <algorithm>

namespace nbaraw::detail {

NBARAW_DECL std::variant<boost::json::value, JsonFailure> parse_json_document(std::string_view bytes) {
  if (bytes.empty()) return JsonFailure{"empty file (0 bytes)"};
  if (std::all_of(bytes.begin(), bytes.end(), [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }))
    return JsonFailure{fmt::format("file holds only whitespace ({} bytes)", bytes.size())};
  if (auto nul = bytes.find('\0'); nul != std::string_view::npos)
    return JsonFailure{fmt::format("binary data, not JSON text (NUL byte at offset {})", nul)};

  boost::json::parse_options options;
  options.max_depth = 256;
  // The document lives only while its file is transformed: one arena, freed at once, holds it in about two
  // thirds of the memory of separate allocations (rows copy what they keep into their own storage).
  boost::json::stream_parser parser(boost::json::storage_ptr(), options);
  parser.reset(boost::json::make_shared_resource<boost::json::monotonic_resource>());
  boost::system::error_code ec;
  std::size_t used = parser.write_some(bytes.data(), bytes.size(), ec);
  auto only_whitespace = [](std::string_view rest) {
    return std::all_of(rest.begin(), rest.end(), [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; });
  };
  if (!ec && used < bytes.size() && !only_whitespace(bytes.substr(used))) {
    return JsonFailure{fmt::format("unexpected data after the JSON document at offset {}", used)};
  }
  if (ec) {
    if (ec == boost::json::error::incomplete || used >= bytes.size())
      return JsonFailure{fmt::format("truncated JSON: the document ends at byte {} before it is complete", bytes.size())};
    unsigned char at = static_cast<unsigned char>(bytes[std::min(used, bytes.size() - 1)]);
    return JsonFailure{at >= 0x80 || at < 0x20
                           ? fmt::format("invalid JSON at offset {}: {} (byte 0x{:02x})", used, ec.message(), at)
                           : fmt::format("invalid JSON at offset {}: {} (near '{}')", used, ec.message(),
                                         bytes.substr(used, 20))};
  }
  parser.finish(ec);
  if (ec) return JsonFailure{fmt::format("truncated JSON: the document ends at byte {} before it is complete", bytes.size())};
  return parser.release();
}

}  // namespace nbaraw::detail
