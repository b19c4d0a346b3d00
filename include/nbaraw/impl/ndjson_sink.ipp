#pragma once
#include <nbaraw/core/recency.hpp>
#include <nbaraw/detail/finite_json.hpp>
#include <nbaraw/core/timestamp.hpp>
#include <nbaraw/sinks/load_plan.hpp>
#include <nbaraw/sinks/ndjson_sink.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <fstream>
#include <iterator>
#include <unordered_set>

namespace nbaraw {

namespace detail {
inline std::string ndjson_line(const TableSchema& schema, const Row& row) {
  boost::json::object out;
  out.reserve(schema.columns.size());
  for (std::size_t i = 0; i < schema.columns.size(); ++i) {
    const boost::json::value* v = column_value(row, schema, i);
    out.emplace(schema.columns[i].name, v ? *v : boost::json::value());
  }
  return detail::serialize_finite(out) + '\n';
}

inline void index_row(std::unordered_map<std::string, std::size_t>& rows_per_file,
                      std::unordered_map<std::string, std::string>& key_owner, const Row& row,
                      const std::vector<std::string>& keys) {
  const boost::json::value* source = row.if_contains(source_file_column);
  std::string file = source && source->is_string() ? std::string(source->get_string()) : std::string();
  ++rows_per_file[file];
  if (!keys.empty()) key_owner[key_of(row, keys)] = file;
}

/// Calls f(row) for every complete line of an NDJSON file; cuts off a partial last line (a crash remnant).
template <class F>
void for_each_ndjson_row(const std::filesystem::path& path, F&& f) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return;
  std::ifstream in(path, std::ios::binary);
  std::string line;
  std::uintmax_t good_bytes = 0;
  bool partial = false;
  while (std::getline(in, line)) {
    if (in.eof()) {  // no newline after it
      partial = true;
      break;
    }
    good_bytes += line.size() + 1;
    if (line.empty()) continue;
    boost::system::error_code jec;
    boost::json::value v = boost::json::parse(line, jec);
    if (jec || !v.is_object()) throw SinkError(fmt::format("{}: line is not a JSON object", path.string()));
    f(v.get_object());
  }
  if (partial) std::filesystem::resize_file(path, good_bytes);
}

/// Drops a partial last line (a crash remnant) so that the next append starts on a line of its own.
inline void cut_partial_last_line(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return;
  std::ifstream in(path, std::ios::binary);
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (bytes.empty() || bytes.back() == '\n') return;
  const std::size_t newline = bytes.rfind('\n');
  std::filesystem::resize_file(path, newline == std::string::npos ? 0 : newline + 1);
}

inline void write_or_throw(std::ofstream& out, const std::filesystem::path& path) {
  out.flush();
  if (!out) throw SinkError(fmt::format("cannot write {}", path.string()));
}
}  // namespace detail

NBARAW_DECL NdjsonSink::NdjsonSink(std::filesystem::path folder, bool read_only)
    : folder_(std::move(folder)), read_only_(read_only) {
  if (!read_only_) {
    std::error_code ec;
    std::filesystem::create_directories(folder_, ec);
    if (ec) throw SinkError(fmt::format("cannot create NDJSON folder {}: {}", folder_.string(), ec.message()));
  }
}

NBARAW_DECL Ledger NdjsonSink::ledger(const LoadTarget& target) {
  Ledger out;
  const std::string table = target.schema.qualified_name();
  std::error_code ec;
  if (!std::filesystem::exists(ledger_file(), ec)) return out;
  std::ifstream in(ledger_file(), std::ios::binary);
  std::string line;
  while (std::getline(in, line)) {
    boost::system::error_code jec;
    boost::json::value v = boost::json::parse(line, jec);
    if (jec || !v.is_object()) continue;  // a partial line from an interrupted run
    const auto& o = v.get_object();
    auto text = [&](std::string_view k) {
      const auto* p = o.if_contains(k);
      return p && p->is_string() ? std::string(p->get_string()) : std::string();
    };
    if (text("table_name") != table) continue;
    const auto* rows = o.if_contains("rows");
    LedgerEntry e{text("object_name"), text("generation"), text("processor_version"),
                  rows && rows->is_int64() ? std::uint64_t(rows->get_int64()) : 0, text("loaded_at")};
    std::string name = e.object_name;
    out.insert_or_assign(std::move(name), std::move(e));
  }
  return out;
}

NBARAW_DECL void NdjsonSink::prepare(const LoadTarget& target) {
  if (read_only_) throw SinkError("the NDJSON sink was opened read-only");
  if (auto problem = schema_problem(target.schema, target.strategy)) throw SinkError(*problem);
  TableIndex index;
  detail::for_each_ndjson_row(table_file(target.schema), [&](const Row& row) {
    detail::index_row(index.rows_per_file, index.key_owner, row, target.strategy.keys);
  });
  // Otherwise the next entry would be appended to a torn line and read back as garbage.
  detail::cut_partial_last_line(ledger_file());
  for (const auto& [name, entry] : ledger(target)) index.recency[name] = recency_key(name, entry.generation);
  tables_[target.schema.table] = std::move(index);
}

NBARAW_DECL void NdjsonSink::load(const LoadTarget& target, std::span<const LoadFile> files) {
  if (read_only_) throw SinkError("the NDJSON sink was opened read-only");
  auto found = tables_.find(target.schema.table);
  if (found == tables_.end()) throw SinkError("NdjsonSink::load called before prepare");
  refuse_non_finite(files);
  TableIndex& index = found->second;
  const auto& keys = target.strategy.keys;

  LoadPlan plan = plan_load(target.strategy, files, [&](const Row& row) -> std::optional<KeyHolder> {
    auto it = index.key_owner.find(key_of(row, keys));
    if (it == index.key_owner.end()) return std::nullopt;
    auto known = index.recency.find(it->second);
    return KeyHolder{it->second, known == index.recency.end() ? std::string() : known->second};
  });
  std::unordered_set<std::string> cleared_files, cleared_keys;
  bool rewrite = false;
  for (const auto& f : plan.clear_files) {
    cleared_files.insert(f);
    rewrite = rewrite || index.rows_per_file.count(f);
  }
  for (const Row* r : plan.clear_keys) {
    std::string key = key_of(*r, keys);
    rewrite = rewrite || index.key_owner.count(key);
    cleared_keys.insert(std::move(key));
  }

  const auto path = table_file(target.schema);
  if (rewrite) {
    TableIndex rebuilt;
    auto tmp = path;
    tmp += ".tmp";
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      detail::for_each_ndjson_row(path, [&](const Row& row) {
        const auto* source = row.if_contains(source_file_column);
        if (source && source->is_string() && cleared_files.count(std::string(source->get_string()))) return;
        if (!keys.empty() && cleared_keys.count(key_of(row, keys))) return;
        out << detail::ndjson_line(target.schema, row);
        detail::index_row(rebuilt.rows_per_file, rebuilt.key_owner, row, keys);
      });
      for (const Row* row : plan.insert) {
        out << detail::ndjson_line(target.schema, *row);
        detail::index_row(rebuilt.rows_per_file, rebuilt.key_owner, *row, keys);
      }
      detail::write_or_throw(out, tmp);
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) throw SinkError(fmt::format("cannot replace {}: {}", path.string(), ec.message()));
    rebuilt.recency = std::move(index.recency);
    index = std::move(rebuilt);
  } else {
    std::ofstream out(path, std::ios::binary | std::ios::app);
    for (const Row* row : plan.insert) {
      out << detail::ndjson_line(target.schema, *row);
      detail::index_row(index.rows_per_file, index.key_owner, *row, keys);
    }
    detail::write_or_throw(out, path);
  }

  std::ofstream ledger(ledger_file(), std::ios::binary | std::ios::app);
  const std::string now = utc_now_iso();
  for (const LoadFile& f : files) {
    index.recency[f.object.name] = recency_key(f.object);
    boost::json::object entry{{"table_name", target.schema.qualified_name()},
                              {"object_name", f.object.name},
                              {"generation", f.object.generation},
                              {"processor_version", target.processor_version},
                              {"rows", std::int64_t(f.rows.size())},
                              {"loaded_at", now}};
    ledger << boost::json::serialize(entry) << '\n';
  }
  detail::write_or_throw(ledger, ledger_file());
}

}  // namespace nbaraw
