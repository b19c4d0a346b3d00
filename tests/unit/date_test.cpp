#include <nbaraw/core/date.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using nbaraw::Date;

TEST_CASE("parse_iso_date accepts real YYYY-MM-DD dates", "[date]") {
  auto d = nbaraw::parse_iso_date("2024-01-15");
  REQUIRE(d);
  CHECK(*d == Date{2024, 1, 15});

  auto leap = nbaraw::parse_iso_date("2024-02-29");
  REQUIRE(leap);
  CHECK(*leap == Date{2024, 2, 29});

  // Boundaries of the month-length table.
  CHECK(nbaraw::parse_iso_date("2023-12-31") == Date{2023, 12, 31});
  CHECK(nbaraw::parse_iso_date("2000-02-29") == Date{2000, 2, 29});  // divisible by 400: leap
}

TEST_CASE("parse_iso_date rejects impossible dates and wrong shapes", "[date]") {
  const std::string text = GENERATE(as<std::string>{},
                                    "2023-02-29",   // not a leap year
                                    "1900-02-29",   // divisible by 100, not 400
                                    "2024-13-01",   // month 13
                                    "2024-00-10",   // month 0
                                    "2024-04-31",   // April has 30 days
                                    "2024-01-00",   // day 0
                                    "0000-01-01",   // year 0
                                    "2024-1-01",    // unpadded month
                                    "2024-01-1",    // unpadded day
                                    "20240101",     // compact form
                                    "2024/01/01",   // wrong separators
                                    "2024-01-15x",  // trailing characters
                                    "2024-01-15 ",  // trailing space
                                    " 2024-01-15",  // leading space
                                    "2024-0a-15",   // non-digit
                                    "+202-01-15",   // sign in the year
                                    "");
  INFO("text: '" << text << "'");
  CHECK_FALSE(nbaraw::parse_iso_date(text));
}

TEST_CASE("Date::iso and compact pad every field", "[date]") {
  CHECK(Date{2024, 1, 5}.iso() == "2024-01-05");
  CHECK(Date{2024, 1, 5}.compact() == "20240105");
  CHECK(Date{987, 11, 30}.iso() == "0987-11-30");
  CHECK(Date{987, 11, 30}.compact() == "09871130");
}

TEST_CASE("Date::next crosses month, leap-day and year ends", "[date]") {
  struct Case {
    Date from, to;
  };
  const auto c = GENERATE(values<Case>({
      {{2024, 1, 15}, {2024, 1, 16}},
      {{2024, 1, 31}, {2024, 2, 1}},
      {{2024, 2, 28}, {2024, 2, 29}},  // leap year
      {{2023, 2, 28}, {2023, 3, 1}},   // common year
      {{2024, 2, 29}, {2024, 3, 1}},
      {{2024, 4, 30}, {2024, 5, 1}},
      {{2024, 12, 31}, {2025, 1, 1}},
  }));
  INFO(c.from.iso());
  CHECK(c.from.next() == c.to);
}

TEST_CASE("dates_between is inclusive and empty when first is after last", "[date]") {
  auto span = nbaraw::dates_between({2023, 12, 30}, {2024, 1, 2});
  CHECK(span == std::vector<Date>{{2023, 12, 30}, {2023, 12, 31}, {2024, 1, 1}, {2024, 1, 2}});

  CHECK(nbaraw::dates_between({2024, 3, 1}, {2024, 3, 1}) == std::vector<Date>{{2024, 3, 1}});
  CHECK(nbaraw::dates_between({2024, 3, 2}, {2024, 3, 1}).empty());
  CHECK(nbaraw::dates_between({2025, 1, 1}, {2024, 12, 31}).empty());

  // A leap year spans 366 days.
  CHECK(nbaraw::dates_between({2024, 1, 1}, {2024, 12, 31}).size() == 366);
}

TEST_CASE("date_folder_of finds the first date-shaped folder", "[date]") {
  CHECK(nbaraw::date_folder_of("a/2024-01-15/x.json") == Date{2024, 1, 15});
  CHECK(nbaraw::date_folder_of("2024-01-15/x.json") == Date{2024, 1, 15});
  CHECK(nbaraw::date_folder_of("p/q/2024-01-15/game/x.json") == Date{2024, 1, 15});
  // The first real date wins.
  CHECK(nbaraw::date_folder_of("p/2024-01-15/2024-02-01/x.json") == Date{2024, 1, 15});
  // An impossible date folder is skipped, not returned, and the search goes on.
  CHECK(nbaraw::date_folder_of("p/2023-02-29/2023-03-01/x.json") == Date{2023, 3, 1});
}

TEST_CASE("date_folder_of ignores the file name and non-dates", "[date]") {
  const std::string name = GENERATE(as<std::string>{},
                                    "a/2024-01-15",         // the last segment is the file, not a folder
                                    "2024-01-15",           // only a file name
                                    "a/2023-02-29/x.json",  // impossible date
                                    "a/20240115/x.json",    // compact is not a folder date
                                    "a/2024-01-15x/x.json", // longer segment
                                    "a/b/x.json",
                                    "");
  INFO("name: '" << name << "'");
  CHECK_FALSE(nbaraw::date_folder_of(name));
}
