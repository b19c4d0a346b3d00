#include <nbaraw/rules/data_hash.hpp>

#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace {

nbaraw::Row brown_row() {
  return {{"injury_status_normalized", "day_to_day"},
          {"player_lookup", "jaylenbrown"},
          {"reason_category", "injury"},
          {"return_date", "2024-10-01"},
          {"team_abbr", "BOS"},
          {"notes", "not hashed"}};
}

}  // namespace

TEST_CASE("data_hash reproduces the spec's verified example", "[data_hash]") {
  // sha256("injury_status_normalized:day_to_day|player_lookup:jaylenbrown|reason_category:injury|
  //         return_date:2024-10-01|team_abbr:BOS")[:16], as the reference computes it.
  const std::vector<std::string_view> fields{"injury_status_normalized", "player_lookup", "reason_category",
                                             "return_date", "team_abbr"};
  CHECK(nbaraw::data_hash(brown_row(), fields) == std::string("216789e1a3a761e4"));
}

TEST_CASE("data_hash sorts the fields, so their order does not matter", "[data_hash]") {
  const std::vector<std::string_view> shuffled{"team_abbr", "return_date", "player_lookup", "reason_category",
                                               "injury_status_normalized"};
  CHECK(nbaraw::data_hash(brown_row(), shuffled) == std::string("216789e1a3a761e4"));
}

TEST_CASE("data_hash depends on the hashed values only", "[data_hash]") {
  const std::vector<std::string_view> fields{"player_lookup", "team_abbr"};
  auto row = brown_row();
  const auto before = nbaraw::data_hash(row, fields);
  REQUIRE(before);
  CHECK(before->size() == 16);

  row["notes"] = "changed";  // not a hashed field
  CHECK(nbaraw::data_hash(row, fields) == before);

  row["team_abbr"] = "  BOS\t";  // strings are stripped before hashing
  CHECK(nbaraw::data_hash(row, fields) == before);

  row["team_abbr"] = "NYK";
  CHECK(nbaraw::data_hash(row, fields) != before);
}

TEST_CASE("data_hash of a row missing a field is nullopt", "[data_hash]") {
  auto row = brown_row();
  row.erase("return_date");
  CHECK_FALSE(nbaraw::data_hash(row, {"player_lookup", "return_date"}));
  // A null field is present: it hashes as "NULL".
  row["return_date"] = nullptr;
  const auto with_null = nbaraw::data_hash(row, {"player_lookup", "return_date"});
  REQUIRE(with_null);
  CHECK(*with_null == nbaraw::sha256_hex("player_lookup:jaylenbrown|return_date:NULL").substr(0, 16));
}

TEST_CASE("hash_text shows values as Python's str() does", "[data_hash]") {
  struct Case {
    const char* json;
    const char* python;
  };
  const auto c = GENERATE(values<Case>({
      {"null", "NULL"},
      {"true", "True"},
      {"false", "False"},
      {"5", "5"},
      {"-12", "-12"},
      {"18446744073709551615", "18446744073709551615"},  // uint64
      {"28.5", "28.5"},
      {"1.0", "1.0"},
      {"1e-5", "1e-05"},
      {"0.1", "0.1"},
      {"\"  x \"", "x"},
      {"\"Jaylen Brown\"", "Jaylen Brown"},
  }));
  INFO("json: " << c.json);
  CHECK(nbaraw::hash_text(boost::json::parse(c.json)) == c.python);
}

TEST_CASE("sha256_hex gives the standard digests", "[data_hash]") {
  // FIPS 180-2 test vectors.
  CHECK(nbaraw::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(nbaraw::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}
