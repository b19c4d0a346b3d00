// Golden-row comparison and the loaders of golden.hpp, compiled once for every test program.
#include "support/golden.hpp"

#include <nbaraw/detail/sqlite.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace nbaraw::test {

namespace {

const std::set<std::string, std::less<>>& volatile_columns() {
  static const std::set<std::string, std::less<>> columns{"processed_at", "created_at", "processed_by_run_id"};
  return columns;
}

/// Microseconds since the epoch (UTC) when the text is a timestamp: "YYYY-MM-DD[T ]HH:MM:SS[.f]" followed
/// by nothing, "Z", "UTC" or an offset "+HH:MM" / "-HHMM" (applied). A bare date is not a timestamp.
std::optional<std::int64_t> timestamp_micros(std::string_view text) {
  static const std::regex shape(
      R"(^\s*(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d+)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?\s*$)");
  std::match_results<std::string_view::const_iterator> m;
  if (!std::regex_match(text.begin(), text.end(), m, shape)) return std::nullopt;
  auto number = [&](std::size_t group) { return std::stoi(m[group].str()); };
  const std::chrono::year_month_day ymd{std::chrono::year{number(1)}, std::chrono::month{unsigned(number(2))},
                                        std::chrono::day{unsigned(number(3))}};
  if (!ymd.ok()) return std::nullopt;
  std::int64_t seconds = std::int64_t(std::chrono::sys_days{ymd}.time_since_epoch().count()) * 86400 +
                         number(4) * 3600 + number(5) * 60 + number(6);
  std::int64_t micros = 0;
  if (m[7].matched) {  // ".f" to six digits, extra digits cut off (as Python's fromisoformat input is)
    std::string digits = m[7].str().substr(1);
    digits = (digits + "000000").substr(0, 6);
    micros = std::stoll(digits);
  }
  if (m[8].matched && m[8].str() != "Z" && m[8].str() != "UTC") {
    const std::string zone = m[8].str();
    const int sign = zone[0] == '+' ? 1 : -1;
    const int hours = std::stoi(zone.substr(1, 2));
    const int minutes = std::stoi(zone.substr(zone.size() - 2));
    seconds -= sign * (hours * 3600 + minutes * 60);
  }
  return seconds * 1000000 + micros;
}

std::optional<double> as_number(const boost::json::value& v) {
  if (v.is_int64()) return double(v.get_int64());
  if (v.is_uint64()) return double(v.get_uint64());
  if (v.is_double()) return v.get_double();
  return std::nullopt;
}

bool same(const boost::json::value& golden, const boost::json::value& actual);

bool same_array(const boost::json::array& golden, const boost::json::value& actual) {
  if (actual.is_string()) {  // a REPEATED column stored as JSON text
    boost::system::error_code ec;
    boost::json::value parsed = boost::json::parse(actual.get_string(), ec);
    return !ec && same_array(golden, parsed);
  }
  if (!actual.is_array() || actual.get_array().size() != golden.size()) return false;
  for (std::size_t i = 0; i < golden.size(); ++i)
    if (!same(golden[i], actual.get_array()[i])) return false;
  return true;
}

/// One value under the README's rules.
bool same(const boost::json::value& golden, const boost::json::value& actual) {
  if (golden.is_null() || actual.is_null()) return golden.is_null() && actual.is_null();
  if (golden.is_array()) return same_array(golden.get_array(), actual);
  if (golden.is_bool() || actual.is_bool()) {  // true == 1, false == 0 (a BOOLEAN read back as INTEGER)
    auto truth = [](const boost::json::value& v) -> std::optional<double> {
      if (v.is_bool()) return v.get_bool() ? 1.0 : 0.0;
      return as_number(v);
    };
    auto g = truth(golden), a = truth(actual);
    return g && a && *g == *a;
  }
  if (auto g = as_number(golden)) {
    auto a = as_number(actual);
    if (!a) return false;
    return *g == *a || std::abs(*g - *a) <= std::max(1e-9 * std::max(std::abs(*g), std::abs(*a)), 1e-12);
  }
  if (golden.is_string()) {
    if (!actual.is_string()) return false;
    auto g = timestamp_micros(golden.get_string()), a = timestamp_micros(actual.get_string());
    if (g || a) return g && a && *g == *a;
    return golden.get_string() == actual.get_string();
  }
  if (golden.is_object()) {
    if (!actual.is_object()) return false;
    const auto& go = golden.get_object();
    const auto& ao = actual.get_object();
    if (go.size() != ao.size()) return false;
    for (const auto& [k, v] : go) {
      const boost::json::value* other = ao.if_contains(k);
      if (!other || !same(v, *other)) return false;
    }
    return true;
  }
  return false;
}

const boost::json::value& field_or_null(const boost::json::object& row, std::string_view column) {
  static const boost::json::value null_value;
  const boost::json::value* v = row.if_contains(column);
  return v ? *v : null_value;
}

/// The columns on which two rows differ: every non-volatile golden column, and any non-volatile actual
/// column the golden row lacks that holds a value (a missing column reads as null).
std::vector<std::string> differing_columns(const boost::json::object& golden, const boost::json::object& actual) {
  std::vector<std::string> out;
  for (const auto& [k, v] : golden)
    if (!volatile_columns().count(std::string_view(k)) && !same(v, field_or_null(actual, k))) out.emplace_back(k);
  for (const auto& [k, v] : actual)
    if (!volatile_columns().count(std::string_view(k)) && !golden.contains(k) && !v.is_null()) out.emplace_back(k);
  return out;
}

std::string shown(const boost::json::value& v, std::size_t max = 300) {
  std::string s = boost::json::serialize(v);
  return s.size() > max ? s.substr(0, max) + "..." : s;
}

std::string row_label(const boost::json::object& row) {
  std::string label;
  for (std::string_view k : {"source_file_path", "bdl_player_id", "player_lookup", "game_id"})
    if (const auto* v = row.if_contains(k)) label += (label.empty() ? "" : " ") + std::string(k) + "=" + shown(*v, 80);
  return label.empty() ? shown(row, 200) : label;
}

}  // namespace

std::string GoldenDiff::message() const {
  std::ostringstream out;
  out << (ok() ? "OK " : "FAIL ") << matched << "/" << golden_rows << " golden rows equal (" << actual_rows
      << " actual rows)";
  for (const auto& p : problems) out << "\n  " << p;
  return out.str();
}

GoldenDiff compare_rows(const boost::json::array& golden, const std::vector<boost::json::object>& actual, std::size_t max_reported) {
  GoldenDiff diff;
  diff.golden_rows = golden.size();
  diff.actual_rows = actual.size();
  if (golden.size() != actual.size())
    diff.problems.push_back("row count: golden " + std::to_string(golden.size()) + ", actual " + std::to_string(actual.size()));

  std::vector<const boost::json::object*> unmatched;
  for (const auto& row : actual) unmatched.push_back(&row);
  std::vector<const boost::json::object*> missing;
  for (const auto& g : golden) {
    if (!g.is_object()) {
      diff.problems.push_back("golden entry is not an object: " + shown(g));
      continue;
    }
    auto equal = std::find_if(unmatched.begin(), unmatched.end(),
                              [&](const boost::json::object* a) { return differing_columns(g.get_object(), *a).empty(); });
    if (equal != unmatched.end()) {
      unmatched.erase(equal);
      ++diff.matched;
    } else {
      missing.push_back(&g.get_object());
    }
  }

  for (std::size_t i = 0; i < missing.size() && i < max_reported; ++i) {
    const boost::json::object& g = *missing[i];
    const boost::json::object* nearest = nullptr;
    std::vector<std::string> nearest_diff;
    for (const auto* a : unmatched) {
      auto d = differing_columns(g, *a);
      if (!nearest || d.size() < nearest_diff.size()) {
        nearest = a;
        nearest_diff = std::move(d);
      }
    }
    if (!nearest) {
      diff.problems.push_back("missing row (no actual row left to match): " + row_label(g));
      continue;
    }
    std::string text = "row differs (" + row_label(g) + "):";
    for (std::size_t k = 0; k < nearest_diff.size() && k < 8; ++k)
      text += "\n      " + nearest_diff[k] + ": golden " + shown(field_or_null(g, nearest_diff[k])) + ", actual " +
              shown(field_or_null(*nearest, nearest_diff[k]));
    diff.problems.push_back(std::move(text));
  }
  if (!missing.empty())
    diff.problems.push_back(std::to_string(missing.size()) + " of " + std::to_string(golden.size()) +
                            " golden rows have no equal actual row");
  if (!unmatched.empty() && missing.empty())  // with missing rows the leftovers were shown as nearest rows
    for (std::size_t i = 0; i < unmatched.size() && i < max_reported; ++i)
      diff.problems.push_back("extra actual row: " + row_label(*unmatched[i]));
  if (diff.problems.empty() && diff.matched != golden.size())
    diff.problems.push_back("not every golden row matched");
  return diff;
}

std::vector<std::string> files_under(const std::filesystem::path& root, const std::vector<std::string>& prefixes) {
  std::vector<std::string> names;
  for (const auto& prefix : prefixes)
    if (std::filesystem::exists(root / prefix))
      for (const auto& entry : std::filesystem::recursive_directory_iterator(root / prefix))
        if (entry.is_regular_file()) names.push_back(entry.path().lexically_relative(root).generic_string());
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

boost::json::array load_golden(const std::filesystem::path& path) {
  boost::json::value v = boost::json::parse(read_text(path));
  if (!v.is_array()) throw std::runtime_error(path.string() + " is not a JSON array of rows");
  return std::move(v.get_array());
}

std::vector<boost::json::object> rows_from_ndjson(const std::filesystem::path& path,
                                                         std::optional<std::string> source_file_path) {
  std::vector<boost::json::object> rows;
  std::istringstream lines(read_text(path));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    boost::json::value v = boost::json::parse(line);
    if (!v.is_object()) throw std::runtime_error(path.string() + ": a line is not a JSON object");
    const auto* source = v.get_object().if_contains("source_file_path");
    if (source_file_path && !(source && source->is_string() && source->get_string() == *source_file_path)) continue;
    rows.push_back(std::move(v.get_object()));
  }
  return rows;
}

std::vector<boost::json::object> rows_from_sqlite(const std::filesystem::path& db_path, std::string_view table,
                                                         std::optional<std::string> source_file_path) {
  detail::SqliteDatabase db(db_path.string(), true);
  std::vector<std::string> columns;
  {
    detail::SqliteStatement info(db.handle(), "SELECT name FROM pragma_table_info(?1) ORDER BY cid");
    info.bind(1, table);
    while (info.step()) columns.push_back(info.text(0));
  }
  if (columns.empty()) throw std::runtime_error("no table " + std::string(table) + " in " + db_path.string());
  // Per column: the value, its storage class, and (for reals) 17 significant digits, so that the double
  // read back is the stored one exactly.
  std::string select;
  for (const auto& c : columns) {
    const std::string q = detail::quote_identifier(c);
    select += (select.empty() ? "" : ", ") + q + ", typeof(" + q + "), printf('%!.17g', " + q + ")";
  }
  std::string sql = "SELECT " + select + " FROM " + detail::quote_identifier(table);
  if (source_file_path) sql += " WHERE source_file_path = ?1";
  detail::SqliteStatement st(db.handle(), sql);
  if (source_file_path) st.bind(1, std::string_view(*source_file_path));
  std::vector<boost::json::object> rows;
  while (st.step()) {
    boost::json::object row;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      const int value = int(3 * i);
      const std::string storage = st.text(value + 1);
      boost::json::value& v = row[columns[i]];
      if (storage == "null") {
        v = nullptr;
      } else if (storage == "integer") {
        v = st.integer(value);
      } else if (storage == "real") {
        const std::string text = st.text(value + 2);
        double d = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), d);
        if (ec != std::errc() || end != text.data() + text.size())
          throw std::runtime_error("column " + columns[i] + ": cannot read " + text + " as a number");
        v = d;
      } else {
        v = st.text(value);
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace nbaraw::test
