#pragma once
#include <nbaraw/bigquery/statements.hpp>
#include <nbaraw/core/recency.hpp>
#include <nbaraw/core/timestamp.hpp>
#include <nbaraw/rules/data_hash.hpp>
#include <nbaraw/sinks/bigquery_sink.hpp>
#include <nbaraw/sinks/load_plan.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace nbaraw {

namespace detail {
inline std::string ledger_name(const BigQuerySinkOptions& options, const TableSchema& schema) {
  return options.dataset + "." + schema.table;
}

/// The batch's identity: the tables, the processor version, and each object at its generation.
inline std::string batch_digest(std::span<const TableLoad> tables) {
  std::vector<std::string> objects;
  for (const LoadFile& f : tables.front().files) objects.push_back(f.object.name + '\t' + f.object.generation);
  std::sort(objects.begin(), objects.end());
  std::string manifest = tables.front().target.schema.table + '\n' + tables.front().target.processor_version + '\n';
  for (const auto& o : objects) manifest += o + '\n';
  // A batch of one table keeps the digest it always had; further tables join it.
  for (const TableLoad& t : tables.subspan(1)) manifest += "+" + t.target.schema.table + '\n';
  return sha256_hex(manifest).substr(0, 24);
}

/// True when a Table resource's schema has a top-level field of that name.
inline bool has_field(const boost::json::object& table, std::string_view name) {
  if (const auto* s = table.if_contains("schema"); s && s->is_object())
    if (const auto* fields = s->get_object().if_contains("fields"); fields && fields->is_array())
      for (const auto& f : fields->get_array())
        if (f.is_object())
          if (const auto* n = f.get_object().if_contains("name"); n && n->is_string() && n->get_string() == name) return true;
  return false;
}

inline std::string text_field(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}
}  // namespace detail

NBARAW_DECL BigQuerySink::BigQuerySink(bigquery::Client& client, BigQuerySinkOptions options)
    : client_(client), options_(std::move(options)) {
  if (auto problem = bigquery::identifier_problem(ref(options_.ledger_table))) throw SinkError(*problem);
}

NBARAW_DECL Ledger BigQuerySink::ledger(const LoadTarget& target) {
  Ledger out;
  const std::optional<boost::json::object> table = client_.get_table(options_.dataset, options_.ledger_table);
  if (!table) return out;
  const bool with_recency = detail::has_field(*table, "recency");
  const bigquery::Statement query =
      bigquery::ledger_query(ref(options_.ledger_table), detail::ledger_name(options_, target.schema), with_recency);
  // A read: nothing to deduplicate, so the id only has to be unique.
  const std::string id = bigquery::random_job_id("nbaraw_ledger_" + target.schema.table);
  bigquery::QueryRows rows = client_.query_results(client_.run_query(id, query.query_configuration()));
  auto column = [&](std::string_view name) -> std::size_t {
    auto it = std::find(rows.columns.begin(), rows.columns.end(), name);
    if (it == rows.columns.end()) throw SinkError(fmt::format("the ledger query returned no column {}", name));
    return std::size_t(it - rows.columns.begin());
  };
  const std::size_t object = column("object_name"), generation = column("generation"),
                    version = column("processor_version"), count = column("row_count"), loaded = column("loaded_at");
  const std::size_t recency = with_recency ? column("recency") : SIZE_MAX;  // SIZE_MAX: an older ledger without it
  auto& to_fill = recency_to_fill_[target.schema.table];
  to_fill.clear();
  for (auto& row : rows.rows) {
    auto at = [&](std::size_t i) { return i < row.size() && row[i] ? *row[i] : std::string(); };
    LedgerEntry e{at(object), at(generation), at(version), 0, at(loaded)};
    if (at(recency).empty()) to_fill.emplace_back(e.object_name, recency_key(e.object_name, e.generation));
    const std::string n = at(count);
    std::from_chars(n.data(), n.data() + n.size(), e.rows);
    std::string name = e.object_name;
    out.insert_or_assign(std::move(name), std::move(e));
  }
  return out;
}

NBARAW_DECL void BigQuerySink::ensure_ledger() {
  if (ledger_ready_) return;
  const bigquery::TableRef ledger = ref(options_.ledger_table);
  const TableSchema schema = bigquery::ledger_schema(options_.dataset, options_.ledger_table);
  if (auto existing = client_.get_table(options_.dataset, options_.ledger_table)) {
    // A ledger from before the recency column gets it (a NULLABLE column added at the end: a schema patch).
    if (!detail::has_field(*existing, "recency") && detail::has_field(*existing, "loaded_at"))
      existing = client_.patch_table_schema(options_.dataset, options_.ledger_table, bigquery::schema_fields(schema));
    if (auto problems = bigquery::incompatibilities(schema, *existing); !problems.empty())
      throw SinkError(fmt::format("the ledger table {} is not nbaraw's: {}", ledger.text(), fmt::join(problems, "; ")));
  } else {
    client_.insert_table(bigquery::table_resource(ledger, schema));  // the ledger is nbaraw's own: always created
  }
  ledger_ready_ = true;
}

NBARAW_DECL void BigQuerySink::prepare(const LoadTarget& target) {
  if (options_.read_only) throw SinkError("the BigQuery sink was opened read-only (dry run)");
  const TableSchema& schema = target.schema;
  if (auto problem = schema_problem(schema, target.strategy)) throw SinkError(*problem);
  const bigquery::TableRef table = ref(schema.table);
  if (auto problem = bigquery::identifier_problem(table)) throw SinkError(*problem);

  std::optional<boost::json::object> existing = client_.get_table(options_.dataset, schema.table);
  if (!existing) {
    if (!options_.create_tables)
      throw SinkError(fmt::format("table {} does not exist; run with --create-tables to create it from the processor's schema",
                                  table.text()));
    client_.insert_table(bigquery::table_resource(table, schema));
    existing = client_.get_table(options_.dataset, schema.table);
    if (!existing) throw SinkError(fmt::format("table {} was created but cannot be read back", table.text()));
  }
  if (auto problems = bigquery::incompatibilities(schema, *existing); !problems.empty())
    throw SinkError(fmt::format("table {} cannot take the rows: {}", table.text(), fmt::join(problems, "; ")));
  bigquery::PartitionFilter filter = bigquery::partition_filter_of(*existing);
  if (filter.required && !schema.find(filter.field))
    throw SinkError(fmt::format("table {} requires a partition filter on {}, which the rows do not have", table.text(),
                                filter.field.empty() ? "_PARTITIONTIME" : filter.field));
  partition_filters_[schema.table] = std::move(filter);
  ensure_ledger();
  // Entries written before recency was kept get it from their names and generations, a few thousand per query.
  if (auto legacy = recency_to_fill_.find(schema.table); legacy != recency_to_fill_.end() && !legacy->second.empty()) {
    const std::span<const std::pair<std::string, std::string>> all(legacy->second);
    constexpr std::size_t per_query = 5000;
    for (std::size_t from = 0; from < all.size(); from += per_query) {
      const bigquery::Statement fill = bigquery::ledger_recency_fill(ref(options_.ledger_table), detail::ledger_name(options_, schema),
                                                                     all.subspan(from, std::min(per_query, all.size() - from)));
      client_.run_query(bigquery::random_job_id("nbaraw_ledger_recency_" + schema.table), fill.query_configuration());
    }
    legacy->second.clear();
  }
}

namespace detail {
/// A job failure as the SinkError its batch's files are reported with.
[[noreturn]] inline void rethrow_as_sink_error(const std::vector<std::string>& targets) {
  try {
    throw;
  } catch (const bigquery::JobFailed& e) {
    if (e.error.message.find("streaming buffer") != std::string::npos)
      throw SinkError(fmt::format("{} has rows in its streaming buffer (streamed by another writer in the last ~30 "
                                  "minutes), so BigQuery refuses to change it; nothing of this batch was applied. "
                                  "BigQuery said: {}",
                                  fmt::join(targets, " or "), e.error.message),
                      FileStatus::streaming_buffer);
    throw SinkError(e.what());
  } catch (const bigquery::BigQueryError& e) {
    throw SinkError(e.what());
  }
}
}  // namespace detail

NBARAW_DECL BigQuerySink::Staged BigQuerySink::stage(std::span<const TableLoad> tables) {
  if (options_.read_only) throw SinkError("the BigQuery sink was opened read-only (dry run)");
  Staged out;
  if (tables.empty() || tables.front().files.empty()) return out;
  for (const TableLoad& t : tables) refuse_non_finite(t.files);
  const std::string digest = detail::batch_digest(tables);
  for (const TableLoad& t : tables) out.targets.push_back(ref(t.target.schema.table).text());
  try {
    // Per table, a staging table created with an expiration (one left by a crash goes away on its own).
    for (const TableLoad& t : tables) {
      const std::string& table = t.target.schema.table;
      const bigquery::TableRef staging = ref(fmt::format("_nbaraw_staging_{}_{}", table, digest));
      boost::json::object staging_table = bigquery::table_resource(staging, bigquery::staging_schema(t.target.schema));
      const auto expires = std::chrono::system_clock::now() + options_.staging_expiration;
      staging_table["expirationTime"] =
          std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(expires.time_since_epoch()).count());
      client_.insert_table(staging_table);
      auto created = client_.get_table(options_.dataset, staging.table);
      if (!created) throw SinkError(fmt::format("staging table {} vanished right after it was created", staging.text()));
      const std::string incarnation = detail::text_field(*created, "creationTime");
      out.tables.push_back({staging, fmt::format("{}_{}_{}", table, digest, incarnation.empty() ? "0" : incarnation)});
    }
    for (std::size_t i = 0; i < tables.size(); ++i) {
      const TableSchema& schema = tables[i].target.schema;
      const bigquery::TableRef& staging = out.tables[i].staging;
      const std::string data = bigquery::staging_ndjson(schema, tables[i].files);
      if (data.empty()) continue;
      boost::json::object load{
          {"destinationTable", {{"projectId", staging.project}, {"datasetId", staging.dataset}, {"tableId", staging.table}}},
          {"sourceFormat", "NEWLINE_DELIMITED_JSON"},
          {"writeDisposition", "WRITE_TRUNCATE"},
          {"createDisposition", "CREATE_NEVER"},
          {"ignoreUnknownValues", false},
          {"maxBadRecords", 0},
          {"schema", {{"fields", bigquery::schema_fields(bigquery::staging_schema(schema))}}}};
      client_.run_load("nbaraw_load_" + out.tables[i].id_suffix, {{"load", std::move(load)}}, data);
    }
  } catch (const SinkError&) {
    throw;
  } catch (const std::exception&) {
    detail::rethrow_as_sink_error(out.targets);
  }
  return out;
}

NBARAW_DECL void BigQuerySink::commit(std::span<const TableLoad> tables, Staged staged) {
  if (staged.tables.empty()) return;
  try {
    std::vector<bigquery::ApplyBatch> batches;
    const std::string now = utc_now_iso();
    std::string apply_id = "nbaraw_apply_" + staged.tables.front().id_suffix;
    for (std::size_t i = 0; i < tables.size(); ++i) {
      const TableLoad& t = tables[i];
      const TableSchema& schema = t.target.schema;
      std::optional<bigquery::PartitionRange> range;
      if (auto filter = partition_filters_.find(schema.table); filter != partition_filters_.end() && filter->second.required)
        range = bigquery::partition_range(schema, t.target.strategy, filter->second.field, t.files);
      batches.push_back({ref(schema.table), staged.tables[i].staging, ref(options_.ledger_table), schema, t.target.strategy,
                         range, t.files, detail::ledger_name(options_, schema), t.target.processor_version, now});
      if (i) apply_id += "_" + staged.tables[i].id_suffix.substr(staged.tables[i].id_suffix.rfind('_') + 1);
    }
    const bigquery::Statement apply = bigquery::apply_statement(batches);
    client_.run_query(apply_id, apply.query_configuration());
  } catch (const std::exception&) {
    detail::rethrow_as_sink_error(staged.targets);
  }
  for (const StagedTable& s : staged.tables) try {
      client_.delete_table(options_.dataset, s.staging.table);
    } catch (const std::exception&) {
      // It expires on its own.
    }
}

}  // namespace nbaraw
