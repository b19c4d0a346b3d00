#include <nbaraw/net/http_client.hpp>

#include <catch2/catch.hpp>

#include <string>

using nbaraw::net::form_encode;
using nbaraw::net::HttpResponse;
using nbaraw::net::percent_encode;

TEST_CASE("percent_encode keeps RFC 3986 unreserved characters only", "[net][encoding]") {
  CHECK(percent_encode("") == "");
  CHECK(percent_encode("AZaz09-._~") == "AZaz09-._~");
  CHECK(percent_encode("a b") == "a%20b");
  CHECK(percent_encode("nba-com/injury-report/2024-01-05/x.json") ==
        "nba-com%2Finjury-report%2F2024-01-05%2Fx.json");
  CHECK(percent_encode("?&=+#%:@!$'()*,;[]") == "%3F%26%3D%2B%23%25%3A%40%21%24%27%28%29%2A%2C%3B%5B%5D");
  CHECK(percent_encode(std::string("\0\x7f", 2)) == "%00%7F");
  CHECK(percent_encode("\xc3\xa9") == "%C3%A9");  // UTF-8 bytes, upper-case hex
  CHECK(percent_encode("\xff") == "%FF");
}

TEST_CASE("form_encode joins encoded name=value pairs with '&'", "[net][encoding]") {
  CHECK(form_encode({}) == "");
  CHECK(form_encode({{"grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"}, {"assertion", "a.b+c/d="}}) ==
        "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=a.b%2Bc%2Fd%3D");
  CHECK(form_encode({{"a b", "x&y"}, {"empty", ""}}) == "a%20b=x%26y&empty=");
}

TEST_CASE("HttpResponse::header finds the first header of a name, case-insensitively", "[net][encoding]") {
  HttpResponse res;
  res.headers = {{"Content-Type", "text/plain"}, {"X-Twice", "1"}, {"x-twice", "2"}};
  CHECK(res.header("content-type") == "text/plain");
  CHECK(res.header("CONTENT-TYPE") == "text/plain");
  CHECK(res.header("x-twice") == "1");
  CHECK_FALSE(res.header("content-length"));
  CHECK_FALSE(res.header("Content-Typ"));
}
