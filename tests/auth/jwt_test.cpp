// The service-account JWT: base64url, header and claims, an RS256 signature OpenSSL verifies, and key-file errors
// that name the field without leaking the key.
#include "auth_support.hpp"

#include <nbaraw/auth/credentials.hpp>
#include <nbaraw/auth/jwt.hpp>
#include <nbaraw/net/http_client.hpp>

#include <boost/json/serialize.hpp>
#include <catch2/catch.hpp>
#include <openssl/ec.h>

#include <algorithm>
#include <cstdlib>
#include <string>

using namespace nbaraw;
using nbaraw::test::service_account_json;
using nbaraw::test::service_account_object;

namespace {

constexpr std::string_view scope = "https://www.googleapis.com/auth/cloud-platform";
constexpr std::int64_t now = 1'700'000'000;

/// The AuthError message credentials_from_json gives for a document (empty when none was thrown).
std::string credentials_error(std::string_view json) {
  net::HttpClient http;
  try {
    (void)auth::credentials_from_json(json, http);
  } catch (const auth::AuthError& e) {
    return e.what();
  }
  return {};
}

std::string key_error(std::string_view json) {
  try {
    (void)auth::parse_service_account_key(json);
  } catch (const auth::AuthError& e) {
    return e.what();
  }
  return {};
}

}  // namespace

TEST_CASE("base64url encodes without padding and round-trips", "[auth][jwt]") {
  CHECK(auth::base64url_encode("") == "");
  CHECK(auth::base64url_encode("f") == "Zg");
  CHECK(auth::base64url_encode("fo") == "Zm8");
  CHECK(auth::base64url_encode("foo") == "Zm9v");
  CHECK(auth::base64url_encode("foob") == "Zm9vYg");
  CHECK(auth::base64url_encode("fooba") == "Zm9vYmE");
  CHECK(auth::base64url_encode("foobar") == "Zm9vYmFy");
  CHECK(auth::base64url_encode(std::string("\xfb\xff\xbf", 3)) == "-_-_");  // the url-safe characters

  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (std::size_t n = 0; n <= all.size(); n += 37) {
    const auto encoded = auth::base64url_encode(all.substr(0, n));
    CHECK(encoded.find_first_of("+/=") == std::string::npos);
    CHECK(auth::base64url_decode(encoded) == all.substr(0, n));
  }
  CHECK(auth::base64url_decode("Zm9vYg==") == std::string("foob"));
  CHECK_FALSE(auth::base64url_decode("Zm9v+g").has_value());
  CHECK_FALSE(auth::base64url_decode("Z").has_value());
}

TEST_CASE("the JWT's header and claims decode to what the bearer grant needs", "[auth][jwt]") {
  const auto key = auth::parse_service_account_key(service_account_json());
  CHECK(key.client_email == test::test_email);
  CHECK(key.private_key_id == test::test_kid);
  CHECK(key.token_uri == "https://oauth2.googleapis.com/token");  // the default
  CHECK(key.project_id == "nbaraw-test");

  const std::string jwt = auth::make_service_account_jwt(key, scope, now);
  CHECK(std::count(jwt.begin(), jwt.end(), '.') == 2);
  CHECK(jwt.find_first_of("+/= \n") == std::string::npos);

  const auto d = test::decode_jwt(jwt);
  REQUIRE(d.ok);
  CHECK(d.header.size() == 3);
  CHECK(test::field(d.header, "alg") == "RS256");
  CHECK(test::field(d.header, "typ") == "JWT");
  CHECK(test::field(d.header, "kid") == test::test_kid);

  CHECK(d.claims.size() == 5);
  CHECK(test::field(d.claims, "iss") == test::test_email);
  CHECK(test::field(d.claims, "scope") == scope);
  CHECK(test::field(d.claims, "aud") == "https://oauth2.googleapis.com/token");
  CHECK(d.claims.at("iat").to_number<std::int64_t>() == now);
  CHECK(d.claims.at("exp").to_number<std::int64_t>() == now + 3600);
  CHECK(d.signature.size() == 256);  // RSA 2048
}

TEST_CASE("the JWT's audience is the key file's token_uri", "[auth][jwt]") {
  const auto key = auth::parse_service_account_key(service_account_json("http://127.0.0.1:9/token"));
  CHECK(key.token_uri == "http://127.0.0.1:9/token");
  const auto d = test::decode_jwt(auth::make_service_account_jwt(key, "a b", now));
  REQUIRE(d.ok);
  CHECK(test::field(d.claims, "aud") == "http://127.0.0.1:9/token");
  CHECK(test::field(d.claims, "scope") == "a b");
}

TEST_CASE("the JWT has no kid when the key has no private_key_id", "[auth][jwt]") {
  auto doc = service_account_object();
  doc.erase("private_key_id");
  const auto d = test::decode_jwt(
      auth::make_service_account_jwt(auth::parse_service_account_key(boost::json::serialize(doc)), scope, now));
  REQUIRE(d.ok);
  CHECK_FALSE(d.header.contains("kid"));
  CHECK(test::field(d.header, "alg") == "RS256");
}

TEST_CASE("the JWT's signature verifies with the public key, and fails when a claim byte changes", "[auth][jwt]") {
  const auto key = auth::parse_service_account_key(service_account_json());
  const std::string jwt = auth::make_service_account_jwt(key, scope, now);
  const auto d = test::decode_jwt(jwt);
  REQUIRE(d.ok);
  EVP_PKEY* public_key = test::test_rsa_key().public_key.get();
  CHECK(test::verify_rs256(public_key, d.signing_input, d.signature));
  CHECK(test::jwt_signature_valid(jwt));

  // One byte of the encoded claims changed.
  std::string tampered = d.signing_input;
  const auto claim_at = tampered.find('.') + 5;
  tampered[claim_at] = tampered[claim_at] == 'A' ? 'B' : 'A';
  CHECK_FALSE(test::verify_rs256(public_key, tampered, d.signature));

  // One byte of the decoded claims changed (iss), re-encoded: still refused.
  std::string claims_json = boost::json::serialize(d.claims);
  claims_json[claims_json.find("loader")] = 'L';
  const std::string reencoded = d.signing_input.substr(0, d.signing_input.find('.') + 1) + auth::base64url_encode(claims_json);
  CHECK_FALSE(test::verify_rs256(public_key, reencoded, d.signature));

  // A signature byte changed.
  std::string bad_signature = d.signature;
  bad_signature[10] = static_cast<char>(bad_signature[10] ^ 0x01);
  CHECK_FALSE(test::verify_rs256(public_key, d.signing_input, bad_signature));

  // Another key does not verify it.
  test::Pkey other(EVP_RSA_gen(2048));
  REQUIRE(other);
  CHECK_FALSE(test::verify_rs256(other.get(), d.signing_input, d.signature));
}

TEST_CASE("RS256 is deterministic for the same key, scope and time", "[auth][jwt]") {
  const auto key = auth::parse_service_account_key(service_account_json());
  CHECK(auth::make_service_account_jwt(key, scope, now) == auth::make_service_account_jwt(key, scope, now));
  CHECK(auth::make_service_account_jwt(key, scope, now) != auth::make_service_account_jwt(key, scope, now + 1));
}

TEST_CASE("a PKCS#1 (BEGIN RSA PRIVATE KEY) key also signs", "[auth][jwt]") {
  // Re-encode the test key as traditional PKCS#1 PEM.
  std::unique_ptr<BIO, decltype(&BIO_free)> in(
      BIO_new_mem_buf(test::test_rsa_key().private_pem.data(), static_cast<int>(test::test_rsa_key().private_pem.size())),
      BIO_free);
  test::Pkey pair(PEM_read_bio_PrivateKey(in.get(), nullptr, nullptr, nullptr));
  REQUIRE(pair);
  std::unique_ptr<BIO, decltype(&BIO_free)> out(BIO_new(BIO_s_mem()), BIO_free);
  REQUIRE(PEM_write_bio_PrivateKey_traditional(out.get(), pair.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1);
  const std::string pkcs1 = test::bio_to_string(out.get());
  REQUIRE(pkcs1.find("BEGIN RSA PRIVATE KEY") != std::string::npos);

  auto doc = service_account_object();
  doc["private_key"] = pkcs1;
  const std::string jwt =
      auth::make_service_account_jwt(auth::parse_service_account_key(boost::json::serialize(doc)), scope, now);
  CHECK(test::jwt_signature_valid(jwt));
}

TEST_CASE("bad service-account key files: AuthError names the field and never shows the key", "[auth][jwt]") {
  const std::string secret = test::private_key_fragment();
  REQUIRE(secret.size() == 40);
  REQUIRE(secret.find('\n') == std::string::npos);
  REQUIRE(service_account_json().find(secret) != std::string::npos);  // what a leak would look like

  auto check = [&](const std::string& message, std::string_view expected) {
    INFO(message);
    CHECK_FALSE(message.empty());
    CHECK(message.find(expected) != std::string::npos);
    CHECK(message.find(secret) == std::string::npos);
    CHECK(message.find("BEGIN PRIVATE KEY") == std::string::npos);
  };

  SECTION("not JSON") {
    std::string broken = service_account_json();
    broken.insert(broken.find(secret.substr(0, 8)) + 8, "\"\x01 ");  // breaks inside the key
    check(credentials_error(broken), "not valid JSON");
    check(key_error(broken), "not valid JSON");
    check(credentials_error("not json at all"), "not valid JSON");
    check(credentials_error(""), "not valid JSON");
    check(credentials_error("[1,2]"), "not a JSON object");
  }
  SECTION("client_email missing, or not a string") {
    auto doc = service_account_object();
    doc.erase("client_email");
    check(credentials_error(boost::json::serialize(doc)), "\"client_email\" is missing");
    doc["client_email"] = 42;
    check(credentials_error(boost::json::serialize(doc)), "\"client_email\" is not a string");
    doc["client_email"] = "";
    check(key_error(boost::json::serialize(doc)), "\"client_email\" is empty");
  }
  SECTION("private_key missing") {
    auto doc = service_account_object();
    doc.erase("private_key");
    check(credentials_error(boost::json::serialize(doc)), "\"private_key\" is missing");
  }
  SECTION("private_key is not a PEM key") {
    auto doc = service_account_object();
    std::string pem = test::test_rsa_key().private_pem;
    pem[pem.find(secret) + 3] = '*';  // not base64 any more
    doc["private_key"] = pem;
    check(credentials_error(boost::json::serialize(doc)), "\"private_key\" is not a PEM private key");
    doc["private_key"] = "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n";
    check(key_error(boost::json::serialize(doc)), "\"private_key\" is not a PEM private key");
    doc["private_key"] = test::test_rsa_key().public_pem;
    check(key_error(boost::json::serialize(doc)), "\"private_key\" is not a PEM private key");
  }
  SECTION("private_key is not RSA") {
    test::Pkey ec(EVP_EC_gen("P-256"));
    REQUIRE(ec);
    auto doc = service_account_object();
    doc["private_key"] = test::private_pem(ec.get());
    check(credentials_error(boost::json::serialize(doc)), "not an RSA key");
  }
  SECTION("unknown or missing type") {
    auto doc = service_account_object();
    doc["type"] = "external_account";
    check(credentials_error(boost::json::serialize(doc)), "\"type\" is \"external_account\", which is not supported");
    doc["type"] = "x\"y{}z";
    check(credentials_error(boost::json::serialize(doc)), "\"type\" is an unknown value");
    doc["type"] = 7;
    check(credentials_error(boost::json::serialize(doc)), "\"type\" is not a string");
    doc.erase("type");
    check(credentials_error(boost::json::serialize(doc)), "\"type\" is missing");
    doc["type"] = "authorized_user";
    check(key_error(boost::json::serialize(doc)), "\"type\" is not \"service_account\"");
  }
  SECTION("token_uri is not a string") {
    auto doc = service_account_object();
    doc["token_uri"] = boost::json::array{1};
    check(key_error(boost::json::serialize(doc)), "\"token_uri\" is not a string");
  }
}

TEST_CASE("bad authorized_user files name the field and never show the secrets", "[auth][jwt]") {
  boost::json::object doc = boost::json::parse(test::authorized_user_json()).as_object();
  auto check = [&](std::string_view expected) {
    const std::string message = credentials_error(boost::json::serialize(doc));
    INFO(message);
    CHECK(message.find(expected) != std::string::npos);
    CHECK(message.find(test::test_client_secret) == std::string::npos);
    CHECK(message.find(test::test_refresh_token) == std::string::npos);
  };
  doc.erase("refresh_token");
  check("\"refresh_token\" is missing");
  doc["refresh_token"] = test::test_refresh_token;
  doc.erase("client_secret");
  check("\"client_secret\" is missing");
  doc["client_secret"] = true;
  check("\"client_secret\" is not a string");
  doc["client_secret"] = test::test_client_secret;
  doc.erase("client_id");
  check("\"client_id\" is missing");
}

TEST_CASE("describe() says what kind of credentials and whose, without secrets", "[auth]") {
  net::HttpClient http;
  const auto sa = auth::credentials_from_json(service_account_json(), http);
  CHECK(sa->describe() == "service account loader@nbaraw-test.iam.gserviceaccount.com");
  const auto user = auth::credentials_from_json(test::authorized_user_json(), http);
  CHECK(user->describe() == "authorized user (client 32555940559.apps.googleusercontent.com)");
  const auto anonymous = auth::anonymous_credentials();
  CHECK(anonymous->describe() == "anonymous");
  CHECK_FALSE(anonymous->authorization_header().has_value());
  anonymous->invalidate();
  CHECK_FALSE(anonymous->authorization_header().has_value());
  const auto metadata = auth::metadata_server_credentials(http, test::fake_environment({}));
  CHECK(metadata->describe() == "metadata server metadata.google.internal");
  const auto local = auth::metadata_server_credentials(http, test::fake_environment({{"GCE_METADATA_HOST", "10.0.0.1:8080"}}));
  CHECK(local->describe() == "metadata server 10.0.0.1:8080");
}

TEST_CASE("process_environment reads the process's variables", "[auth]") {
  const auto env = auth::process_environment();
  ::setenv("NBARAW_AUTH_TEST_VARIABLE", "value 1", 1);
  CHECK(env("NBARAW_AUTH_TEST_VARIABLE") == std::optional<std::string>("value 1"));
  ::unsetenv("NBARAW_AUTH_TEST_VARIABLE");
  CHECK_FALSE(env("NBARAW_AUTH_TEST_VARIABLE").has_value());
}
