#pragma once
#include <nbaraw/core/recency.hpp>
#include <nbaraw/core/timestamp.hpp>
#include <nbaraw/sinks/load_plan.hpp>
#include <nbaraw/sinks/sqlite_sink.hpp>

#include <fmt/format.h>

#include <filesystem>
#include <map>

namespace nbaraw {

namespace detail {
inline std::string_view sqlite_type(const Column& c) {
  if (c.mode == ColumnMode::REPEATED) return "TEXT";
  switch (c.type) {
    case ColumnType::INT64:
    case ColumnType::BOOLEAN: return "INTEGER";
    case ColumnType::FLOAT64:
    case ColumnType::NUMERIC: return "REAL";
    default: return "TEXT";
  }
}

/// `alias.k1 IS ?1 AND ...`; "1" for no keys (replace_table: every row has the one key).
inline std::string key_condition(const std::vector<std::string>& keys, std::string_view alias = {}) {
  if (keys.empty()) return "1";
  std::string where;
  for (std::size_t i = 0; i < keys.size(); ++i)
    where += fmt::format("{}{}{} IS ?{}", i ? " AND " : "", alias, quote_identifier(keys[i]), i + 1);
  return where;
}

inline bool has_column(SqliteDatabase& db, std::string_view table, std::string_view column) {
  SqliteStatement info(db.handle(), "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2");
  info.bind(1, table).bind(2, column);
  return info.step();
}
}  // namespace detail

NBARAW_DECL SqliteSink::SqliteSink(std::string path, Mode mode) : path_(std::move(path)), mode_(mode) {
  if (mode_ == Mode::read_write) db_ = std::make_unique<detail::SqliteDatabase>(path_, false);
}

NBARAW_DECL detail::SqliteDatabase* SqliteSink::database() {
  if (!db_ && std::filesystem::exists(path_)) db_ = std::make_unique<detail::SqliteDatabase>(path_, true);
  return db_.get();
}

NBARAW_DECL Ledger SqliteSink::ledger(const LoadTarget& target) {
  Ledger out;
  detail::SqliteDatabase* db = database();
  if (!db || !db->table_exists(ledger_table)) return out;
  detail::SqliteStatement st(db->handle(),
                             "SELECT object_name, generation, processor_version, rows, loaded_at "
                             "FROM _nbaraw_ledger WHERE table_name = ?1");
  st.bind(1, target.schema.qualified_name());
  while (st.step()) {
    LedgerEntry e{st.text(0), st.text(1), st.text(2), std::uint64_t(st.integer(3)), st.text(4)};
    std::string name = e.object_name;
    out.emplace(std::move(name), std::move(e));
  }
  return out;
}

NBARAW_DECL void SqliteSink::prepare(const LoadTarget& target) {
  if (mode_ == Mode::read_only) throw SinkError("the SQLite sink was opened read-only");
  if (auto problem = schema_problem(target.schema, target.strategy)) throw SinkError(*problem);
  detail::SqliteDatabase& db = *db_;
  const TableSchema& schema = target.schema;
  const std::string table = detail::quote_identifier(schema.table);

  if (db.table_exists(schema.table)) {
    // Check the existing table can take the rows before anything is loaded.
    std::map<std::string, std::pair<std::string, bool>> existing;  // name -> (type, not null)
    detail::SqliteStatement info(db.handle(), "SELECT name, type, \"notnull\" FROM pragma_table_info(?1)");
    info.bind(1, schema.table);
    while (info.step()) existing[info.text(0)] = {info.text(1), info.integer(2) != 0};
    std::vector<std::string> problems;
    std::vector<const Column*> to_add;  // NULLABLE columns the table lacks: added once nothing is wrong
    for (const auto& c : schema.columns) {
      auto it = existing.find(c.name);
      if (it == existing.end()) {
        if (c.mode == ColumnMode::REQUIRED)
          problems.push_back(fmt::format("{} (REQUIRED) is missing", c.name));
        else
          to_add.push_back(&c);
      } else if (it->second.first != detail::sqlite_type(c)) {
        problems.push_back(fmt::format("{} is {} but the schema needs {}", c.name, it->second.first, detail::sqlite_type(c)));
      }
    }
    for (const auto& [name, type] : existing)
      if (type.second && !schema.find(name)) problems.push_back(fmt::format("{} is NOT NULL but not in the schema", name));
    if (!problems.empty())
      throw SinkError(fmt::format("table {} in {} cannot take the rows: {}", schema.table, path_,
                                  fmt::join(problems, "; ")));
    for (const Column* c : to_add)
      db.exec(fmt::format("ALTER TABLE {} ADD COLUMN {} {}", table, detail::quote_identifier(c->name),
                          detail::sqlite_type(*c)));
  } else {
    std::string columns;
    for (const auto& c : schema.columns)
      columns += fmt::format("{}{} {}{}", columns.empty() ? "" : ", ", detail::quote_identifier(c.name),
                             detail::sqlite_type(c), c.mode == ColumnMode::REQUIRED ? " NOT NULL" : "");
    db.exec(fmt::format("CREATE TABLE {} ({})", table, columns));
  }
  db.exec(fmt::format("CREATE INDEX IF NOT EXISTS {} ON {} ({})",
                      detail::quote_identifier(schema.table + "__source_file_path"), table,
                      detail::quote_identifier(source_file_column)));
  if (!target.strategy.keys.empty()) {
    std::string keys;
    for (const auto& k : target.strategy.keys) keys += (keys.empty() ? "" : ", ") + detail::quote_identifier(k);
    db.exec(fmt::format("CREATE INDEX IF NOT EXISTS {} ON {} ({})",
                        detail::quote_identifier(schema.table + "__key"), table, keys));
  }
  db.exec(
      "CREATE TABLE IF NOT EXISTS _nbaraw_ledger (table_name TEXT NOT NULL, object_name TEXT NOT NULL, "
      "generation TEXT NOT NULL, processor_version TEXT NOT NULL, rows INTEGER NOT NULL, loaded_at TEXT NOT NULL, "
      "recency TEXT, PRIMARY KEY (table_name, object_name))");
  // A ledger from before recency was kept: the column is added and filled from each entry's name and generation.
  if (!detail::has_column(db, ledger_table, "recency")) {
    detail::SqliteTransaction migration(db);
    db.exec("ALTER TABLE _nbaraw_ledger ADD COLUMN recency TEXT");
    struct Entry {
      std::string table, object, recency;
    };
    std::vector<Entry> entries;
    detail::SqliteStatement legacy(db.handle(), "SELECT table_name, object_name, generation FROM _nbaraw_ledger");
    while (legacy.step()) entries.push_back({legacy.text(0), legacy.text(1), recency_key(legacy.text(1), legacy.text(2))});
    detail::SqliteStatement fill(db.handle(), "UPDATE _nbaraw_ledger SET recency = ?3 WHERE table_name = ?1 AND object_name = ?2");
    for (const Entry& e : entries) fill.bind(1, e.table).bind(2, e.object).bind(3, e.recency).run();
    migration.commit();
  }
}

namespace detail {
/// One table's share of a load, inside the caller's transaction.
inline void sqlite_load_table(SqliteDatabase& db, const LoadTarget& target, std::span<const LoadFile> files,
                              const std::string& now) {
  const TableSchema& schema = target.schema;
  const std::string table = quote_identifier(schema.table);
  const auto& keys = target.strategy.keys;
  const auto& keep = target.strategy.keep;

  // Who holds a key now, how recent that file is (from the ledger; a file the ledger does not know is the
  // oldest), and the values merge_keep keeps.
  std::optional<SqliteStatement> owner_query;
  if (is_keyed(target.strategy.kind)) {
    std::string kept_columns;
    for (const auto& k : keep) kept_columns += ", t." + quote_identifier(k);
    owner_query.emplace(db.handle(),
                        fmt::format("SELECT t.{0}, l.recency{4} FROM {1} AS t LEFT JOIN _nbaraw_ledger AS l "
                                    "ON l.table_name = ?{2} AND l.object_name = t.{0} WHERE {3} LIMIT 1",
                                    quote_identifier(source_file_column), table, keys.size() + 1,
                                    key_condition(keys, "t."), kept_columns));
  }
  KeyOwner owner = [&](const Row& row) -> std::optional<KeyHolder> {
    if (!owner_query) return std::nullopt;
    for (std::size_t i = 0; i < keys.size(); ++i) owner_query->bind(int(i + 1), row.at(keys[i]));
    owner_query->bind(int(keys.size() + 1), schema.qualified_name());
    std::optional<KeyHolder> held_by;
    if (owner_query->step()) {
      held_by = KeyHolder{owner_query->text(0), owner_query->is_null(1) ? "" : owner_query->text(1)};
      for (std::size_t i = 0; i < keep.size(); ++i) {
        boost::json::value v = owner_query->value(int(i + 2));
        const Column* c = schema.find(keep[i]);
        if (c && c->type == ColumnType::BOOLEAN && v.is_int64()) v = v.get_int64() != 0;
        held_by->kept[keep[i]] = std::move(v);
      }
    }
    owner_query->reset();
    return held_by;
  };
  const LoadPlan plan = plan_load(target.strategy, files, owner);

  SqliteStatement clear_file(db.handle(), fmt::format("DELETE FROM {} WHERE {} = ?1", table,
                                                      quote_identifier(source_file_column)));
  for (const auto& name : plan.clear_files) clear_file.bind(1, name).run();
  if (!plan.clear_keys.empty()) {
    SqliteStatement clear_key(db.handle(), fmt::format("DELETE FROM {} WHERE {}", table, key_condition(keys)));
    for (const Row* row : plan.clear_keys) {
      for (std::size_t i = 0; i < keys.size(); ++i) clear_key.bind(int(i + 1), row->at(keys[i]));
      clear_key.run();
    }
  }

  std::string names, params;
  for (std::size_t i = 0; i < schema.columns.size(); ++i) {
    names += fmt::format("{}{}", i ? ", " : "", quote_identifier(schema.columns[i].name));
    params += fmt::format("{}?{}", i ? ", " : "", i + 1);
  }
  SqliteStatement insert(db.handle(), fmt::format("INSERT INTO {} ({}) VALUES ({})", table, names, params));
  static const boost::json::value null_value;
  for (const Row* row : plan.insert) {
    for (std::size_t i = 0; i < schema.columns.size(); ++i) {
      const boost::json::value* v = column_value(*row, schema, i);
      insert.bind(int(i + 1), v ? *v : null_value);
    }
    insert.run();
  }

  SqliteStatement record(db.handle(),
                         "INSERT INTO _nbaraw_ledger (table_name, object_name, generation, processor_version, "
                         "rows, loaded_at, recency) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (table_name, "
                         "object_name) DO UPDATE SET generation = excluded.generation, processor_version = "
                         "excluded.processor_version, rows = excluded.rows, loaded_at = excluded.loaded_at, "
                         "recency = excluded.recency");
  for (const LoadFile& f : files)
    record.bind(1, schema.qualified_name())
        .bind(2, f.object.name)
        .bind(3, f.object.generation)
        .bind(4, target.processor_version)
        .bind(5, std::int64_t(f.rows.size()))
        .bind(6, now)
        .bind(7, recency_key(f.object))
        .run();
}
}  // namespace detail

NBARAW_DECL void SqliteSink::load(std::span<const TableLoad> tables) {
  if (mode_ == Mode::read_only) throw SinkError("the SQLite sink was opened read-only");
  for (const TableLoad& t : tables) refuse_non_finite(t.files);
  detail::SqliteTransaction transaction(*db_);
  const std::string now = utc_now_iso();
  for (const TableLoad& t : tables) detail::sqlite_load_table(*db_, t.target, t.files, now);
  transaction.commit();
}

}  // namespace nbaraw
