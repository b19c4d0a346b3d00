#pragma once
#include <nbaraw/detail/base64.hpp>
#include <nbaraw/detail/crc32c.hpp>
#include <nbaraw/gcs/client.hpp>

#include <boost/json/parse.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace nbaraw::gcs {

namespace detail {
/// "error.message" of a GCS error body, or a short note when the body is not that shape.
inline std::string error_message(const net::HttpResponse& r) {
  boost::system::error_code ec;
  auto v = boost::json::parse(r.body, ec);
  if (!ec && v.is_object())
    if (const auto* e = v.get_object().if_contains("error"); e && e->is_object())
      if (const auto* m = e->get_object().if_contains("message"); m && m->is_string()) return std::string(m->get_string());
  return r.body.empty() ? "no message" : "no JSON error body";
}

inline std::string text_of(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

/// A CRC32C as GCS writes it: base64 of four big-endian bytes.
inline std::optional<std::uint32_t> crc32c_from_base64(std::string_view text) {
  auto raw = nbaraw::detail::base64_decode(text);
  if (!raw || raw->size() != 4) return std::nullopt;
  return std::uint32_t(std::uint8_t((*raw)[0])) << 24 | std::uint32_t(std::uint8_t((*raw)[1])) << 16 |
         std::uint32_t(std::uint8_t((*raw)[2])) << 8 | std::uint32_t(std::uint8_t((*raw)[3]));
}

/// The object resource fields a reader needs (size and generation arrive as decimal strings).
inline ObjectInfo object_from_json(const boost::json::object& o) {
  ObjectInfo info;
  info.name = text_of(o, "name");
  const std::string size = text_of(o, "size");
  std::from_chars(size.data(), size.data() + size.size(), info.size);
  info.generation = text_of(o, "generation");
  info.content_encoding = text_of(o, "contentEncoding");
  info.crc32c = crc32c_from_base64(text_of(o, "crc32c"));
  info.md5_base64 = text_of(o, "md5Hash");
  info.updated = text_of(o, "updated");
  return info;
}

/// crc32c=<b64> from an X-Goog-Hash header ("crc32c=...,md5=...").
inline std::optional<std::uint32_t> crc32c_from_hash_header(std::string_view header) {
  for (std::size_t start = 0; start < header.size();) {
    std::size_t comma = header.find(',', start);
    std::string_view item = header.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    if (item.rfind("crc32c=", 0) == 0) return crc32c_from_base64(item.substr(7));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return std::nullopt;
}
}  // namespace detail

NBARAW_DECL std::optional<std::string> emulator_endpoint(const auth::Environment& env) {
  auto host = env("STORAGE_EMULATOR_HOST");
  if (!host || host->empty()) return std::nullopt;
  std::string url = host->find("://") == std::string::npos ? "http://" + *host : *host;
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

NBARAW_DECL Client::Client(net::HttpClient& http, std::shared_ptr<auth::Credentials> credentials, ClientOptions options)
    : http_(http), credentials_(std::move(credentials)), options_(std::move(options)) {
  while (!options_.endpoint.empty() && options_.endpoint.back() == '/') options_.endpoint.pop_back();
}

NBARAW_DECL net::HttpResponse Client::get(const std::string& url, net::Headers headers, std::string_view what,
                                          net::HttpRequest shape) {
  // A 401 may mean the cached token was revoked or expired early: fetch a new one, once.
  for (int attempt = 0;; ++attempt) {
    net::HttpRequest request = shape;
    request.method = "GET";
    request.url = url;
    request.headers = headers;
    request.idempotent = true;
    if (auto authorization = credentials_->authorization_header()) request.headers.emplace_back("Authorization", *authorization);
    net::HttpResponse response = http_.send(request);
    if (response.status == 401 && attempt == 0) {
      credentials_->invalidate();
      continue;
    }
    if (response.status == 404) throw ObjectNotFound(fmt::format("{}: not found (404)", what));
    if (response.status < 200 || response.status >= 300)
      throw GcsError(response.status, fmt::format("{}: GCS answered {}: {}", what, response.status, detail::error_message(response)));
    return response;
  }
}

NBARAW_DECL std::vector<ObjectInfo> Client::list(std::string_view bucket, std::string_view prefix) {
  std::vector<ObjectInfo> out;
  std::string page_token;
  const std::string base = fmt::format("{}/storage/v1/b/{}/o?prefix={}&maxResults={}&fields={}", options_.endpoint,
                                       net::percent_encode(bucket), net::percent_encode(prefix), options_.page_size,
                                       net::percent_encode("nextPageToken,items(name,size,generation,crc32c,md5Hash,updated,contentEncoding)"));
  for (;;) {
    const std::string url = page_token.empty() ? base : base + "&pageToken=" + net::percent_encode(page_token);
    net::HttpRequest patient;
    patient.retry = options_.list_retry;
    net::HttpResponse response = get(url, {}, fmt::format("listing gs://{}/{}", bucket, prefix), patient);
    boost::system::error_code ec;
    auto page = boost::json::parse(response.body, ec);
    if (ec || !page.is_object())
      throw GcsError(response.status, fmt::format("listing gs://{}/{}: the answer is not a JSON object", bucket, prefix));
    const auto& o = page.get_object();
    if (const auto* items = o.if_contains("items"); items && items->is_array())  // absent when empty
      for (const auto& item : items->get_array())
        if (item.is_object()) out.push_back(detail::object_from_json(item.get_object()));
    page_token = detail::text_of(o, "nextPageToken");
    if (page_token.empty()) break;
  }
  std::sort(out.begin(), out.end(), [](const ObjectInfo& a, const ObjectInfo& b) { return a.name < b.name; });
  return out;
}

NBARAW_DECL ObjectInfo Client::metadata(std::string_view bucket, std::string_view name) {
  const std::string url = fmt::format("{}/storage/v1/b/{}/o/{}", options_.endpoint, net::percent_encode(bucket),
                                      net::percent_encode(name));
  net::HttpResponse response = get(url, {}, fmt::format("gs://{}/{}", bucket, name));
  boost::system::error_code ec;
  auto v = boost::json::parse(response.body, ec);
  if (ec || !v.is_object()) throw GcsError(response.status, fmt::format("gs://{}/{}: metadata is not a JSON object", bucket, name));
  return detail::object_from_json(v.get_object());
}

NBARAW_DECL std::string Client::download(std::string_view bucket, const ObjectInfo& object, const DownloadLimits& limits) {
  std::string url = fmt::format("{}/storage/v1/b/{}/o/{}?alt=media", options_.endpoint, net::percent_encode(bucket),
                                net::percent_encode(object.name));
  if (!object.generation.empty()) url += "&generation=" + net::percent_encode(object.generation);
  const std::string what = fmt::format("gs://{}/{}", bucket, object.name);
  for (unsigned attempt = 1;; ++attempt) {
    // Accept-Encoding: gzip turns off decompressive transcoding, so the bytes are the stored ones and
    // their CRC32C can be checked.
    net::HttpRequest bounded;
    bounded.max_body_bytes = limits.max_bytes;
    bounded.deadline = limits.deadline;
    net::HttpResponse response = get(url, {{"Accept-Encoding", "gzip"}}, what, bounded);
    std::optional<std::uint32_t> expected = object.crc32c;
    if (!expected)
      if (auto header = response.header("x-goog-hash")) expected = detail::crc32c_from_hash_header(*header);
    const bool served_as_stored =
        response.header("content-encoding").value_or("") == object.content_encoding || object.content_encoding.empty();
    if (!expected || !served_as_stored) return std::move(response.body);
    const std::uint32_t actual = nbaraw::detail::crc32c(response.body);
    if (actual == *expected) return std::move(response.body);
    if (attempt >= options_.integrity_attempts)
      throw GcsError(200, fmt::format("{}: CRC32C mismatch after {} downloads (expected {:08x}, got {:08x} over {} bytes)",
                                      what, attempt, *expected, actual, response.body.size()));
    ++integrity_retries_;
  }
}

}  // namespace nbaraw::gcs
