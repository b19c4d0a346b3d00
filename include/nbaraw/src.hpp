#pragma once
// Include in exactly one translation unit, with NBARAW_SEPARATE_COMPILATION defined everywhere, to compile
// nbaraw's non-template code once.
#ifndef NBARAW_SEPARATE_COMPILATION
#error "Define NBARAW_SEPARATE_COMPILATION to use <nbaraw/src.hpp>"
#endif
#include <nbaraw/impl/backfill.ipp>
#include <nbaraw/impl/bdl_boxscores.ipp>
#include <nbaraw/impl/bdl_injuries.ipp>
#include <nbaraw/impl/bigquery_client.ipp>
#include <nbaraw/impl/bigquery_lookups.ipp>
#include <nbaraw/impl/bigquery_schema.ipp>
#include <nbaraw/impl/bigquery_sink.ipp>
#include <nbaraw/impl/bigquery_statements.ipp>
#include <nbaraw/impl/bigquery_validation.ipp>
#include <nbaraw/impl/credentials.ipp>
#include <nbaraw/rules/impl/data_hash.ipp>
#include <nbaraw/impl/date.ipp>
#include <nbaraw/rules/impl/game_id.ipp>
#include <nbaraw/impl/gcs_client.ipp>
#include <nbaraw/impl/gcs_source.ipp>
#include <nbaraw/impl/gzip.ipp>
#include <nbaraw/impl/http_client.ipp>
#include <nbaraw/impl/json_parse.ipp>
#include <nbaraw/impl/load_plan.ipp>
#include <nbaraw/impl/local_source.ipp>
#include <nbaraw/impl/logger.ipp>
#include <nbaraw/rules/impl/names.ipp>
#include <nbaraw/impl/nbac_gamebook.ipp>
#include <nbaraw/impl/ndjson_sink.ipp>
#include <nbaraw/impl/odds_api_props.ipp>
#include <nbaraw/impl/options.ipp>
#include <nbaraw/rules/impl/python_compat.ipp>
#include <nbaraw/impl/recency.ipp>
#include <nbaraw/impl/report.ipp>
#include <nbaraw/impl/retry.ipp>
#include <nbaraw/impl/run.ipp>
#include <nbaraw/impl/shard.ipp>
#include <nbaraw/impl/source.ipp>
#include <nbaraw/impl/sqlite.ipp>
#include <nbaraw/impl/sqlite_lookups.ipp>
#include <nbaraw/impl/sqlite_sink.ipp>
#include <nbaraw/impl/sqlite_validation.ipp>
#include <nbaraw/impl/table_schema.ipp>
#include <nbaraw/rules/impl/team_mapper.ipp>
#include <nbaraw/impl/timestamp.ipp>
#include <nbaraw/impl/validate_command.ipp>
#include <nbaraw/impl/validation.ipp>
