#include <nbaraw/net/http_client.hpp>

#include "support/loopback_server.hpp"
#include "support/temp_dir.hpp"

#include <nbaraw/detail/gzip.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <catch2/catch.hpp>
#include <poll.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;
using nbaraw::net::HttpClient;
using nbaraw::net::HttpClientOptions;
using nbaraw::net::HttpError;
using nbaraw::net::HttpRequest;
using nbaraw::net::HttpResponse;
using nbaraw::test::Faults;
using nbaraw::test::LoopbackServer;
using nbaraw::test::ServerRequest;
using nbaraw::test::ServerResponse;
using nbaraw::test::TempDir;
using nbaraw::test::TestPki;

namespace {

/// Quick retries so that the tests do not sleep for long.
HttpClientOptions quick_options() {
  HttpClientOptions o;
  o.connect_timeout = 5'000ms;
  o.request_timeout = 10'000ms;
  o.retry.max_attempts = 6;
  o.retry.initial_backoff = 5ms;
  o.retry.max_backoff = 20ms;
  o.retry.total_budget = 30'000ms;
  return o;
}

ServerResponse echo(const ServerRequest& r) {
  ServerResponse res;
  res.headers = {{"Content-Type", "text/plain"}, {"X-Echo-Method", r.method}};
  res.body = r.method + " " + r.target + (r.body.empty() ? "" : " " + r.body);
  return res;
}

HttpRequest get(const std::string& url) {
  HttpRequest r;
  r.url = url;
  return r;
}

std::string big_body(std::size_t size) {
  std::string s(size, '\0');
  for (std::size_t i = 0; i < size; ++i) s[i] = static_cast<char>('a' + (i * 7 + i / 13) % 26);
  return s;
}

const TestPki& pki() {
  static const TestPki value = TestPki::generate();
  return value;
}

LoopbackServer::Options tls_server_options() {
  LoopbackServer::Options o;
  o.tls = true;
  o.cert_pem = pki().server_cert_pem;
  o.key_pem = pki().server_key_pem;
  return o;
}

/// A port nobody listens on (bound, then released).
unsigned short closed_port() {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor acceptor(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

/// A raw server for the wire-level cases the loopback server does not make (chunked streams cut short,
/// interim 1xx answers, a keep-alive connection closed after reading the next request): one script per
/// accepted connection, in order.
class ScriptedServer {
 public:
  using Socket = boost::asio::ip::tcp::socket;
  using Script = std::function<void(Socket&)>;

  explicit ScriptedServer(std::vector<Script> scripts)
      : acceptor_(ioc_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
    port_ = acceptor_.local_endpoint().port();
    acceptor_.non_blocking(true);
    thread_ = std::thread([this, scripts = std::move(scripts)] {
      for (const auto& script : scripts) {
        Socket socket(ioc_);
        for (;;) {
          if (stop_) return;
          pollfd p{};
          p.fd = acceptor_.native_handle();
          p.events = POLLIN;
          if (::poll(&p, 1, 20) <= 0) continue;
          boost::system::error_code ec;
          acceptor_.accept(socket, ec);
          if (!ec) break;
        }
        script(socket);
        ++accepted_;
      }
    });
  }
  ~ScriptedServer() {
    stop_ = true;
    thread_.join();
  }
  std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  unsigned accepted() const { return accepted_; }

  /// Reads one request head (no body); false at EOF.
  static bool read_request(Socket& s, boost::asio::streambuf& buffer) {
    boost::system::error_code ec;
    auto n = boost::asio::read_until(s, buffer, "\r\n\r\n", ec);
    if (ec) return false;
    buffer.consume(n);
    return true;
  }
  static void write(Socket& s, const std::string& bytes) {
    boost::system::error_code ec;
    boost::asio::write(s, boost::asio::buffer(bytes), ec);
  }

 private:
  boost::asio::io_context ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  unsigned short port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<unsigned> accepted_{0};
  std::thread thread_;
};

const std::string chunked_full =
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";

}  // namespace

TEST_CASE("GET round trip: status, body, response headers, and the headers the server saw", "[net][http]") {
  LoopbackServer server(echo);
  HttpClient client(quick_options());
  HttpRequest req = get(server.base_url() + "/a/b%2Fc?x=1&y=two");
  req.headers = {{"X-Custom", "value 1"}, {"Accept", "application/json"}};
  HttpResponse res = client.send(req);
  CHECK(res.status == 200);
  CHECK(res.body == "GET /a/b%2Fc?x=1&y=two");
  CHECK(res.header("content-type") == "text/plain");
  CHECK(res.header("X-ECHO-METHOD") == "GET");
  auto seen = server.requests();
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].headers.at("host") == "127.0.0.1:" + std::to_string(server.port()));
  CHECK(seen[0].headers.at("user-agent") == std::string("nbaraw/") + NBARAW_VERSION_STRING);
  CHECK(seen[0].headers.at("accept-encoding") == "gzip");
  CHECK(seen[0].headers.at("x-custom") == "value 1");
  CHECK(seen[0].headers.at("accept") == "application/json");
  CHECK(seen[0].headers.count("content-length") == 0);
  CHECK(client.stats().requests == 1);
  CHECK(client.stats().retries == 0);
  CHECK(client.stats().connections == 1);
  CHECK(client.stats().bytes_received == res.body.size());
}

TEST_CASE("POST round trip sends the body with its length, and a caller's User-Agent wins", "[net][http]") {
  LoopbackServer server(echo);
  HttpClient client(quick_options());
  HttpRequest req;
  req.method = "POST";
  req.url = server.base_url() + "/token";
  req.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"User-Agent", "tester/1"}};
  req.body = nbaraw::net::form_encode({{"grant_type", "x:y"}, {"assertion", "a.b.c"}});
  HttpResponse res = client.send(req);
  CHECK(res.status == 200);
  CHECK(res.body == "POST /token grant_type=x%3Ay&assertion=a.b.c");
  auto seen = server.requests();
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].headers.at("content-length") == std::to_string(req.body.size()));
  CHECK(seen[0].headers.at("content-type") == "application/x-www-form-urlencoded");
  CHECK(seen[0].headers.at("user-agent") == "tester/1");
  CHECK(seen[0].body == req.body);
}

TEST_CASE("PUT and DELETE and custom methods go through", "[net][http]") {
  LoopbackServer server(echo);
  HttpClient client(quick_options());
  for (std::string method : {"PUT", "DELETE", "PATCH", "PROPFIND"}) {
    HttpRequest req = get(server.base_url() + "/m");
    req.method = method;
    req.body = method == "DELETE" ? "" : "data";
    HttpResponse res = client.send(req);
    CHECK(res.status == 200);
    CHECK(res.header("x-echo-method") == method);
  }
  CHECK(client.stats().connections == 1);
}

TEST_CASE("HEAD reads no body and keeps the connection usable", "[net][http]") {
  LoopbackServer server([](const ServerRequest&) { return ServerResponse{200, {}, "hello"}; });
  HttpClient client(quick_options());
  HttpRequest head = get(server.base_url() + "/h");
  head.method = "HEAD";
  HttpResponse res = client.send(head);
  CHECK(res.status == 200);
  CHECK(res.body.empty());
  CHECK(res.header("content-length") == "5");
  // (This server writes the body after a HEAD answer too; the client must not read those bytes as the next
  // response: the connection is dropped, the GET still gets its own answer.)
  CHECK(client.send(get(server.base_url() + "/h")).body == "hello");
}

TEST_CASE("HEAD: Content-Length without a body, and the connection is reused", "[net][http]") {
  using S = ScriptedServer;
  ScriptedServer server({[](S::Socket& s) {
    boost::asio::streambuf b;
    if (S::read_request(s, b)) S::write(s, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");
    if (S::read_request(s, b)) S::write(s, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
    S::read_request(s, b);
  }});
  HttpClient client(quick_options());
  HttpRequest head = get(server.url("/h"));
  head.method = "HEAD";
  HttpResponse res = client.send(head);
  CHECK(res.status == 200);
  CHECK(res.body.empty());
  CHECK(res.header("content-length") == "5");
  CHECK(client.send(get(server.url("/h"))).body == "hello");
  CHECK(client.stats().connections == 1);
  CHECK(client.stats().reused == 1);
}

TEST_CASE("keep-alive: ten sequential requests share one connection", "[net][http][pool]") {
  LoopbackServer server(echo);
  HttpClient client(quick_options());
  for (int i = 0; i < 10; ++i) {
    HttpResponse res = client.send(get(server.base_url() + "/r" + std::to_string(i)));
    REQUIRE(res.status == 200);
    CHECK(res.body == "GET /r" + std::to_string(i));
  }
  CHECK(client.stats().connections == 1);
  CHECK(client.stats().reused == 9);
  CHECK(client.stats().requests == 10);
}

TEST_CASE("pool: idle connections past idle_timeout are not reused", "[net][http][pool]") {
  LoopbackServer server(echo);
  auto options = quick_options();
  options.idle_timeout = 50ms;
  HttpClient client(options);
  CHECK(client.send(get(server.base_url() + "/1")).status == 200);
  std::this_thread::sleep_for(200ms);
  CHECK(client.send(get(server.base_url() + "/2")).status == 200);
  CHECK(client.stats().connections == 2);
  CHECK(client.stats().reused == 0);
}

TEST_CASE("pool: max_idle_per_host = 0 keeps nothing", "[net][http][pool]") {
  LoopbackServer server(echo);
  auto options = quick_options();
  options.max_idle_per_host = 0;
  HttpClient client(options);
  for (int i = 0; i < 3; ++i) CHECK(client.send(get(server.base_url() + "/x")).status == 200);
  CHECK(client.stats().connections == 3);
  CHECK(client.stats().reused == 0);
}

TEST_CASE("pool: a connection the server closes is not reused", "[net][http][pool]") {
  LoopbackServer server(echo);
  HttpClient client(quick_options());
  HttpRequest req = get(server.base_url() + "/close");
  req.headers = {{"Connection", "close"}};
  CHECK(client.send(req).status == 200);
  CHECK(client.send(get(server.base_url() + "/next")).status == 200);
  CHECK(client.stats().connections == 2);
  CHECK(client.stats().reused == 0);
  CHECK(client.stats().retries == 0);
}

TEST_CASE("pool: connections are kept per host and port", "[net][http][pool]") {
  LoopbackServer a(echo), b(echo);
  HttpClient client(quick_options());
  for (int i = 0; i < 3; ++i) {
    CHECK(client.send(get(a.base_url() + "/a")).body == "GET /a");
    CHECK(client.send(get(b.base_url() + "/b")).body == "GET /b");
  }
  CHECK(client.stats().connections == 2);
  CHECK(client.stats().reused == 4);
}

TEST_CASE("concurrent senders each get their own connection and the pool never grows past them", "[net][http][pool]") {
  LoopbackServer server(echo);
  HttpClient client(quick_options());
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        auto path = "/t" + std::to_string(t) + "/" + std::to_string(i);
        HttpResponse res = client.send(get(server.base_url() + path));
        if (res.status == 200 && res.body == "GET " + path) ++ok;
      }
    });
  for (auto& t : threads) t.join();
  CHECK(ok == 100);
  CHECK(client.stats().requests == 100);
  CHECK(client.stats().connections <= 4);
  CHECK(client.stats().reused + client.stats().connections == 100);
}

TEST_CASE("gzip: a gzip response is decoded and its Content-Encoding dropped", "[net][http][gzip]") {
  const std::string text = big_body(200'000);
  LoopbackServer server([&](const ServerRequest&) {
    return ServerResponse{200, {{"Content-Encoding", "gzip"}, {"Content-Type", "application/json"}}, nbaraw::gzip(text)};
  });
  HttpClient client(quick_options());
  HttpResponse res = client.send(get(server.base_url() + "/z"));
  CHECK(res.status == 200);
  CHECK(res.body == text);
  CHECK_FALSE(res.header("content-encoding"));
  CHECK(res.header("content-length") == std::to_string(text.size()));
  CHECK(res.header("content-type") == "application/json");
  CHECK(client.stats().bytes_received < text.size());
}

TEST_CASE("gzip: not decoded when the caller set Accept-Encoding itself", "[net][http][gzip]") {
  const std::string text = big_body(10'000);
  const std::string zipped = nbaraw::gzip(text);
  LoopbackServer server([&](const ServerRequest&) { return ServerResponse{200, {{"Content-Encoding", "gzip"}}, zipped}; });
  HttpClient client(quick_options());
  HttpRequest req = get(server.base_url() + "/raw");
  req.headers = {{"accept-encoding", "gzip"}};
  HttpResponse res = client.send(req);
  CHECK(res.status == 200);
  CHECK(res.body == zipped);
  CHECK(res.header("Content-Encoding") == "gzip");
  auto seen = server.requests();
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].headers.at("accept-encoding") == "gzip");  // once: the client added none of its own
}

TEST_CASE("gzip: decode_gzip off sends no Accept-Encoding and leaves bodies alone", "[net][http][gzip]") {
  const std::string zipped = nbaraw::gzip("abc");
  LoopbackServer server([&](const ServerRequest&) { return ServerResponse{200, {{"Content-Encoding", "gzip"}}, zipped}; });
  auto options = quick_options();
  options.decode_gzip = false;
  HttpClient client(options);
  HttpResponse res = client.send(get(server.base_url() + "/raw"));
  CHECK(res.body == zipped);
  CHECK(server.requests().at(0).headers.count("accept-encoding") == 0);
}

TEST_CASE("retries: two 503s, then success", "[net][http][retry]") {
  LoopbackServer server(echo);
  Faults faults;
  faults.fail_first = 2;
  server.set_faults(faults);
  HttpClient client(quick_options());
  HttpResponse res = client.send(get(server.base_url() + "/flaky"));
  CHECK(res.status == 200);
  CHECK(res.body == "GET /flaky");
  CHECK(client.stats().retries == 2);
  CHECK(client.stats().requests == 3);
  CHECK(client.stats().gave_up == 0);
  CHECK(server.fault_counts().requests == 3);
  CHECK(client.stats().connections == 1);  // 503s with keep-alive leave the connection usable
}

TEST_CASE("retries: 408 and 429 are retried too", "[net][http][retry]") {
  for (unsigned status : {408u, 429u, 500u, 504u}) {
    LoopbackServer server(echo);
    Faults faults;
    faults.fail_first = 1;
    faults.error_status = status;
    server.set_faults(faults);
    HttpClient client(quick_options());
    CHECK(client.send(get(server.base_url() + "/s")).status == 200);
    CHECK(client.stats().retries == 1);
  }
}

TEST_CASE("retries: a 404 is final", "[net][http][retry]") {
  LoopbackServer server([](const ServerRequest&) { return ServerResponse{404, {}, "no"}; });
  HttpClient client(quick_options());
  CHECK(client.send(get(server.base_url() + "/missing")).status == 404);
  CHECK(client.stats().retries == 0);
  CHECK(client.stats().gave_up == 0);
}

TEST_CASE("retries: Retry-After is honoured", "[net][http][retry]") {
  LoopbackServer server(echo);
  Faults faults;
  faults.fail_first = 1;
  faults.retry_after_seconds = 1;
  server.set_faults(faults);
  auto options = quick_options();
  options.retry.max_backoff = 5'000ms;
  HttpClient client(options);
  auto start = std::chrono::steady_clock::now();
  HttpResponse res = client.send(get(server.base_url() + "/later"));
  auto elapsed = std::chrono::steady_clock::now() - start;
  CHECK(res.status == 200);
  CHECK(client.stats().retries == 1);
  CHECK(elapsed >= 1'000ms);
}

TEST_CASE("retries: gives up at max_attempts and returns the last 503", "[net][http][retry]") {
  LoopbackServer server(echo);
  Faults faults;
  faults.error_share = 1.0;
  server.set_faults(faults);
  auto options = quick_options();
  options.retry.max_attempts = 4;
  HttpClient client(options);
  HttpResponse res = client.send(get(server.base_url() + "/down"));
  CHECK(res.status == 503);
  CHECK(res.body.find("Injected fault") != std::string::npos);
  CHECK(client.stats().requests == 4);
  CHECK(client.stats().retries == 3);
  CHECK(client.stats().gave_up == 1);
  CHECK(server.fault_counts().requests == 4);
}

TEST_CASE("retries: gives up when the next attempt would start after total_budget", "[net][http][retry]") {
  LoopbackServer server(echo);
  Faults faults;
  faults.error_share = 1.0;
  faults.retry_after_seconds = 1;  // every wait is one second
  server.set_faults(faults);
  auto options = quick_options();
  options.retry.max_attempts = 100;
  options.retry.max_backoff = 10'000ms;
  options.retry.total_budget = 1'500ms;
  HttpClient client(options);
  HttpResponse res = client.send(get(server.base_url() + "/down"));
  CHECK(res.status == 503);
  CHECK(client.stats().gave_up == 1);
  CHECK(client.stats().requests == 2);  // t=0 and t=1s; a third would start at 2s > 1.5s
  CHECK(client.stats().retries == 1);
}

TEST_CASE("retries: connection resets and truncated bodies are retried and every body arrives whole",
          "[net][http][retry]") {
  struct Case {
    const char* name;
    double reset_share, truncate_share;
    std::uint64_t seed;
    std::size_t body_size;
  };
  const Case c = GENERATE(values<Case>({{"resets", 0.4, 0, 11, 50'000},
                                        {"truncated bodies (short of Content-Length)", 0, 0.5, 5, 100'000}}));
  INFO(c.name);
  const std::string body = big_body(c.body_size);
  LoopbackServer server([&](const ServerRequest&) { return ServerResponse{200, {}, body}; });
  Faults faults;
  faults.reset_share = c.reset_share;
  faults.truncate_share = c.truncate_share;
  faults.seed = c.seed;
  server.set_faults(faults);
  auto options = quick_options();
  options.retry.max_attempts = 12;
  HttpClient client(options);
  for (int i = 0; i < 16; ++i) {
    HttpResponse res = client.send(get(server.base_url() + "/obj"));
    REQUIRE(res.status == 200);
    REQUIRE(res.body == body);
  }
  const auto counts = server.fault_counts();
  CHECK(counts.resets + counts.truncations > 0);
  // Every injected fault cost a retry; a reset may also cost one for the pooled connection it broke.
  CHECK(client.stats().retries >= counts.resets + counts.truncations);
  if (counts.resets == 0) CHECK(client.stats().retries == counts.truncations);
  CHECK(client.stats().gave_up == 0);
}

TEST_CASE("retries: a truncated body on every attempt ends in HttpError", "[net][http][retry]") {
  LoopbackServer server([&](const ServerRequest&) { return ServerResponse{200, {}, big_body(1000)}; });
  Faults faults;
  faults.truncate_share = 1.0;
  server.set_faults(faults);
  auto options = quick_options();
  options.retry.max_attempts = 3;
  HttpClient client(options);
  try {
    client.send(get(server.base_url() + "/cut"));
    FAIL("no exception");
  } catch (const HttpError& e) {
    std::string what = e.what();
    CHECK(what.find("truncated") != std::string::npos);
    CHECK(what.find("3 attempts") != std::string::npos);
  }
  CHECK(client.stats().gave_up == 1);
  CHECK(client.stats().retries == 2);
}

TEST_CASE("retries: a chunked stream cut short is retried", "[net][http][retry]") {
  using S = ScriptedServer;
  ScriptedServer server({
      [](S::Socket& s) {
        boost::asio::streambuf b;
        if (S::read_request(s, b)) S::write(s, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
      },
      [](S::Socket& s) {
        boost::asio::streambuf b;
        if (S::read_request(s, b)) S::write(s, chunked_full);
        S::read_request(s, b);  // until the client closes
      },
  });
  HttpClient client(quick_options());
  HttpResponse res = client.send(get(server.url("/chunks")));
  CHECK(res.status == 200);
  CHECK(res.body == "hello world");
  CHECK(client.stats().retries == 1);
}

TEST_CASE("retries: interim 100 Continue answers are skipped", "[net][http]") {
  using S = ScriptedServer;
  ScriptedServer server({[](S::Socket& s) {
    boost::asio::streambuf b;
    if (S::read_request(s, b)) S::write(s, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    S::read_request(s, b);
  }});
  HttpClient client(quick_options());
  HttpResponse res = client.send(get(server.url("/c")));
  CHECK(res.status == 200);
  CHECK(res.body == "ok");
}

TEST_CASE("retries: a pooled connection closed under the request is retried at once on a new one", "[net][http][retry]") {
  using S = ScriptedServer;
  ScriptedServer server({
      [](S::Socket& s) {
        boost::asio::streambuf b;
        if (S::read_request(s, b)) S::write(s, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst");
        S::read_request(s, b);  // the second request: read, then closed without an answer
      },
      [](S::Socket& s) {
        boost::asio::streambuf b;
        if (S::read_request(s, b)) S::write(s, "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond");
        S::read_request(s, b);
      },
  });
  auto options = quick_options();
  options.retry.max_attempts = 1;  // the stale retry does not use up an attempt
  HttpClient client(options);
  CHECK(client.send(get(server.url("/1"))).body == "first");
  CHECK(client.send(get(server.url("/2"))).body == "second");
  CHECK(client.stats().retries == 1);
  CHECK(client.stats().reused == 1);
  CHECK(client.stats().connections == 2);
  CHECK(client.stats().gave_up == 0);
}

TEST_CASE("retries: POST is not retried unless marked idempotent", "[net][http][retry]") {
  LoopbackServer server(echo);
  HttpClient client(quick_options());
  HttpRequest post;
  post.method = "POST";
  post.url = server.base_url() + "/insert";
  post.body = "{}";

  SECTION("a 503 is returned as is") {
    Faults faults;
    faults.fail_first = 1;
    server.set_faults(faults);
    CHECK(client.send(post).status == 503);
    CHECK(client.stats().retries == 0);
    CHECK(client.stats().gave_up == 0);
    CHECK(server.fault_counts().requests == 1);
  }
  SECTION("a reset is an HttpError") {
    Faults faults;
    faults.reset_share = 1.0;
    server.set_faults(faults);
    CHECK_THROWS_AS(client.send(post), HttpError);
    CHECK(client.stats().retries == 0);
    CHECK(server.fault_counts().requests == 1);
  }
  SECTION("idempotent = true (e.g. ifGenerationMatch) is retried") {
    Faults faults;
    faults.fail_first = 2;
    server.set_faults(faults);
    post.idempotent = true;
    CHECK(client.send(post).status == 200);
    CHECK(client.stats().retries == 2);
  }
  SECTION("a GET marked idempotent = false is not retried") {
    Faults faults;
    faults.fail_first = 1;
    server.set_faults(faults);
    HttpRequest g = get(server.base_url() + "/g");
    g.idempotent = false;
    CHECK(client.send(g).status == 503);
    CHECK(client.stats().retries == 0);
  }
}

TEST_CASE("timeouts: an attempt slower than request_timeout is retried, then HttpError", "[net][http][timeout]") {
  LoopbackServer server(echo);
  Faults faults;
  faults.latency = 600ms;
  server.set_faults(faults);
  auto options = quick_options();
  options.request_timeout = 100ms;
  options.retry.max_attempts = 2;
  HttpClient client(options);
  HttpRequest req = get(server.base_url() + "/slow/path?access_token=SECRET-QUERY");
  req.headers = {{"Authorization", "Bearer SECRET-HEADER"}};
  try {
    client.send(req);
    FAIL("no exception");
  } catch (const HttpError& e) {
    std::string what = e.what();
    INFO(what);
    CHECK(what.find("GET http://127.0.0.1:" + std::to_string(server.port()) + "/slow/path") != std::string::npos);
    CHECK(what.find("timed out") != std::string::npos);
    CHECK(what.find("SECRET") == std::string::npos);
    CHECK(what.find("access_token") == std::string::npos);
  }
  CHECK(client.stats().retries == 1);
  CHECK(client.stats().gave_up == 1);
}

TEST_CASE("timeouts: slow bodies within request_timeout arrive whole", "[net][http][timeout]") {
  const std::string body = big_body(64 * 1024);
  LoopbackServer server([&](const ServerRequest&) { return ServerResponse{200, {}, body}; });
  Faults faults;
  faults.slow_body_chunk_delay = 5ms;
  server.set_faults(faults);
  HttpClient client(quick_options());
  HttpResponse res = client.send(get(server.base_url() + "/slow"));
  CHECK(res.body == body);
  CHECK(client.stats().retries == 0);
}

TEST_CASE("large bodies within max_body_bytes are read whole", "[net][http]") {
  const std::string body = big_body(12 * 1024 * 1024);
  LoopbackServer server([&](const ServerRequest&) { return ServerResponse{200, {}, body}; });
  HttpClient client(quick_options());
  HttpResponse res = client.send(get(server.base_url() + "/big"));
  CHECK(res.body.size() == body.size());
  CHECK(res.body == body);
}

TEST_CASE("limits: a body larger than the request accepts is HttpBodyTooLarge, and not retried", "[net][http][limits]") {
  const std::string body = big_body(3 * 1024 * 1024);
  std::atomic<int> served{0};
  LoopbackServer server([&](const ServerRequest&) {
    ++served;
    return ServerResponse{200, {}, body};
  });
  HttpClient client(quick_options());
  HttpRequest req = get(server.base_url() + "/big");
  req.max_body_bytes = 1024 * 1024;
  CHECK_THROWS_AS(client.send(req), nbaraw::net::HttpBodyTooLarge);
  CHECK_THROWS_WITH(client.send(req), Catch::Contains("larger than 1048576 bytes"));
  CHECK(served == 2);  // once per send: a limit is no transient fault
  req.max_body_bytes = body.size();
  CHECK(client.send(req).body == body);

  // The client's own limit applies to every request that sets none.
  auto options = quick_options();
  options.max_body_bytes = 1000;
  HttpClient strict(options);
  CHECK_THROWS_AS(strict.send(get(server.base_url() + "/big")), nbaraw::net::HttpBodyTooLarge);
}

TEST_CASE("limits: a gzip body that decodes past the limit stops there: HttpBodyTooLarge", "[net][http][limits][gzip]") {
  // 64 MiB of zeros in ~64 KiB: decoding stops at the request's limit instead of holding it all.
  const std::string bomb = nbaraw::gzip(std::string(std::size_t(64) << 20, '\0'));
  std::atomic<int> served{0};
  LoopbackServer server([&](const ServerRequest&) {
    ++served;
    return ServerResponse{200, {{"Content-Encoding", "gzip"}}, bomb};
  });
  HttpClient client(quick_options());
  HttpRequest req = get(server.base_url() + "/bomb");
  req.max_body_bytes = std::uint64_t(4) << 20;
  CHECK_THROWS_WITH(client.send(req), Catch::Contains("decodes to more than 4194304 bytes"));
  CHECK(served == 1);
}

TEST_CASE("limits: the request's deadline bounds every attempt and every retry: HttpDeadlineExceeded",
          "[net][http][limits][timeout]") {
  const std::string body = big_body(256 * 1024);
  LoopbackServer server([&](const ServerRequest&) { return ServerResponse{200, {}, body}; });
  Faults faults;
  faults.slow_body_chunk_delay = 50ms;  // 64 chunks: ~3 s, well within request_timeout
  server.set_faults(faults);
  HttpClient client(quick_options());
  HttpRequest req = get(server.base_url() + "/drip");
  req.deadline = std::chrono::steady_clock::now() + 400ms;
  const auto started = std::chrono::steady_clock::now();
  CHECK_THROWS_AS(client.send(req), nbaraw::net::HttpDeadlineExceeded);
  CHECK(std::chrono::steady_clock::now() - started < 2s);

  // Retries stop at the deadline too, long before max_attempts.
  LoopbackServer failing([](const ServerRequest&) { return ServerResponse{503, {}, "busy"}; });
  auto options = quick_options();
  options.retry.max_attempts = 1000;
  options.retry.initial_backoff = 100ms;
  options.retry.max_backoff = 100ms;
  HttpClient patient(options);
  HttpRequest busy = get(failing.base_url() + "/busy");
  // Long enough that a loaded machine still gets its first answer (the 503 the message names) in time.
  busy.deadline = std::chrono::steady_clock::now() + 1s;
  CHECK_THROWS_WITH(patient.send(busy), Catch::Contains("deadline passed") && Catch::Contains("HTTP 503"));
  CHECK(patient.stats().requests < 100);  // jittered 0-100 ms backoffs for 1 s: far below the 1000 allowed
}

TEST_CASE("retries: a request's own retry policy replaces the client's", "[net][http][retry]") {
  LoopbackServer server(echo);
  Faults faults;
  faults.fail_first = 8;
  server.set_faults(faults);
  HttpClient client(quick_options());  // 6 attempts
  CHECK(client.send(get(server.base_url() + "/a")).status == 503);
  HttpRequest patient = get(server.base_url() + "/b");
  patient.retry = quick_options().retry;
  patient.retry->max_attempts = 12;
  CHECK(client.send(patient).status == 200);  // the 7th and 8th failures, then the answer
}

TEST_CASE("connection refused is retried, then HttpError", "[net][http][retry]") {
  auto options = quick_options();
  options.retry.max_attempts = 3;
  HttpClient client(options);
  const std::string url = "http://127.0.0.1:" + std::to_string(closed_port()) + "/x";
  try {
    client.send(get(url));
    FAIL("no exception");
  } catch (const HttpError& e) {
    std::string what = e.what();
    CHECK(what.find("cannot connect") != std::string::npos);
    CHECK(what.find("3 attempts") != std::string::npos);
  }
  CHECK(client.stats().retries == 2);
  CHECK(client.stats().gave_up == 1);
  CHECK(client.stats().connections == 0);
}

TEST_CASE("TLS: the test CA as ca_file verifies the 127.0.0.1 certificate", "[net][http][tls]") {
  LoopbackServer server(echo, tls_server_options());
  TempDir dir;
  auto options = quick_options();
  options.ca_file = dir.write("ca.pem", pki().ca_cert_pem).string();
  HttpClient client(options);
  REQUIRE(server.base_url().rfind("https://127.0.0.1:", 0) == 0);
  for (int i = 0; i < 5; ++i) CHECK(client.send(get(server.base_url() + "/secure")).body == "GET /secure");
  CHECK(client.stats().connections == 1);
  CHECK(client.stats().reused == 4);
}

TEST_CASE("TLS: a host name (localhost: SNI and DNS SAN) verifies too", "[net][http][tls]") {
  LoopbackServer server(echo, tls_server_options());
  TempDir dir;
  auto options = quick_options();
  options.ca_file = dir.write("ca.pem", pki().ca_cert_pem).string();
  HttpClient client(options);
  HttpResponse res = client.send(get("https://localhost:" + std::to_string(server.port()) + "/named"));
  CHECK(res.body == "GET /named");
  CHECK(server.requests().at(0).headers.at("host") == "localhost:" + std::to_string(server.port()));
}

TEST_CASE("TLS: $NBARAW_CA_FILE adds the CA when options.ca_file is empty", "[net][http][tls]") {
  LoopbackServer server(echo, tls_server_options());
  TempDir dir;
  const auto ca = dir.write("ca.pem", pki().ca_cert_pem).string();
  ::setenv("NBARAW_CA_FILE", ca.c_str(), 1);
  std::unique_ptr<HttpClient> client;
  try {
    client = std::make_unique<HttpClient>(quick_options());
  } catch (...) {
    ::unsetenv("NBARAW_CA_FILE");
    throw;
  }
  ::unsetenv("NBARAW_CA_FILE");
  CHECK(client->send(get(server.base_url() + "/env")).status == 200);
}

TEST_CASE("TLS: without the test CA the handshake is refused with HttpError", "[net][http][tls]") {
  LoopbackServer server(echo, tls_server_options());
  HttpClient client(quick_options());  // the system trust store only
  try {
    client.send(get(server.base_url() + "/secure?sig=SECRET"));
    FAIL("no exception");
  } catch (const HttpError& e) {
    std::string what = e.what();
    INFO(what);
    CHECK(what.find("certificate verify failed") != std::string::npos);
    CHECK(what.find("https://127.0.0.1:" + std::to_string(server.port()) + "/secure") != std::string::npos);
    CHECK(what.find("SECRET") == std::string::npos);
  }
  CHECK(client.stats().retries == 0);  // a refused certificate is not transient
  CHECK(server.requests().empty());
}

TEST_CASE("TLS: a CA file that cannot be read fails at construction", "[net][http][tls]") {
  auto options = quick_options();
  options.ca_file = "/nonexistent/ca.pem";
  CHECK_THROWS_AS(HttpClient(options), HttpError);
}

TEST_CASE("TLS: an https client does not talk TLS to a plain server for long", "[net][http][tls]") {
  LoopbackServer server(echo);
  auto options = quick_options();
  options.retry.max_attempts = 2;
  HttpClient client(options);
  CHECK_THROWS_AS(client.send(get("https://127.0.0.1:" + std::to_string(server.port()) + "/")), HttpError);
}

TEST_CASE("plain http: refused to a non-loopback host unless allow_plain_http", "[net][http]") {
  HttpClient client(quick_options());
  for (std::string url : {"http://example.com/x?token=SECRET", "http://169.254.169.254/computeMetadata/v1/",
                          "http://metadata.google.internal/computeMetadata/v1/", "http://10.0.0.1:8080/"}) {
    try {
      client.send(get(url));
      FAIL("no exception for " << url);
    } catch (const HttpError& e) {
      std::string what = e.what();
      CHECK(what.find("plain http") != std::string::npos);
      CHECK(what.find("SECRET") == std::string::npos);
    }
  }
  CHECK(client.stats().requests == 0);

  SECTION("loopback names are always allowed") {
    LoopbackServer server(echo);
    for (std::string host : {"127.0.0.1", "localhost"})
      CHECK(client.send(get("http://" + host + ":" + std::to_string(server.port()) + "/")).status == 200);
  }
  SECTION("allow_plain_http lets the metadata address through the policy (it then fails to connect here)") {
    auto options = quick_options();
    options.allow_plain_http = true;
    options.connect_timeout = 200ms;
    options.retry.max_attempts = 1;
    HttpClient open(options);
    try {
      open.send(get("http://169.254.169.254/computeMetadata/v1/"));
      SUCCEED("a metadata server answered");
    } catch (const HttpError& e) {
      CHECK(std::string(e.what()).find("plain http") == std::string::npos);
    }
  }
}

TEST_CASE("bad URLs and headers are HttpErrors that do not echo secrets", "[net][http]") {
  HttpClient client(quick_options());
  for (std::string url : {"ftp://example.com/x", "example.com/x", "https://user:SECRET@example.com/",
                          "https:///path", "http://127.0.0.1:99999/", "http://127.0.0.1:x/", "https://[::1/x",
                          "http://127.0.0.1/a b?token=SECRET"}) {
    try {
      client.send(get(url));
      FAIL("no exception for " << url);
    } catch (const HttpError& e) {
      CHECK(std::string(e.what()).find("SECRET") == std::string::npos);
    }
  }
  LoopbackServer server(echo);
  HttpRequest req = get(server.base_url() + "/");
  req.headers = {{"Authorization", "Bearer SECRET\r\nX-Injected: 1"}};
  try {
    client.send(req);
    FAIL("no exception");
  } catch (const HttpError& e) {
    CHECK(std::string(e.what()).find("SECRET") == std::string::npos);
  }
  req.headers = {{"Bad Name", "v"}};
  CHECK_THROWS_AS(client.send(req), HttpError);
  CHECK(server.requests().empty());
}
