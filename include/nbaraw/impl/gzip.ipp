#pragma once
#include <nbaraw/detail/gzip.hpp>

#include <fmt/format.h>
#include <zlib.h>

#include <memory>

namespace nbaraw {

NBARAW_DECL std::string gunzip(std::string_view compressed, std::size_t max_output) {
  std::string out;
  z_stream zs{};
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) throw DecompressError("gzip: cannot initialise zlib");
  std::unique_ptr<z_stream, int (*)(z_stream*)> guard(&zs, inflateEnd);
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  zs.avail_in = static_cast<uInt>(compressed.size());
  char buffer[64 * 1024];
  for (;;) {
    zs.next_out = reinterpret_cast<Bytef*>(buffer);
    zs.avail_out = sizeof buffer;
    int rc = inflate(&zs, Z_NO_FLUSH);
    const std::size_t produced = sizeof buffer - zs.avail_out;
    if (produced > max_output - out.size())
      throw DecompressLimitExceeded(fmt::format("gzip: decodes to more than {} bytes", max_output));
    out.append(buffer, produced);
    if (rc == Z_STREAM_END) {
      if (zs.avail_in == 0) return out;
      if (!looks_gzipped({reinterpret_cast<const char*>(zs.next_in), zs.avail_in})) return out;  // trailing garbage
      if (inflateReset(&zs) != Z_OK) throw DecompressError("gzip: cannot continue with the next member");
      continue;
    }
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) throw DecompressError("gzip: truncated stream");
    if (rc != Z_OK) throw DecompressError(std::string("gzip: corrupt stream (") + (zs.msg ? zs.msg : "unknown") + ")");
  }
}

NBARAW_DECL std::string gzip(std::string_view plain) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw DecompressError("gzip: cannot initialise zlib");
  std::unique_ptr<z_stream, int (*)(z_stream*)> guard(&zs, deflateEnd);
  std::string out(deflateBound(&zs, static_cast<uLong>(plain.size())), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(plain.data()));
  zs.avail_in = static_cast<uInt>(plain.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  if (deflate(&zs, Z_FINISH) != Z_STREAM_END) throw DecompressError("gzip: compression failed");
  out.resize(zs.total_out);
  return out;
}

}  // namespace nbaraw
