#pragma once
// Helpers for the auth tests: an RSA key made at run time, key files in memory, JWT checks with OpenSSL,
// form-body decoding and an injectable environment.
#include <nbaraw/auth/credentials.hpp>
#include <nbaraw/auth/jwt.hpp>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace nbaraw::test {

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

inline std::string bio_to_string(BIO* bio) {
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(length));
}

inline std::string private_pem(EVP_PKEY* key) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
    throw std::runtime_error("PEM_write_bio_PrivateKey failed");
  return bio_to_string(bio.get());
}

inline std::string public_pem(EVP_PKEY* key) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (PEM_write_bio_PUBKEY(bio.get(), key) != 1) throw std::runtime_error("PEM_write_bio_PUBKEY failed");
  return bio_to_string(bio.get());
}

/// A 2048-bit RSA key pair made once per run; `public_key` holds only the public half.
struct TestRsaKey {
  std::string private_pem;
  std::string public_pem;
  Pkey public_key;
};

inline const TestRsaKey& test_rsa_key() {
  static const TestRsaKey key = [] {
    Pkey pair(EVP_RSA_gen(2048));
    if (!pair) throw std::runtime_error("EVP_RSA_gen failed");
    TestRsaKey k;
    k.private_pem = private_pem(pair.get());
    k.public_pem = public_pem(pair.get());
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(k.public_pem.data(), static_cast<int>(k.public_pem.size())), BIO_free);
    k.public_key.reset(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    if (!k.public_key) throw std::runtime_error("PEM_read_bio_PUBKEY failed");
    return k;
  }();
  return key;
}

/// The base64 body of the private key PEM (what must never appear in a message), one line of it.
inline std::string private_key_fragment() {
  const std::string& pem = test_rsa_key().private_pem;
  const auto second_line = pem.find('\n', pem.find('\n') + 1) + 1;
  return pem.substr(second_line, 40);  // base64 only
}

inline constexpr std::string_view test_email = "loader@nbaraw-test.iam.gserviceaccount.com";
inline constexpr std::string_view test_kid = "0123456789abcdef0123456789abcdef01234567";

/// A service-account key file as a JSON object; token_uri left out when empty.
inline boost::json::object service_account_object(std::string_view token_uri = {}) {
  boost::json::object o;
  o["type"] = "service_account";
  o["project_id"] = "nbaraw-test";
  o["private_key_id"] = test_kid;
  o["private_key"] = test_rsa_key().private_pem;
  o["client_email"] = test_email;
  o["client_id"] = "104857600000000000000";
  o["auth_uri"] = "https://accounts.google.com/o/oauth2/auth";
  if (!token_uri.empty()) o["token_uri"] = token_uri;
  return o;
}

inline std::string service_account_json(std::string_view token_uri = {}) {
  return boost::json::serialize(service_account_object(token_uri));
}

inline constexpr std::string_view test_client_id = "32555940559.apps.googleusercontent.com";
inline constexpr std::string_view test_client_secret = "ZmssLNjJy2998hD4CTg2ejr2";
inline constexpr std::string_view test_refresh_token = "1//0g-refresh-token-SECRET-abcdefghijklmnop";

inline std::string authorized_user_json(std::string_view token_uri = {}) {
  boost::json::object o;
  o["type"] = "authorized_user";
  o["client_id"] = test_client_id;
  o["client_secret"] = test_client_secret;
  o["refresh_token"] = test_refresh_token;
  o["quota_project_id"] = "nbaraw-test";
  if (!token_uri.empty()) o["token_uri"] = token_uri;
  return boost::json::serialize(o);
}

/// A JWT split and decoded; ok is false when it is not three base64url parts with JSON header and claims.
struct DecodedJwt {
  bool ok = false;
  std::string signing_input;  ///< header.claims as sent
  boost::json::object header, claims;
  std::string signature;
};

inline DecodedJwt decode_jwt(std::string_view jwt) {
  DecodedJwt out;
  const auto dot1 = jwt.find('.');
  if (dot1 == std::string_view::npos) return out;
  const auto dot2 = jwt.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || jwt.find('.', dot2 + 1) != std::string_view::npos) return out;
  auto header = auth::base64url_decode(jwt.substr(0, dot1));
  auto claims = auth::base64url_decode(jwt.substr(dot1 + 1, dot2 - dot1 - 1));
  auto signature = auth::base64url_decode(jwt.substr(dot2 + 1));
  if (!header || !claims || !signature) return out;
  boost::system::error_code ec;
  auto h = boost::json::parse(*header, ec);
  if (ec || !h.is_object()) return out;
  auto c = boost::json::parse(*claims, ec);
  if (ec || !c.is_object()) return out;
  out.header = h.as_object();
  out.claims = c.as_object();
  out.signature = *signature;
  out.signing_input = std::string(jwt.substr(0, dot2));
  out.ok = true;
  return out;
}

/// A string member of a JSON object ("<absent>" or "<not a string>" otherwise).
inline std::string field(const boost::json::object& o, std::string_view name) {
  const auto* v = o.if_contains(name);
  if (v == nullptr) return "<absent>";
  if (!v->is_string()) return "<not a string>";
  return std::string(v->as_string());
}

/// RSASSA-PKCS1-v1_5 SHA-256 verification with EVP_DigestVerify.
inline bool verify_rs256(EVP_PKEY* public_key, std::string_view signing_input, std::string_view signature) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, public_key) != 1) return false;
  const int rc = EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                                  reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size());
  ERR_clear_error();
  return rc == 1;
}

/// Decodes and verifies a JWT against the test key's public half.
inline bool jwt_signature_valid(std::string_view jwt) {
  const DecodedJwt d = decode_jwt(jwt);
  return d.ok && verify_rs256(test_rsa_key().public_key.get(), d.signing_input, d.signature);
}

/// application/x-www-form-urlencoded → fields (last one wins); nullopt on a bad escape.
inline std::optional<std::map<std::string, std::string>> parse_form(std::string_view body) {
  auto unescape = [](std::string_view s) -> std::optional<std::string> {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '+') {
        out += ' ';
      } else if (s[i] == '%') {
        if (i + 2 >= s.size()) return std::nullopt;
        auto hex = [](char c) -> int {
          if (c >= '0' && c <= '9') return c - '0';
          if (c >= 'A' && c <= 'F') return c - 'A' + 10;
          if (c >= 'a' && c <= 'f') return c - 'a' + 10;
          return -1;
        };
        const int hi = hex(s[i + 1]), lo = hex(s[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
      } else {
        out += s[i];
      }
    }
    return out;
  };
  std::map<std::string, std::string> fields;
  while (!body.empty()) {
    const auto amp = body.find('&');
    const std::string_view pair = body.substr(0, amp);
    body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    auto name = unescape(pair.substr(0, eq));
    auto value = unescape(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
    if (!name || !value) return std::nullopt;
    fields[*name] = *value;
  }
  return fields;
}

/// An environment from a map (unlisted names are unset).
inline auth::Environment fake_environment(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

}  // namespace nbaraw::test
