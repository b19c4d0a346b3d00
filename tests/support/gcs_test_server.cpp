// The GCS JSON API test server (see gcs_test_server.hpp).
#include "support/gcs_test_server.hpp"

#include <nbaraw/detail/gzip.hpp>

#include <boost/json.hpp>

#include <openssl/evp.h>

#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <mutex>
#include <stdexcept>
#include <system_error>
#include <utility>

namespace nbaraw::test {

// --- helpers ------------------------------------------------------------------------------------

namespace gcs_util {

namespace {
constexpr std::array<std::uint32_t, 256> make_crc32c_table() {
  std::array<std::uint32_t, 256> t{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1u) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
    t[i] = c;
  }
  return t;
}
constexpr auto kCrc32cTable = make_crc32c_table();
constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
}  // namespace

std::uint32_t crc32c(std::string_view bytes, std::uint32_t previous) {
  std::uint32_t c = ~previous;
  for (unsigned char b : bytes) c = kCrc32cTable[(c ^ b) & 0xffu] ^ (c >> 8);
  return ~c;
}

std::string base64_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t n = std::uint32_t(static_cast<unsigned char>(bytes[i])) << 16 |
                            std::uint32_t(static_cast<unsigned char>(bytes[i + 1])) << 8 |
                            std::uint32_t(static_cast<unsigned char>(bytes[i + 2]));
    for (int s = 18; s >= 0; s -= 6) out += kB64[(n >> s) & 63u];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    std::uint32_t n = std::uint32_t(static_cast<unsigned char>(bytes[i])) << 16;
    if (rest == 2) n |= std::uint32_t(static_cast<unsigned char>(bytes[i + 1])) << 8;
    out += kB64[(n >> 18) & 63u];
    out += kB64[(n >> 12) & 63u];
    out += rest == 2 ? kB64[(n >> 6) & 63u] : '=';
    out += '=';
  }
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    const char* p = c ? std::char_traits<char>::find(kB64, 64, c) : nullptr;
    if (!p) return std::nullopt;
    acc = (acc << 6) | std::uint32_t(p - kB64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xffu);
    }
  }
  if (bits >= 6) return std::nullopt;
  return out;
}

std::string crc32c_base64(std::uint32_t crc) {
  const char be[4] = {static_cast<char>(crc >> 24), static_cast<char>(crc >> 16), static_cast<char>(crc >> 8),
                      static_cast<char>(crc)};
  return base64_encode(std::string_view(be, 4));
}

std::string md5_base64(std::string_view bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_md5(), nullptr) != 1)
    throw std::runtime_error("GcsTestServer: MD5 failed");
  return base64_encode(std::string_view(reinterpret_cast<const char*>(md), len));
}

std::string percent_encode(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15u];
    }
  }
  return out;
}

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  auto hexval = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int hi = hexval(text[i + 1]), lo = hexval(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace gcs_util

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace gcs_util;

bool icontains(std::string_view haystack, std::string_view needle) {
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
  return it != haystack.end();
}

ServerResponse json_response(unsigned status, const json::value& v) {
  return ServerResponse{status, {{"Content-Type", "application/json; charset=UTF-8"}}, json::serialize(v)};
}

ServerResponse error_response(unsigned status, std::string_view reason, std::string_view message) {
  json::object e;
  e["domain"] = "global";
  e["reason"] = reason;
  e["message"] = message;
  json::object err;
  err["code"] = status;
  err["message"] = message;
  err["errors"] = json::array{e};
  json::object root;
  root["error"] = std::move(err);
  return json_response(status, root);
}

ServerResponse not_found(std::string_view what) { return error_response(404, "notFound", what); }
ServerResponse bad_request(std::string_view what) { return error_response(400, "invalid", what); }

std::string rfc3339(std::int64_t ns) {
  const std::time_t secs = static_cast<std::time_t>(ns / 1'000'000'000);
  const auto millis = static_cast<int>((ns % 1'000'000'000) / 1'000'000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[40];
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char frac[8];
  std::snprintf(frac, sizeof frac, ".%03dZ", millis < 0 ? 0 : millis);
  return std::string(buf, n) + frac;
}

std::string content_type_for(std::string_view name) {
  auto ends = [&](std::string_view s) { return name.size() >= s.size() && name.substr(name.size() - s.size()) == s; };
  if (ends(".json")) return "application/json";
  if (ends(".ndjson") || ends(".jsonl")) return "application/x-ndjson";
  if (ends(".csv")) return "text/csv";
  if (ends(".txt")) return "text/plain";
  if (ends(".gz")) return "application/gzip";
  return "application/octet-stream";
}

std::optional<std::string> read_all(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return s;
}

/// A decoded object name is usable when it cannot leave its folder: no empty, "." or ".." segment, no NUL.
bool safe_name(std::string_view name) {
  if (name.empty() || name.size() > 1024 || name.find('\0') != std::string_view::npos) return false;
  std::size_t start = 0;
  for (;;) {
    const std::size_t slash = name.find('/', start);
    const std::string_view seg = name.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (seg.empty() || seg == "." || seg == "..") return false;
    if (slash == std::string_view::npos) return true;
    start = slash + 1;
  }
}

bool within(const fs::path& root_canonical, const fs::path& p) {
  std::error_code ec;
  const fs::path c = fs::weakly_canonical(p, ec);
  if (ec) return false;
  auto r = root_canonical.begin();
  auto q = c.begin();
  for (; r != root_canonical.end(); ++r, ++q)
    if (q == c.end() || *q != *r) return false;
  return true;
}

struct FileState {
  std::int64_t mtime_ns = 0, ctime_ns = 0;
  std::uint64_t size = 0, ino = 0;
  bool operator==(const FileState&) const = default;
};

std::optional<FileState> stat_file(const fs::path& p) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  FileState f;
  f.mtime_ns = std::int64_t(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec;
  f.ctime_ns = std::int64_t(st.st_ctim.tv_sec) * 1'000'000'000 + st.st_ctim.tv_nsec;
  f.size = static_cast<std::uint64_t>(st.st_size);
  f.ino = static_cast<std::uint64_t>(st.st_ino);
  return f;
}

struct Meta {
  FileState state;
  std::int64_t generation = 0;
  std::uint32_t crc = 0;
  std::string md5;
  bool gzipped = false;
};

struct Query {
  std::map<std::string, std::string> values;
  bool ok = true;
  const std::string* get(const std::string& key) const {
    auto it = values.find(key);
    return it == values.end() ? nullptr : &it->second;
  }
};

Query parse_query(std::string_view q) {
  Query out;
  while (!q.empty()) {
    const std::size_t amp = q.find('&');
    const std::string_view part = q.substr(0, amp);
    q = amp == std::string_view::npos ? std::string_view{} : q.substr(amp + 1);
    if (part.empty()) continue;
    const std::size_t eq = part.find('=');
    auto key = percent_decode(part.substr(0, eq), true);
    auto value = percent_decode(eq == std::string_view::npos ? std::string_view{} : part.substr(eq + 1), true);
    if (!key || !value) {
      out.ok = false;
      return out;
    }
    out.values[*key] = *value;
  }
  return out;
}

std::optional<std::int64_t> parse_int(const std::string& s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

// --- the server ---------------------------------------------------------------------------------

struct GcsTestServer::Impl {
  Options options;
  std::map<std::string, fs::path> buckets;  // name -> canonical folder
  TestPki pki;

  mutable std::mutex mu;
  std::map<std::string, Meta> cache;  // bucket + '\n' + name
  std::map<std::string, unsigned> corruptions;

  std::unique_ptr<LoopbackServer> server;  // last: stops (and joins its threads) before the state above dies

  explicit Impl(Options o) : options(std::move(o)) {
    auto add = [&](const std::string& name, const fs::path& folder) {
      if (name.empty()) throw std::invalid_argument("GcsTestServer: empty bucket name");
      std::error_code ec;
      fs::path c = fs::canonical(folder, ec);
      if (ec || !fs::is_directory(c)) throw std::invalid_argument("GcsTestServer: not a folder: " + folder.string());
      buckets[name] = c;
    };
    add(options.bucket, options.root);
    for (const auto& [name, folder] : options.more_buckets) add(name, folder);
    server = std::make_unique<LoopbackServer>(
        [this](const ServerRequest& r) { return handle(r); },
        LoopbackServer::options_for(options.threads, options.port, options.record_requests, options.tls, pki));
    server->set_faults(options.faults);
  }

  ~Impl() { server.reset(); }

  /// Current metadata (and, when wanted or needed, the bytes) of a file; nullopt when absent.
  std::optional<Meta> meta(const std::string& bucket, const std::string& name, const fs::path& path, std::string* bytes_out) {
    const std::string key = bucket + '\n' + name;
    for (int attempt = 0; attempt < 5; ++attempt) {
      auto st = stat_file(path);
      if (!st) return std::nullopt;
      std::optional<std::int64_t> previous_generation;
      {
        std::lock_guard lock(mu);
        auto it = cache.find(key);
        if (it != cache.end()) {
          if (it->second.state == *st && !bytes_out) return it->second;
          previous_generation = it->second.generation;
        }
      }
      auto bytes = read_all(path);
      if (!bytes) return std::nullopt;
      auto st2 = stat_file(path);
      if (!st2 || !(*st2 == *st) || bytes->size() != st->size) continue;  // changed while reading
      std::lock_guard lock(mu);
      auto it = cache.find(key);
      if (it != cache.end() && it->second.state == *st) {
        if (bytes_out) *bytes_out = std::move(*bytes);
        return it->second;
      }
      Meta m;
      m.state = *st;
      m.crc = crc32c(*bytes);
      m.md5 = md5_base64(*bytes);
      m.gzipped = nbaraw::looks_gzipped(*bytes);
      m.generation = std::max<std::int64_t>(st->mtime_ns, 1);
      if (it != cache.end() && m.generation <= it->second.generation) m.generation = it->second.generation + 1;
      else if (previous_generation && m.generation <= *previous_generation) m.generation = *previous_generation + 1;
      cache[key] = m;
      if (bytes_out) *bytes_out = std::move(*bytes);
      return m;
    }
    return std::nullopt;
  }

  json::object resource(const std::string& bucket, const std::string& name, const Meta& m) const {
    const std::string gen = std::to_string(m.generation);
    json::object o;
    o["kind"] = "storage#object";
    o["id"] = bucket + "/" + name + "/" + gen;
    o["selfLink"] = server->base_url() + "/storage/v1/b/" + percent_encode(bucket) + "/o/" + percent_encode(name);
    o["mediaLink"] = server->base_url() + "/download/storage/v1/b/" + percent_encode(bucket) + "/o/" + percent_encode(name) +
                     "?generation=" + gen + "&alt=media";
    o["name"] = name;
    o["bucket"] = bucket;
    o["generation"] = gen;
    o["metageneration"] = "1";
    o["contentType"] = content_type_for(name);
    o["storageClass"] = "STANDARD";
    o["size"] = std::to_string(m.state.size);
    o["md5Hash"] = m.md5;
    o["crc32c"] = crc32c_base64(m.crc);
    o["etag"] = base64_encode(gen).substr(0, 12);
    o["timeCreated"] = rfc3339(m.state.mtime_ns);
    o["updated"] = rfc3339(m.state.mtime_ns);
    if (m.gzipped) o["contentEncoding"] = "gzip";
    return o;
  }

  ServerResponse handle(const ServerRequest& req) {
    if (options.require_bearer) {
      auto it = req.headers.find("authorization");
      if (it == req.headers.end() || it->second != "Bearer " + *options.require_bearer) {
        json::object e{{"domain", "global"}, {"reason", "required"}, {"message", "Anonymous caller does not have storage.objects.get access."},
                       {"locationType", "header"}, {"location", "Authorization"}};
        json::object err{{"code", 401}, {"message", "Login Required"}, {"errors", json::array{e}}};
        auto res = json_response(401, json::object{{"error", err}});
        res.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"https://accounts.google.com/\"");
        return res;
      }
    }
    if (req.method != "GET") return error_response(405, "methodNotAllowed", "Only GET is served by this test server.");

    std::string_view target = req.target;
    const std::size_t qpos = target.find('?');
    const std::string_view path = target.substr(0, qpos);
    const Query query = parse_query(qpos == std::string_view::npos ? std::string_view{} : target.substr(qpos + 1));
    if (!query.ok) return bad_request("Invalid percent-encoding in the query string.");

    std::string_view rest = path;
    if (rest.substr(0, 9) == "/download") rest.remove_prefix(9);
    constexpr std::string_view kPrefix = "/storage/v1/b/";
    if (rest.substr(0, kPrefix.size()) != kPrefix) return not_found("Not Found");
    rest.remove_prefix(kPrefix.size());
    const std::size_t slash = rest.find('/');
    auto bucket = percent_decode(rest.substr(0, slash));
    if (!bucket) return bad_request("Invalid percent-encoding in the bucket name.");
    auto b = buckets.find(*bucket);
    if (b == buckets.end()) return not_found("The specified bucket does not exist.");
    if (slash == std::string_view::npos) {
      return json_response(200, json::object{{"kind", "storage#bucket"}, {"id", *bucket}, {"name", *bucket}});
    }
    rest.remove_prefix(slash);
    if (rest == "/o" || rest == "/o/") return list(*bucket, b->second, query);
    if (rest.substr(0, 3) != "/o/") return not_found("Not Found");
    rest.remove_prefix(3);
    if (rest.find('/') != std::string_view::npos)
      return not_found("Not Found");  // the object name must be one segment ('/' as %2F), as on GCS
    auto name = percent_decode(rest);
    if (!name) return bad_request("Invalid percent-encoding in the object name.");
    if (!safe_name(*name)) return bad_request("Invalid object name.");
    return object(*bucket, b->second, *name, query, req);
  }

  ServerResponse list(const std::string& bucket, const fs::path& root, const Query& q) {
    const std::string prefix = q.get("prefix") ? *q.get("prefix") : "";
    const std::string delimiter = q.get("delimiter") ? *q.get("delimiter") : "";
    const std::string start = q.get("startOffset") ? *q.get("startOffset") : "";
    const std::string end = q.get("endOffset") ? *q.get("endOffset") : "";
    std::int64_t page = std::min<std::int64_t>(std::max(1u, options.page_size), 1000);
    if (const auto* mr = q.get("maxResults")) {
      auto v = parse_int(*mr);
      if (!v || *v < 0) return bad_request("Invalid value for maxResults: " + *mr);
      if (*v > 0) page = std::min(page, *v);
    }
    std::optional<std::string> after;
    if (const auto* token = q.get("pageToken"); token && !token->empty()) {
      after = base64_decode(*token);
      if (!after) return bad_request("Invalid page token.");
    }

    // Keys: object names, or (with a delimiter) the collapsed prefixes; sorted, deduplicated.
    std::map<std::string, bool> keys;  // key -> is_prefix
    std::error_code ec;
    for (fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), last; !ec && it != last;
         it.increment(ec)) {
      if (it->is_symlink(ec) || !it->is_regular_file(ec)) continue;
      std::string name = it->path().lexically_relative(root).generic_string();
      if (name.compare(0, prefix.size(), prefix) != 0) continue;
      if (!start.empty() && name < start) continue;
      if (!end.empty() && name >= end) continue;
      if (!delimiter.empty()) {
        const std::size_t d = name.find(delimiter, prefix.size());
        if (d != std::string::npos) {
          keys.emplace(name.substr(0, d + delimiter.size()), true);
          continue;
        }
      }
      keys.emplace(std::move(name), false);
    }
    if (ec) return error_response(500, "backendError", "Listing failed: " + ec.message());

    json::array items, prefixes;
    auto it = after ? keys.upper_bound(*after) : keys.begin();
    std::int64_t taken = 0;
    std::string last_key;
    for (; it != keys.end() && taken < page; ++it) {
      if (it->second) {
        prefixes.push_back(json::string(it->first));
      } else {
        auto m = meta(bucket, it->first, root / it->first, nullptr);
        if (!m) continue;  // vanished meanwhile
        items.push_back(resource(bucket, it->first, *m));
      }
      last_key = it->first;
      ++taken;
    }
    json::object out;
    out["kind"] = "storage#objects";
    if (it != keys.end()) out["nextPageToken"] = base64_encode(last_key);
    if (!prefixes.empty()) out["prefixes"] = std::move(prefixes);
    if (!items.empty()) out["items"] = std::move(items);
    return json_response(200, out);
  }

  ServerResponse object(const std::string& bucket, const fs::path& root, const std::string& name, const Query& q,
                        const ServerRequest& req) {
    const fs::path path = root / fs::path(name);
    const std::string missing = "No such object: " + bucket + "/" + name;
    if (!within(root, path)) return bad_request("Invalid object name.");
    const bool media = q.get("alt") && *q.get("alt") == "media";
    if (q.get("alt") && !media && *q.get("alt") != "json") return bad_request("Invalid value for alt: " + *q.get("alt"));
    std::string bytes;
    auto m = meta(bucket, name, path, media ? &bytes : nullptr);
    if (!m) return not_found(missing);
    if (const auto* g = q.get("generation")) {
      auto v = parse_int(*g);
      if (!v) return bad_request("Invalid value for generation: " + *g);
      if (*v != m->generation) return not_found(missing);
    }
    if (const auto* g = q.get("ifGenerationMatch")) {
      auto v = parse_int(*g);
      if (!v) return bad_request("Invalid value for ifGenerationMatch: " + *g);
      if (*v != m->generation) return error_response(412, "conditionNotMet", "At least one of the pre-conditions you specified did not hold.");
    }
    if (!media) return json_response(200, resource(bucket, name, *m));

    const std::string gen = std::to_string(m->generation);
    ServerResponse res;
    res.status = 200;
    res.headers = {{"Content-Type", content_type_for(name)},
                   {"X-Goog-Hash", "crc32c=" + crc32c_base64(m->crc) + ",md5=" + m->md5},
                   {"x-goog-generation", gen},
                   {"x-goog-metageneration", "1"},
                   {"x-goog-stored-content-encoding", m->gzipped ? "gzip" : "identity"},
                   {"x-goog-stored-content-length", std::to_string(m->state.size)},
                   {"ETag", "\"" + m->md5 + "\""}};
    auto ae = req.headers.find("accept-encoding");
    const bool client_takes_gzip = ae != req.headers.end() && icontains(ae->second, "gzip");
    bool transcoded = false;
    if (m->gzipped && !client_takes_gzip) {
      try {
        bytes = nbaraw::gunzip(bytes);
        transcoded = true;
        res.headers.emplace_back("Transfer-Encoding", "chunked");  // LoopbackServer: no Content-Length
        res.headers.emplace_back("Warning", "214 UploadServer gzip transformation applied");
      } catch (const std::exception&) {
        // Not really gzip after all: serve as stored.
      }
    }
    if (m->gzipped && !transcoded) res.headers.emplace_back("Content-Encoding", "gzip");

    if (auto r = req.headers.find("range"); r != req.headers.end() && !transcoded) {
      const std::string& spec = r->second;
      const std::uint64_t total = bytes.size();
      std::optional<std::pair<std::uint64_t, std::uint64_t>> range;  // inclusive
      if (spec.rfind("bytes=", 0) == 0 && spec.find(',') == std::string::npos) {
        const std::string s = spec.substr(6);
        const std::size_t dash = s.find('-');
        if (dash != std::string::npos) {
          const std::string a = s.substr(0, dash), z = s.substr(dash + 1);
          auto av = a.empty() ? std::optional<std::int64_t>{} : parse_int(a);
          auto zv = z.empty() ? std::optional<std::int64_t>{} : parse_int(z);
          if (a.empty() && zv && *zv > 0 && total > 0) {
            const std::uint64_t n = std::min<std::uint64_t>(std::uint64_t(*zv), total);
            range = std::pair{total - n, total - 1};
          } else if (av && *av >= 0 && std::uint64_t(*av) < total && (z.empty() || (zv && *zv >= *av))) {
            const std::uint64_t last = z.empty() ? total - 1 : std::min<std::uint64_t>(std::uint64_t(*zv), total - 1);
            range = std::pair{std::uint64_t(*av), last};
          } else if (av || zv) {
            auto e = error_response(416, "requestedRangeNotSatisfiable", "The requested range cannot be satisfied.");
            e.headers.emplace_back("Content-Range", "bytes */" + std::to_string(total));
            return e;
          }
        }
      }
      if (range) {
        res.status = 206;
        res.headers.emplace_back("Content-Range", "bytes " + std::to_string(range->first) + "-" + std::to_string(range->second) + "/" +
                                                      std::to_string(total));
        bytes = bytes.substr(range->first, range->second - range->first + 1);
      }
    }

    {
      std::lock_guard lock(mu);
      auto c = corruptions.find(name);
      if (c != corruptions.end() && c->second > 0) {
        --c->second;
        if (bytes.empty()) bytes.push_back('\x01');
        else bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x01);
      }
    }
    res.body = std::move(bytes);
    return res;
  }
};

GcsTestServer::GcsTestServer(Options options) : impl_(std::make_unique<Impl>(std::move(options))) {}
GcsTestServer::~GcsTestServer() = default;

std::string GcsTestServer::base_url() const { return impl_->server->base_url(); }
unsigned short GcsTestServer::port() const { return impl_->server->port(); }
const std::string& GcsTestServer::bucket() const { return impl_->options.bucket; }
const std::string& GcsTestServer::ca_cert_pem() const { return impl_->pki.ca_cert_pem; }

std::string GcsTestServer::object_url(std::string_view name, std::string_view bucket) const {
  return list_url(bucket) + "/" + percent_encode(name);
}

std::string GcsTestServer::list_url(std::string_view bucket) const {
  return base_url() + "/storage/v1/b/" + percent_encode(bucket.empty() ? std::string_view(impl_->options.bucket) : bucket) + "/o";
}

void GcsTestServer::corrupt_media(const std::string& name, unsigned times) {
  std::lock_guard lock(impl_->mu);
  impl_->corruptions[name] += times;
}

unsigned GcsTestServer::pending_corruptions(const std::string& name) const {
  std::lock_guard lock(impl_->mu);
  auto it = impl_->corruptions.find(name);
  return it == impl_->corruptions.end() ? 0 : it->second;
}

std::optional<std::int64_t> GcsTestServer::generation_of(std::string_view name, std::string_view bucket) const {
  const std::string b(bucket.empty() ? std::string_view(impl_->options.bucket) : bucket);
  auto it = impl_->buckets.find(b);
  if (it == impl_->buckets.end() || !safe_name(name)) return std::nullopt;
  auto m = impl_->meta(b, std::string(name), it->second / fs::path(std::string(name)), nullptr);
  if (!m) return std::nullopt;
  return m->generation;
}

void GcsTestServer::set_faults(const Faults& faults) { impl_->server->set_faults(faults); }
FaultCounts GcsTestServer::fault_counts() const { return impl_->server->fault_counts(); }
std::vector<ServerRequest> GcsTestServer::requests() const { return impl_->server->requests(); }
void GcsTestServer::clear_requests() { impl_->server->clear_requests(); }
LoopbackServer& GcsTestServer::server() { return *impl_->server; }

}  // namespace nbaraw::test
