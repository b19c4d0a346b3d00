// The loopback HTTP/1.1 test server (see loopback_server.hpp): Boost.Beast over C++20 coroutines, one
// strand per connection, N io threads, fault injection decided per request under a mutex.
#include "support/loopback_server.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <exception>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>

namespace nbaraw::test {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using boost::system::error_code;

constexpr std::size_t kChunk = 4096;
constexpr auto kIdleTimeout = std::chrono::seconds(60);
constexpr auto kIoTimeout = std::chrono::seconds(60);

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string reason_for(unsigned status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 408: return "Request Timeout";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Injected Error";
  }
}

std::string error_json(unsigned status, std::string_view message) {
  std::string m;
  for (char c : message) {
    if (c == '"' || c == '\\') m += '\\';
    if (static_cast<unsigned char>(c) < 0x20) continue;
    m += c;
  }
  const std::string code = std::to_string(status);
  return R"({"error":{"code":)" + code + R"(,"message":")" + m + R"(","errors":[{"domain":"global","reason":"backendError","message":")" +
         m + R"("}]}})";
}

enum class Action { answer, error, reset, truncate };

struct Decision {
  Action action = Action::answer;
  std::chrono::milliseconds latency{0};
  std::chrono::milliseconds slow_chunk_delay{0};
  unsigned error_status = 503;
  std::optional<unsigned> retry_after;
};

// --- OpenSSL RAII -------------------------------------------------------------------------------
struct PkeyDel { void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); } };
struct X509Del { void operator()(X509* p) const { X509_free(p); } };
struct BioDel { void operator()(BIO* p) const { BIO_free(p); } };
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDel>;
using X509Ptr = std::unique_ptr<X509, X509Del>;
using BioPtr = std::unique_ptr<BIO, BioDel>;

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("TestPki: ") + what + " failed");
}

void add_ext(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  check(ext != nullptr, "X509V3_EXT_conf_nid");
  const int ok = X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
  check(ok == 1, "X509_add_ext");
}

void set_random_serial(X509* cert) {
  unsigned char bytes[16];
  check(RAND_bytes(bytes, sizeof bytes) == 1, "RAND_bytes");
  bytes[0] &= 0x7f;  // positive
  bytes[0] |= 0x01;  // non-zero, full length
  BIGNUM* bn = BN_bin2bn(bytes, sizeof bytes, nullptr);
  check(bn != nullptr, "BN_bin2bn");
  const bool ok = BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert)) != nullptr;
  BN_free(bn);
  check(ok, "BN_to_ASN1_INTEGER");
}

X509Ptr make_cert(EVP_PKEY* key, const char* cn, X509* issuer, EVP_PKEY* issuer_key) {
  X509Ptr cert(X509_new());
  check(cert != nullptr, "X509_new");
  check(X509_set_version(cert.get(), 2) == 1, "X509_set_version");
  set_random_serial(cert.get());
  check(X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) != nullptr, "notBefore");
  check(X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86400) != nullptr, "notAfter");
  check(X509_set_pubkey(cert.get(), key) == 1, "X509_set_pubkey");
  X509_NAME* name = X509_get_subject_name(cert.get());
  check(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("nbaraw tests"), -1, -1, 0) == 1,
        "subject O");
  check(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn), -1, -1, 0) == 1,
        "subject CN");
  X509* iss = issuer ? issuer : cert.get();
  check(X509_set_issuer_name(cert.get(), X509_get_subject_name(iss)) == 1, "X509_set_issuer_name");
  if (!issuer) {
    add_ext(cert.get(), iss, NID_basic_constraints, "critical,CA:TRUE");
    add_ext(cert.get(), iss, NID_key_usage, "critical,keyCertSign,cRLSign");
    add_ext(cert.get(), iss, NID_subject_key_identifier, "hash");
  } else {
    add_ext(cert.get(), iss, NID_basic_constraints, "critical,CA:FALSE");
    add_ext(cert.get(), iss, NID_key_usage, "critical,digitalSignature,keyEncipherment");
    add_ext(cert.get(), iss, NID_ext_key_usage, "serverAuth");
    add_ext(cert.get(), iss, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost");
    add_ext(cert.get(), iss, NID_subject_key_identifier, "hash");
    add_ext(cert.get(), iss, NID_authority_key_identifier, "keyid:always");
  }
  check(X509_sign(cert.get(), issuer_key, EVP_sha256()) > 0, "X509_sign");
  return cert;
}

std::string bio_string(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(n));
}

std::string cert_pem(X509* cert) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  check(bio && PEM_write_bio_X509(bio.get(), cert) == 1, "PEM_write_bio_X509");
  return bio_string(bio.get());
}

std::string key_pem(EVP_PKEY* key) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  check(bio && PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1, "PEM_write_bio_PrivateKey");
  return bio_string(bio.get());
}

}  // namespace

TestPki TestPki::generate() {
  PkeyPtr ca_key(EVP_RSA_gen(2048));
  check(ca_key != nullptr, "EVP_RSA_gen (CA)");
  PkeyPtr leaf_key(EVP_RSA_gen(2048));
  check(leaf_key != nullptr, "EVP_RSA_gen (server)");
  X509Ptr ca = make_cert(ca_key.get(), "nbaraw test CA", nullptr, ca_key.get());
  X509Ptr leaf = make_cert(leaf_key.get(), "localhost", ca.get(), ca_key.get());
  TestPki pki;
  pki.ca_cert_pem = cert_pem(ca.get());
  pki.server_cert_pem = cert_pem(leaf.get());
  pki.server_key_pem = key_pem(leaf_key.get());
  return pki;
}

// --- the server ---------------------------------------------------------------------------------

struct LoopbackServer::Impl {
  Handler handler;
  Options options;
  std::unique_ptr<ssl::context> ssl_ctx;  // before ioc: streams in pending coroutine frames die with ioc
  asio::io_context ioc;
  tcp::acceptor acceptor{ioc};
  unsigned short port = 0;
  std::vector<std::thread> threads;

  mutable std::mutex mu;
  Faults faults;
  std::mt19937_64 rng{1};
  std::uint64_t since_faults_set = 0;
  FaultCounts counts;
  std::vector<ServerRequest> requests;

  Impl(Handler h, Options o) : handler(std::move(h)), options(std::move(o)) {
    if (options.tls) {
      if (options.cert_pem.empty() || options.key_pem.empty())
        throw std::invalid_argument("LoopbackServer: tls needs cert_pem and key_pem");
      ssl_ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
      ssl_ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                           ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
      ssl_ctx->use_certificate_chain(asio::buffer(options.cert_pem));
      ssl_ctx->use_private_key(asio::buffer(options.key_pem), ssl::context::pem);
    }
    const tcp::endpoint ep(asio::ip::make_address_v4("127.0.0.1"), options.port);
    acceptor.open(ep.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    acceptor.bind(ep);
    acceptor.listen(asio::socket_base::max_listen_connections);
    port = acceptor.local_endpoint().port();
    asio::co_spawn(ioc, accept_loop(), asio::detached);
    const unsigned n = std::max(1u, options.threads);
    threads.reserve(n);
    for (unsigned i = 0; i < n; ++i) {
      threads.emplace_back([this] {
        for (;;) {
          try {
            ioc.run();
            return;
          } catch (...) {
            // A session never lets an exception escape; keep serving if one ever does.
          }
        }
      });
    }
  }

  ~Impl() {
    ioc.stop();
    for (auto& t : threads)
      if (t.joinable()) t.join();
    // Pending coroutine frames (sessions, the accept loop) are destroyed with ioc, after the threads.
  }

  Decision decide(const ServerRequest& req) {
    std::lock_guard lock(mu);
    if (options.record_requests) requests.push_back(req);
    ++counts.requests;
    Decision d;
    d.latency = faults.latency;
    d.slow_chunk_delay = faults.slow_body_chunk_delay;
    d.error_status = faults.error_status;
    d.retry_after = faults.retry_after_seconds;
    const std::uint64_t index = since_faults_set++;
    if (index < faults.fail_first) {
      d.action = Action::error;
    } else if (faults.error_share > 0 || faults.reset_share > 0 || faults.truncate_share > 0) {
      const double u = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
      if (u < faults.error_share)
        d.action = Action::error;
      else if (u < faults.error_share + faults.reset_share)
        d.action = Action::reset;
      else if (u < faults.error_share + faults.reset_share + faults.truncate_share)
        d.action = Action::truncate;
    }
    switch (d.action) {
      case Action::error: ++counts.errors; break;
      case Action::reset: ++counts.resets; break;
      case Action::truncate: ++counts.truncations; break;
      case Action::answer: break;
    }
    return d;
  }

  asio::awaitable<void> accept_loop() {
    for (;;) {
      error_code ec;
      tcp::socket socket(asio::make_strand(ioc));
      co_await acceptor.async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
      if (ec) {
        // e.g. EMFILE: back off a little rather than spin.
        asio::steady_timer t(ioc, std::chrono::milliseconds(10));
        co_await t.async_wait(asio::redirect_error(asio::use_awaitable, ec));
        continue;
      }
      socket.set_option(tcp::no_delay(true), ec);
      auto ex = socket.get_executor();
      if (ssl_ctx)
        asio::co_spawn(ex, tls_session(std::move(socket)), asio::detached);
      else
        asio::co_spawn(ex, plain_session(std::move(socket)), asio::detached);
    }
  }

  asio::awaitable<void> plain_session(tcp::socket socket) {
    try {
      beast::tcp_stream stream(std::move(socket));
      co_await serve(stream);
    } catch (...) {
    }
  }

  asio::awaitable<void> tls_session(tcp::socket socket) {
    try {
      beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), *ssl_ctx);
      error_code ec;
      beast::get_lowest_layer(stream).expires_after(kIoTimeout);
      co_await stream.async_handshake(ssl::stream_base::server, asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return;  // e.g. the client refused our certificate
      co_await serve(stream);
    } catch (...) {
    }
  }

  template <class Stream>
  static void hard_close(Stream& stream, bool reset) {
    auto& sock = beast::get_lowest_layer(stream).socket();
    error_code ec;
    if (reset) sock.set_option(asio::socket_base::linger(true, 0), ec);
    else sock.shutdown(tcp::socket::shutdown_both, ec);
    sock.close(ec);
  }

  template <class Stream>
  static asio::awaitable<void> graceful_close(Stream& stream) {
    error_code ec;
    if constexpr (!std::is_same_v<Stream, beast::tcp_stream>) {
      beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(2));
      co_await stream.async_shutdown(asio::redirect_error(asio::use_awaitable, ec));
    }
    auto& sock = beast::get_lowest_layer(stream).socket();
    sock.shutdown(tcp::socket::shutdown_send, ec);
    sock.close(ec);
  }

  template <class Stream>
  asio::awaitable<void> serve(Stream& stream) {
    beast::flat_buffer buffer;
    for (;;) {
      error_code ec;
      http::request_parser<http::string_body> parser;
      parser.body_limit(std::uint64_t(1) << 30);
      parser.header_limit(64 * 1024);
      beast::get_lowest_layer(stream).expires_after(kIdleTimeout);
      co_await http::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
      if (ec) {
        // The client went away (EOF, reset, idle timeout) or sent garbage: just close.
        hard_close(stream, false);
        co_return;
      }
      http::request<http::string_body> req = parser.release();

      ServerRequest sreq;
      sreq.method = std::string(req.method_string());
      sreq.target = std::string(req.target());
      for (const auto& f : req) {
        auto name = lower(std::string(f.name_string()));
        auto it = sreq.headers.find(name);
        if (it == sreq.headers.end()) sreq.headers.emplace(std::move(name), std::string(f.value()));
        else it->second += ", " + std::string(f.value());  // repeated fields join as a list
      }
      sreq.body = req.body();

      const Decision d = decide(sreq);
      if (d.latency.count() > 0) {
        asio::steady_timer t(co_await asio::this_coro::executor, d.latency);
        co_await t.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      }
      if (d.action == Action::reset) {
        hard_close(stream, true);
        co_return;
      }

      ServerResponse sres;
      if (d.action == Action::error) {
        sres.status = d.error_status;
        sres.headers.emplace_back("Content-Type", "application/json; charset=UTF-8");
        if (d.retry_after) sres.headers.emplace_back("Retry-After", std::to_string(*d.retry_after));
        sres.body = error_json(d.error_status, "Injected fault: " + reason_for(d.error_status));
      } else {
        try {
          sres = handler(sreq);
        } catch (const std::exception& e) {
          sres = ServerResponse{500, {{"Content-Type", "application/json; charset=UTF-8"}}, error_json(500, e.what())};
        } catch (...) {
          sres = ServerResponse{500, {{"Content-Type", "application/json; charset=UTF-8"}}, error_json(500, "handler threw")};
        }
        if (sres.reset_connection) {
          hard_close(stream, true);
          co_return;
        }
      }

      const bool keep_alive = req.keep_alive();
      const bool truncate = d.action == Action::truncate;
      const bool slow = d.action != Action::error && d.slow_chunk_delay.count() > 0;
      beast::get_lowest_layer(stream).expires_after(kIoTimeout);

      if (!truncate && !slow) {
        http::response<http::string_body> res;
        res.version(req.version());
        res.result(sres.status);
        bool chunked = false;
        for (auto& [name, value] : sres.headers) {
          if (iequals(name, "transfer-encoding") && iequals(value, "chunked")) chunked = true;
          else if (!iequals(name, "content-length") && !iequals(name, "connection")) res.insert(name, value);
        }
        res.body() = std::move(sres.body);
        res.keep_alive(keep_alive);
        if (chunked && req.version() >= 11) res.chunked(true);
        else res.prepare_payload();
        co_await http::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
          hard_close(stream, false);
          co_return;
        }
      } else {
        // Header first with the full Content-Length, then the body by hand: all or half of it, at
        // once or in 4 KiB chunks with pauses.
        http::response<http::empty_body> res;
        res.version(req.version());
        res.result(sres.status);
        for (auto& [name, value] : sres.headers)
          if (!iequals(name, "transfer-encoding") && !iequals(name, "content-length") && !iequals(name, "connection"))
            res.insert(name, value);
        res.content_length(sres.body.size());
        res.keep_alive(keep_alive && !truncate);
        http::response_serializer<http::empty_body> sr(res);
        co_await http::async_write_header(stream, sr, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
          hard_close(stream, false);
          co_return;
        }
        const std::size_t total = truncate ? sres.body.size() / 2 : sres.body.size();
        std::size_t sent = 0;
        while (sent < total && !ec) {
          const std::size_t n = slow ? std::min(kChunk, total - sent) : total - sent;
          co_await asio::async_write(stream, asio::buffer(sres.body.data() + sent, n),
                                     asio::redirect_error(asio::use_awaitable, ec));
          sent += n;
          if (!ec && slow && sent < total) {
            asio::steady_timer t(co_await asio::this_coro::executor, d.slow_chunk_delay);
            co_await t.async_wait(asio::redirect_error(asio::use_awaitable, ec));
          }
        }
        if (ec || truncate) {
          // The peer sees EOF (for TLS: no close_notify) in the middle of the body.
          hard_close(stream, false);
          co_return;
        }
      }
      if (!keep_alive) {
        co_await graceful_close(stream);
        co_return;
      }
    }
  }
};

LoopbackServer::LoopbackServer(Handler handler) : LoopbackServer(std::move(handler), Options{}) {}

LoopbackServer::LoopbackServer(Handler handler, Options options)
    : impl_(std::make_unique<Impl>(std::move(handler), std::move(options))) {}

LoopbackServer::~LoopbackServer() = default;

unsigned short LoopbackServer::port() const { return impl_->port; }

std::string LoopbackServer::base_url() const {
  return std::string(impl_->options.tls ? "https" : "http") + "://127.0.0.1:" + std::to_string(impl_->port);
}

void LoopbackServer::set_faults(const Faults& faults) {
  std::lock_guard lock(impl_->mu);
  impl_->faults = faults;
  impl_->rng.seed(faults.seed);
  impl_->since_faults_set = 0;
}

FaultCounts LoopbackServer::fault_counts() const {
  std::lock_guard lock(impl_->mu);
  return impl_->counts;
}

std::vector<ServerRequest> LoopbackServer::requests() const {
  std::lock_guard lock(impl_->mu);
  return impl_->requests;
}

void LoopbackServer::clear_requests() {
  std::lock_guard lock(impl_->mu);
  impl_->requests.clear();
}

}  // namespace nbaraw::test
