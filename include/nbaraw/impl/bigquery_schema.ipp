#pragma once
#include <nbaraw/bigquery/schema.hpp>

#include <fmt/format.h>

#include <map>

namespace nbaraw::bigquery {

namespace detail {
inline std::string text_at(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

inline bool all_of_chars(std::string_view s, std::string_view extra) {
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || extra.find(c) != std::string_view::npos))
      return false;
  return true;
}

/// Whether rows of type `from` can be inserted into a column of type `to` (GoogleSQL's implicit coercions).
inline bool coercible(std::string_view from, std::string_view to) {
  if (from == to) return true;
  if (from == "INT64") return to == "NUMERIC" || to == "BIGNUMERIC" || to == "FLOAT64";
  if (from == "NUMERIC") return to == "BIGNUMERIC" || to == "FLOAT64";
  return false;
}
}  // namespace detail

NBARAW_DECL std::string TableRef::sql() const { return fmt::format("`{}.{}.{}`", project, dataset, table); }

NBARAW_DECL std::optional<std::string> identifier_problem(const TableRef& ref) {
  // Projects may be "domain.com:name"; nothing here may contain a back quote or a space.
  if (ref.project.empty() || ref.project.size() > 128 || !detail::all_of_chars(ref.project, "-:."))
    return fmt::format("'{}' is not a BigQuery project id", ref.project);
  if (ref.dataset.empty() || ref.dataset.size() > 1024 || !detail::all_of_chars(ref.dataset, "_"))
    return fmt::format("'{}' is not a BigQuery dataset name (letters, digits and _)", ref.dataset);
  if (ref.table.empty() || ref.table.size() > 1024 || !detail::all_of_chars(ref.table, "_-"))
    return fmt::format("'{}' is not a BigQuery table name (letters, digits, _ and -)", ref.table);
  return std::nullopt;
}

NBARAW_DECL std::string canonical_type(std::string_view t) {
  if (t == "INTEGER") return "INT64";
  if (t == "FLOAT") return "FLOAT64";
  if (t == "BOOL") return "BOOLEAN";
  return std::string(t);
}

NBARAW_DECL boost::json::array schema_fields(const TableSchema& schema) {
  boost::json::array fields;
  for (const Column& c : schema.columns)
    fields.push_back(boost::json::object{{"name", c.name}, {"type", to_string(c.type)}, {"mode", to_string(c.mode)}});
  return fields;
}

NBARAW_DECL boost::json::object table_resource(const TableRef& ref, const TableSchema& schema) {
  boost::json::object table{
      {"tableReference", {{"projectId", ref.project}, {"datasetId", ref.dataset}, {"tableId", ref.table}}},
      {"schema", {{"fields", schema_fields(schema)}}}};
  const Partitioning& p = schema.partitioning;
  if (p.kind == Partitioning::Kind::day)
    table["timePartitioning"] = {{"type", "DAY"}, {"field", p.field}};
  else if (p.kind == Partitioning::Kind::integer_range)
    table["rangePartitioning"] = {{"field", p.field},
                                  {"range", {{"start", std::to_string(p.range_start)},
                                             {"end", std::to_string(p.range_end)},
                                             {"interval", std::to_string(p.range_interval)}}}};
  if (!schema.clustering.empty()) {
    boost::json::array fields;
    for (const auto& c : schema.clustering) fields.push_back(boost::json::string(c));
    table["clustering"] = {{"fields", std::move(fields)}};
  }
  if (schema.require_partition_filter && p.kind != Partitioning::Kind::none) table["requirePartitionFilter"] = true;
  return table;
}

NBARAW_DECL std::vector<std::string> incompatibilities(const TableSchema& schema, const boost::json::object& table) {
  struct Existing {
    std::string type, mode;
  };
  std::map<std::string, Existing> existing;
  if (const auto* s = table.if_contains("schema"); s && s->is_object())
    if (const auto* fields = s->get_object().if_contains("fields"); fields && fields->is_array())
      for (const auto& f : fields->get_array())
        if (f.is_object()) {
          const auto& o = f.get_object();
          std::string mode = detail::text_at(o, "mode");
          existing[detail::text_at(o, "name")] = {canonical_type(detail::text_at(o, "type")), mode.empty() ? "NULLABLE" : mode};
        }

  std::vector<std::string> problems;
  for (const Column& c : schema.columns) {
    const std::string type(to_string(c.type)), mode(to_string(c.mode));
    auto it = existing.find(c.name);
    if (it == existing.end()) {
      problems.push_back(fmt::format("column {} ({}) is missing", c.name, type));
      continue;
    }
    const Existing& e = it->second;
    if (!detail::coercible(type, e.type))
      problems.push_back(fmt::format("column {} is {} but the rows hold {}", c.name, e.type, type));
    if ((e.mode == "REPEATED") != (c.mode == ColumnMode::REPEATED))
      problems.push_back(fmt::format("column {} is {} but the rows hold {}", c.name, e.mode, mode));
    else if (e.mode == "REQUIRED" && c.mode != ColumnMode::REQUIRED)
      problems.push_back(fmt::format("column {} is REQUIRED but the rows may leave it null", c.name));
  }
  for (const auto& [name, e] : existing)
    if (e.mode == "REQUIRED" && !schema.find(name))
      problems.push_back(fmt::format("column {} is REQUIRED but the rows do not have it", name));
  return problems;
}

NBARAW_DECL PartitionFilter partition_filter_of(const boost::json::object& table) {
  PartitionFilter out;
  auto flag = [](const boost::json::object& o) {
    const auto* v = o.if_contains("requirePartitionFilter");
    return v && v->is_bool() && v->get_bool();
  };
  out.required = flag(table);
  for (std::string_view kind : {"timePartitioning", "rangePartitioning"})
    if (const auto* p = table.if_contains(kind); p && p->is_object()) {
      out.field = detail::text_at(p->get_object(), "field");
      out.required = out.required || flag(p->get_object());  // the older place for the flag
    }
  return out;
}

}  // namespace nbaraw::bigquery
