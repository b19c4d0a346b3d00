#pragma once
#include <nbaraw/bigquery/connection.hpp>

namespace nbaraw::bigquery {

NBARAW_DECL ClientSetup client_setup(net::HttpClient& http, const std::string& project, const auth::Environment& env) {
  ClientSetup setup;
  const std::optional<std::string> emulator = emulator_endpoint(env);
  setup.credentials = emulator ? auth::anonymous_credentials() : auth::application_default_credentials(http, env);
  setup.options.project = project;
  if (emulator) setup.options.endpoint = *emulator;
  return setup;
}

}  // namespace nbaraw::bigquery
