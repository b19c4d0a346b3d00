#pragma once
// How the command line reaches BigQuery (the run and --validate alike): the emulator named by
// BIGQUERY_EMULATOR_HOST with anonymous credentials, else BigQuery itself with Application Default Credentials.
#include <nbaraw/auth/credentials.hpp>
#include <nbaraw/bigquery/client.hpp>
#include <nbaraw/config.hpp>

#include <memory>
#include <string>

namespace nbaraw::bigquery {

/// What a Client for `project` is built from.
struct ClientSetup {
  std::shared_ptr<auth::Credentials> credentials;
  ClientOptions options;
};

/// The setup for jobs in `project`, read from the environment (credentials may be fetched through `http`).
NBARAW_DECL ClientSetup client_setup(net::HttpClient& http, const std::string& project, const auth::Environment& env);

}  // namespace nbaraw::bigquery

#ifndef NBARAW_SEPARATE_COMPILATION
#include <nbaraw/impl/bigquery_connection.ipp>
#endif
