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
#include <optional>
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

NBARAW_DECL void NdjsonSink::TableIndex::add(const Row& row, const Strategy& strategy) {
  const boost::json::value* source = row.if_contains(source_file_column);
  std::string file = source && source->is_string() ? std::string(source->get_string()) : std::string();
  ++rows_per_file[file];
  if (!is_keyed(strategy.kind)) return;
  std::string key = key_of(row, strategy.keys);
  if (!strategy.keep.empty()) {
    Row& values = kept[key];
    for (const auto& column : strategy.keep) {
      const boost::json::value* v = row.if_contains(column);
      values[column] = v ? *v : boost::json::value();
    }
  }
  key_owner[std::move(key)] = std::move(file);
}

NBARAW_DECL NdjsonSink::TableIndex NdjsonSink::index_table(const LoadTarget& target) {
  TableIndex index;
  detail::for_each_ndjson_row(table_file(target.schema), [&](const Row& row) { index.add(row, target.strategy); });
  for (const auto& [name, entry] : ledger(target)) index.recency[name] = recency_key(name, entry.generation);
  return index;
}

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
  // Otherwise the next entry would be appended to a torn line and read back as garbage.
  detail::cut_partial_last_line(ledger_file());
  tables_[target.schema.table] = index_table(target);
}

NBARAW_DECL void NdjsonSink::load(std::span<const TableLoad> tables) {
  if (read_only_) throw SinkError("the NDJSON sink was opened read-only");
  for (const TableLoad& t : tables) {
    if (!tables_.count(t.target.schema.table)) throw SinkError("NdjsonSink::load called before prepare");
    refuse_non_finite(t.files);
  }
  // First every table's new content: a rewritten table into a temporary file, an appended one in place (its
  // old size kept). Any failure undoes them all, so no table changes unless every table could be written.
  struct Written {
    const TableLoad* load;
    std::filesystem::path path, tmp;             // tmp: empty when appended
    std::optional<std::uintmax_t> appended_from;  // the table file's size before the append
    TableIndex rebuilt;                          // a rewritten table's index, installed at commit
  };
  std::vector<Written> written;
  written.reserve(tables.size());
  try {
    for (const TableLoad& t : tables) {
      const TableSchema& schema = t.target.schema;
      const Strategy& strategy = t.target.strategy;
      TableIndex& index = tables_.at(schema.table);
      Written& w = written.emplace_back(Written{&t, table_file(schema), {}, std::nullopt, {}});
      std::error_code ec;
      if (std::filesystem::exists(w.path, ec) && !std::filesystem::is_regular_file(w.path, ec))
        throw SinkError(fmt::format("{} is not a regular file", w.path.string()));

      const LoadPlan plan = plan_load(strategy, t.files, [&](const Row& row) -> std::optional<KeyHolder> {
        const std::string key = key_of(row, strategy.keys);
        auto it = index.key_owner.find(key);
        if (it == index.key_owner.end()) return std::nullopt;
        auto known = index.recency.find(it->second);
        KeyHolder holder{it->second, known == index.recency.end() ? std::string() : known->second};
        if (auto kept = index.kept.find(key); kept != index.kept.end()) holder.kept = kept->second;
        return holder;
      });
      std::unordered_set<std::string> cleared_files, cleared_keys;
      bool rewrite = false;
      for (const auto& f : plan.clear_files) {
        cleared_files.insert(f);
        rewrite = rewrite || index.rows_per_file.count(f);
      }
      for (const Row* r : plan.clear_keys) {
        std::string key = key_of(*r, strategy.keys);
        rewrite = rewrite || index.key_owner.count(key);
        cleared_keys.insert(std::move(key));
      }

      if (rewrite) {
        w.tmp = w.path;
        w.tmp += ".tmp";
        std::ofstream out(w.tmp, std::ios::binary | std::ios::trunc);
        detail::for_each_ndjson_row(w.path, [&](const Row& row) {
          const auto* source = row.if_contains(source_file_column);
          if (source && source->is_string() && cleared_files.count(std::string(source->get_string()))) return;
          if (is_keyed(strategy.kind) && cleared_keys.count(key_of(row, strategy.keys))) return;
          out << detail::ndjson_line(schema, row);
          w.rebuilt.add(row, strategy);
        });
        for (const Row* row : plan.insert) {
          out << detail::ndjson_line(schema, *row);
          w.rebuilt.add(*row, strategy);
        }
        detail::write_or_throw(out, w.tmp);
      } else {
        w.appended_from = std::filesystem::exists(w.path, ec) ? std::filesystem::file_size(w.path) : 0;
        std::ofstream out(w.path, std::ios::binary | std::ios::app);
        for (const Row* row : plan.insert) {
          out << detail::ndjson_line(schema, *row);
          index.add(*row, strategy);
        }
        detail::write_or_throw(out, w.path);
      }
    }
  } catch (...) {
    for (const Written& w : written) {
      std::error_code ec;
      if (!w.tmp.empty()) std::filesystem::remove(w.tmp, ec);
      if (w.appended_from) {
        if (std::filesystem::is_regular_file(w.path, ec)) std::filesystem::resize_file(w.path, *w.appended_from, ec);
        tables_[w.load->target.schema.table] = index_table(w.load->target);
      }
    }
    throw;
  }

  // Then the renames, and the ledger after them: a crash in between is repaired by the re-run, which replaces
  // the same rows again.
  for (Written& w : written) {
    if (w.tmp.empty()) continue;
    std::error_code ec;
    std::filesystem::rename(w.tmp, w.path, ec);
    if (ec) throw SinkError(fmt::format("cannot replace {}: {}", w.path.string(), ec.message()));
    TableIndex& index = tables_.at(w.load->target.schema.table);
    w.rebuilt.recency = std::move(index.recency);
    index = std::move(w.rebuilt);
  }
  std::ofstream ledger(ledger_file(), std::ios::binary | std::ios::app);
  const std::string now = utc_now_iso();
  for (const TableLoad& t : tables) {
    TableIndex& index = tables_.at(t.target.schema.table);
    for (const LoadFile& f : t.files) {
      index.recency[f.object.name] = recency_key(f.object);
      boost::json::object entry{{"table_name", t.target.schema.qualified_name()},
                                {"object_name", f.object.name},
                                {"generation", f.object.generation},
                                {"processor_version", t.target.processor_version},
                                {"rows", std::int64_t(f.rows.size())},
                                {"loaded_at", now}};
      ledger << boost::json::serialize(entry) << '\n';
    }
  }
  detail::write_or_throw(ledger, ledger_file());
}

}  // namespace nbaraw
