#pragma once
// The network clients' non-template code (HTTP, auth, GCS, BigQuery and their source and sinks), compiled
// once by src/network.cpp or <nbaraw/src.hpp>.
#ifndef NBARAW_SEPARATE_COMPILATION
#error "Define NBARAW_SEPARATE_COMPILATION to use <nbaraw/src/network.hpp>"
#endif
#include <nbaraw/impl/bigquery_client.ipp>
#include <nbaraw/impl/bigquery_connection.ipp>
#include <nbaraw/impl/bigquery_lookups.ipp>
#include <nbaraw/impl/bigquery_schema.ipp>
#include <nbaraw/impl/bigquery_sink.ipp>
#include <nbaraw/impl/bigquery_statements.ipp>
#include <nbaraw/impl/bigquery_validation.ipp>
#include <nbaraw/impl/credentials.ipp>
#include <nbaraw/impl/gcs_client.ipp>
#include <nbaraw/impl/gcs_source.ipp>
#include <nbaraw/impl/http_client.ipp>
#include <nbaraw/impl/retry.ipp>
