#pragma once
// The HTTP client. Design: every pooled connection owns its own io_context and stream (plain or TLS), so an
// attempt runs its async steps (each with a deadline: beast::tcp_stream::expires_at) by restarting and running
// that io_context in the calling thread. send() is thus synchronous and thread-safe; only the pool of idle
// connections is shared, under a mutex.
#include <nbaraw/detail/gzip.hpp>
#include <nbaraw/net/http_client.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <fmt/format.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>
#include <poll.h>

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <map>
#include <mutex>
#include <thread>

namespace nbaraw::net {

namespace detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = boost::asio::ip::tcp;
using error_code = boost::system::error_code;
using Clock = std::chrono::steady_clock;

inline char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

inline bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return ascii_lower(x) == ascii_lower(y);
         });
}

inline std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

inline bool has_header(const Headers& headers, std::string_view name) {
  return std::any_of(headers.begin(), headers.end(), [&](const auto& h) { return iequals(h.first, name); });
}

/// An absolute http(s) URL taken apart. The query is kept only in `target`, which never reaches a message.
struct ParsedUrl {
  std::string scheme;  ///< "http" or "https", lower case
  std::string host;    ///< lower case, IPv6 without brackets
  unsigned short port = 0;
  std::string target;  ///< path?query as sent
  bool tls = false;
  bool ip_literal = false;

  std::string host_port() const {
    bool v6 = host.find(':') != std::string::npos;
    return fmt::format("{}{}{}:{}", v6 ? "[" : "", host, v6 ? "]" : "", port);
  }
  std::string host_header() const {
    bool v6 = host.find(':') != std::string::npos;
    std::string h = v6 ? "[" + host + "]" : host;
    if (port != (tls ? 443 : 80)) h += fmt::format(":{}", port);
    return h;
  }
  std::string pool_key() const { return scheme + "://" + host_port(); }
  std::string path() const { return target.substr(0, target.find('?')); }
  /// "GET https://host:port/path": what error messages show (no query string, it may carry tokens).
  std::string display(std::string_view method) const {
    return fmt::format("{} {}://{}{}", method, scheme, host_port(), path());
  }
};

inline ParsedUrl parse_url(std::string_view url, std::string_view method) {
  auto fail = [&](std::string_view why) -> HttpError {
    return HttpError(fmt::format("{}: invalid URL: {}", method, why));
  };
  ParsedUrl out;
  auto sep = url.find("://");
  if (sep == std::string_view::npos) throw fail("no scheme (expected http:// or https://)");
  for (char c : url.substr(0, sep)) out.scheme += ascii_lower(c);
  if (out.scheme == "https")
    out.tls = true;
  else if (out.scheme != "http")
    throw fail(fmt::format("unsupported scheme '{}'", out.scheme.substr(0, 16)));
  std::string_view rest = url.substr(sep + 3);
  auto authority_end = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, authority_end);
  std::string_view target = authority_end == std::string_view::npos ? std::string_view{} : rest.substr(authority_end);
  if (auto hash = target.find('#'); hash != std::string_view::npos) target = target.substr(0, hash);
  if (authority.find('@') != std::string_view::npos) throw fail("credentials in the URL are not supported");
  std::string_view host, port;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos) throw fail("unterminated IPv6 address");
    host = authority.substr(1, close - 1);
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') throw fail("unexpected characters after the IPv6 address");
      port = after.substr(1);
    }
  } else {
    auto colon = authority.find(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  if (host.empty()) throw fail("no host");
  for (char c : host) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f || c == '/' || c == '\\' || c == '%') throw fail("invalid character in the host");
    out.host += ascii_lower(c);
  }
  error_code ec;
  auto address = asio::ip::make_address(out.host, ec);
  out.ip_literal = !ec;
  if (!out.ip_literal && out.host.find(':') != std::string::npos) throw fail("invalid IPv6 address");
  (void)address;
  if (port.empty()) {
    out.port = out.tls ? 443 : 80;
  } else {
    unsigned value = 0;
    if (port.size() > 5) throw fail("invalid port");
    for (char c : port) {
      if (c < '0' || c > '9') throw fail("invalid port");
      value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value == 0 || value > 65535) throw fail("invalid port");
    out.port = static_cast<unsigned short>(value);
  }
  if (target.empty() || target.front() == '?') out.target = "/";
  out.target += std::string(target);
  for (char c : out.target) {
    auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f) throw fail("the path or query has characters that are not percent-encoded");
  }
  return out;
}

/// 127.0.0.0/8, ::1 (also as ::ffff:127.x.y.z) and "localhost".
inline bool is_loopback_host(const std::string& host) {
  if (host == "localhost") return true;
  error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (ec) return false;
  if (address.is_v4()) return address.to_v4().to_bytes()[0] == 127;
  auto v6 = address.to_v6();
  if (v6.is_loopback()) return true;
  return v6.is_v4_mapped() && asio::ip::make_address_v4(asio::ip::v4_mapped, v6).to_bytes()[0] == 127;
}

inline bool default_idempotent(std::string_view method) {
  for (std::string_view m : {"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"})
    if (iequals(method, m)) return true;
  return false;
}

inline bool is_token_char(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

inline bool is_token(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), is_token_char); }

/// A connection with its own io_context: one thread uses it at a time (it is checked out of the pool).
struct Connection {
  Connection(bool use_tls, ssl::context& ctx) : ioc(1) {
    if (use_tls)
      tls.emplace(ioc, ctx);
    else
      plain.emplace(ioc);
  }
  asio::io_context ioc;  // declared first: destroyed after the streams
  std::optional<beast::ssl_stream<beast::tcp_stream>> tls;
  std::optional<beast::tcp_stream> plain;
  beast::flat_buffer buffer;
  Clock::time_point idle_since{};

  beast::tcp_stream& lowest() { return tls ? beast::get_lowest_layer(*tls) : *plain; }

  /// Starts one async operation (start(handler)) and runs the io_context until it is done.
  template <class Start>
  error_code run(Start&& start) {
    error_code result = asio::error::operation_aborted;
    start([&result](error_code ec, auto&&...) { result = ec; });
    ioc.restart();
    ioc.run();
    return result;
  }

  /// True when an idle connection has nothing to read: no EOF, no reset, no stray bytes from the server.
  bool looks_alive() {
    auto& socket = lowest().socket();
    if (!socket.is_open()) return false;
    pollfd p{};
    p.fd = socket.native_handle();
    p.events = POLLIN;
    int rc = ::poll(&p, 1, 0);
    return rc == 0;
  }

  void close(bool graceful, std::chrono::milliseconds shutdown_timeout) {
    error_code ec;
    auto& socket = lowest().socket();
    if (!socket.is_open()) return;
    if (tls && graceful) {
      // close_notify, and the peer's when it comes quickly; stream_truncated / eof are the usual answers.
      lowest().expires_after(shutdown_timeout);
      (void)run([this](auto handler) { tls->async_shutdown(std::move(handler)); });
    }
    if (socket.is_open()) {
      socket.shutdown(tcp::socket::shutdown_both, ec);
      socket.close(ec);
    }
  }
};

/// What one attempt came to.
struct Attempt {
  enum Kind { response, transient, fatal } kind = fatal;
  HttpResponse res;
  std::string cause;   ///< for errors: what went wrong, without secrets
  bool stale = false;  ///< a pooled connection that was closed under us before any response byte
  bool too_large = false;  ///< the body passed the request's limit: fatal, and said so
};

/// What one attempt may take: when it must end, and the largest body it accepts.
struct AttemptLimits {
  Clock::time_point connect_deadline;
  Clock::time_point deadline;
  std::uint64_t max_body_bytes = 0;
};

inline bool is_transient_transport_error(const error_code& ec) {
  namespace e = asio::error;
  if (ec == beast::error::timeout || ec == http::error::end_of_stream || ec == http::error::partial_message ||
      ec == ssl::error::stream_truncated)
    return true;
  return ec == e::eof || ec == e::connection_reset || ec == e::connection_refused || ec == e::connection_aborted ||
         ec == e::broken_pipe || ec == e::timed_out || ec == e::network_unreachable || ec == e::host_unreachable ||
         ec == e::network_down || ec == e::network_reset || ec == e::not_connected || ec == e::try_again ||
         ec == e::host_not_found_try_again || ec == e::shut_down;
}

/// The server closed the connection (as opposed to being slow or sending garbage).
inline bool is_closed_error(const error_code& ec) {
  namespace e = asio::error;
  return ec == http::error::end_of_stream || ec == ssl::error::stream_truncated || ec == e::eof ||
         ec == e::connection_reset || ec == e::connection_aborted || ec == e::broken_pipe || ec == e::not_connected ||
         ec == e::shut_down;
}

inline std::string describe(const error_code& ec) {
  if (ec == beast::error::timeout) return "timed out";
  if (ec == http::error::partial_message) return "the response was cut short (truncated body)";
  if (ec == http::error::end_of_stream || ec == asio::error::eof) return "the server closed the connection";
  if (ec == ssl::error::stream_truncated) return "the server closed the TLS stream without close_notify";
  return ec.message();
}

}  // namespace detail

NBARAW_DECL std::optional<std::string_view> HttpResponse::header(std::string_view name) const {
  for (const auto& [key, value] : headers)
    if (detail::iequals(key, name)) return std::string_view(value);
  return std::nullopt;
}

struct HttpClient::Impl {
  using Connection = detail::Connection;
  using Attempt = detail::Attempt;
  using Clock = detail::Clock;
  using error_code = detail::error_code;

  const HttpClientOptions& options;
  HttpStats& stats;
  detail::ssl::context ssl_ctx{detail::ssl::context::tls_client};
  std::mutex pool_mutex;
  std::map<std::string, std::deque<std::unique_ptr<Connection>>> idle;
  std::mutex rng_mutex;
  std::mt19937_64 rng{std::random_device{}()};

  Impl(const HttpClientOptions& opts, HttpStats& st) : options(opts), stats(st) {
    SSL_CTX_set_min_proto_version(ssl_ctx.native_handle(), TLS1_2_VERSION);
    error_code ec;
    ssl_ctx.set_default_verify_paths(ec);  // an empty system store only means fewer trusted CAs
    std::string ca_file = options.ca_file;
    if (ca_file.empty())
      if (const char* env = std::getenv("NBARAW_CA_FILE")) ca_file = env;
    if (!ca_file.empty()) {
      ssl_ctx.load_verify_file(ca_file, ec);
      if (ec) throw HttpError(fmt::format("cannot load the CA file {}: {}", ca_file, ec.message()));
    }
    ssl_ctx.set_verify_mode(options.verify_tls ? detail::ssl::verify_peer : detail::ssl::verify_none);
  }

  ~Impl() {
    std::vector<std::unique_ptr<Connection>> all;
    {
      std::lock_guard lock(pool_mutex);
      for (auto& [key, list] : idle)
        for (auto& c : list) all.push_back(std::move(c));
      idle.clear();
    }
    close_all(all);
  }

  std::chrono::milliseconds shutdown_timeout() const {
    return std::min(options.connect_timeout, std::chrono::milliseconds{250});
  }

  void close_all(std::vector<std::unique_ptr<Connection>>& list) {
    for (auto& c : list) c->close(true, shutdown_timeout());
    list.clear();
  }

  /// Drops idle connections past idle_timeout (from the front: the oldest). Under pool_mutex.
  void prune_locked(Clock::time_point now, std::vector<std::unique_ptr<Connection>>& to_close) {
    for (auto it = idle.begin(); it != idle.end();) {
      auto& list = it->second;
      while (!list.empty() && now - list.front()->idle_since > options.idle_timeout) {
        to_close.push_back(std::move(list.front()));
        list.pop_front();
      }
      it = list.empty() ? idle.erase(it) : std::next(it);
    }
  }

  std::unique_ptr<Connection> acquire(const std::string& key) {
    std::vector<std::unique_ptr<Connection>> to_close;
    std::unique_ptr<Connection> found;
    {
      std::lock_guard lock(pool_mutex);
      prune_locked(Clock::now(), to_close);
      if (auto it = idle.find(key); it != idle.end()) {
        auto& list = it->second;
        while (!list.empty() && !found) {  // the most recently used first
          auto c = std::move(list.back());
          list.pop_back();
          if (c->looks_alive())
            found = std::move(c);
          else
            to_close.push_back(std::move(c));
        }
        if (list.empty()) idle.erase(it);
      }
    }
    close_all(to_close);
    return found;
  }

  void release(const std::string& key, std::unique_ptr<Connection> c) {
    std::vector<std::unique_ptr<Connection>> to_close;
    auto now = Clock::now();
    c->idle_since = now;
    {
      std::lock_guard lock(pool_mutex);
      auto& list = idle[key];
      list.push_back(std::move(c));
      while (list.size() > options.max_idle_per_host) {
        to_close.push_back(std::move(list.front()));
        list.pop_front();
      }
      prune_locked(now, to_close);
    }
    close_all(to_close);
  }

  /// Resolve, connect and (https) handshake, within connect_timeout.
  Attempt open(Connection& c, const detail::ParsedUrl& url, const detail::AttemptLimits& limits) {
    namespace asio = detail::asio;
    Attempt out;
    const auto deadline = limits.connect_deadline;
    error_code ec;
    std::vector<detail::tcp::endpoint> endpoints;
    if (url.ip_literal) {
      endpoints.emplace_back(asio::ip::make_address(url.host), url.port);
    } else {
      // Synchronous getaddrinfo in this thread (no resolver thread per io_context); the system resolver's
      // own timeouts apply.
      detail::tcp::resolver resolver(c.ioc);
      auto results = resolver.resolve(url.host, std::to_string(url.port), ec);
      if (ec) {
        out.kind = detail::is_transient_transport_error(ec) ? Attempt::transient : Attempt::fatal;
        out.cause = "cannot resolve the host: " + ec.message();
        return out;
      }
      for (const auto& entry : results) endpoints.push_back(entry.endpoint());
    }
    c.lowest().expires_at(deadline);
    ec = c.run([&](auto handler) { c.lowest().async_connect(endpoints, std::move(handler)); });
    if (ec) {
      out.kind = detail::is_transient_transport_error(ec) ? Attempt::transient : Attempt::fatal;
      out.cause = "cannot connect: " + detail::describe(ec);
      return out;
    }
    stats.connections.fetch_add(1, std::memory_order_relaxed);
    if (c.tls) {
      SSL* ssl = c.tls->native_handle();
      X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
      if (url.ip_literal) {
        // An IP literal: no SNI (RFC 6066), the certificate must carry it as an IP address SAN.
        X509_VERIFY_PARAM_set1_ip_asc(param, url.host.c_str());
      } else {
        SSL_set_tlsext_host_name(ssl, url.host.c_str());
        X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
        X509_VERIFY_PARAM_set1_host(param, url.host.c_str(), url.host.size());
      }
      c.lowest().expires_at(deadline);
      ec = c.run([&](auto handler) { c.tls->async_handshake(detail::ssl::stream_base::client, std::move(handler)); });
      if (ec) {
        if (ec.category() == asio::error::get_ssl_category()) {
          out.kind = Attempt::fatal;  // a refused certificate or no common protocol: retrying will not help
          long verify = SSL_get_verify_result(ssl);
          out.cause = verify != X509_V_OK
                          ? fmt::format("TLS handshake failed: certificate verify failed ({})",
                                        X509_verify_cert_error_string(verify))
                          : "TLS handshake failed: " + ec.message();
        } else {
          out.kind = detail::is_transient_transport_error(ec) ? Attempt::transient : Attempt::fatal;
          out.cause = "TLS handshake failed: " + detail::describe(ec);
        }
        return out;
      }
    }
    out.kind = Attempt::response;
    return out;
  }

  template <class Stream>
  Attempt exchange(Connection& c, Stream& stream, const detail::http::request<detail::http::string_body>& req,
                   bool head, bool reused, const detail::AttemptLimits& limits, bool& keep) {
    namespace http = detail::http;
    Attempt out;
    keep = false;
    const auto deadline = limits.deadline;  // the whole attempt: write and read
    c.lowest().expires_at(deadline);
    error_code ec = c.run([&](auto handler) { http::async_write(stream, req, std::move(handler)); });
    if (ec) {
      out.kind = detail::is_transient_transport_error(ec) ? Attempt::transient : Attempt::fatal;
      out.stale = reused && detail::is_closed_error(ec);
      out.cause = "cannot send the request: " + detail::describe(ec);
      return out;
    }
    std::optional<http::response_parser<http::string_body>> parser;
    for (;;) {
      parser.emplace();
      parser->body_limit(limits.max_body_bytes);
      parser->header_limit(64 * 1024);
      if (head) parser->skip(true);
      c.lowest().expires_at(deadline);
      ec = c.run([&](auto handler) { http::async_read(stream, c.buffer, *parser, std::move(handler)); });
      if (ec) break;
      unsigned status = parser->get().result_int();
      if (status < 100 || status >= 200 || status == 101) break;  // skip interim 1xx answers
    }
    if (ec == http::error::body_limit) {
      out.kind = Attempt::fatal;
      out.too_large = true;
      out.cause = fmt::format("the response body is larger than {} bytes, the most this request accepts", limits.max_body_bytes);
      return out;
    }
    if (ec) {
      bool nothing_received = !parser->got_some() && c.buffer.size() == 0;
      out.kind = detail::is_transient_transport_error(ec) ? Attempt::transient : Attempt::fatal;
      out.stale = reused && nothing_received && detail::is_closed_error(ec);
      out.cause = "cannot read the response: " + detail::describe(ec);
      if (ec.category() == detail::asio::error::get_ssl_category()) out.kind = Attempt::transient;
      return out;
    }
    auto& msg = parser->get();
    out.kind = Attempt::response;
    out.res.status = msg.result_int();
    for (const auto& field : msg) out.res.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    out.res.body = std::move(msg.body());
    stats.bytes_received.fetch_add(out.res.body.size(), std::memory_order_relaxed);
    keep = msg.keep_alive() && !parser->need_eof() && c.buffer.size() == 0;
    return out;
  }

  /// One attempt: a connection from the pool (or a new one), the request, the whole response.
  Attempt attempt(const detail::ParsedUrl& url, const std::string& key,
                  const detail::http::request<detail::http::string_body>& req, bool head, bool fresh_only,
                  const detail::AttemptLimits& limits) {
    std::unique_ptr<Connection> c = fresh_only ? nullptr : acquire(key);
    bool reused = c != nullptr;
    if (reused) {
      stats.reused.fetch_add(1, std::memory_order_relaxed);
    } else {
      c = std::make_unique<Connection>(url.tls, ssl_ctx);
      Attempt opened = open(*c, url, limits);
      if (opened.kind != Attempt::response) {
        c->close(false, {});
        return opened;
      }
    }
    bool keep = false;
    Attempt out = c->tls ? exchange(*c, *c->tls, req, head, reused, limits, keep)
                         : exchange(*c, *c->plain, req, head, reused, limits, keep);
    if (keep) {
      c->buffer.clear();
      release(key, std::move(c));
    } else if (out.kind == Attempt::response) {
      c->close(true, shutdown_timeout());  // the server asked to close (or the body ran to EOF)
    } else {
      c->close(false, {});
    }
    return out;
  }

  std::chrono::milliseconds next_delay(const RetryPolicy& policy, unsigned attempt,
                                       std::optional<std::chrono::milliseconds> retry_after) {
    std::lock_guard lock(rng_mutex);
    return backoff_delay(policy, attempt, rng, retry_after);
  }
};

NBARAW_DECL HttpClient::HttpClient(HttpClientOptions options)
    : options_(std::move(options)), impl_(std::make_unique<Impl>(options_, stats_)) {}

NBARAW_DECL HttpClient::~HttpClient() = default;

NBARAW_DECL HttpResponse HttpClient::send(const HttpRequest& request) {
  namespace http = detail::http;
  using Attempt = detail::Attempt;
  using Clock = detail::Clock;

  const std::string& method = request.method;
  if (!detail::is_token(method)) throw HttpError("invalid HTTP method");
  const detail::ParsedUrl url = detail::parse_url(request.url, method);
  const std::string where = url.display(method);
  if (!url.tls && !options_.allow_plain_http && !detail::is_loopback_host(url.host))
    throw HttpError(fmt::format("{}: plain http:// is only allowed to loopback hosts (allow_plain_http is off)", where));

  // The request, built once for every attempt.
  http::request<http::string_body> req;
  req.version(11);
  if (auto verb = http::string_to_verb(method); verb != http::verb::unknown)
    req.method(verb);
  else
    req.method_string(method);
  req.target(url.target);
  req.set(http::field::host, url.host_header());
  for (const auto& [name, value] : request.headers) {
    if (!detail::is_token(name)) throw HttpError(fmt::format("{}: invalid header name", where));
    if (value.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos)
      throw HttpError(fmt::format("{}: the value of header {} has a line break or NUL", where, name));
    if (detail::iequals(name, "host") || detail::iequals(name, "content-length") ||
        detail::iequals(name, "transfer-encoding"))
      continue;  // the client's own
    req.insert(name, value);
  }
  if (!detail::has_header(request.headers, "user-agent") && !options_.user_agent.empty())
    req.set(http::field::user_agent, options_.user_agent);
  const bool caller_accept_encoding = detail::has_header(request.headers, "accept-encoding");
  const bool decode = options_.decode_gzip && !caller_accept_encoding;
  if (decode) req.set(http::field::accept_encoding, "gzip");
  req.body() = request.body;
  req.prepare_payload();

  const bool head = detail::iequals(method, "HEAD");
  const bool idempotent = request.idempotent.value_or(detail::default_idempotent(method));
  const std::string key = url.pool_key();
  const RetryPolicy& policy = request.retry ? *request.retry : options_.retry;
  const unsigned max_attempts = std::max(1u, policy.max_attempts);
  const auto start = Clock::now();
  const std::uint64_t max_body = request.max_body_bytes.value_or(options_.max_body_bytes);
  const auto deadline = request.deadline.value_or(Clock::time_point::max());
  auto deadline_passed = [&](std::string_view cause, unsigned attempts) {
    stats_.gave_up.fetch_add(1, std::memory_order_relaxed);
    return HttpDeadlineExceeded(fmt::format("{}: the request's deadline passed after {} attempt{} (last: {})", where, attempts,
                                            attempts == 1 ? "" : "s", cause));
  };

  unsigned attempt = 0;  // attempts that count against max_attempts
  bool first = true, fresh_only = false, stale_retry_used = false;
  for (;;) {
    const auto now = Clock::now();
    if (now >= deadline) throw deadline_passed("no time left for an attempt", attempt);
    ++attempt;
    if (!first) stats_.retries.fetch_add(1, std::memory_order_relaxed);
    first = false;
    stats_.requests.fetch_add(1, std::memory_order_relaxed);
    detail::AttemptLimits limits{std::min(deadline, now + options_.connect_timeout),
                                 std::min(deadline, now + options_.request_timeout), max_body};
    Attempt result = impl_->attempt(url, key, req, head, fresh_only, limits);
    fresh_only = false;
    if (result.too_large) throw HttpBodyTooLarge(fmt::format("{}: {}", where, result.cause));
    if (result.kind == Attempt::transient && Clock::now() >= deadline) throw deadline_passed(result.cause, attempt);

    if (result.kind == Attempt::response && decode && !result.res.body.empty()) {
      auto encoding = result.res.header("content-encoding");
      if (encoding && (detail::iequals(detail::trim_ows(*encoding), "gzip") ||
                       detail::iequals(detail::trim_ows(*encoding), "x-gzip"))) {
        try {
          result.res.body = gunzip(result.res.body, std::size_t(std::min<std::uint64_t>(max_body, SIZE_MAX)));
          auto& hs = result.res.headers;
          hs.erase(std::remove_if(hs.begin(), hs.end(),
                                  [](const auto& h) { return detail::iequals(h.first, "content-encoding"); }),
                   hs.end());
          for (auto& h : hs)
            if (detail::iequals(h.first, "content-length")) h.second = std::to_string(result.res.body.size());
        } catch (const DecompressLimitExceeded&) {
          throw HttpBodyTooLarge(fmt::format("{}: the gzip body decodes to more than {} bytes, the most this request accepts",
                                             where, max_body));
        } catch (const DecompressError& e) {
          result.kind = Attempt::transient;  // most often a body cut short
          result.cause = std::string("the gzip body cannot be decoded: ") + e.what();
        }
      }
    }

    if (result.kind == Attempt::response && (!idempotent || !is_retryable_status(result.res.status)))
      return std::move(result.res);
    if (result.kind == Attempt::fatal) throw HttpError(fmt::format("{}: {}", where, result.cause));
    if (result.kind == Attempt::transient && !idempotent)
      throw HttpError(fmt::format("{}: {} (not retried: the request is not idempotent)", where, result.cause));

    // A pooled connection the server had closed: retry at once on a new one, without using up an attempt.
    if (result.stale && !stale_retry_used && Clock::now() - start < policy.total_budget) {
      stale_retry_used = true;
      fresh_only = true;
      --attempt;
      continue;
    }

    std::optional<std::chrono::milliseconds> retry_after;
    if (result.kind == Attempt::response)
      if (auto hint = result.res.header("retry-after")) retry_after = parse_retry_after(*hint);
    bool give_up = attempt >= max_attempts;
    std::chrono::milliseconds delay{0};
    if (!give_up) {
      delay = impl_->next_delay(policy, attempt, retry_after);
      give_up = Clock::now() + delay - start > policy.total_budget;
      if (!give_up && Clock::now() + delay >= deadline)
        throw deadline_passed(result.kind == Attempt::response ? fmt::format("HTTP {}", result.res.status) : result.cause, attempt);
    }
    if (give_up) {
      stats_.gave_up.fetch_add(1, std::memory_order_relaxed);
      if (result.kind == Attempt::response) return std::move(result.res);
      throw HttpError(fmt::format("{}: {} (gave up after {} attempt{})", where, result.cause, attempt,
                                  attempt == 1 ? "" : "s"));
    }
    if (delay.count() > 0) std::this_thread::sleep_for(delay);
  }
}

NBARAW_DECL std::string percent_encode(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += hex[u >> 4];
      out += hex[u & 0x0f];
    }
  }
  return out;
}

NBARAW_DECL std::string form_encode(const Headers& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '&';
    out += percent_encode(name);
    out += '=';
    out += percent_encode(value);
  }
  return out;
}

}  // namespace nbaraw::net
