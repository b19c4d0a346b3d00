#pragma once
// A loopback HTTP/1.1 server for tests and benchmarks (Boost.Beast): plain or TLS, a handler per
// request, requests recorded, and fault injection set per test. Binds 127.0.0.1 on a free port.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace nbaraw::test {

struct ServerRequest {
  std::string method;
  std::string target;                          ///< as sent: path?query, still percent-encoded
  std::map<std::string, std::string> headers;  ///< names lower-cased
  std::string body;
};

struct ServerResponse {
  unsigned status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  /// When set, the server closes the connection (TCP reset) without writing any response, as the
  /// reset fault does: a handler can simulate a server that died while serving the request.
  bool reset_connection = false;
};

/// Faults, decided per request with a seeded generator (deterministic for a given seed and order).
struct Faults {
  std::chrono::milliseconds latency{0};   ///< added before every answer
  double error_share = 0;                 ///< answer this share of requests with error_status instead
  unsigned error_status = 503;
  std::optional<unsigned> retry_after_seconds;  ///< sent with injected errors
  double reset_share = 0;                 ///< close the connection without answering
  double truncate_share = 0;              ///< send the headers and half the body, then close
  std::chrono::milliseconds slow_body_chunk_delay{0};  ///< send bodies in 4 KiB chunks with this pause
  unsigned fail_first = 0;                ///< the first N requests get error_status (before shares apply)
  std::uint64_t seed = 1;
};

/// How many faults were injected so far.
struct FaultCounts {
  std::uint64_t requests = 0, errors = 0, resets = 0, truncations = 0;
};

/// A test PKI made at run time: a CA and a server certificate it signed for 127.0.0.1 and localhost.
struct TestPki {
  std::string ca_cert_pem;
  std::string server_cert_pem, server_key_pem;
  /// A fresh CA and leaf (RSA 2048, valid from an hour ago for a day; SAN IP:127.0.0.1, DNS:localhost).
  static TestPki generate();
};

class LoopbackServer {
 public:
  using Handler = std::function<ServerResponse(const ServerRequest&)>;
  struct Options {
    bool tls = false;
    std::string cert_pem, key_pem;  ///< required when tls
    unsigned threads = 4;
    unsigned short port = 0;  ///< 0: a free port chosen by the system (tests); fixed for tools
    bool record_requests = true;  ///< off for long benchmark runs (requests() then stays empty)
  };

  /// Options for a server with these settings; with tls, `pki` gets a fresh test PKI whose leaf it serves.
  static Options options_for(unsigned threads, unsigned short port, bool record_requests, bool tls, TestPki& pki) {
    Options o;
    o.threads = threads;
    o.port = port;
    o.record_requests = record_requests;
    if (tls) {
      pki = TestPki::generate();
      o.tls = true;
      o.cert_pem = pki.server_cert_pem;
      o.key_pem = pki.server_key_pem;
    }
    return o;
  }

  explicit LoopbackServer(Handler handler);
  LoopbackServer(Handler handler, Options options);
  ~LoopbackServer();  ///< stops and joins
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  unsigned short port() const;
  std::string base_url() const;  ///< "http://127.0.0.1:PORT" or "https://127.0.0.1:PORT"
  /// Replaces the faults; reseeds the generator and restarts the fail_first count (counts stay cumulative).
  void set_faults(const Faults& faults);
  FaultCounts fault_counts() const;
  std::vector<ServerRequest> requests() const;  ///< every request received, in order
  void clear_requests();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace nbaraw::test
