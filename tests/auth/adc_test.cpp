// Application Default Credentials with an injected environment: GOOGLE_APPLICATION_CREDENTIALS (which must be
// readable), then the gcloud file ($CLOUDSDK_CONFIG or $HOME/.config/gcloud), then the metadata server.
#include "auth_support.hpp"
#include "fake_token_server.hpp"
#include "support/temp_dir.hpp"

#include <nbaraw/auth/credentials.hpp>
#include <nbaraw/net/http_client.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace nbaraw;
using test::FakeTokenServer;

namespace {

constexpr const char* gcloud_file = ".config/gcloud/application_default_credentials.json";

std::string adc_error(net::HttpClient& http, const auth::Environment& env) {
  try {
    (void)auth::application_default_credentials(http, env);
  } catch (const auth::AuthError& e) {
    return e.what();
  }
  return {};
}

FakeTokenServer::Answer tokens(const std::string& prefix) {
  return [prefix](int n) { return test::token_answer(prefix + std::to_string(n), 3600); };
}

}  // namespace

TEST_CASE("ADC: GOOGLE_APPLICATION_CREDENTIALS that cannot be read is an error, with no fall-through", "[auth][adc]") {
  test::TempDir home;
  home.write(gcloud_file, test::authorized_user_json());  // would be used otherwise
  net::HttpClient http;
  SECTION("a missing file") {
    const auto missing = (home / "nope" / "key.json").string();
    const std::string message =
        adc_error(http, test::fake_environment({{"GOOGLE_APPLICATION_CREDENTIALS", missing}, {"HOME", home.path().string()}}));
    INFO(message);
    CHECK(message.find("GOOGLE_APPLICATION_CREDENTIALS") != std::string::npos);
    CHECK(message.find(missing) != std::string::npos);
    CHECK(message.find("cannot be read") != std::string::npos);
  }
  SECTION("a directory") {
    const std::string message = adc_error(
        http, test::fake_environment({{"GOOGLE_APPLICATION_CREDENTIALS", home.path().string()}, {"HOME", home.path().string()}}));
    INFO(message);
    CHECK(message.find("GOOGLE_APPLICATION_CREDENTIALS") != std::string::npos);
    CHECK(message.find("directory") != std::string::npos);
  }
  SECTION("a file that is not a key: the path and the field are named, not the key") {
    auto doc = test::service_account_object();
    doc.erase("client_email");
    const auto path = home.write("key.json", boost::json::serialize(doc));
    const std::string message = adc_error(
        http, test::fake_environment({{"GOOGLE_APPLICATION_CREDENTIALS", path.string()}, {"HOME", home.path().string()}}));
    INFO(message);
    CHECK(message.find(path.string()) != std::string::npos);
    CHECK(message.find("\"client_email\" is missing") != std::string::npos);
    CHECK(message.find(test::private_key_fragment()) == std::string::npos);
  }
}

TEST_CASE("ADC: GOOGLE_APPLICATION_CREDENTIALS names a service-account key that is used", "[auth][adc][net]") {
  FakeTokenServer server(test::jwt_bearer_validator(), tokens("sa-"));
  test::TempDir dir;
  const auto path = dir.write("key.json", test::service_account_json(server.token_url()));
  dir.write(std::string("home/") + gcloud_file, test::authorized_user_json());
  net::HttpClient http;
  const auto credentials = auth::application_default_credentials(
      http, test::fake_environment({{"GOOGLE_APPLICATION_CREDENTIALS", path.string()}, {"HOME", (dir / "home").string()}}));
  CHECK(credentials->describe() == "service account loader@nbaraw-test.iam.gserviceaccount.com");
  CHECK(credentials->authorization_header() == std::optional<std::string>("Bearer sa-1"));
  INFO(server.problems_text());
  CHECK(server.problems().empty());
}

TEST_CASE("ADC: the gcloud file under $HOME is used when GOOGLE_APPLICATION_CREDENTIALS is unset", "[auth][adc][net]") {
  FakeTokenServer server([](const test::ServerRequest& r, const std::string&) { return test::check_refresh_grant(r); },
                         tokens("user-"));
  FakeTokenServer metadata(test::check_metadata_request, tokens("meta-"));
  test::TempDir home;
  home.write(gcloud_file, test::authorized_user_json(server.token_url()));
  net::HttpClient http;
  for (const char* unset_value : {"", "<unset>"}) {
    std::map<std::string, std::string> vars{{"HOME", home.path().string()}, {"GCE_METADATA_HOST", metadata.host()}};
    if (std::string(unset_value).empty()) vars["GOOGLE_APPLICATION_CREDENTIALS"] = "";  // empty counts as unset
    const auto credentials = auth::application_default_credentials(http, test::fake_environment(vars));
    CHECK(credentials->describe() == "authorized user (client 32555940559.apps.googleusercontent.com)");
    CHECK(credentials->authorization_header().value_or("").starts_with("Bearer user-"));
  }
  CHECK(server.request_count() == 2);
  CHECK(metadata.request_count() == 0);
  INFO(server.problems_text());
  CHECK(server.problems().empty());
}

TEST_CASE("ADC: $CLOUDSDK_CONFIG relocates the gcloud folder", "[auth][adc]") {
  test::TempDir dir;
  dir.write("config/application_default_credentials.json", test::service_account_json());
  dir.write(std::string("home/") + gcloud_file, test::authorized_user_json());
  net::HttpClient http;
  const auto credentials = auth::application_default_credentials(
      http, test::fake_environment({{"CLOUDSDK_CONFIG", (dir / "config").string()}, {"HOME", (dir / "home").string()}}));
  CHECK(credentials->describe() == "service account loader@nbaraw-test.iam.gserviceaccount.com");

  // CLOUDSDK_CONFIG without the file: not found there, so the metadata server (HOME's file is not consulted).
  const auto fallback = auth::application_default_credentials(
      http, test::fake_environment({{"CLOUDSDK_CONFIG", (dir / "home").string()}, {"HOME", (dir / "home").string()}}));
  CHECK(fallback->describe() == "metadata server metadata.google.internal");
}

TEST_CASE("ADC: a gcloud file that exists but is broken is an error, not the metadata server", "[auth][adc]") {
  test::TempDir home;
  home.write(gcloud_file, R"({"type":"authorized_user","client_id":"x"})");
  net::HttpClient http;
  const std::string message = adc_error(http, test::fake_environment({{"HOME", home.path().string()}}));
  INFO(message);
  CHECK(message.find("application_default_credentials.json") != std::string::npos);
  CHECK(message.find("\"client_secret\" is missing") != std::string::npos);
}

TEST_CASE("ADC: with neither variable nor gcloud file, the metadata server", "[auth][adc][net]") {
  test::TempDir home;  // empty
  net::HttpClient http;
  SECTION("the default host (not contacted until a token is wanted)") {
    const auto credentials = auth::application_default_credentials(http, test::fake_environment({{"HOME", home.path().string()}}));
    CHECK(credentials->describe() == "metadata server metadata.google.internal");
    const auto no_home = auth::application_default_credentials(http, test::fake_environment({}));
    CHECK(no_home->describe() == "metadata server metadata.google.internal");
  }
  SECTION("GCE_METADATA_HOST points at the fake") {
    FakeTokenServer metadata(test::check_metadata_request, tokens("meta-"));
    const auto credentials = auth::application_default_credentials(
        http, test::fake_environment({{"HOME", home.path().string()}, {"GCE_METADATA_HOST", metadata.host()}}));
    CHECK(credentials->describe() == "metadata server " + metadata.host());
    CHECK(credentials->authorization_header() == std::optional<std::string>("Bearer meta-1"));
    CHECK(metadata.request_count() == 1);
    INFO(metadata.problems_text());
    CHECK(metadata.problems().empty());
  }
  SECTION("GCE_METADATA_HOST with a scheme or a trailing slash is tolerated; with a path it is refused") {
    FakeTokenServer metadata(test::check_metadata_request, tokens("meta-"));
    const auto credentials = auth::metadata_server_credentials(
        http, test::fake_environment({{"GCE_METADATA_HOST", "http://" + metadata.host() + "/"}}));
    CHECK(credentials->describe() == "metadata server " + metadata.host());
    CHECK(credentials->authorization_header() == std::optional<std::string>("Bearer meta-1"));
    CHECK_THROWS_AS(auth::metadata_server_credentials(http, test::fake_environment({{"GCE_METADATA_HOST", "h:1/x"}})),
                    auth::AuthError);
  }
}
