// datetime.fromisoformat as Python 3.11 reads it, and str()/isoformat() of the result.
#include <nbaraw/rules/python_datetime.hpp>

#include <catch2/catch.hpp>

#include <string>

using nbaraw::py::fromisoformat;

TEST_CASE("fromisoformat reads what Python 3.11 reads, printed as str() and isoformat()", "[python_datetime]") {
  struct Case {
    std::string text, str, iso;
  };
  const auto c = GENERATE(values<Case>({
      {"2024-01-25", "2024-01-25 00:00:00", "2024-01-25T00:00:00"},
      {"20240125", "2024-01-25 00:00:00", "2024-01-25T00:00:00"},
      {"2024-01-25T03:55:40", "2024-01-25 03:55:40", "2024-01-25T03:55:40"},
      {"2024-01-25 03:55", "2024-01-25 03:55:00", "2024-01-25T03:55:00"},
      {"2024-01-25T03", "2024-01-25 03:00:00", "2024-01-25T03:00:00"},
      {"20240125T035540", "2024-01-25 03:55:40", "2024-01-25T03:55:40"},
      {"2024-01-25T03:55:40Z", "2024-01-25 03:55:40+00:00", "2024-01-25T03:55:40+00:00"},
      {"2024-01-25T03:55:40.5+05:30", "2024-01-25 03:55:40.500000+05:30", "2024-01-25T03:55:40.500000+05:30"},
      {"2024-01-25T03:55:40,1234567-01:00:30", "2024-01-25 03:55:40.123456-01:00:30",
       "2024-01-25T03:55:40.123456-01:00:30"},
      {"2024-01-25x03:55:40", "2024-01-25 03:55:40", "2024-01-25T03:55:40"},  // any separator
  }));
  INFO(c.text);
  const auto t = fromisoformat(c.text);
  REQUIRE(t);
  CHECK(t->python_str() == c.str);
  CHECK(t->iso() == c.iso);
}

TEST_CASE("fromisoformat: nullopt where Python raises", "[python_datetime]") {
  const auto text = GENERATE(as<std::string>{}, "", "2024-1-25", "2024-02-30", "2024-01-25T", "2024-01-25T25:00",
                             "2024-01-25T03:60", "2024-01-25T03:55:40+", "2024-01-25T03:55:40Z+01:00",
                             "2024-01-25T03:55:40.", "2024-01-25T03:55:40+01:00.5", "2024-01-25T3:55", "not a date");
  INFO(text);
  CHECK_FALSE(fromisoformat(text));
}

TEST_CASE("fromisoformat: the offset gives the instant, a naive time is read as UTC", "[python_datetime]") {
  const auto utc = fromisoformat("2024-01-25T03:20:30Z");
  const auto eastern = fromisoformat("2024-01-24T22:20:30-05:00");
  const auto naive = fromisoformat("2024-01-25T03:20:30");
  REQUIRE((utc && eastern && naive));
  CHECK(utc->utc_micros() == eastern->utc_micros());
  CHECK(naive->utc_micros() == utc->utc_micros());
  CHECK_FALSE(naive->offset_seconds);
  CHECK(eastern->offset_seconds == -5 * 3600);
}
