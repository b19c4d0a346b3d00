// The BigQuery REST test server (see bigquery_test_server.hpp): LoopbackServer handlers over one SQLite
// connection, every request served under one mutex.
#if defined(__GNUC__) && !defined(__clang__) && defined(__SANITIZE_ADDRESS__)
// GCC 12 with -fsanitize=address reports a false -Wmaybe-uninitialized inside libstdc++'s <regex>
// (std::function moved in _NFA::_M_insert_subexpr_*), not in this file's code.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include "support/bigquery_test_server.hpp"

#include "support/gcs_test_server.hpp"  // gcs_util: percent_decode, base64

#include <nbaraw/detail/gzip.hpp>
#include <nbaraw/detail/sqlite.hpp>

#include <boost/json.hpp>
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstddef>
#include <chrono>
#include <cmath>
#include <ctime>
#include <deque>
#include <limits>
#include <map>
#include <mutex>
#include <regex>
#include <set>
#include <stdexcept>
#include <thread>
#include <utility>

namespace nbaraw::test {

namespace {

namespace json = boost::json;
using detail::quote_identifier;

constexpr std::string_view kTablesMeta = "_bigquery_test_server_tables";

// --- small helpers ------------------------------------------------------------------------------

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool iequals(std::string_view a, std::string_view b) { return a.size() == b.size() && lower(a) == lower(b); }

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::optional<std::int64_t> parse_int64(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

std::optional<double> parse_double(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

/// A string member of an object, or nullptr.
const json::string* string_at(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_string() ? &v->get_string() : nullptr;
}

const json::object* object_at(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v && v->is_object() ? &v->get_object() : nullptr;
}

std::string str(const json::string* s, std::string_view fallback = {}) { return s ? std::string(*s) : std::string(fallback); }

std::string status_name(unsigned code) {
  switch (code) {
    case 400: return "INVALID_ARGUMENT";
    case 401: return "UNAUTHENTICATED";
    case 403: return "PERMISSION_DENIED";
    case 404: return "NOT_FOUND";
    case 409: return "ALREADY_EXISTS";
    case 500: return "INTERNAL";
    case 503: return "UNAVAILABLE";
    default: return "UNKNOWN";
  }
}

ServerResponse json_response(unsigned status, const json::value& v) {
  return ServerResponse{status, {{"Content-Type", "application/json; charset=UTF-8"}}, json::serialize(v)};
}

ServerResponse error_response(unsigned status, std::string_view reason, std::string_view message) {
  json::object e{{"domain", "global"}, {"reason", reason}, {"message", message}};
  json::object err{{"code", status}, {"message", message}, {"errors", json::array{e}}, {"status", status_name(status)}};
  return json_response(status, json::object{{"error", std::move(err)}});
}

/// An HTTP error answer, thrown inside a handler.
struct ApiError {
  unsigned status;
  std::string reason;
  std::string message;
};

[[noreturn]] void bad_request(std::string message) { throw ApiError{400, "invalid", std::move(message)}; }
[[noreturn]] void not_found(std::string message) { throw ApiError{404, "notFound", std::move(message)}; }

/// A job that ends DONE with this errorResult (and these further status.errors after it).
struct JobFailure {
  std::string reason;
  std::string message;
  json::array details = {};
};

[[noreturn]] void invalid_query(std::string message) { throw JobFailure{"invalidQuery", std::move(message)}; }

/// base64url without padding, for page tokens that need no percent-encoding.
std::string token_encode(std::string_view text) {
  std::string s = gcs_util::base64_encode(text);
  while (!s.empty() && s.back() == '=') s.pop_back();
  for (auto& c : s) c = c == '+' ? '-' : c == '/' ? '_' : c;
  return s;
}

std::optional<std::string> token_decode(std::string s) {
  for (auto& c : s) c = c == '-' ? '+' : c == '_' ? '/' : c;
  return gcs_util::base64_decode(s);
}

std::map<std::string, std::string> parse_query(std::string_view q) {
  std::map<std::string, std::string> out;
  while (!q.empty()) {
    const std::size_t amp = q.find('&');
    const std::string_view part = q.substr(0, amp);
    q = amp == std::string_view::npos ? std::string_view{} : q.substr(amp + 1);
    if (part.empty()) continue;
    const std::size_t eq = part.find('=');
    auto key = gcs_util::percent_decode(part.substr(0, eq), true);
    auto value = gcs_util::percent_decode(eq == std::string_view::npos ? std::string_view{} : part.substr(eq + 1), true);
    if (!key || !value) bad_request("Invalid percent-encoding in the query string.");
    out[*key] = *value;
  }
  return out;
}

bool valid_dataset_id(std::string_view d) {
  return !d.empty() && d.size() <= 1024 &&
         std::all_of(d.begin(), d.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

bool valid_table_id(std::string_view t) {
  return !t.empty() && t.size() <= 1024 && std::none_of(t.begin(), t.end(), [](char c) {
    return c == '.' || c == '`' || c == '$' || c == '/' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
  });
}

bool valid_job_id(std::string_view j) {
  return !j.empty() && j.size() <= 1024 && std::all_of(j.begin(), j.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
  });
}

// --- schema -------------------------------------------------------------------------------------

enum class ColType { string, int64, float64, numeric, boolean, date, timestamp, json };

struct Field {
  std::string name;
  ColType type = ColType::string;
  bool required = false;
  bool repeated = false;
};

std::optional<ColType> parse_type(std::string_view text) {
  const std::string t = upper(text);
  if (t == "STRING") return ColType::string;
  if (t == "INTEGER" || t == "INT64") return ColType::int64;
  if (t == "FLOAT" || t == "FLOAT64") return ColType::float64;
  if (t == "NUMERIC") return ColType::numeric;
  if (t == "BOOLEAN" || t == "BOOL") return ColType::boolean;
  if (t == "DATE") return ColType::date;
  if (t == "TIMESTAMP") return ColType::timestamp;
  if (t == "JSON") return ColType::json;
  return std::nullopt;
}

/// The name tables.get answers, as BigQuery does (legacy names).
std::string_view type_name(ColType t) {
  switch (t) {
    case ColType::string: return "STRING";
    case ColType::int64: return "INTEGER";
    case ColType::float64: return "FLOAT";
    case ColType::numeric: return "NUMERIC";
    case ColType::boolean: return "BOOLEAN";
    case ColType::date: return "DATE";
    case ColType::timestamp: return "TIMESTAMP";
    case ColType::json: return "JSON";
  }
  return "STRING";
}

std::string_view sqlite_type(const Field& f) {
  if (f.repeated) return "TEXT";
  switch (f.type) {
    case ColType::int64:
    case ColType::boolean: return "INTEGER";
    case ColType::float64:
    case ColType::numeric: return "REAL";
    default: return "TEXT";
  }
}

/// Parses {"fields":[...]}; normalized receives the schema as tables.get shows it. Throws ApiError.
std::vector<Field> parse_schema(const json::value& schema, json::object* normalized) {
  if (!schema.is_object()) bad_request("schema must be an object with fields");
  const json::value* fields = schema.get_object().if_contains("fields");
  if (!fields || !fields->is_array() || fields->get_array().empty()) bad_request("The schema needs at least one field.");
  std::vector<Field> out;
  json::array norm;
  std::set<std::string> names;
  for (const auto& fv : fields->get_array()) {
    if (!fv.is_object()) bad_request("Each schema field must be an object.");
    const auto& fo = fv.get_object();
    Field f;
    f.name = str(string_at(fo, "name"));
    if (f.name.empty() || std::any_of(f.name.begin(), f.name.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
      bad_request("Invalid field name \"" + f.name + "\".");
    if (!names.insert(lower(f.name)).second) bad_request("Field " + f.name + " already exists in schema");
    const std::string type = str(string_at(fo, "type"));
    auto t = parse_type(type);
    if (!t) bad_request("Invalid field type \"" + type + "\" for field " + f.name + " (this test server accepts STRING, INTEGER/INT64, FLOAT/FLOAT64, NUMERIC, BOOLEAN/BOOL, DATE, TIMESTAMP, JSON).");
    f.type = *t;
    const std::string mode = upper(str(string_at(fo, "mode"), "NULLABLE"));
    if (mode == "REQUIRED") f.required = true;
    else if (mode == "REPEATED") f.repeated = true;
    else if (mode != "NULLABLE") bad_request("Invalid mode \"" + mode + "\" for field " + f.name + ".");
    json::object n = fo;
    n["type"] = type_name(f.type);
    n["mode"] = mode;
    norm.push_back(std::move(n));
    out.push_back(std::move(f));
  }
  if (normalized) *normalized = json::object{{"fields", std::move(norm)}};
  return out;
}

const Field* find_field(const std::vector<Field>& fields, std::string_view name) {
  for (const auto& f : fields)
    if (iequals(f.name, name)) return &f;
  return nullptr;
}

// --- load values --------------------------------------------------------------------------------

/// A value as bound to SQLite.
struct Cell {
  enum class Kind { null, integer, real, text } kind = Kind::null;
  std::int64_t i = 0;
  double d = 0;
  std::string s;
};

struct RowError {
  std::string message;
};

std::string shown(const json::value& v) { return v.is_string() ? std::string(v.get_string()) : json::serialize(v); }

[[noreturn]] void cannot_convert(const Field& f, const json::value& v, std::string_view to) {
  throw RowError{fmt::format("Could not convert value '{}' to {}. Field: {}; Value: {}", json::serialize(v), to, f.name, shown(v))};
}

bool is_date(std::string_view s) {
  static const std::regex re(R"(^\d{4}-\d{1,2}-\d{1,2}$)");
  return std::regex_match(s.begin(), s.end(), re);
}

bool is_timestamp(std::string_view s) {
  static const std::regex re(R"(^\s*\d{4}-\d{1,2}-\d{1,2}([Tt ]\d{1,2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?\s*([Zz]|UTC|[+-]\d{1,2}(:?\d{2})?)?\s*$)");
  return std::regex_match(s.begin(), s.end(), re);
}

std::string timestamp_from_epoch(double seconds, const Field& f, const json::value& v) {
  if (!std::isfinite(seconds) || std::abs(seconds) > 253402300799.0) cannot_convert(f, v, "timestamp");
  const auto micros = static_cast<std::int64_t>(std::llround(seconds * 1e6));
  std::int64_t secs = micros / 1'000'000, frac = micros % 1'000'000;
  if (frac < 0) {
    frac += 1'000'000;
    --secs;
  }
  const auto t = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  const std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return fmt::format("{}.{:06d} UTC", std::string_view(buf, n), frac);
}

/// One scalar converted to its JSON form for the column type (the REPEATED element or the cell).
json::value convert_scalar(const Field& f, const json::value& v) {
  switch (f.type) {
    case ColType::int64:
      if (v.is_int64()) return v;
      if (v.is_uint64()) {
        if (v.get_uint64() > std::uint64_t(std::numeric_limits<std::int64_t>::max())) cannot_convert(f, v, "integer");
        return std::int64_t(v.get_uint64());
      }
      if (v.is_double()) {
        const double d = v.get_double();
        if (std::isfinite(d) && d == std::floor(d) && std::abs(d) < 9.2e18) return static_cast<std::int64_t>(d);
        cannot_convert(f, v, "integer");
      }
      if (v.is_string()) {
        std::string_view s = v.get_string();
        while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
        while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
        if (auto i = parse_int64(s)) return *i;
      }
      cannot_convert(f, v, "integer");
    case ColType::float64:
    case ColType::numeric:
      if (v.is_number()) return v.to_number<double>();
      if (v.is_string())
        if (auto d = parse_double(std::string_view(v.get_string()))) return *d;
      cannot_convert(f, v, "double");
    case ColType::boolean:
      if (v.is_bool()) return v;
      if (v.is_int64() && (v.get_int64() == 0 || v.get_int64() == 1)) return v.get_int64() == 1;
      if (v.is_string()) {
        const std::string s = lower(std::string_view(v.get_string()));
        if (s == "true" || s == "1") return true;
        if (s == "false" || s == "0") return false;
      }
      cannot_convert(f, v, "boolean");
    case ColType::string:
      if (v.is_string()) return v;
      if (v.is_number() || v.is_bool()) return json::string(json::serialize(v));
      cannot_convert(f, v, "string");
    case ColType::date:
      if (v.is_string() && is_date(v.get_string())) return v;
      throw RowError{fmt::format("Could not parse '{}' as DATE for field {}", shown(v), f.name)};
    case ColType::timestamp:
      if (v.is_string() && is_timestamp(v.get_string())) return v;
      if (v.is_number()) return json::string(timestamp_from_epoch(v.to_number<double>(), f, v));
      throw RowError{fmt::format("Could not parse '{}' as a timestamp. Required format is YYYY-MM-DD HH:MM[:SS[.SSSSSS]] "
                                 "or YYYY/MM/DD HH:MM[:SS[.SSSSSS]]. Field: {}; Value: {}",
                                 shown(v), f.name, shown(v))};
    case ColType::json:
      return v;
  }
  return v;
}

/// The SQLite cell of one field of a row (absent → NULL).
Cell convert_cell(const Field& f, const json::value* v) {
  Cell c;
  if (!v || v->is_null()) {
    if (f.required) throw RowError{fmt::format("Only optional fields can be set to NULL. Field: {}; Value: NULL", f.name)};
    return c;
  }
  if (f.repeated) {
    if (!v->is_array()) throw RowError{fmt::format("Value of repeated field {} is not an array: {}", f.name, json::serialize(*v))};
    json::array out;
    for (const auto& e : v->get_array()) {
      if (e.is_null()) throw RowError{fmt::format("Array specified for field {} contains a NULL element.", f.name)};
      out.push_back(convert_scalar(f, e));
    }
    c.kind = Cell::Kind::text;
    c.s = json::serialize(out);
    return c;
  }
  if (v->is_array() && f.type != ColType::json) throw RowError{fmt::format("Array specified for non-repeated field: {}.", f.name)};
  if (v->is_object() && f.type != ColType::json)
    throw RowError{fmt::format("JSON object specified for non-record field: {}", f.name)};
  const json::value x = convert_scalar(f, *v);
  switch (f.type) {
    case ColType::int64: c.kind = Cell::Kind::integer; c.i = x.get_int64(); break;
    case ColType::boolean: c.kind = Cell::Kind::integer; c.i = x.get_bool() ? 1 : 0; break;
    case ColType::float64:
    case ColType::numeric: c.kind = Cell::Kind::real; c.d = x.get_double(); break;
    case ColType::json:
      c.kind = Cell::Kind::text;
      c.s = x.is_string() ? std::string(x.get_string()) : json::serialize(x);
      break;
    default: c.kind = Cell::Kind::text; c.s = std::string(x.get_string()); break;
  }
  return c;
}

// --- SQLite helpers -----------------------------------------------------------------------------

struct StmtDeleter {
  void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
};
using StmtPtr = std::unique_ptr<sqlite3_stmt, StmtDeleter>;

void bind_cell(sqlite3* db, sqlite3_stmt* st, int index, const Cell& c) {
  int rc = SQLITE_OK;
  switch (c.kind) {
    case Cell::Kind::null: rc = sqlite3_bind_null(st, index); break;
    case Cell::Kind::integer: rc = sqlite3_bind_int64(st, index, c.i); break;
    case Cell::Kind::real: rc = sqlite3_bind_double(st, index, c.d); break;
    case Cell::Kind::text:
      rc = sqlite3_bind_text64(st, index, c.s.data(), c.s.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
      break;
  }
  if (rc != SQLITE_OK) throw std::runtime_error(std::string("sqlite bind: ") + sqlite3_errmsg(db));
}

std::string column_text(sqlite3_stmt* st, int i) {
  const unsigned char* p = sqlite3_column_text(st, i);
  return p ? std::string(reinterpret_cast<const char*>(p), std::size_t(sqlite3_column_bytes(st, i))) : std::string();
}

std::string value_text(sqlite3_value* v) {
  const unsigned char* p = sqlite3_value_text(v);
  return p ? std::string(reinterpret_cast<const char*>(p), std::size_t(sqlite3_value_bytes(v))) : std::string();
}

/// REGEXP_EXTRACT / REGEXP_CONTAINS: the compiled pattern cached as auxiliary data of argument 1.
struct RegexCache {
  std::regex* re = nullptr;
  std::unique_ptr<std::regex> fresh;
};

bool compile_pattern(sqlite3_context* ctx, sqlite3_value* pattern, RegexCache& cache) {
  cache.re = static_cast<std::regex*>(sqlite3_get_auxdata(ctx, 1));
  if (cache.re) return true;
  try {
    cache.fresh = std::make_unique<std::regex>(value_text(pattern), std::regex::ECMAScript);
    cache.re = cache.fresh.get();
    return true;
  } catch (const std::regex_error& e) {
    const std::string message = "Cannot parse regular expression: " + std::string(e.what());
    sqlite3_result_error(ctx, message.c_str(), -1);
    return false;
  }
}

void keep_pattern(sqlite3_context* ctx, RegexCache& cache) {
  if (cache.fresh) sqlite3_set_auxdata(ctx, 1, cache.fresh.release(), [](void* p) { delete static_cast<std::regex*>(p); });
}

void regexp_extract(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
    sqlite3_result_null(ctx);
    return;
  }
  const std::string text = value_text(argv[0]);
  if (value_text(argv[1]) == "[^/]*$") {  // the sink's "file name of a path": the same answer, without std::regex
    const std::size_t slash = text.rfind('/');
    const std::string name = slash == std::string::npos ? text : text.substr(slash + 1);
    sqlite3_result_text64(ctx, name.data(), name.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    return;
  }
  RegexCache cache;
  if (!compile_pattern(ctx, argv[1], cache)) return;
  if (cache.re->mark_count() > 1) {
    sqlite3_result_error(ctx, "Regular expressions passed into extraction functions must not have more than 1 capturing group", -1);
    return;
  }
  std::smatch m;
  if (std::regex_search(text, m, *cache.re)) {
    const std::string out = cache.re->mark_count() == 1 ? (m[1].matched ? m[1].str() : std::string()) : m[0].str();
    if (cache.re->mark_count() == 1 && !m[1].matched) sqlite3_result_null(ctx);
    else sqlite3_result_text64(ctx, out.data(), out.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  } else {
    sqlite3_result_null(ctx);
  }
  keep_pattern(ctx, cache);
}

void regexp_contains(sqlite3_context* ctx, int, sqlite3_value** argv) {
  if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
    sqlite3_result_null(ctx);
    return;
  }
  RegexCache cache;
  if (!compile_pattern(ctx, argv[1], cache)) return;
  const std::string text = value_text(argv[0]);
  sqlite3_result_int(ctx, std::regex_search(text, *cache.re) ? 1 : 0);
  keep_pattern(ctx, cache);
}

void concat(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  std::string out;
  for (int i = 0; i < argc; ++i) {
    if (sqlite3_value_type(argv[i]) == SQLITE_NULL) {
      sqlite3_result_null(ctx);
      return;
    }
    out += value_text(argv[i]);
  }
  sqlite3_result_text64(ctx, out.data(), out.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

/// Collects the tables a statement being prepared deletes from or updates (for the streaming buffer).
int authorizer(void* user, int action, const char* a, const char*, const char*, const char*) {
  if ((action == SQLITE_DELETE || action == SQLITE_UPDATE) && a) static_cast<std::vector<std::string>*>(user)->emplace_back(a);
  return SQLITE_OK;
}

// --- GoogleSQL → SQLite -------------------------------------------------------------------------

struct Token {
  enum class Kind { space, comment, word, ident, string, bytes, param, number, punct };
  Kind kind;
  std::string text;   ///< as written (comments: as emitted)
  std::string value;  ///< strings, bytes and quoted identifiers: the decoded content
};

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

/// GoogleSQL escapes: \a \b \f \n \r \t \v \\ \? \" \' \` \xHH \uHHHH \UHHHHHHHH \ooo.
std::string unescape(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out += s[i];
      continue;
    }
    if (++i >= s.size()) invalid_query("Syntax error: illegal escape sequence at the end of a literal");
    const char c = s[i];
    auto hex = [&](std::size_t digits) {
      std::uint32_t v = 0;
      for (std::size_t k = 1; k <= digits; ++k) {
        if (i + k >= s.size() || !std::isxdigit(static_cast<unsigned char>(s[i + k])))
          invalid_query("Syntax error: illegal escape sequence \\" + std::string(1, c));
        const char h = s[i + k];
        v = v * 16 + std::uint32_t(std::isdigit(static_cast<unsigned char>(h)) ? h - '0' : std::tolower(h) - 'a' + 10);
      }
      i += digits;
      return v;
    };
    switch (c) {
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'v': out += '\v'; break;
      case '\\': case '?': case '"': case '\'': case '`': out += c; break;
      case 'x': case 'X': out += static_cast<char>(hex(2)); break;
      case 'u': append_utf8(out, hex(4)); break;
      case 'U': append_utf8(out, hex(8)); break;
      default:
        if (c >= '0' && c <= '7' && i + 2 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '7' && s[i + 2] >= '0' && s[i + 2] <= '7') {
          out += static_cast<char>((c - '0') * 64 + (s[i + 1] - '0') * 8 + (s[i + 2] - '0'));
          i += 2;
        } else {
          invalid_query("Syntax error: illegal escape sequence \\" + std::string(1, c));
        }
    }
  }
  return out;
}

bool ident_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

std::vector<Token> tokenize(std::string_view sql) {
  std::vector<Token> out;
  const std::size_t n = sql.size();
  std::size_t i = 0;
  // A quoted literal starting at i (the quote); returns its raw content and moves i past it.
  auto quoted = [&](char q, bool raw_literal) {
    const bool triple = q != '`' && i + 2 < n && sql[i + 1] == q && sql[i + 2] == q;
    std::size_t j = i + (triple ? 3 : 1);
    std::string content;
    for (;;) {
      if (j >= n) invalid_query(fmt::format("Syntax error: unclosed {} literal", q == '`' ? "identifier" : "string"));
      if (sql[j] == '\\') {
        if (j + 1 >= n) invalid_query("Syntax error: unclosed string literal");
        content += sql[j];
        content += sql[j + 1];
        j += 2;
        continue;
      }
      if (triple ? (j + 2 < n && sql[j] == q && sql[j + 1] == q && sql[j + 2] == q) : sql[j] == q) {
        j += triple ? 3 : 1;
        break;
      }
      content += sql[j++];
    }
    i = j;
    return raw_literal ? content : unescape(content);
  };
  while (i < n) {
    const char c = sql[i];
    const std::size_t start = i;
    if (std::isspace(static_cast<unsigned char>(c))) {
      while (i < n && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
      out.push_back({Token::Kind::space, std::string(sql.substr(start, i - start)), {}});
    } else if ((c == '-' && i + 1 < n && sql[i + 1] == '-') || c == '#') {
      while (i < n && sql[i] != '\n') ++i;
      std::string text(sql.substr(start, i - start));
      if (c == '#') text = "--" + text.substr(1);
      out.push_back({Token::Kind::comment, std::move(text), {}});
    } else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      const std::size_t end = sql.find("*/", i + 2);
      if (end == std::string_view::npos) invalid_query("Syntax error: unclosed comment");
      i = end + 2;
      out.push_back({Token::Kind::comment, std::string(sql.substr(start, i - start)), {}});
    } else if (c == '`') {
      std::string v = quoted('`', false);
      out.push_back({Token::Kind::ident, std::string(sql.substr(start, i - start)), std::move(v)});
    } else if (c == '\'' || c == '"') {
      std::string v = quoted(c, false);
      out.push_back({Token::Kind::string, std::string(sql.substr(start, i - start)), std::move(v)});
    } else if (ident_start(c)) {
      // A literal prefix (r, b, rb, br in any case) directly followed by a quote?
      std::size_t j = i;
      while (j < n && j - i < 2 && (sql[j] == 'r' || sql[j] == 'R' || sql[j] == 'b' || sql[j] == 'B')) ++j;
      const std::string prefix = lower(sql.substr(i, j - i));
      if (j > i && j < n && (sql[j] == '\'' || sql[j] == '"') && (prefix == "r" || prefix == "b" || prefix == "rb" || prefix == "br")) {
        i = j;
        std::string v = quoted(sql[j], prefix.find('r') != std::string::npos);
        const bool bytes = prefix.find('b') != std::string::npos;
        out.push_back({bytes ? Token::Kind::bytes : Token::Kind::string, std::string(sql.substr(start, i - start)), std::move(v)});
      } else {
        while (i < n && ident_char(sql[i])) ++i;
        out.push_back({Token::Kind::word, std::string(sql.substr(start, i - start)), {}});
      }
    } else if (c == '@' && i + 1 < n && ident_start(sql[i + 1])) {
      ++i;
      while (i < n && ident_char(sql[i])) ++i;
      out.push_back({Token::Kind::param, std::string(sql.substr(start, i - start)), {}});
    } else if (std::isdigit(static_cast<unsigned char>(c)) || (c == '.' && i + 1 < n && std::isdigit(static_cast<unsigned char>(sql[i + 1])))) {
      while (i < n && (ident_char(sql[i]) || sql[i] == '.' ||
                       ((sql[i] == '+' || sql[i] == '-') && (sql[i - 1] == 'e' || sql[i - 1] == 'E'))))
        ++i;
      out.push_back({Token::Kind::number, std::string(sql.substr(start, i - start)), {}});
    } else {
      ++i;
      out.push_back({Token::Kind::punct, std::string(1, c), {}});
    }
  }
  return out;
}

std::string sql_string(std::string_view v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

/// A named query parameter: its JSON form (arrays and structs bound as JSON text) and, for UNNEST, its shape.
struct Param {
  json::value value;
  bool is_array = false;
  std::vector<std::string> struct_fields;  ///< set when ARRAY<STRUCT<...>>
};

/// queryParameters value → typed JSON (INT64 → integer, FLOAT64/NUMERIC → double, BOOL → bool, others → string).
json::value typed_value(const json::object& type, const json::value* pv, const std::string& name) {
  const std::string t = upper(str(string_at(type, "type")));
  const json::object* pvo = pv && pv->is_object() ? &pv->get_object() : nullptr;
  if (t == "ARRAY") {
    const json::object* et = object_at(type, "arrayType");
    if (!et) invalid_query("Query parameter '" + name + "': ARRAY without arrayType");
    json::array out;
    if (pvo)
      if (const json::value* av = pvo->if_contains("arrayValues"); av && av->is_array())
        for (const auto& e : av->get_array()) out.push_back(typed_value(*et, &e, name));
    return out;
  }
  if (t == "STRUCT") {
    const json::value* st = type.if_contains("structTypes");
    if (!st || !st->is_array()) invalid_query("Query parameter '" + name + "': STRUCT without structTypes");
    const json::object* values = pvo ? object_at(*pvo, "structValues") : nullptr;
    if (!values) return nullptr;
    json::object out;
    for (const auto& f : st->get_array()) {
      if (!f.is_object()) continue;
      const std::string fname = str(string_at(f.get_object(), "name"));
      const json::object* ftype = object_at(f.get_object(), "type");
      if (!ftype) invalid_query("Query parameter '" + name + "': struct field " + fname + " without type");
      out[fname] = typed_value(*ftype, values->if_contains(fname), name);
    }
    return out;
  }
  const json::value* v = pvo ? pvo->if_contains("value") : nullptr;
  if (!v || v->is_null()) return nullptr;
  const std::string text = v->is_string() ? std::string(v->get_string()) : json::serialize(*v);
  if (t == "INT64" || t == "INTEGER") {
    auto i = parse_int64(text);
    if (!i) invalid_query("Invalid value for INT64 query parameter '" + name + "': " + text);
    return *i;
  }
  if (t == "FLOAT64" || t == "FLOAT" || t == "NUMERIC" || t == "BIGNUMERIC") {
    auto d = parse_double(text);
    if (!d) invalid_query("Invalid value for " + t + " query parameter '" + name + "': " + text);
    return *d;
  }
  if (t == "BOOL" || t == "BOOLEAN") {
    const std::string l = lower(text);
    if (l != "true" && l != "false") invalid_query("Invalid value for BOOL query parameter '" + name + "': " + text);
    return l == "true";
  }
  return json::string(text);
}

std::map<std::string, Param> parse_params(const json::object& query_config) {
  std::map<std::string, Param> out;
  const json::value* qp = query_config.if_contains("queryParameters");
  if (!qp) return out;
  if (!qp->is_array()) invalid_query("queryParameters must be an array");
  for (const auto& p : qp->get_array()) {
    if (!p.is_object()) invalid_query("Each query parameter must be an object");
    const auto& po = p.get_object();
    const std::string name = str(string_at(po, "name"));
    if (name.empty()) invalid_query("Positional query parameters are not supported by this test server");
    const json::object* type = object_at(po, "parameterType");
    if (!type) invalid_query("Query parameter '" + name + "' has no parameterType");
    Param param;
    param.value = typed_value(*type, po.if_contains("parameterValue"), name);
    param.is_array = upper(str(string_at(*type, "type"))) == "ARRAY";
    if (param.is_array) {
      const json::object* et = object_at(*type, "arrayType");
      if (et && upper(str(string_at(*et, "type"))) == "STRUCT")
        if (const json::value* st = et->if_contains("structTypes"); st && st->is_array())
          for (const auto& f : st->get_array())
            if (f.is_object()) param.struct_fields.push_back(str(string_at(f.get_object(), "name")));
    }
    out[lower(name)] = std::move(param);
  }
  return out;
}

const Param& find_param(const std::map<std::string, Param>& params, std::string_view name) {
  auto it = params.find(lower(name));
  if (it == params.end()) invalid_query("Query parameter '" + std::string(name) + "' not found");
  return it->second;
}

bool is_word(const Token& t, std::string_view w) { return t.kind == Token::Kind::word && iequals(t.text, w); }
bool is_punct(const Token& t, char c) { return t.kind == Token::Kind::punct && t.text[0] == c; }

/// Translates a GoogleSQL script (the subset described in the header) to SQLite.
std::string translate(std::string_view sql, const std::map<std::string, Param>& params, const std::string& project) {
  const std::vector<Token> toks = tokenize(sql);
  const std::size_t n = toks.size();
  auto next_sig = [&](std::size_t i) {
    for (++i; i < n; ++i)
      if (toks[i].kind != Token::Kind::space && toks[i].kind != Token::Kind::comment) break;
    return i;
  };
  static const std::set<std::string> not_alias{"WHERE", "ON", "JOIN", "LEFT", "RIGHT", "INNER", "CROSS", "FULL", "WITH",
                                               "GROUP", "ORDER", "LIMIT", "UNION", "HAVING", "WINDOW", "QUALIFY", "EXCEPT",
                                               "INTERSECT", "USING", "OUTER"};
  std::string out;
  std::optional<std::size_t> prev;  // the last significant token
  bool statement_start = true;
  std::vector<bool> cast_parens;    // per open '(': does it belong to CAST / SAFE_CAST?
  for (std::size_t i = 0; i < n; ++i) {
    const Token& t = toks[i];
    const bool prev_is_as = prev && is_word(toks[*prev], "AS");
    switch (t.kind) {
      case Token::Kind::space:
      case Token::Kind::comment: out += t.text; continue;
      case Token::Kind::ident: {
        std::vector<std::string> parts;
        std::size_t from = 0;
        for (;;) {
          const std::size_t dot = t.value.find('.', from);
          parts.push_back(t.value.substr(from, dot == std::string::npos ? std::string::npos : dot - from));
          if (dot == std::string::npos) break;
          from = dot + 1;
        }
        if (std::any_of(parts.begin(), parts.end(), [](const std::string& p) { return p.empty(); }) || parts.size() > 3)
          invalid_query("Invalid identifier " + t.text);
        if (parts.size() == 3 && parts[0] != project) throw JobFailure{"notFound", "Not found: Project " + parts[0]};
        if (parts.size() == 3) out += quote_identifier(BigQueryTestServer::sqlite_table(parts[1], parts[2]));
        else if (parts.size() == 2) out += quote_identifier(BigQueryTestServer::sqlite_table(parts[0], parts[1]));
        else out += quote_identifier(parts[0]);
        break;
      }
      case Token::Kind::string: out += sql_string(t.value); break;
      case Token::Kind::bytes: {
        static constexpr char hex[] = "0123456789ABCDEF";
        out += "X'";
        for (char ch : t.value) {
          out += hex[static_cast<unsigned char>(ch) >> 4];
          out += hex[static_cast<unsigned char>(ch) & 15u];
        }
        out += "'";
        break;
      }
      case Token::Kind::param:
      case Token::Kind::number: out += t.text; break;
      case Token::Kind::punct:
        if (t.text == "(") cast_parens.push_back(prev && (is_word(toks[*prev], "CAST") || is_word(toks[*prev], "SAFE_CAST")));
        else if (t.text == ")" && !cast_parens.empty()) cast_parens.pop_back();
        out += t.text;
        break;
      case Token::Kind::word: {
        const std::string w = upper(t.text);
        const std::size_t j = next_sig(i);
        if (w == "UNNEST") {
          const std::size_t k = j < n ? next_sig(j) : n;
          const std::size_t m = k < n ? next_sig(k) : n;
          if (j >= n || !is_punct(toks[j], '(') || k >= n || toks[k].kind != Token::Kind::param || m >= n || !is_punct(toks[m], ')'))
            invalid_query("This test server supports UNNEST only over a query parameter: UNNEST(@name)");
          const std::string& pname = toks[k].text;
          const Param& p = find_param(params, std::string_view(pname).substr(1));
          if (!p.is_array) invalid_query("Values referenced in UNNEST must be arrays. UNNEST contains expression of a non-array type: " + pname);
          if (prev && is_word(toks[*prev], "IN")) {
            out += "(SELECT value FROM json_each(" + pname + "))";
          } else if (!p.struct_fields.empty()) {
            std::string cols;
            for (const auto& f : p.struct_fields)
              cols += (cols.empty() ? "" : ", ") + fmt::format("json_extract(value, {}) AS {}", sql_string("$.\"" + f + "\""), quote_identifier(f));
            out += "(SELECT " + cols + " FROM json_each(" + pname + "))";
          } else {
            std::string column = "value";
            const std::size_t a = next_sig(m);
            if (a < n && is_word(toks[a], "AS")) {
              const std::size_t b = next_sig(a);
              if (b < n && (toks[b].kind == Token::Kind::word || toks[b].kind == Token::Kind::ident))
                column = toks[b].kind == Token::Kind::ident ? toks[b].value : toks[b].text;
            } else if (a < n && ((toks[a].kind == Token::Kind::word && !not_alias.count(upper(toks[a].text))) ||
                                 toks[a].kind == Token::Kind::ident)) {
              column = toks[a].kind == Token::Kind::ident ? toks[a].value : toks[a].text;
            }
            out += "(SELECT value AS " + quote_identifier(column) + " FROM json_each(" + pname + "))";
          }
          i = m;
          prev = m;
          statement_start = false;
          continue;
        }
        if (w == "TRUNCATE" && statement_start && j < n && is_word(toks[j], "TABLE")) {
          out += "DELETE FROM";
          i = j;
          prev = j;
          statement_start = false;
          continue;
        }
        if ((w == "CURRENT_TIMESTAMP" || w == "CURRENT_DATE" || w == "CURRENT_TIME") && j < n && is_punct(toks[j], '(')) {
          const std::size_t k = next_sig(j);
          if (k < n && is_punct(toks[k], ')')) {
            out += w;
            i = k;
            prev = k;
            statement_start = false;
            continue;
          }
        }
        if (w == "SAFE_CAST") out += "CAST";
        else if (w == "IF" && j < n && is_punct(toks[j], '(')) out += "iif";
        else if (prev_is_as && !cast_parens.empty() && cast_parens.back() && w == "STRING") out += "TEXT";
        else if (prev_is_as && !cast_parens.empty() && cast_parens.back() && (w == "INT64" || w == "BOOL")) out += "INTEGER";
        else if (prev_is_as && !cast_parens.empty() && cast_parens.back() && (w == "FLOAT64" || w == "BIGNUMERIC")) out += "REAL";
        else if (prev_is_as && !cast_parens.empty() && cast_parens.back() && w == "BYTES") out += "BLOB";
        else out += t.text;
        break;
      }
    }
    prev = i;
    statement_start = is_punct(t, ';');
  }
  return out;
}

std::string first_keyword(std::string_view sql) {
  std::size_t i = 0;
  for (;;) {
    while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
    if (sql.substr(i, 2) == "--") {
      i = sql.find('\n', i);
      if (i == std::string_view::npos) return {};
      continue;
    }
    if (sql.substr(i, 2) == "/*") {
      i = sql.find("*/", i);
      if (i == std::string_view::npos) return {};
      i += 2;
      continue;
    }
    break;
  }
  std::size_t j = i;
  while (j < sql.size() && ident_char(sql[j])) ++j;
  return upper(sql.substr(i, j - i));
}

// --- multipart ----------------------------------------------------------------------------------

std::optional<std::string> boundary_of(std::string_view content_type) {
  if (lower(content_type.substr(0, content_type.find(';'))).find("multipart/") == std::string::npos) return std::nullopt;
  std::size_t pos = 0;
  while ((pos = content_type.find(';', pos)) != std::string_view::npos) {
    ++pos;
    while (pos < content_type.size() && content_type[pos] == ' ') ++pos;
    const std::size_t eq = content_type.find('=', pos);
    if (eq == std::string_view::npos) break;
    std::string key = lower(content_type.substr(pos, eq - pos));
    while (!key.empty() && key.back() == ' ') key.pop_back();
    if (key != "boundary") continue;
    std::string_view value = content_type.substr(eq + 1);
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    if (!value.empty() && value.front() == '"') {
      const std::size_t close = value.find('"', 1);
      if (close == std::string_view::npos) return std::nullopt;
      return std::string(value.substr(1, close - 1));
    }
    value = value.substr(0, value.find(';'));
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    if (value.empty()) return std::nullopt;
    return std::string(value);
  }
  return std::nullopt;
}

struct Part {
  std::map<std::string, std::string> headers;  ///< lower-cased names
  std::string_view body;
};

std::vector<Part> split_multipart(std::string_view body, const std::string& boundary) {
  const std::string delim = "--" + boundary;
  std::vector<Part> parts;
  std::size_t pos = body.find(delim);
  if (pos == std::string_view::npos) bad_request("Multipart body without the boundary " + boundary);
  for (;;) {
    pos += delim.size();
    if (body.substr(pos, 2) == "--") return parts;  // closing delimiter
    const std::size_t eol = body.find('\n', pos);
    if (eol == std::string_view::npos) bad_request("Malformed multipart body");
    const std::size_t start = eol + 1;
    // The next delimiter at the start of a line.
    std::size_t next = start;
    for (;;) {
      next = body.find(delim, next);
      if (next == std::string_view::npos) bad_request("Multipart body without a closing boundary");
      if (next > 0 && body[next - 1] == '\n') break;
      next += 1;
    }
    std::size_t end = next - 1;
    if (end > start && body[end - 1] == '\r') --end;
    std::string_view part = body.substr(start, end - start);
    Part p;
    // Headers up to the first empty line.
    for (;;) {
      const std::size_t nl = part.find('\n');
      std::string_view line = part.substr(0, nl);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      part = nl == std::string_view::npos ? std::string_view{} : part.substr(nl + 1);
      if (line.empty()) break;
      const std::size_t colon = line.find(':');
      if (colon == std::string_view::npos) bad_request("Malformed multipart part header");
      std::string_view value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      p.headers[lower(line.substr(0, colon))] = std::string(value);
      if (nl == std::string_view::npos) break;
    }
    p.body = part;
    parts.push_back(p);
    pos = next;
  }
}

// --- jobs ---------------------------------------------------------------------------------------

struct Job {
  std::string id, location;
  JobKind kind = JobKind::query;
  json::object configuration;
  unsigned polls_left = 0;
  std::int64_t done_at_ms = 0;  ///< RUNNING until then (Options::job_duration)
  std::optional<json::object> error_result;
  json::array errors;
  json::object statistics;  ///< "load" or "query" section
  std::int64_t created_ms = 0, ended_ms = 0;
  bool has_result = false;
  std::optional<std::int64_t> dml_rows;
  std::vector<std::string> columns, types;
  std::vector<std::vector<std::optional<std::string>>> rows;
};

}  // namespace

// --- the server ---------------------------------------------------------------------------------

struct BigQueryTestServer::Impl {
  Options options;
  TestPki pki;

  mutable std::mutex mu;  // guards everything below (and every use of db)
  std::vector<std::string> prepared_targets;  // filled by the authorizer (declared first: outlives db)
  std::unique_ptr<detail::SqliteDatabase> db;
  std::map<std::string, Job> jobs;
  std::vector<std::string> job_order;
  unsigned load_jobs = 0, query_jobs = 0;
  std::uint64_t uploaded = 0;
  std::map<JobKind, std::deque<JobFailure>> failures;
  std::set<std::string> streaming;  // sqlite table names
  std::optional<CrashPoint> crash_armed;
  bool crashed = false;
  std::uint64_t job_counter = 0;
  std::uint64_t long_polls = 0;  ///< getQueryResults requests with timeoutMs

  std::unique_ptr<LoopbackServer> server;  // last: stops (and joins its threads) before the state above dies

  explicit Impl(Options o) : options(std::move(o)) {
    if (options.database.empty()) throw std::invalid_argument("BigQueryTestServer: Options::database is required");
    if (options.project.empty()) throw std::invalid_argument("BigQueryTestServer: empty project");
    if (options.database.has_parent_path()) std::filesystem::create_directories(options.database.parent_path());
    db = std::make_unique<detail::SqliteDatabase>(options.database.string(), false);
    db->exec(fmt::format("CREATE TABLE IF NOT EXISTS {} (sqlite_name TEXT PRIMARY KEY, dataset_id TEXT NOT NULL, "
                         "table_id TEXT NOT NULL, resource TEXT NOT NULL, expiration_ms INTEGER)",
                         quote_identifier(kTablesMeta)));
    sqlite3* h = db->handle();
    const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
    if (sqlite3_create_function_v2(h, "REGEXP_EXTRACT", 2, flags, nullptr, regexp_extract, nullptr, nullptr, nullptr) != SQLITE_OK ||
        sqlite3_create_function_v2(h, "REGEXP_CONTAINS", 2, flags, nullptr, regexp_contains, nullptr, nullptr, nullptr) != SQLITE_OK ||
        sqlite3_create_function_v2(h, "CONCAT", -1, flags, nullptr, concat, nullptr, nullptr, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string("BigQueryTestServer: sqlite3_create_function: ") + sqlite3_errmsg(h));
    sqlite3_set_authorizer(h, authorizer, &prepared_targets);

    server = std::make_unique<LoopbackServer>(
        [this](const ServerRequest& r) { return handle(r); },
        LoopbackServer::options_for(options.threads, options.port, options.record_requests, options.tls, pki));
    server->set_faults(options.faults);
  }

  ~Impl() { server.reset(); }

  std::string table_label(std::string_view d, std::string_view t) const {
    return fmt::format("{}:{}.{}", options.project, d, t);
  }

  // --- tables ---

  /// Drops tables whose expirationTime has passed.
  void sweep_expired() {
    std::vector<std::string> expired;
    {
      detail::SqliteStatement st(db->handle(), fmt::format("SELECT sqlite_name FROM {} WHERE expiration_ms IS NOT NULL AND "
                                                           "expiration_ms <= ?1",
                                                           quote_identifier(kTablesMeta)));
      st.bind(1, now_ms());
      while (st.step()) expired.push_back(st.text(0));
    }
    for (const auto& name : expired) drop_table(name);
  }

  void drop_table(const std::string& sqlite_name) {
    detail::SqliteTransaction tx(*db);
    db->exec("DROP TABLE IF EXISTS " + quote_identifier(sqlite_name));
    detail::SqliteStatement del(db->handle(), fmt::format("DELETE FROM {} WHERE sqlite_name = ?1", quote_identifier(kTablesMeta)));
    del.bind(1, std::string_view(sqlite_name)).run();
    tx.commit();
  }

  /// The stored resource, or nullopt.
  std::optional<json::object> stored_resource(std::string_view d, std::string_view t) {
    detail::SqliteStatement st(db->handle(), fmt::format("SELECT resource FROM {} WHERE sqlite_name = ?1", quote_identifier(kTablesMeta)));
    st.bind(1, std::string_view(sqlite_table(d, t)));
    if (!st.step()) return std::nullopt;
    json::value v = json::parse(st.text(0));
    return std::move(v.as_object());
  }

  /// What tables.get answers.
  std::optional<json::object> resource_for_get(std::string_view d, std::string_view t) {
    auto r = stored_resource(d, t);
    if (!r) return std::nullopt;
    const std::string name = sqlite_table(d, t);
    detail::SqliteStatement count(db->handle(), "SELECT COUNT(*) FROM " + quote_identifier(name));
    count.step();
    (*r)["numRows"] = std::to_string(count.integer(0));
    (*r)["type"] = "TABLE";
    if (streaming.count(name))
      (*r)["streamingBuffer"] = json::object{{"estimatedRows", "1"}, {"estimatedBytes", "100"}, {"oldestEntryTime", std::to_string(now_ms())}};
    return r;
  }

  /// Validates a Table resource, creates the SQLite table and stores the resource (no transaction of its own).
  json::object create_table(std::string_view d, std::string_view t, json::object resource) {
    const json::value* schema = resource.if_contains("schema");
    if (!schema) bad_request("This test server needs a schema to create table " + table_label(d, t) + ".");
    json::object normalized;
    const std::vector<Field> fields = parse_schema(*schema, &normalized);
    auto check_field = [&](std::string_view what, const json::string* name, std::initializer_list<ColType> types) {
      if (!name) bad_request(std::string(what) + " needs a field");
      const Field* f = find_field(fields, *name);
      if (!f) bad_request(fmt::format("The field specified for {} cannot be found in the schema: {}", what, std::string_view(*name)));
      if (f->repeated || std::find(types.begin(), types.end(), f->type) == types.end())
        bad_request(fmt::format("The field specified for {} has an unsupported type: {}", what, type_name(f->type)));
    };
    if (const json::object* tp = object_at(resource, "timePartitioning")) {
      const std::string type = str(string_at(*tp, "type"), "DAY");
      if (type != "DAY" && type != "HOUR" && type != "MONTH" && type != "YEAR") bad_request("Invalid timePartitioning type: " + type);
      if (string_at(*tp, "field")) check_field("time partitioning", string_at(*tp, "field"), {ColType::date, ColType::timestamp});
    }
    if (const json::object* rp = object_at(resource, "rangePartitioning")) {
      check_field("range partitioning", string_at(*rp, "field"), {ColType::int64});
      const json::object* range = object_at(*rp, "range");
      if (!range) bad_request("rangePartitioning needs a range");
      for (const char* k : {"start", "end", "interval"}) {
        const json::value* v = range->if_contains(k);
        if (!v || !(v->is_int64() || (v->is_string() && parse_int64(v->get_string()))))
          bad_request(std::string("rangePartitioning.range.") + k + " must be an integer");
      }
    }
    if (const json::object* cl = object_at(resource, "clustering")) {
      const json::value* cf = cl->if_contains("fields");
      if (!cf || !cf->is_array() || cf->get_array().empty() || cf->get_array().size() > 4)
        bad_request("clustering.fields must list 1 to 4 fields");
      for (const auto& f : cf->get_array()) {
        if (!f.is_string() || !find_field(fields, f.get_string()))
          bad_request("The field specified for clustering cannot be found in the schema: " + shown(f));
      }
    }
    std::optional<std::int64_t> expiration;
    if (const json::value* e = resource.if_contains("expirationTime"); e && !e->is_null()) {
      if (e->is_int64()) expiration = e->get_int64();
      else if (e->is_string()) expiration = parse_int64(e->get_string());
      if (!expiration) bad_request("Invalid expirationTime: " + shown(*e));
    }
    const std::string now = std::to_string(now_ms());
    resource["kind"] = "bigquery#table";
    resource["id"] = table_label(d, t);
    resource["tableReference"] = json::object{{"projectId", options.project}, {"datasetId", d}, {"tableId", t}};
    resource["schema"] = std::move(normalized);
    resource["creationTime"] = now;
    resource["lastModifiedTime"] = now;
    resource["location"] = "US";
    resource["type"] = "TABLE";
    resource["selfLink"] = fmt::format("{}/bigquery/v2/projects/{}/datasets/{}/tables/{}", server ? server->base_url() : "",
                                       options.project, d, t);

    const std::string name = sqlite_table(d, t);
    std::string columns;
    for (const auto& f : fields)
      columns += fmt::format("{}{} {}{}", columns.empty() ? "" : ", ", quote_identifier(f.name), sqlite_type(f),
                             f.required ? " NOT NULL" : "");
    db->exec(fmt::format("CREATE TABLE {} ({})", quote_identifier(name), columns));
    detail::SqliteStatement ins(db->handle(), fmt::format("INSERT OR REPLACE INTO {} (sqlite_name, dataset_id, table_id, resource, "
                                                          "expiration_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
                                                          quote_identifier(kTablesMeta)));
    ins.bind(1, std::string_view(name)).bind(2, d).bind(3, t).bind(4, std::string_view(json::serialize(resource)));
    ins.bind(5, expiration ? json::value(*expiration) : json::value(nullptr));
    ins.run();
    return resource;
  }

  void check_ids(std::string_view d, std::string_view t) {
    if (!valid_dataset_id(d)) bad_request("Invalid dataset ID \"" + std::string(d) + "\". Dataset IDs must be alphanumeric (plus underscores).");
    if (!valid_table_id(t)) bad_request("Invalid table ID \"" + std::string(t) + "\" (this test server takes no '.', '$', '/' or '`' in table IDs).");
  }

  ServerResponse insert_table(std::string_view d, const ServerRequest& req) {
    json::value body = parse_body(req.body);
    if (!body.is_object()) bad_request("The Table resource must be a JSON object.");
    json::object& r = body.get_object();
    const json::object* ref = object_at(r, "tableReference");
    if (!ref) bad_request("Required parameter is missing: tableReference");
    if (const auto* p = string_at(*ref, "projectId"); p && *p != options.project)
      bad_request("tableReference.projectId " + str(p) + " does not match the project of the request " + options.project);
    if (const auto* ds = string_at(*ref, "datasetId"); ds && *ds != d)
      bad_request("tableReference.datasetId " + str(ds) + " does not match the dataset of the request " + std::string(d));
    const std::string t = str(string_at(*ref, "tableId"));
    check_ids(d, t);
    if (stored_resource(d, t) || db->table_exists(sqlite_table(d, t)))
      throw ApiError{409, "duplicate", "Already Exists: Table " + table_label(d, t)};
    detail::SqliteTransaction tx(*db);
    json::object created = create_table(d, t, std::move(r));
    tx.commit();
    return json_response(200, created);
  }

  /// tables.patch of the schema, as BigQuery allows it: the existing fields unchanged, in order, and new
  /// NULLABLE fields at the end (added as columns); anything else is a 400.
  ServerResponse patch_table(std::string_view d, std::string_view t, const ServerRequest& req) {
    std::optional<json::object> stored = stored_resource(d, t);
    if (!stored) not_found("Not found: Table " + table_label(d, t));
    json::value body = parse_body(req.body);
    if (!body.is_object()) bad_request("The Table resource must be a JSON object.");
    const json::value* schema = body.get_object().if_contains("schema");
    if (!schema) bad_request("This test server patches only the schema.");
    json::object normalized;
    const std::vector<Field> wanted = parse_schema(*schema, &normalized);
    const std::vector<Field> existing = parse_schema(stored->at("schema"), nullptr);
    if (wanted.size() < existing.size()) bad_request("Provided Schema does not match Table " + table_label(d, t) + ". Cannot drop fields.");
    for (std::size_t i = 0; i < existing.size(); ++i)
      if (wanted[i].name != existing[i].name || wanted[i].type != existing[i].type || wanted[i].repeated != existing[i].repeated)
        bad_request("Provided Schema does not match Table " + table_label(d, t) + ". Field " + existing[i].name + " has changed.");
    detail::SqliteTransaction tx(*db);
    for (std::size_t i = existing.size(); i < wanted.size(); ++i) {
      if (wanted[i].required) bad_request("Provided Schema does not match Table " + table_label(d, t) + ". Cannot add required fields.");
      db->exec(fmt::format("ALTER TABLE {} ADD COLUMN {} {}", quote_identifier(sqlite_table(d, t)), quote_identifier(wanted[i].name),
                           sqlite_type(wanted[i])));
    }
    (*stored)["schema"] = std::move(normalized);
    (*stored)["lastModifiedTime"] = std::to_string(now_ms());
    detail::SqliteStatement upd(db->handle(), fmt::format("UPDATE {} SET resource = ?2 WHERE sqlite_name = ?1", quote_identifier(kTablesMeta)));
    upd.bind(1, std::string_view(sqlite_table(d, t))).bind(2, std::string_view(json::serialize(*stored)));
    upd.run();
    tx.commit();
    return json_response(200, *stored);
  }

  // --- request routing ---

  static json::value parse_body(std::string_view body) {
    boost::system::error_code ec;
    json::value v = json::parse(body, ec);
    if (ec) bad_request("Invalid JSON payload received: " + ec.message());
    return v;
  }

  ServerResponse handle(const ServerRequest& req) {
    if (const auto hold = long_poll_wait(req); hold.count() > 0) std::this_thread::sleep_for(hold);
    std::lock_guard lock(mu);
    if (crashed) {
      ServerResponse r;
      r.reset_connection = true;
      return r;
    }
    try {
      return route(req);
    } catch (const ApiError& e) {
      return error_response(e.status, e.reason, e.message);
    } catch (const JobFailure& e) {  // a query that cannot even be parsed before a job exists
      return error_response(400, e.reason, e.message);
    } catch (const std::exception& e) {
      return error_response(500, "internalError", std::string("BigQueryTestServer: ") + e.what());
    }
  }

  ServerResponse route(const ServerRequest& req) {
    std::string_view target = req.target;
    const std::size_t qpos = target.find('?');
    const std::string_view path = target.substr(0, qpos);
    const auto query = parse_query(qpos == std::string_view::npos ? std::string_view{} : target.substr(qpos + 1));
    std::vector<std::string> segs;
    for (std::size_t pos = 1; pos <= path.size();) {
      const std::size_t slash = path.find('/', pos);
      auto seg = gcs_util::percent_decode(path.substr(pos, slash == std::string_view::npos ? std::string_view::npos : slash - pos));
      if (!seg) bad_request("Invalid percent-encoding in the path.");
      segs.push_back(std::move(*seg));
      if (slash == std::string_view::npos) break;
      pos = slash + 1;
    }
    if (!segs.empty() && segs.back().empty()) segs.pop_back();
    const std::string unknown = "Not found: " + req.method + " " + std::string(path);

    bool upload = false;
    std::size_t base = 0;
    if (segs.size() >= 1 && segs[0] == "upload") {
      upload = true;
      base = 1;
    }
    if (segs.size() < base + 4 || segs[base] != "bigquery" || segs[base + 1] != "v2" || segs[base + 2] != "projects")
      not_found(unknown);
    const std::string& p = segs[base + 3];
    if (p != options.project) not_found("Not found: Project " + p);
    const std::vector<std::string> rest(segs.begin() + std::ptrdiff_t(base + 4), segs.end());

    sweep_expired();
    if (upload) {
      if (rest.size() == 1 && rest[0] == "jobs" && req.method == "POST") return insert_load_job(req, query);
      not_found(unknown);
    }
    if (rest.size() >= 3 && rest[0] == "datasets" && rest[2] == "tables") {
      const std::string& d = rest[1];
      if (rest.size() == 3 && req.method == "POST") return insert_table(d, req);
      if (rest.size() == 4) {
        const std::string& t = rest[3];
        if (req.method == "GET") {
          auto r = resource_for_get(d, t);
          if (!r) not_found("Not found: Table " + table_label(d, t));
          return json_response(200, *r);
        }
        if (req.method == "PATCH") return patch_table(d, t, req);
        if (req.method == "DELETE") {
          if (!stored_resource(d, t)) not_found("Not found: Table " + table_label(d, t));
          drop_table(sqlite_table(d, t));
          return ServerResponse{204, {}, {}};
        }
      }
      not_found(unknown);
    }
    if (rest.size() == 1 && rest[0] == "jobs" && req.method == "POST") return insert_query_job(req);
    if (rest.size() == 2 && rest[0] == "jobs" && req.method == "GET") return get_job(rest[1], query);
    if (rest.size() == 2 && rest[0] == "queries" && req.method == "GET") return query_results(rest[1], query);
    not_found(unknown);
  }

  // --- jobs ---

  Job* find_job(const std::string& id, const std::map<std::string, std::string>& query) {
    auto it = jobs.find(id);
    if (it == jobs.end()) return nullptr;
    if (auto loc = query.find("location"); loc != query.end() && !loc->second.empty() && !iequals(loc->second, it->second.location))
      return nullptr;
    return &it->second;
  }

  json::object job_reference(const Job& j) const {
    return json::object{{"projectId", options.project}, {"jobId", j.id}, {"location", j.location}};
  }

  json::object render(const Job& j, bool done) const {
    json::object o;
    o["kind"] = "bigquery#job";
    o["etag"] = token_encode(j.id).substr(0, 12);
    o["id"] = fmt::format("{}:{}.{}", options.project, j.location, j.id);
    o["selfLink"] = fmt::format("{}/bigquery/v2/projects/{}/jobs/{}?location={}", server->base_url(), options.project, j.id, j.location);
    o["user_email"] = "test-server@" + options.project + ".iam.gserviceaccount.com";
    o["jobReference"] = job_reference(j);
    o["configuration"] = j.configuration;
    json::object status{{"state", done ? "DONE" : "RUNNING"}};
    json::object stats{{"creationTime", std::to_string(j.created_ms)}, {"startTime", std::to_string(j.created_ms)}};
    if (done) {
      if (j.error_result) {
        status["errorResult"] = *j.error_result;
        status["errors"] = j.errors;
      }
      stats["endTime"] = std::to_string(j.ended_ms);
      for (const auto& [k, v] : j.statistics) stats[k] = v;
    }
    o["status"] = std::move(status);
    o["statistics"] = std::move(stats);
    return o;
  }

  /// One poll: RUNNING while the job has polls left or its duration has not passed.
  bool poll(Job& j) {
    if (j.polls_left > 0) {
      --j.polls_left;
      return false;
    }
    return now_ms() >= j.done_at_ms;
  }

  /// getQueryResults with timeoutMs holds the answer until the job is done or the timeout passes, as
  /// BigQuery does; how long to hold it (taken before the lock, so other requests go on meanwhile).
  std::chrono::milliseconds long_poll_wait(const ServerRequest& req) {
    const std::string_view target = req.target;
    const std::size_t queries = target.find("/queries/"), qpos = target.find('?');
    if (req.method != "GET" || queries == std::string_view::npos || qpos == std::string_view::npos) return {};
    const auto query = parse_query(target.substr(qpos + 1));
    const auto timeout = query.find("timeoutMs");
    if (timeout == query.end()) return {};
    const std::optional<std::int64_t> ms = parse_int64(timeout->second);
    const auto id = gcs_util::percent_decode(target.substr(queries + 9, qpos - queries - 9));
    if (!ms || *ms <= 0 || !id) return {};
    std::lock_guard lock(mu);
    ++long_polls;
    const auto job = jobs.find(*id);
    if (job == jobs.end() || job->second.polls_left > 0) return {};
    return std::chrono::milliseconds(std::clamp<std::int64_t>(job->second.done_at_ms - now_ms(), 0, *ms));
  }

  /// jobReference of an insert: the id (generated when absent) and location; throws ApiError.
  std::pair<std::string, std::string> reference_of(const json::object& job) {
    std::string id, location = "US";
    if (const json::object* ref = object_at(job, "jobReference")) {
      if (const auto* p = string_at(*ref, "projectId"); p && *p != options.project)
        bad_request("jobReference.projectId " + str(p) + " does not match the project of the request " + options.project);
      id = str(string_at(*ref, "jobId"));
      if (const auto* l = string_at(*ref, "location"); l && !l->empty()) location = str(l);
    }
    if (id.empty()) id = fmt::format("job_bqts_{}_{}", now_ms(), ++job_counter);
    if (!valid_job_id(id))
      bad_request("Invalid job ID \"" + id + "\". Job IDs must be alphanumeric (plus underscores and dashes) and must be at most 1024 characters long.");
    return {id, location};
  }

  void check_duplicate(const std::string& id) {
    auto it = jobs.find(id);
    if (it != jobs.end())
      throw ApiError{409, "duplicate", fmt::format("Already Exists: Job {}:{}.{}", options.project, it->second.location, id)};
  }

  Job& add_job(std::string id, std::string location, JobKind kind, json::object configuration) {
    Job j;
    j.id = id;
    j.location = std::move(location);
    j.kind = kind;
    j.configuration = std::move(configuration);
    j.polls_left = options.job_polls_until_done;
    j.created_ms = now_ms();
    j.done_at_ms = j.created_ms + options.job_duration.count();
    job_order.push_back(id);
    (kind == JobKind::load ? load_jobs : query_jobs)++;
    return jobs.emplace(std::move(id), std::move(j)).first->second;
  }

  /// A failure queued by fail_jobs for this kind, if any.
  std::optional<JobFailure> take_failure(JobKind kind) {
    auto& q = failures[kind];
    if (q.empty()) return std::nullopt;
    JobFailure f = std::move(q.front());
    q.pop_front();
    return f;
  }

  static void fail(Job& j, const JobFailure& f) {
    j.error_result = json::object{{"reason", f.reason}, {"message", f.message}};
    j.errors = json::array{*j.error_result};
    for (const auto& e : f.details) j.errors.push_back(e);
  }

  ServerResponse job_inserted(Job& j) {
    j.ended_ms = std::max(now_ms(), j.done_at_ms);
    return json_response(200, render(j, j.polls_left == 0 && now_ms() >= j.done_at_ms));
  }

  /// configuration as sent, plus jobType, and labels sent beside it moved into it.
  static json::object configuration_of(const json::object& job, std::string_view job_type) {
    json::object configuration = *object_at(job, "configuration");
    configuration["jobType"] = job_type;
    if (!configuration.contains("labels"))
      if (const json::value* labels = job.if_contains("labels")) configuration["labels"] = *labels;
    return configuration;
  }

  ServerResponse insert_load_job(const ServerRequest& req, const std::map<std::string, std::string>& query) {
    auto ut = query.find("uploadType");
    if (ut == query.end() || ut->second != "multipart")
      bad_request("This test server accepts load uploads only with uploadType=multipart.");
    auto ct = req.headers.find("content-type");
    if (ct == req.headers.end()) bad_request("Missing Content-Type (multipart/related; boundary=...)");
    auto boundary = boundary_of(ct->second);
    if (!boundary) bad_request("Content-Type must be multipart/related with a boundary, not: " + ct->second);
    const std::vector<Part> parts = split_multipart(req.body, *boundary);
    if (parts.size() != 2) bad_request(fmt::format("A multipart load needs exactly 2 parts (metadata, data), not {}.", parts.size()));
    uploaded += parts[1].body.size();

    json::value jv = parse_body(parts[0].body);
    if (!jv.is_object()) bad_request("The Job resource must be a JSON object.");
    const json::object& job = jv.get_object();
    auto [id, location] = reference_of(job);
    check_duplicate(id);
    const json::object* configuration = object_at(job, "configuration");
    const json::object* load = configuration ? object_at(*configuration, "load") : nullptr;
    if (!load) bad_request("The upload's Job resource needs configuration.load.");
    if (load->contains("sourceUris")) bad_request("This test server loads only the uploaded data, not sourceUris.");
    if (upper(str(string_at(*load, "sourceFormat"), "CSV")) != "NEWLINE_DELIMITED_JSON")
      bad_request("This test server loads only sourceFormat NEWLINE_DELIMITED_JSON.");
    const json::object* dest = object_at(*load, "destinationTable");
    if (!dest) bad_request("Required parameter is missing: configuration.load.destinationTable");
    if (const auto* p = string_at(*dest, "projectId"); p && *p != options.project) not_found("Not found: Project " + str(p));
    const std::string d = str(string_at(*dest, "datasetId")), t = str(string_at(*dest, "tableId"));
    if (t.find('$') != std::string::npos) bad_request("Partition decorators (" + t + ") are not supported by this test server.");
    check_ids(d, t);
    const std::string write = str(string_at(*load, "writeDisposition"), "WRITE_APPEND");
    const std::string create = str(string_at(*load, "createDisposition"), "CREATE_IF_NEEDED");
    if (write != "WRITE_APPEND" && write != "WRITE_TRUNCATE" && write != "WRITE_EMPTY") bad_request("Invalid writeDisposition: " + write);
    if (create != "CREATE_IF_NEEDED" && create != "CREATE_NEVER") bad_request("Invalid createDisposition: " + create);

    Job& j = add_job(id, location, JobKind::load, configuration_of(job, "LOAD"));
    if (auto f = take_failure(JobKind::load)) {
      fail(j, *f);
      return job_inserted(j);
    }
    run_load(j, *load, d, t, write, create, parts[1].body);
    return job_inserted(j);
  }

  void run_load(Job& j, const json::object& load, const std::string& d, const std::string& t, const std::string& write,
                const std::string& create, std::string_view data) {
    std::string unzipped;
    if (nbaraw::looks_gzipped(data)) {
      try {
        unzipped = nbaraw::gunzip(data);
        data = unzipped;
      } catch (const std::exception& e) {
        fail(j, {"invalid", std::string("Error while reading data, error message: cannot decompress the gzip data: ") + e.what()});
        return;
      }
    }
    const bool ignore_unknown = [&] {
      const json::value* v = load.if_contains("ignoreUnknownValues");
      return v && v->is_bool() && v->get_bool();
    }();
    std::int64_t max_bad = 0;
    if (const json::value* v = load.if_contains("maxBadRecords")) {
      if (v->is_int64()) max_bad = v->get_int64();
      else if (v->is_string()) max_bad = parse_int64(v->get_string()).value_or(0);
    }

    detail::SqliteTransaction tx(*db);
    try {
      auto resource = stored_resource(d, t);
      if (!resource) {
        if (create == "CREATE_NEVER") throw JobFailure{"notFound", "Not found: Table " + table_label(d, t)};
        const json::value* schema = load.if_contains("schema");
        if (!schema) throw JobFailure{"invalid", "No schema specified on job or table."};
        json::object r{{"schema", *schema}};
        for (const char* k : {"timePartitioning", "rangePartitioning", "clustering"})
          if (const json::value* v = load.if_contains(k)) r[k] = *v;
        try {
          resource = create_table(d, t, std::move(r));
        } catch (const ApiError& e) {
          throw JobFailure{"invalid", e.message};
        }
      }
      const std::vector<Field> fields = parse_schema(resource->at("schema"), nullptr);
      const std::string table = quote_identifier(sqlite_table(d, t));
      if (write == "WRITE_TRUNCATE") db->exec("DELETE FROM " + table);
      if (write == "WRITE_EMPTY") {
        detail::SqliteStatement count(db->handle(), "SELECT COUNT(*) FROM " + table);
        count.step();
        if (count.integer(0) > 0) throw JobFailure{"duplicate", "Already Exists: Table " + table_label(d, t)};
      }
      std::string names, params;
      for (std::size_t i = 0; i < fields.size(); ++i) {
        names += fmt::format("{}{}", i ? ", " : "", quote_identifier(fields[i].name));
        params += fmt::format("{}?{}", i ? ", " : "", i + 1);
      }
      sqlite3_stmt* raw = nullptr;
      const std::string sql = fmt::format("INSERT INTO {} ({}) VALUES ({})", table, names, params);
      if (sqlite3_prepare_v2(db->handle(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK)
        throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(db->handle()));
      StmtPtr insert(raw);

      std::int64_t line_no = 0, output = 0, bad = 0;
      json::array row_errors;
      std::vector<Cell> cells(fields.size());
      std::size_t pos = 0;
      while (pos < data.size()) {
        const std::size_t nl = data.find('\n', pos);
        const std::size_t line_start = pos;
        std::string_view line = data.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        pos = nl == std::string_view::npos ? data.size() : nl + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
        try {
          boost::system::error_code ec;
          json::value v = json::parse(line, ec);
          if (ec) throw RowError{"JSON parsing error: " + ec.message()};
          if (!v.is_object()) throw RowError{"Only JSON objects are accepted as rows."};
          const json::object& o = v.get_object();
          if (!ignore_unknown)
            for (const auto& kv : o)
              if (!find_field(fields, kv.key())) throw RowError{fmt::format("No such field: {}.", std::string_view(kv.key()))};
          for (std::size_t i = 0; i < fields.size(); ++i) {
            const json::value* fv = o.if_contains(fields[i].name);
            if (!fv)
              for (const auto& kv : o)
                if (iequals(kv.key(), fields[i].name)) fv = &kv.value();
            cells[i] = convert_cell(fields[i], fv);
          }
        } catch (const RowError& e) {
          ++bad;
          row_errors.push_back(json::object{
              {"reason", "invalid"},
              {"message", fmt::format("Error while reading data, error message: JSON parsing error in row starting at position {}: {}",
                                      line_start, e.message)}});
          if (bad > max_bad) {
            throw JobFailure{"invalid", fmt::format("Error while reading data, error message: JSON table encountered too many errors, "
                                                    "giving up. Rows: {}; errors: {}. Please look into the errors[] collection for "
                                                    "more details. First error in row {}: {}",
                                                    line_no, bad, line_no, e.message),
                             std::move(row_errors)};
          }
          continue;
        }
        for (std::size_t i = 0; i < fields.size(); ++i) bind_cell(db->handle(), insert.get(), int(i + 1), cells[i]);
        if (sqlite3_step(insert.get()) != SQLITE_DONE) {
          const std::string message = sqlite3_errmsg(db->handle());
          sqlite3_reset(insert.get());
          throw JobFailure{"invalid", fmt::format("Error while reading data, error message: row {}: {}", line_no, message)};
        }
        sqlite3_reset(insert.get());
        ++output;
      }
      insert.reset();
      tx.commit();
      j.statistics["load"] = json::object{{"inputFiles", "1"},
                                          {"inputFileBytes", std::to_string(data.size())},
                                          {"outputRows", std::to_string(output)},
                                          {"outputBytes", std::to_string(data.size())},
                                          {"badRecords", std::to_string(bad)}};
      for (auto& e : row_errors) j.errors.push_back(std::move(e));  // warnings of tolerated bad rows
    } catch (const JobFailure& f) {
      fail(j, f);  // the transaction rolls back: nothing written
    } catch (const std::exception& e) {
      fail(j, {"internalError", std::string("BigQueryTestServer: ") + e.what()});
    }
  }

  ServerResponse insert_query_job(const ServerRequest& req) {
    json::value jv = parse_body(req.body);
    if (!jv.is_object()) bad_request("The Job resource must be a JSON object.");
    const json::object& job = jv.get_object();
    auto [id, location] = reference_of(job);
    check_duplicate(id);
    const json::object* configuration = object_at(job, "configuration");
    if (!configuration) bad_request("Required parameter is missing: configuration");
    if (object_at(*configuration, "load")) bad_request("Load jobs need the upload endpoint (/upload/bigquery/v2/projects/{p}/jobs?uploadType=multipart) on this test server.");
    const json::object* qc = object_at(*configuration, "query");
    if (!qc) bad_request("This test server runs only query and load jobs.");
    const auto* sql = string_at(*qc, "query");
    if (!sql) bad_request("Required parameter is missing: configuration.query.query");

    const bool crash_here = crash_armed && sql->find("BEGIN TRANSACTION") != std::string::npos;
    if (crash_here && *crash_armed == CrashPoint::before_script) {
      crash_armed.reset();
      crashed = true;
      ServerResponse r;
      r.reset_connection = true;
      return r;
    }

    Job& j = add_job(id, location, JobKind::query, configuration_of(job, "QUERY"));
    if (auto f = take_failure(JobKind::query)) {
      fail(j, *f);
    } else {
      run_query(j, *qc, std::string(*sql));
    }
    if (crash_here) {
      crash_armed.reset();
      crashed = true;
      ServerResponse r;
      r.reset_connection = true;
      return r;
    }
    return job_inserted(j);
  }

  /// Tables with requirePartitionFilter: every read of one (FROM or JOIN, DELETE FROM included) needs a
  /// comparison on its partitioning column in the statement, as BigQuery refuses the query otherwise.
  /// Counted per statement: reads of the table against comparisons of the column.
  void check_partition_filters(std::string_view statement) {
    detail::SqliteStatement st(db->handle(), fmt::format("SELECT sqlite_name, dataset_id, table_id, resource FROM {}",
                                                         quote_identifier(kTablesMeta)));
    while (st.step()) {
      const std::string name = st.text(0);
      if (statement.find(quote_identifier(name)) == std::string_view::npos) continue;
      json::value resource = json::parse(st.text(3));
      if (!resource.is_object()) continue;
      const auto& r = resource.get_object();
      bool required = false;
      std::string field;
      if (const auto* v = r.if_contains("requirePartitionFilter"); v && v->is_bool()) required = v->get_bool();
      for (const char* kind : {"timePartitioning", "rangePartitioning"})
        if (const json::object* part = object_at(r, kind))
          if (const auto* f = string_at(*part, "field")) field = *f;
      if (!required || field.empty()) continue;
      const std::regex reads("\\b(FROM|JOIN)\\s+" + escape_regex(quote_identifier(name)), std::regex::icase);
      const std::regex filters("\"" + escape_regex(field) + "\"\\s*(BETWEEN|=|<=|>=|<|>|IN\\b)", std::regex::icase);
      const std::string text(statement);
      const auto count = [&](const std::regex& re) {
        return std::distance(std::sregex_iterator(text.begin(), text.end(), re), std::sregex_iterator());
      };
      if (count(reads) > count(filters))
        invalid_query(fmt::format("Cannot query over table '{}.{}' without a filter over column(s) '{}' that can be used "
                                  "for partition elimination",
                                  st.text(1), st.text(2), field));
    }
  }

  static std::string escape_regex(std::string_view text) {
    std::string out;
    for (char c : text) {
      if (std::string_view("\\^$.|?*+()[]{}").find(c) != std::string_view::npos) out += '\\';
      out += c;
    }
    return out;
  }

  void run_query(Job& j, const json::object& qc, const std::string& sql) {
    sqlite3* h = db->handle();
    try {
      const json::value* legacy = qc.if_contains("useLegacySql");
      if (!legacy || !legacy->is_bool() || legacy->get_bool())
        invalid_query("Legacy SQL is not supported by this test server (send useLegacySql: false)");
      if (const auto* mode = string_at(qc, "parameterMode"); mode && upper(*mode) == "POSITIONAL")
        invalid_query("Positional query parameters are not supported by this test server");
      const std::map<std::string, Param> params = parse_params(qc);
      const std::string translated = translate(sql, params, options.project);

      const char* tail = translated.c_str();
      const char* const end = tail + translated.size();
      std::int64_t dml = 0;
      bool saw_dml = false;
      unsigned statements = 0;
      std::string statement_type;
      while (tail < end) {
        prepared_targets.clear();
        sqlite3_stmt* raw = nullptr;
        const char* next = nullptr;
        if (sqlite3_prepare_v2(h, tail, int(end - tail), &raw, &next) != SQLITE_OK) invalid_query(sqlite3_errmsg(h));
        StmtPtr st(raw);
        tail = next;
        if (!st) continue;  // only whitespace or comments
        ++statements;
        const std::string keyword = first_keyword(sqlite3_sql(st.get()));
        if (statement_type.empty()) statement_type = keyword == "WITH" || keyword == "VALUES" ? "SELECT" : keyword;
        check_partition_filters(sqlite3_sql(st.get()));
        for (const auto& target : prepared_targets) {
          if (!streaming.count(target)) continue;
          const std::size_t dot = target.find('.');
          invalid_query(fmt::format("UPDATE or DELETE statement over table {}.{}.{} would affect rows in the streaming buffer, "
                                    "which is not supported",
                                    options.project, target.substr(0, dot), target.substr(dot + 1)));
        }
        const int nparams = sqlite3_bind_parameter_count(st.get());
        for (int i = 1; i <= nparams; ++i) {
          const char* pname = sqlite3_bind_parameter_name(st.get(), i);
          if (!pname || pname[0] != '@') invalid_query("Only named parameters (@name) are supported by this test server");
          const Param& p = find_param(params, pname + 1);
          int rc = SQLITE_OK;
          switch (p.value.kind()) {
            case json::kind::null: rc = sqlite3_bind_null(st.get(), i); break;
            case json::kind::bool_: rc = sqlite3_bind_int64(st.get(), i, p.value.get_bool() ? 1 : 0); break;
            case json::kind::int64: rc = sqlite3_bind_int64(st.get(), i, p.value.get_int64()); break;
            case json::kind::uint64: rc = sqlite3_bind_int64(st.get(), i, std::int64_t(p.value.get_uint64())); break;
            case json::kind::double_: rc = sqlite3_bind_double(st.get(), i, p.value.get_double()); break;
            case json::kind::string: {
              const auto& s = p.value.get_string();
              rc = sqlite3_bind_text64(st.get(), i, s.data(), s.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
              break;
            }
            default: {
              const std::string s = json::serialize(p.value);
              rc = sqlite3_bind_text64(st.get(), i, s.data(), s.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
            }
          }
          if (rc != SQLITE_OK) invalid_query(sqlite3_errmsg(h));
        }
        const sqlite3_int64 before = sqlite3_total_changes64(h);
        const int ncols = sqlite3_column_count(st.get());
        std::vector<std::string> columns, types(std::size_t(std::max(ncols, 0)));
        std::vector<std::vector<std::optional<std::string>>> rows;
        for (int c = 0; c < ncols; ++c) columns.emplace_back(sqlite3_column_name(st.get(), c));
        int rc = 0;
        while ((rc = sqlite3_step(st.get())) == SQLITE_ROW) {
          std::vector<std::optional<std::string>> row;
          row.reserve(std::size_t(ncols));
          for (int c = 0; c < ncols; ++c) {
            const int type = sqlite3_column_type(st.get(), c);
            std::string& ty = types[std::size_t(c)];
            switch (type) {
              case SQLITE_NULL: row.emplace_back(std::nullopt); break;
              case SQLITE_INTEGER:
                row.emplace_back(std::to_string(sqlite3_column_int64(st.get(), c)));
                if (ty.empty()) ty = "INTEGER";
                break;
              case SQLITE_FLOAT:
                row.emplace_back(fmt::format("{:.17g}", sqlite3_column_double(st.get(), c)));
                if (ty.empty()) ty = "FLOAT";
                break;
              default:
                row.emplace_back(column_text(st.get(), c));
                if (ty.empty()) ty = "STRING";
            }
          }
          rows.push_back(std::move(row));
        }
        if (rc != SQLITE_DONE) invalid_query(sqlite3_errmsg(h));
        const sqlite3_int64 changed = sqlite3_total_changes64(h) - before;
        if (keyword == "INSERT" || keyword == "UPDATE" || keyword == "DELETE" || keyword == "REPLACE" || changed > 0) {
          saw_dml = true;
          dml += changed;
        }
        if (ncols > 0) {
          for (auto& ty : types)
            if (ty.empty()) ty = "STRING";
          j.has_result = true;
          j.columns = std::move(columns);
          j.types = std::move(types);
          j.rows = std::move(rows);
        }
      }
      if (!sqlite3_get_autocommit(h))
        invalid_query("Transaction was not committed or rolled back at the end of the script; it was rolled back");
      json::object qs{{"statementType", statements > 1 ? "SCRIPT" : statement_type}, {"totalBytesProcessed", "0"},
                      {"totalBytesBilled", "0"}, {"cacheHit", false}};
      if (saw_dml) {
        qs["numDmlAffectedRows"] = std::to_string(dml);
        j.dml_rows = dml;
      }
      j.statistics["query"] = std::move(qs);
      j.statistics["totalBytesProcessed"] = "0";
    } catch (const JobFailure& f) {
      if (!sqlite3_get_autocommit(h)) sqlite3_exec(h, "ROLLBACK", nullptr, nullptr, nullptr);
      j.has_result = false;
      j.columns.clear();
      j.types.clear();
      j.rows.clear();
      fail(j, f);
    } catch (const std::exception& e) {
      if (!sqlite3_get_autocommit(h)) sqlite3_exec(h, "ROLLBACK", nullptr, nullptr, nullptr);
      j.has_result = false;
      fail(j, {"internalError", std::string("BigQueryTestServer: ") + e.what()});
    }
    // A script may have dropped tables: forget their resources.
    db->exec(fmt::format("DELETE FROM {} WHERE sqlite_name NOT IN (SELECT name FROM sqlite_master WHERE type = 'table')",
                         quote_identifier(kTablesMeta)));
  }

  ServerResponse get_job(const std::string& id, const std::map<std::string, std::string>& query) {
    Job* j = find_job(id, query);
    if (!j) {
      const auto loc = query.find("location");
      not_found(fmt::format("Not found: Job {}:{}.{}", options.project, loc == query.end() ? "US" : loc->second, id));
    }
    return json_response(200, render(*j, poll(*j)));
  }

  ServerResponse query_results(const std::string& id, const std::map<std::string, std::string>& query) {
    Job* j = find_job(id, query);
    if (!j) {
      const auto loc = query.find("location");
      not_found(fmt::format("Not found: Job {}:{}.{}", options.project, loc == query.end() ? "US" : loc->second, id));
    }
    if (j->kind != JobKind::query) bad_request("Job " + id + " is not a query job.");
    json::object out{{"kind", "bigquery#getQueryResultsResponse"}, {"etag", token_encode(id).substr(0, 12)}, {"jobReference", job_reference(*j)}};
    if (!poll(*j)) {
      out["jobComplete"] = false;
      return json_response(200, out);
    }
    if (j->error_result)  // always 400, so that a client's retries of 5xx never spin on a failed job
      return error_response(400, str(string_at(*j->error_result, "reason")), str(string_at(*j->error_result, "message")));
    std::size_t max_results = 1000;
    if (auto it = query.find("maxResults"); it != query.end()) {
      auto v = parse_int64(it->second);
      if (!v || *v < 0) bad_request("Invalid value for maxResults: " + it->second);
      if (*v > 0) max_results = std::min<std::size_t>(1000, std::size_t(*v));
    }
    std::size_t start = 0;
    if (auto it = query.find("pageToken"); it != query.end() && !it->second.empty()) {
      auto decoded = token_decode(it->second);
      const std::string prefix = id + ":";
      std::optional<std::int64_t> offset;
      if (decoded && decoded->rfind(prefix, 0) == 0) offset = parse_int64(std::string_view(*decoded).substr(prefix.size()));
      if (!offset || *offset < 0) bad_request("Invalid page token: " + it->second);
      start = std::size_t(*offset);
    } else if (auto si = query.find("startIndex"); si != query.end()) {
      auto v = parse_int64(si->second);
      if (!v || *v < 0) bad_request("Invalid value for startIndex: " + si->second);
      start = std::size_t(*v);
    }
    out["jobComplete"] = true;
    out["totalRows"] = std::to_string(j->rows.size());
    out["totalBytesProcessed"] = "0";
    out["cacheHit"] = false;
    if (j->dml_rows) out["numDmlAffectedRows"] = std::to_string(*j->dml_rows);
    if (j->has_result) {
      json::array fields;
      for (std::size_t c = 0; c < j->columns.size(); ++c)
        fields.push_back(json::object{{"name", j->columns[c]}, {"type", j->types[c]}, {"mode", "NULLABLE"}});
      out["schema"] = json::object{{"fields", std::move(fields)}};
    }
    json::array rows;
    const std::size_t stop = std::min(j->rows.size(), start + max_results);
    for (std::size_t r = start; r < stop; ++r) {
      json::array f;
      for (const auto& cell : j->rows[r]) f.push_back(json::object{{"v", cell ? json::value(*cell) : json::value(nullptr)}});
      rows.push_back(json::object{{"f", std::move(f)}});
    }
    if (!rows.empty()) out["rows"] = std::move(rows);
    if (stop < j->rows.size()) out["pageToken"] = token_encode(id + ":" + std::to_string(stop));
    return json_response(200, out);
  }
};

BigQueryTestServer::BigQueryTestServer(Options options) : impl_(std::make_unique<Impl>(std::move(options))) {}
BigQueryTestServer::~BigQueryTestServer() = default;

std::string BigQueryTestServer::base_url() const { return impl_->server->base_url(); }
unsigned short BigQueryTestServer::port() const { return impl_->server->port(); }
const std::string& BigQueryTestServer::ca_cert_pem() const { return impl_->pki.ca_cert_pem; }
const std::filesystem::path& BigQueryTestServer::database() const { return impl_->options.database; }
const std::string& BigQueryTestServer::project() const { return impl_->options.project; }

std::string BigQueryTestServer::sqlite_table(std::string_view dataset, std::string_view table) {
  return std::string(dataset) + "." + std::string(table);
}

void BigQueryTestServer::fail_jobs(JobKind kind, unsigned count, std::string reason, std::string message) {
  std::lock_guard lock(impl_->mu);
  for (unsigned i = 0; i < count; ++i) impl_->failures[kind].push_back(JobFailure{reason, message});
}

void BigQueryTestServer::set_streaming_buffer(std::string_view dataset, std::string_view table, bool on) {
  std::lock_guard lock(impl_->mu);
  if (on) impl_->streaming.insert(sqlite_table(dataset, table));
  else impl_->streaming.erase(sqlite_table(dataset, table));
}

void BigQueryTestServer::crash_at(CrashPoint point) {
  std::lock_guard lock(impl_->mu);
  impl_->crash_armed = point;
}

void BigQueryTestServer::revive() {
  std::lock_guard lock(impl_->mu);
  impl_->crash_armed.reset();
  impl_->crashed = false;
}

void BigQueryTestServer::set_faults(const Faults& faults) { impl_->server->set_faults(faults); }
FaultCounts BigQueryTestServer::fault_counts() const { return impl_->server->fault_counts(); }
std::vector<ServerRequest> BigQueryTestServer::requests() const { return impl_->server->requests(); }
void BigQueryTestServer::clear_requests() { impl_->server->clear_requests(); }
LoopbackServer& BigQueryTestServer::server() { return *impl_->server; }

std::vector<std::string> BigQueryTestServer::job_ids() const {
  std::lock_guard lock(impl_->mu);
  return impl_->job_order;
}

unsigned BigQueryTestServer::jobs_of_kind(JobKind kind) const {
  std::lock_guard lock(impl_->mu);
  return kind == JobKind::load ? impl_->load_jobs : impl_->query_jobs;
}

void BigQueryTestServer::set_job_polls_until_done(unsigned polls) {
  std::lock_guard lock(impl_->mu);
  impl_->options.job_polls_until_done = polls;
}

std::uint64_t BigQueryTestServer::uploaded_bytes() const {
  std::lock_guard lock(impl_->mu);
  return impl_->uploaded;
}

std::optional<boost::json::object> BigQueryTestServer::table_resource(std::string_view dataset, std::string_view table) const {
  std::lock_guard lock(impl_->mu);
  impl_->sweep_expired();
  return impl_->resource_for_get(dataset, table);
}

void BigQueryTestServer::set_job_duration(std::chrono::milliseconds duration) {
  std::lock_guard lock(impl_->mu);
  impl_->options.job_duration = duration;
}

unsigned BigQueryTestServer::long_polls() const {
  std::lock_guard lock(impl_->mu);
  return unsigned(impl_->long_polls);
}

}  // namespace nbaraw::test
