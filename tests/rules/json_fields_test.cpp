// The JSON number readers: one reader, the source's Python rules and the null/throw policy as parameters.
#include <nbaraw/rules/json_fields.hpp>

#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>

#include <string>
#include <vector>

using nbaraw::BadField;
using nbaraw::NumberReading;
using nbaraw::OnBadValue;
using nbaraw::read_float;
using nbaraw::read_int;

namespace {
NumberReading python_int() {
  NumberReading how;
  how.truncate_fractions = how.booleans = how.text = true;
  return how;
}
NumberReading reporting(std::vector<std::string>& problems) {
  NumberReading how;
  how.text = true;
  how.on_bad = OnBadValue::null_and_report;
  how.problems = &problems;
  return how;
}
}  // namespace

TEST_CASE("read_int: absent and null read as nullopt under every policy", "[json_fields]") {
  const boost::json::value null;
  std::vector<std::string> problems;
  CHECK_FALSE(read_int(nullptr, "x"));
  CHECK_FALSE(read_int(&null, "x"));
  CHECK_FALSE(read_int(&null, "x", reporting(problems)));
  CHECK_FALSE(read_float(&null, "x", reporting(problems)));
  CHECK(problems.empty());
}

TEST_CASE("read_int: integral JSON numbers only by default, with a message naming the field", "[json_fields]") {
  const auto doc = boost::json::parse(R"({"a":7,"b":7.0,"c":7.5,"d":"7","e":true,"f":18446744073709551615,"g":1e16})");
  const auto& o = doc.get_object();
  CHECK(read_int(o.if_contains("a"), "a") == 7);
  CHECK(read_int(o.if_contains("b"), "b") == 7);
  CHECK_THROWS_WITH(read_int(o.if_contains("c"), "c"), "c is a number, not an integer");
  CHECK_THROWS_WITH(read_int(o.if_contains("d"), "d"), "d is a string, not an integer");
  CHECK_THROWS_WITH(read_int(o.if_contains("e"), "e"), "e is a boolean, not an integer");
  CHECK_THROWS_AS(read_int(o.if_contains("f"), "f"), BadField);  // beyond INT64
  CHECK_THROWS_AS(read_int(o.if_contains("g"), "g"), BadField);  // beyond what a double holds exactly
  CHECK_THROWS_WITH(nbaraw::optional_int(o, "d", "player."), "player.d is a string, not an integer");
}

TEST_CASE("read_int as Python's int(): fractions truncate, booleans and integer text read", "[json_fields]") {
  const auto doc = boost::json::parse(R"({"a":7.9,"b":-7.9,"c":true,"d":" 12 ","e":"1_000","f":"7.5","g":[1]})");
  const auto& o = doc.get_object();
  CHECK(read_int(o.if_contains("a"), "a", python_int()) == 7);
  CHECK(read_int(o.if_contains("b"), "b", python_int()) == -7);
  CHECK(read_int(o.if_contains("c"), "c", python_int()) == 1);
  CHECK(read_int(o.if_contains("d"), "d", python_int()) == 12);
  CHECK(read_int(o.if_contains("e"), "e", python_int()) == 1000);
  CHECK_THROWS_WITH(read_int(o.if_contains("f"), "f", python_int()), "f is '7.5', not an integer");
  CHECK_THROWS_WITH(read_int(o.if_contains("g"), "g", python_int()), "g is a list, not an integer");
}

TEST_CASE("null_and_report reads a bad value as null and reports it instead of throwing", "[json_fields]") {
  const auto doc = boost::json::parse(R"({"a":"x","b":{},"c":"1e400","d":1e400,"e":"2.5","f":3})");
  const auto& o = doc.get_object();
  std::vector<std::string> problems;
  CHECK_FALSE(read_int(o.if_contains("a"), "stats.a", reporting(problems)));
  CHECK_FALSE(read_float(o.if_contains("b"), "stats.b", reporting(problems)));
  CHECK_FALSE(read_float(o.if_contains("c"), "stats.c", reporting(problems)));
  CHECK_FALSE(read_float(o.if_contains("d"), "stats.d", reporting(problems)));
  CHECK(read_float(o.if_contains("e"), "stats.e", reporting(problems)) == 2.5);
  CHECK(read_float(o.if_contains("f"), "stats.f", reporting(problems)) == 3.0);
  CHECK(problems == std::vector<std::string>{"stats.a is 'x', not an integer", "stats.b is an object, not a number",
                                             "stats.c is '1e400', not a finite number",
                                             "stats.d is not a finite number (beyond a double's range)"});
  NumberReading silent = reporting(problems);
  silent.problems = nullptr;
  CHECK_FALSE(read_int(o.if_contains("a"), "a", silent));  // no list: null, nothing thrown
}

TEST_CASE("read_float: booleans only when asked, text only when asked", "[json_fields]") {
  const auto doc = boost::json::parse(R"({"t":true,"s":"0.5"})");
  const auto& o = doc.get_object();
  CHECK_THROWS_WITH(read_float(o.if_contains("t"), "t"), "t is a boolean, not a number");
  CHECK_THROWS_WITH(read_float(o.if_contains("s"), "s"), "s is a string, not a number");
  NumberReading python_float;
  python_float.booleans = python_float.text = true;
  CHECK(read_float(o.if_contains("t"), "t", python_float) == 1.0);
  CHECK(read_float(o.if_contains("s"), "s", python_float) == 0.5);
}
