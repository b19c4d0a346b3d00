#include <nbaraw/detail/gzip.hpp>
#include <nbaraw/detail/json_parse.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <variant>

using nbaraw::DecompressError;

namespace {

// 1 MB of bytes that compress poorly (a fixed linear congruential sequence), so both zlib
// buffers wrap several times.
std::string random_ish(std::size_t size) {
  std::string out(size, '\0');
  std::uint32_t state = 12345;
  for (auto& c : out) {
    state = state * 1103515245u + 12345u;
    c = static_cast<char>(state >> 24);
  }
  return out;
}

std::string failure_of(std::string_view bytes) {
  auto parsed = nbaraw::detail::parse_json_document(bytes);
  const auto* failure = std::get_if<nbaraw::detail::JsonFailure>(&parsed);
  return failure ? failure->reason : std::string("<parsed>");
}

}  // namespace

TEST_CASE("gzip and gunzip round-trip", "[gzip]") {
  const std::string plain = GENERATE(std::string(), std::string("{\"a\": 1}\n"), random_ish(1 << 20),
                                     std::string(300000, 'x'));
  const std::string packed = nbaraw::gzip(plain);
  CHECK(nbaraw::looks_gzipped(packed));
  CHECK(nbaraw::gunzip(packed) == plain);
}

TEST_CASE("gunzip decodes every concatenated member", "[gzip]") {
  const std::string both = nbaraw::gzip("first,") + nbaraw::gzip("second");
  CHECK(nbaraw::gunzip(both) == "first,second");
}

TEST_CASE("gunzip rejects truncated streams", "[gzip]") {
  const std::string packed = nbaraw::gzip(random_ish(100000));
  // Cut inside the header, the body, and the 8-byte trailer.
  const std::size_t keep = GENERATE_COPY(std::size_t(5), packed.size() / 2, packed.size() - 4);
  INFO("kept " << keep << " of " << packed.size() << " bytes");
  CHECK_THROWS_AS(nbaraw::gunzip(std::string_view(packed).substr(0, keep)), DecompressError);
}

TEST_CASE("gunzip rejects corrupt streams", "[gzip]") {
  std::string plain(1000, 'a');
  plain += "tail";  // not string(1000, 'a') + "tail": GCC 12 warns of a false -Warray-bounds on that
  std::string packed = nbaraw::gzip(plain);
  SECTION("bad CRC in the trailer") {
    packed[packed.size() - 8] = static_cast<char>(packed[packed.size() - 8] ^ 0xff);
    CHECK_THROWS_AS(nbaraw::gunzip(packed), DecompressError);
  }
  SECTION("bad compression method in the header") {
    packed[2] = 7;  // only 8 (deflate) exists
    CHECK_THROWS_AS(nbaraw::gunzip(packed), DecompressError);
  }
  SECTION("garbage after a gzip magic number") {
    CHECK_THROWS_AS(nbaraw::gunzip(std::string("\x1f\x8b\x08\x00garbage-garbage-garbage", 26)), DecompressError);
  }
  SECTION("not gzip at all") {
    CHECK_THROWS_AS(nbaraw::gunzip("{\"plain\": \"json\"}"), DecompressError);
  }
}

TEST_CASE("gunzip enforces max_output", "[gzip]") {
  const std::string plain(200000, 'z');
  const std::string packed = nbaraw::gzip(plain);
  CHECK(nbaraw::gunzip(packed, plain.size()) == plain);  // exactly the limit is fine
  CHECK_THROWS_AS(nbaraw::gunzip(packed, plain.size() - 1), DecompressError);
  CHECK_THROWS_AS(nbaraw::gunzip(packed, 10), DecompressError);
}

TEST_CASE("looks_gzipped checks the two magic bytes", "[gzip]") {
  CHECK(nbaraw::looks_gzipped("\x1f\x8b"));
  CHECK_FALSE(nbaraw::looks_gzipped("\x1f"));
  CHECK_FALSE(nbaraw::looks_gzipped(""));
  CHECK_FALSE(nbaraw::looks_gzipped("\x8b\x1f"));
  CHECK_FALSE(nbaraw::looks_gzipped("{}"));
}

TEST_CASE("parse_json_document parses a valid document", "[json]") {
  auto parsed = nbaraw::detail::parse_json_document("{\"a\": [1, 2], \"b\": \"x\"}\n");
  REQUIRE(std::holds_alternative<boost::json::value>(parsed));
  const auto& v = std::get<boost::json::value>(parsed);
  REQUIRE(v.is_object());
  CHECK(v.at("a").as_array().size() == 2);
  CHECK(v.at("b").as_string() == "x");
}

TEST_CASE("parse_json_document accepts whitespace around the document", "[json]") {
  const std::string text = GENERATE(as<std::string>{}, "{}  \n", " \r\n\t[1]\t\n", "123 ", "\"s\"\n\n");
  INFO("text: '" << text << "'");
  CHECK(failure_of(text) == "<parsed>");
}

TEST_CASE("parse_json_document says why a file is not JSON", "[json]") {
  CHECK_THAT(failure_of(""), Catch::Contains("empty"));
  CHECK_THAT(failure_of(" \n\t\r "), Catch::Contains("whitespace"));
  CHECK_THAT(failure_of(std::string("{\"a\":\0}", 7)), Catch::Contains("binary") && Catch::Contains("offset 5"));
  CHECK_THAT(failure_of("{\"a\": [1,2"), Catch::Contains("truncated"));
  CHECK_THAT(failure_of("{\"a\": "), Catch::Contains("truncated"));
  CHECK_THAT(failure_of("{\"a\": tru}"), Catch::Contains("invalid JSON") && Catch::Contains("offset"));
  CHECK_THAT(failure_of("[1, x]"), Catch::Contains("offset 4"));  // 'x' is the first byte JSON cannot hold
  CHECK_THAT(failure_of("{} x"), Catch::Contains("after the JSON document"));
  CHECK_THAT(failure_of("{}{}"), Catch::Contains("after the JSON document"));
}
