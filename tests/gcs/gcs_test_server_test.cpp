// Tests of the test servers themselves (LoopbackServer, GcsTestServer, TestPki), with a raw Beast client.
#include "support/gcs_test_server.hpp"
#include "support/loopback_server.hpp"
#include "support/fixtures.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/json.hpp>

#include <openssl/x509_vfy.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using nbaraw::test::Faults;
using nbaraw::test::GcsTestServer;
using nbaraw::test::sample_bucket;
using nbaraw::test::LoopbackServer;
using nbaraw::test::ServerRequest;
using nbaraw::test::ServerResponse;
using nbaraw::test::TempDir;
using nbaraw::test::TestPki;
namespace gu = nbaraw::test::gcs_util;
using Headers = std::vector<std::pair<std::string, std::string>>;

struct Reply {
  beast::error_code ec;  ///< transport error (handshake, reset, truncated body, ...)
  bool headers_received = false;
  unsigned status = 0;
  std::map<std::string, std::string> headers;  ///< lower-cased names
  std::string body;                            ///< what arrived (partial when ec is set)

  bool has(const std::string& name) const { return headers.count(name) != 0; }
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
  json::value json_body() const { return json::parse(body); }
};

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

unsigned short port_of(const std::string& base_url) {
  return static_cast<unsigned short>(std::stoul(base_url.substr(base_url.rfind(':') + 1)));
}

template <class Stream>
Reply exchange(Stream& stream, const std::string& target, const Headers& headers) {
  Reply r;
  http::request<http::empty_body> req{http::verb::get, target, 11};
  req.set(http::field::host, "127.0.0.1");
  req.set(http::field::connection, "close");
  for (const auto& [k, v] : headers) req.set(k, v);
  http::write(stream, req, r.ec);
  if (r.ec) return r;
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(std::uint64_t(1) << 30);
  http::read(stream, buffer, parser, r.ec);
  r.headers_received = parser.is_header_done();
  if (r.headers_received) {
    r.status = parser.get().result_int();
    for (const auto& f : parser.get()) r.headers[lower(std::string(f.name_string()))] = std::string(f.value());
  }
  r.body = parser.get().body();
  return r;
}

/// One GET on a fresh connection (Connection: close). For https, ca_pem is the only trusted CA (empty:
/// the system store) and the server must prove it is 127.0.0.1.
Reply get(const std::string& base_url, const std::string& target, const Headers& headers = {},
          const std::string& ca_pem = {}) {
  asio::io_context ioc;
  const tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), port_of(base_url));
  if (base_url.rfind("https://", 0) == 0) {
    ssl::context ctx(ssl::context::tls_client);
    ctx.set_verify_mode(ssl::verify_peer);
    if (ca_pem.empty()) ctx.set_default_verify_paths();
    else ctx.add_certificate_authority(asio::buffer(ca_pem));
    beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(stream.native_handle()), "127.0.0.1");
    beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(20));
    Reply r;
    beast::get_lowest_layer(stream).connect(ep, r.ec);
    if (r.ec) return r;
    stream.handshake(ssl::stream_base::client, r.ec);
    if (r.ec) return r;
    return exchange(stream, target, headers);
  }
  beast::tcp_stream stream(ioc);
  stream.expires_after(std::chrono::seconds(20));
  Reply r;
  stream.connect(ep, r.ec);
  if (r.ec) return r;
  return exchange(stream, target, headers);
}

std::string path_of(const std::string& url) {
  const auto scheme = url.find("://");
  return url.substr(url.find('/', scheme + 3));
}

/// Lists every page; returns the names in order and the page count.
std::pair<std::vector<std::string>, int> list_all(const GcsTestServer& s, const std::string& query_extra = {}) {
  std::vector<std::string> names;
  std::string token;
  int pages = 0;
  for (;;) {
    std::string target = path_of(s.list_url()) + "?fields=" + gu::percent_encode("nextPageToken,items(name,size)") + query_extra;
    if (!token.empty()) target += "&pageToken=" + gu::percent_encode(token);
    Reply r = get(s.base_url(), target);
    REQUIRE(!r.ec);
    REQUIRE(r.status == 200);
    ++pages;
    const json::value v = r.json_body();
    const auto& o = v.as_object();
    if (auto* items = o.if_contains("items")) {
      REQUIRE(!items->as_array().empty());  // absent rather than empty
      for (const auto& it : items->as_array()) names.emplace_back(it.at("name").as_string().c_str());
    }
    auto* next = o.if_contains("nextPageToken");
    if (!next) break;
    token = next->as_string().c_str();
    REQUIRE(pages < 1000);
  }
  return {names, pages};
}

std::vector<std::string> walk(const std::filesystem::path& root) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::recursive_directory_iterator(root))
    if (e.is_regular_file()) names.push_back(e.path().lexically_relative(root).generic_string());
  std::sort(names.begin(), names.end());
  return names;
}


LoopbackServer::Handler echo_handler(std::string body = "hello") {
  return [body](const ServerRequest& r) {
    return ServerResponse{200, {{"Content-Type", "text/plain"}, {"X-Target", r.target}}, body};
  };
}

}  // namespace

// --- helpers ------------------------------------------------------------------------------------

TEST_CASE("gcs test server: CRC32C matches the well-known check value and GCS's base64 form", "[gcs][server]") {
  CHECK(gu::crc32c("123456789") == 0xE3069283u);
  CHECK(gu::crc32c("") == 0u);
  CHECK(gu::crc32c(std::string(32, '\0')) == 0x8A9136AAu);  // RFC 3720 B.4: 32 bytes of zeros
  CHECK(gu::crc32c(std::string(32, '\xff')) == 0x62A8AB43u);  // RFC 3720 B.4: 32 bytes of 0xff
  CHECK(gu::crc32c("56789", gu::crc32c("1234")) == 0xE3069283u);
  CHECK(gu::crc32c_base64(0xE3069283u) == "4waSgw==");
  CHECK(gu::base64_encode("") == "");
  CHECK(gu::base64_encode("f") == "Zg==");
  CHECK(gu::base64_encode("fo") == "Zm8=");
  CHECK(gu::base64_encode("foo") == "Zm9v");
  CHECK(gu::base64_decode("Zm8=") == std::optional<std::string>("fo"));
  CHECK(!gu::base64_decode("Z!8="));
  CHECK(gu::md5_base64("") == "1B2M2Y8AsgTpgAmY7PhCfg==");
  CHECK(gu::percent_encode("a b/c#?%é") == "a%20b%2Fc%23%3F%25%C3%A9");
  CHECK(gu::percent_decode("a%20b%2Fc%23%3F%25%C3%A9") == std::optional<std::string>("a b/c#?%é"));
  CHECK(gu::percent_decode("a+b") == std::optional<std::string>("a+b"));
  CHECK(gu::percent_decode("a+b", true) == std::optional<std::string>("a b"));
  CHECK(!gu::percent_decode("%4"));
  CHECK(!gu::percent_decode("%zz"));
}

// --- LoopbackServer -----------------------------------------------------------------------------

TEST_CASE("loopback server: answers, records requests and keeps connections alive", "[gcs][server]") {
  LoopbackServer server(echo_handler());
  REQUIRE(server.port() != 0);
  REQUIRE(server.base_url() == "http://127.0.0.1:" + std::to_string(server.port()));

  Reply r = get(server.base_url(), "/a/b?x=%20y", {{"X-Custom", "v"}});
  REQUIRE(!r.ec);
  CHECK(r.status == 200);
  CHECK(r.body == "hello");
  CHECK(r.header("x-target") == "/a/b?x=%20y");
  auto reqs = server.requests();
  REQUIRE(reqs.size() == 1);
  CHECK(reqs[0].method == "GET");
  CHECK(reqs[0].target == "/a/b?x=%20y");
  CHECK(reqs[0].headers.at("x-custom") == "v");

  // Three requests on one keep-alive connection.
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.expires_after(std::chrono::seconds(10));
  stream.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server.port()));
  beast::flat_buffer buffer;
  for (int i = 0; i < 3; ++i) {
    http::request<http::string_body> req{http::verb::post, "/k" + std::to_string(i), 11};
    req.set(http::field::host, "127.0.0.1");
    req.body() = "body" + std::to_string(i);
    req.prepare_payload();
    http::write(stream, req);
    http::response<http::string_body> res;
    http::read(stream, buffer, res);
    CHECK(res.result_int() == 200);
    CHECK(res.keep_alive());
  }
  reqs = server.requests();
  REQUIRE(reqs.size() == 4);
  CHECK(reqs[3].method == "POST");
  CHECK(reqs[3].body == "body2");
  server.clear_requests();
  CHECK(server.requests().empty());
  CHECK(server.fault_counts().requests == 4);
}

TEST_CASE("loopback server: a handler exception becomes a 500 with a JSON error body", "[gcs][server]") {
  LoopbackServer server([](const ServerRequest&) -> ServerResponse { throw std::runtime_error("boom"); });
  Reply r = get(server.base_url(), "/x");
  REQUIRE(!r.ec);
  CHECK(r.status == 500);
  CHECK(r.json_body().at("error").at("code").to_number<int>() == 500);
}

TEST_CASE("loopback server: fail_first, then error_share with Retry-After and a GCS error body", "[gcs][server]") {
  LoopbackServer server(echo_handler());
  Faults f;
  f.fail_first = 2;
  f.error_status = 429;
  f.retry_after_seconds = 7;
  server.set_faults(f);
  for (int i = 0; i < 2; ++i) {
    Reply r = get(server.base_url(), "/x");
    REQUIRE(!r.ec);
    CHECK(r.status == 429);
    CHECK(r.header("retry-after") == "7");
    auto err = r.json_body().at("error");
    CHECK(err.at("code").to_number<int>() == 429);
    CHECK(!err.at("errors").as_array().empty());
  }
  Reply ok = get(server.base_url(), "/x");
  CHECK(ok.status == 200);
  CHECK(!ok.has("retry-after"));
  CHECK(server.fault_counts().errors == 2);

  // A share, deterministic for a seed.
  auto run = [&](std::uint64_t seed) {
    Faults g;
    g.error_share = 0.5;
    g.seed = seed;
    server.set_faults(g);
    std::string pattern;
    for (int i = 0; i < 40; ++i) pattern += get(server.base_url(), "/y").status == 503 ? 'E' : '.';
    return pattern;
  };
  const auto before = server.fault_counts().errors;
  const std::string a = run(42), b = run(42);
  CHECK(a == b);
  const auto errors = std::count(a.begin(), a.end(), 'E');
  CHECK(errors > 5);
  CHECK(errors < 35);
  CHECK(server.fault_counts().errors == before + 2 * static_cast<std::uint64_t>(errors));
  CHECK(server.fault_counts().requests == 3 + 80);
}

TEST_CASE("loopback server: reset and truncation are observable by the client", "[gcs][server]") {
  const std::string body(10000, 'x');
  LoopbackServer server(echo_handler(body));
  Faults f;
  f.reset_share = 1;
  server.set_faults(f);
  Reply reset = get(server.base_url(), "/r");
  CHECK(reset.ec);
  CHECK(!reset.headers_received);
  CHECK(server.fault_counts().resets == 1);

  f = Faults{};
  f.truncate_share = 1;
  server.set_faults(f);
  Reply cut = get(server.base_url(), "/t");
  CHECK(cut.ec == http::error::partial_message);
  CHECK(cut.headers_received);
  CHECK(cut.status == 200);
  CHECK(cut.header("content-length") == "10000");
  CHECK(cut.body.size() == 5000);
  CHECK(server.fault_counts().truncations == 1);

  server.set_faults(Faults{});
  Reply ok = get(server.base_url(), "/ok");
  CHECK(!ok.ec);
  CHECK(ok.body == body);
  CHECK(server.fault_counts().requests == 3);
}

TEST_CASE("loopback server: latency and slow bodies", "[gcs][server]") {
  std::string body(20000, '\0');
  for (std::size_t i = 0; i < body.size(); ++i) body[i] = static_cast<char>('a' + i % 26);
  LoopbackServer server(echo_handler(body));
  Faults f;
  f.latency = std::chrono::milliseconds(100);
  server.set_faults(f);
  auto t0 = std::chrono::steady_clock::now();
  Reply r = get(server.base_url(), "/l");
  CHECK(std::chrono::steady_clock::now() - t0 >= std::chrono::milliseconds(100));
  CHECK(r.body == body);

  f = Faults{};
  f.slow_body_chunk_delay = std::chrono::milliseconds(30);  // 5 chunks, 4 pauses
  server.set_faults(f);
  t0 = std::chrono::steady_clock::now();
  r = get(server.base_url(), "/s");
  CHECK(std::chrono::steady_clock::now() - t0 >= std::chrono::milliseconds(120));
  CHECK(!r.ec);
  CHECK(r.body == body);
}

TEST_CASE("loopback server: survives vanishing clients and stops with connections open", "[gcs][server]") {
  auto server = std::make_unique<LoopbackServer>(echo_handler(std::string(100000, 'z')), LoopbackServer::Options{false, {}, {}, 2});
  const tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), server->port());
  asio::io_context ioc;
  {  // half a request, then gone
    tcp::socket s(ioc);
    s.connect(ep);
    asio::write(s, asio::buffer(std::string("GET /half HTTP/1.1\r\nHost: x\r\n")));
  }
  {  // gone in the middle of a slow body
    Faults f;
    f.slow_body_chunk_delay = std::chrono::milliseconds(20);
    server->set_faults(f);
    tcp::socket s(ioc);
    s.connect(ep);
    asio::write(s, asio::buffer(std::string("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")));
    char buf[512];
    CHECK(s.read_some(asio::buffer(buf)) > 0);
    s.set_option(asio::socket_base::linger(true, 0));
  }
  server->set_faults(Faults{});
  CHECK(get(server->base_url(), "/after").status == 200);

  // Idle keep-alive connections and a request in progress do not hold up the destructor.
  tcp::socket idle(ioc);
  idle.connect(ep);
  tcp::socket busy(ioc);
  busy.connect(ep);
  Faults f;
  f.latency = std::chrono::milliseconds(30'000);
  server->set_faults(f);
  asio::write(busy, asio::buffer(std::string("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const auto t0 = std::chrono::steady_clock::now();
  server.reset();
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5));
  char c;
  beast::error_code ec;
  idle.read_some(asio::buffer(&c, 1), ec);
  CHECK(ec);  // closed by the server
}

TEST_CASE("loopback server: TLS works with the generated CA and is refused without it", "[gcs][server]") {
  const TestPki pki = TestPki::generate();
  CHECK(pki.ca_cert_pem.find("BEGIN CERTIFICATE") != std::string::npos);
  CHECK(pki.server_key_pem.find("PRIVATE KEY") != std::string::npos);
  LoopbackServer server(echo_handler(), {true, pki.server_cert_pem, pki.server_key_pem, 2});
  REQUIRE(server.base_url().rfind("https://127.0.0.1:", 0) == 0);

  Reply ok = get(server.base_url(), "/secure", {}, pki.ca_cert_pem);
  REQUIRE(!ok.ec);
  CHECK(ok.status == 200);
  CHECK(ok.body == "hello");

  Reply system_store = get(server.base_url(), "/x");  // our CA is not in the system store
  CHECK(system_store.ec);
  CHECK(!system_store.headers_received);

  const TestPki other = TestPki::generate();
  Reply wrong_ca = get(server.base_url(), "/x", {}, other.ca_cert_pem);
  CHECK(wrong_ca.ec);
  CHECK(server.requests().size() == 1);

  // Faults apply over TLS too: a truncated body shows up as an error.
  Faults f;
  f.truncate_share = 1;
  server.set_faults(f);
  Reply cut = get(server.base_url(), "/t", {}, pki.ca_cert_pem);
  CHECK(cut.ec);
  CHECK(cut.status == 200);
}

// --- GcsTestServer ------------------------------------------------------------------------------

TEST_CASE("gcs test server: paging over the sample bucket returns every object exactly once", "[gcs][server]") {
  GcsTestServer::Options o;
  o.root = sample_bucket();
  o.bucket = "nba-raw";
  GcsTestServer server(o);
  const auto expected = walk(o.root);
  REQUIRE(expected.size() >= 3);

  auto [names, pages] = list_all(server);
  CHECK(names == expected);  // sorted, each once
  CHECK(pages == static_cast<int>((expected.size() + 1) / 2));

  auto [one_by_one, pages1] = list_all(server, "&maxResults=1");
  CHECK(one_by_one == expected);
  CHECK(pages1 == static_cast<int>(expected.size()));

  auto [bdl, pages_bdl] = list_all(server, "&prefix=" + gu::percent_encode("ball-dont-lie/"));
  std::vector<std::string> expected_bdl;
  std::copy_if(expected.begin(), expected.end(), std::back_inserter(expected_bdl),
               [](const std::string& n) { return n.rfind("ball-dont-lie/", 0) == 0; });
  CHECK(bdl == expected_bdl);

  // Nothing: no items, no token.
  Reply none = get(server.base_url(), path_of(server.list_url()) + "?prefix=nothing-here%2F");
  REQUIRE(none.status == 200);
  CHECK(!none.json_body().as_object().contains("items"));
  CHECK(!none.json_body().as_object().contains("nextPageToken"));
  CHECK(none.json_body().at("kind").as_string() == "storage#objects");

  // Delimiter: the top-level "folders" of the walk, in order, two per page (the configured page size caps
  // maxResults), and no items (no object sits at the top level).
  std::vector<std::string> top_folders;
  for (const auto& name : expected) {
    const std::string folder = name.substr(0, name.find('/') + 1);
    if (top_folders.empty() || top_folders.back() != folder) top_folders.push_back(folder);
  }
  REQUIRE(top_folders.size() >= 3);
  std::vector<std::string> listed_folders;
  std::string token;
  int folder_pages = 0;
  do {
    Reply dirs = get(server.base_url(), path_of(server.list_url()) + "?delimiter=%2F&maxResults=100" +
                                            (token.empty() ? "" : "&pageToken=" + gu::percent_encode(token)));
    REQUIRE(dirs.status == 200);
    const json::value dirs_json = dirs.json_body();
    CHECK(!dirs_json.as_object().contains("items"));
    const auto& prefixes = dirs_json.at("prefixes").as_array();
    CHECK(prefixes.size() == std::min<std::size_t>(2, top_folders.size() - listed_folders.size()));
    for (const auto& p : prefixes) listed_folders.emplace_back(p.as_string().c_str());
    const auto* next = dirs_json.as_object().if_contains("nextPageToken");
    token = next ? std::string(next->as_string().c_str()) : std::string();
    ++folder_pages;
  } while (!token.empty() && folder_pages <= int(top_folders.size()));
  CHECK(listed_folders == top_folders);
  CHECK(folder_pages == int((top_folders.size() + 1) / 2));

  // Item fields as GCS writes them.
  Reply page = get(server.base_url(), path_of(server.list_url()));
  const json::value page_json = page.json_body();
  const auto& item = page_json.at("items").as_array().at(0).as_object();
  const std::string name = item.at("name").as_string().c_str();
  const std::string bytes = nbaraw::test::read_file(o.root / name);
  CHECK(item.at("bucket").as_string() == "nba-raw");
  CHECK(item.at("size").as_string() == std::to_string(bytes.size()));
  CHECK(item.at("crc32c").as_string() == gu::crc32c_base64(gu::crc32c(bytes)));
  CHECK(item.at("md5Hash").as_string() == gu::md5_base64(bytes));
  CHECK(item.at("generation").is_string());
  CHECK(std::stoll(std::string(item.at("generation").as_string().c_str())) > 0);
  CHECK(item.at("updated").as_string().size() == 24);  // 2025-08-12T03:59:09.123Z

  // Errors: bad token, bad maxResults, unknown bucket.
  CHECK(get(server.base_url(), path_of(server.list_url()) + "?pageToken=%21%21").status == 400);
  CHECK(get(server.base_url(), path_of(server.list_url()) + "?maxResults=x").status == 400);
  Reply nob = get(server.base_url(), "/storage/v1/b/no-such-bucket/o");
  CHECK(nob.status == 404);
  CHECK(nob.json_body().at("error").at("code").to_number<int>() == 404);
}

TEST_CASE("gcs test server: awkward object names round-trip through metadata and media", "[gcs][server]") {
  TempDir dir;
  const std::vector<std::string> names = {"with space/a b.json", "ünïcødé/日本語.json", "hash#tag.json", "what?.json",
                                          "100%.json", "plus+sign&amp=.json", "deep/er/still/x.json"};
  for (const auto& n : names) dir.write(n, "{\"name\":\"" + n + "\"}");
  GcsTestServer::Options o;
  o.root = dir.path();
  GcsTestServer server(o);

  auto [listed, pages] = list_all(server);
  std::vector<std::string> sorted = names;
  std::sort(sorted.begin(), sorted.end());
  CHECK(listed == sorted);

  for (const auto& n : names) {
    INFO(n);
    const std::string target = path_of(server.object_url(n));
    Reply meta = get(server.base_url(), target);
    REQUIRE(meta.status == 200);
    CHECK(meta.json_body().at("name").as_string() == n);
    Reply media = get(server.base_url(), target + "?alt=media");
    REQUIRE(media.status == 200);
    CHECK(media.body == "{\"name\":\"" + n + "\"}");
    CHECK(media.header("x-goog-hash") == "crc32c=" + gu::crc32c_base64(gu::crc32c(media.body)) + ",md5=" + gu::md5_base64(media.body));
    CHECK(media.header("x-goog-generation") == std::string(meta.json_body().at("generation").as_string().c_str()));
  }

  const std::string base = path_of(server.list_url());
  // '/' must be %2F: a raw slash is not a name, as on GCS.
  CHECK(get(server.base_url(), base + "/deep/er/still/x.json").status == 404);
  CHECK(get(server.base_url(), base + "/deep%2Fer%2Fstill%2Fx.json").status == 200);
  // '+' in the path is a plus, not a space.
  CHECK(get(server.base_url(), base + "/plus+sign%26amp%3D.json").status == 200);
  // Escapes refused.
  CHECK(get(server.base_url(), base + "/..%2F..%2Fetc%2Fpasswd").status == 400);
  CHECK(get(server.base_url(), base + "/a%2F..%2F..%2Fx").status == 400);
  CHECK(get(server.base_url(), base + "/%2Fetc%2Fpasswd").status == 400);
  CHECK(get(server.base_url(), base + "/bad%zz").status == 400);
  // Missing object: GCS's error body.
  Reply missing = get(server.base_url(), base + "/nope.json?alt=media");
  CHECK(missing.status == 404);
  CHECK(missing.json_body().at("error").at("errors").as_array().at(0).at("reason").as_string() == "notFound");
  // A folder is not an object.
  CHECK(get(server.base_url(), base + "/deep").status == 404);
}

TEST_CASE("gcs test server: crc32c of a known string and generations", "[gcs][server]") {
  TempDir dir;
  const auto path = dir.write("check.txt", "123456789");
  GcsTestServer::Options o;
  o.root = dir.path();
  GcsTestServer server(o);
  const std::string target = path_of(server.object_url("check.txt"));

  Reply meta = get(server.base_url(), target);
  REQUIRE(meta.status == 200);
  CHECK(meta.json_body().at("crc32c").as_string() == "4waSgw==");  // 0xE3069283 big-endian
  CHECK(meta.json_body().at("md5Hash").as_string() == "JfnnlDI7RTiF9RgfG2JNCw==");
  CHECK(meta.json_body().at("size").as_string() == "9");
  CHECK(!meta.json_body().as_object().contains("contentEncoding"));
  const std::string gen = meta.json_body().at("generation").as_string().c_str();
  CHECK(server.generation_of("check.txt") == std::stoll(gen));

  Reply media = get(server.base_url(), target + "?alt=media&generation=" + gen);
  CHECK(media.status == 200);
  CHECK(media.header("x-goog-hash").rfind("crc32c=4waSgw==,md5=", 0) == 0);
  CHECK(media.header("x-goog-generation") == gen);

  // Range.
  Reply part = get(server.base_url(), target + "?alt=media", {{"Range", "bytes=2-5"}});
  CHECK(part.status == 206);
  CHECK(part.body == "3456");
  CHECK(part.header("content-range") == "bytes 2-5/9");

  // Rewritten: a new generation; the old one is gone.
  dir.write("check.txt", "987654321");
  std::filesystem::last_write_time(path, std::filesystem::last_write_time(path) + std::chrono::seconds(1));
  Reply meta2 = get(server.base_url(), target);
  const std::string gen2 = meta2.json_body().at("generation").as_string().c_str();
  CHECK(gen2 != gen);
  CHECK(get(server.base_url(), target + "?alt=media&generation=" + gen).status == 404);
  CHECK(get(server.base_url(), target + "?generation=" + gen).status == 404);
  Reply media2 = get(server.base_url(), target + "?alt=media&generation=" + gen2);
  CHECK(media2.body == "987654321");
  CHECK(get(server.base_url(), target + "?ifGenerationMatch=" + gen).status == 412);

  // Rewritten within the same mtime: still a new generation.
  dir.write("check.txt", "abc");
  std::filesystem::last_write_time(path, std::filesystem::last_write_time(path) - std::chrono::seconds(1));
  const std::string gen3 = get(server.base_url(), target).json_body().at("generation").as_string().c_str();
  CHECK(gen3 != gen2);
  CHECK(std::stoll(gen3) > std::stoll(gen2));
}

TEST_CASE("gcs test server: gzip-stored objects, served raw on Accept-Encoding and transcoded without", "[gcs][server]") {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "{\"i\":" + std::to_string(i) + "}\n";
  const auto path = dir.write("data/big.json", text, true);
  const std::string stored = nbaraw::test::read_file(path);
  REQUIRE(stored.size() < text.size());
  GcsTestServer::Options o;
  o.root = dir.path();
  GcsTestServer server(o);
  const std::string target = path_of(server.object_url("data/big.json"));

  Reply meta = get(server.base_url(), target);
  CHECK(meta.json_body().at("contentEncoding").as_string() == "gzip");
  CHECK(meta.json_body().at("size").as_string() == std::to_string(stored.size()));
  CHECK(meta.json_body().at("crc32c").as_string() == gu::crc32c_base64(gu::crc32c(stored)));

  Reply raw = get(server.base_url(), target + "?alt=media", {{"Accept-Encoding", "gzip, deflate"}});
  REQUIRE(!raw.ec);
  CHECK(raw.header("content-encoding") == "gzip");
  CHECK(raw.body == stored);
  CHECK(raw.header("x-goog-hash").rfind("crc32c=" + gu::crc32c_base64(gu::crc32c(raw.body)), 0) == 0);
  CHECK(raw.header("x-goog-stored-content-encoding") == "gzip");

  Reply plain = get(server.base_url(), target + "?alt=media");
  REQUIRE(!plain.ec);
  CHECK(plain.body == text);
  CHECK(!plain.has("content-encoding"));
  CHECK(!plain.has("content-length"));
  CHECK(plain.header("x-goog-stored-content-length") == std::to_string(stored.size()));
}

TEST_CASE("gcs test server: corrupted media, bearer tokens, faults and TLS", "[gcs][server]") {
  TempDir dir;
  dir.write("a.json", "{\"a\":1}");
  GcsTestServer::Options o;
  o.root = dir.path();
  o.require_bearer = "s3cret";
  o.tls = true;
  GcsTestServer server(o);
  REQUIRE(server.base_url().rfind("https://", 0) == 0);
  const std::string ca = server.ca_cert_pem();
  const std::string target = path_of(server.object_url("a.json")) + "?alt=media";
  const Headers auth = {{"Authorization", "Bearer s3cret"}};

  Reply anon = get(server.base_url(), target, {}, ca);
  CHECK(anon.status == 401);
  CHECK(anon.json_body().at("error").at("code").to_number<int>() == 401);
  CHECK(get(server.base_url(), target, {{"Authorization", "Bearer wrong"}}, ca).status == 401);
  CHECK(get(server.base_url(), target).ec);  // no CA: refused

  server.corrupt_media("a.json", 2);
  for (int i = 0; i < 3; ++i) {
    Reply r = get(server.base_url(), target, auth, ca);
    REQUIRE(r.status == 200);
    const bool matches = r.header("x-goog-hash").rfind("crc32c=" + gu::crc32c_base64(gu::crc32c(r.body)) + ",", 0) == 0;
    CHECK(matches == (i == 2));
    CHECK(r.body.size() == 7);
  }
  CHECK(server.pending_corruptions("a.json") == 0);

  Faults f;
  f.fail_first = 1;
  f.error_status = 503;
  f.retry_after_seconds = 1;
  server.set_faults(f);
  Reply e = get(server.base_url(), target, auth, ca);
  CHECK(e.status == 503);
  CHECK(e.header("retry-after") == "1");
  CHECK(get(server.base_url(), target, auth, ca).status == 200);
  CHECK(server.fault_counts().errors == 1);
}

TEST_CASE("gcs test server: faults passed in the options, more buckets", "[gcs][server]") {
  TempDir one, two;
  one.write("x.json", "1");
  two.write("y.json", "22");
  GcsTestServer::Options o;
  o.root = one.path();
  o.bucket = "one";
  o.more_buckets["two"] = two.path();
  o.faults.reset_share = 1;
  GcsTestServer server(o);
  CHECK(get(server.base_url(), path_of(server.object_url("x.json"))).ec);
  CHECK(server.fault_counts().resets == 1);
  server.set_faults(Faults{});
  CHECK(get(server.base_url(), path_of(server.object_url("y.json", "two")) + "?alt=media").body == "22");
  CHECK(get(server.base_url(), path_of(server.object_url("x.json", "two"))).status == 404);
  CHECK(get(server.base_url(), "/storage/v1/b/one").status == 200);
  CHECK(get(server.base_url(), "/elsewhere").status == 404);
}
