// BDL injuries: parse_return_date, the date in the scrape's season, and how it reaches the row.
#include "bdl_injuries_fixture.hpp"

#include <optional>

using namespace nbaraw::test::bdl;
using nbaraw::Date;
using nbaraw::processors::BdlInjuries;

TEST_CASE("bdl_injuries parse_return_date", "[bdl_injuries]") {
  // text, scrape date, expected date (empty: NULL), parsed, confidence
  auto [text, scraped, expected, parsed, confidence] = GENERATE(table<std::string, Date, std::string, bool, double>({
      {"", Date{2025, 7, 15}, "", false, 0.5},
      {"TBD", Date{2025, 7, 15}, "", false, 0.8},
      {"tbd", Date{2025, 7, 15}, "", false, 0.8},
      {"  Unknown ", Date{2025, 7, 15}, "", false, 0.8},
      {"End of Season", Date{2025, 7, 15}, "", false, 0.8},
      {"Indefinite", Date{2025, 7, 15}, "", false, 0.8},
      {"Out for Season", Date{2025, 7, 15}, "", false, 0.8},
      {"Oct 1", Date{2025, 7, 15}, "2024-10-01", true, 1.0},  // season 2024: October is in the past
      {"Feb 1", Date{2025, 7, 15}, "2025-02-01", true, 1.0},
      {"Jul 17", Date{2025, 7, 15}, "2025-07-17", true, 1.0},
      {"Dec 31", Date{2025, 7, 15}, "2024-12-31", true, 1.0},
      {"Jan 5", Date{2024, 11, 3}, "2025-01-05", true, 1.0},  // season 2024, January of the next year
      {"Nov 20", Date{2024, 11, 3}, "2024-11-20", true, 1.0},
      {"Sep 30", Date{2024, 10, 1}, "2025-09-30", true, 1.0},
      {"OCT 1", Date{2025, 7, 15}, "2024-10-01", true, 1.0},
      {"Jul  4", Date{2025, 7, 15}, "2025-07-04", true, 1.0},   // any whitespace run
      {"Jul 17 (est.)", Date{2025, 7, 15}, "2025-07-17", true, 1.0},  // only the start must match
      {"Oct 123", Date{2025, 7, 15}, "2024-10-12", true, 1.0},  // one or two digits: day 12
      {"Sept 5", Date{2025, 7, 15}, "", false, 0.3},            // the 4th character is not whitespace
      {"Abc 5", Date{2025, 7, 15}, "", false, 0.3},             // three letters, not a month
      {"Oct", Date{2025, 7, 15}, "", false, 0.3},
      {"October 1", Date{2025, 7, 15}, "", false, 0.3},
      {"2025-10-01", Date{2025, 7, 15}, "", false, 0.3},
      {"Feb 30", Date{2025, 7, 15}, "", false, 0.2},  // impossible day
      {"Apr 31", Date{2025, 7, 15}, "", false, 0.2},
      {"Feb 29", Date{2025, 7, 15}, "", false, 0.2},  // season 2024: February 2025 has no 29th
      {"Feb 29", Date{2024, 1, 10}, "2024-02-29", true, 1.0},  // season 2023: February 2024 is a leap month
      {"Jan 0", Date{2025, 7, 15}, "", false, 0.2},
  }));
  INFO("'" << text << "' scraped " << scraped.iso());
  const BdlInjuries::ReturnDate r = BdlInjuries::parse_return_date(text, scraped);
  CHECK(r.parsed == parsed);
  CHECK(r.confidence == confidence);
  CHECK((r.date ? r.date->iso() : std::string()) == expected);
}

TEST_CASE("bdl_injuries: the row stores the parsed date as ISO and the text as given", "[bdl_injuries]") {
  auto [text, scraped_object, return_date, parsed] = GENERATE(table<std::string, std::string, std::string, bool>({
      {"Oct 1", std::string(scraped_mid_july), "2024-10-01", true},
      {"Feb 1", std::string(scraped_mid_july), "2025-02-01", true},
      {"Jan 5", "ball-dont-lie/injuries/2024-11-03/20241103_090000.json", "2025-01-05", true},
      {"Sept 5", std::string(scraped_mid_july), "", false},
  }));
  boost::json::object rec = record();
  rec["return_date"] = text;
  const auto row = row_of(rec, scraped_object);
  CHECK(row.at("return_date_original").as_string() == text);
  CHECK(row.at("return_date_parsed").as_bool() == parsed);
  if (parsed)
    CHECK(row.at("return_date").as_string() == return_date);
  else
    CHECK(row.at("return_date").is_null());
}

TEST_CASE("bdl_injuries: an absent return_date is stored as \"\" with no date and no flag", "[bdl_injuries]") {
  boost::json::object rec = record();
  rec.erase("return_date");
  const auto row = row_of(rec);
  CHECK(row.at("return_date_original").as_string() == "");
  CHECK(row.at("return_date").is_null());
  CHECK_FALSE(row.at("return_date_parsed").as_bool());
  CHECK(row.at("data_quality_flags").is_null());
  CHECK(row.at("parsing_confidence").as_double() == 0.9);  // (1 + 1 + 0.5 + 1 + 1) / 5
}
