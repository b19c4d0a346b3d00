#pragma once
// Small inline BDL injuries inputs: one API-shaped record to vary, the scraper's wrapper around records,
// and a transform call with the FileContext the backfill would give.
#include "support/processor_kit.hpp"

#include <nbaraw/core/date.hpp>
#include <nbaraw/core/table_schema.hpp>
#include <nbaraw/processors/bdl_injuries.hpp>

#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace nbaraw::test::bdl {

/// Scraped 2025-07-15 14:30:22, in the 2024 season (July belongs to the season that started in October 2024).
inline constexpr std::string_view scraped_mid_july = "ball-dont-lie/injuries/2025-07-15/20250715_143022.json";

/// Jaylen Brown, Boston (team 2), Day-To-Day, back "Oct 1", a knee description of 20+ characters: every
/// confidence factor 1.0, category injury.
inline boost::json::object record() {
  return boost::json::parse(R"({
    "player": {"id": 1001, "first_name": "Jaylen", "last_name": "Brown", "position": "G", "height": "6-6",
               "weight": "223", "jersey_number": "7", "college": "California", "country": "USA",
               "draft_year": 2016, "draft_round": 1, "draft_number": 3, "team_id": 2},
    "return_date": "Oct 1",
    "description": "Jul 14: Brown (knee) is expected to be ready for training camp.",
    "status": "Day-To-Day"
  })").as_object();
}

inline boost::json::object& player(boost::json::object& rec) { return rec["player"].as_object(); }

/// The GCS file: {ident, timestamp, rowCount, injuries[]}.
inline boost::json::value document(const boost::json::array& injuries) {
  return boost::json::object{{"ident", "league"},
                             {"timestamp", "2025-07-15T14:30:22+00:00"},
                             {"rowCount", injuries.size()},
                             {"injuries", injuries}};
}

/// Transforms as the backfill does; every row must be loadable, or the backfill would fail the whole file.
inline TransformResult transform(const boost::json::value& doc, std::string_view object_name = scraped_mid_july) {
  return transform_checked(processors::BdlInjuries{}, doc, object_name);
}

/// The one row a single record gives.
inline Row row_of(const boost::json::object& rec, std::string_view object_name = scraped_mid_july) {
  return one_row(transform(document(boost::json::array{rec}), object_name));
}

/// The comma-separated data_quality_flags as a list (empty when NULL).
inline std::vector<std::string> flags_of(const Row& row) {
  std::vector<std::string> out;
  const auto& v = row.at("data_quality_flags");
  if (v.is_null()) return out;
  std::string_view text = v.as_string();
  while (true) {
    auto comma = text.find(',');
    out.emplace_back(text.substr(0, comma));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace nbaraw::test::bdl
