// The token chain: the one place that decides where a credential comes from.
//   1. a static token: DEPOT_TOKEN (a JWT there is an OIDC token and is
//      exchanged), DEPOT_API_TOKEN, api_token in $XDG_CONFIG_HOME/depot/depot.yaml
//   2. the CI's OIDC token (through its adapter), exchanged for a pull token
//   3. nothing: the caller answers "not found" and docker goes anonymous
// It knows the order of sources and nothing about any particular CI.
#pragma once

#include <optional>
#include <string>

#include "helper/config.h"
#include "helper/http.h"
#include "helper/result.h"
#include "helper/secret.h"

namespace depot {

struct Credential {
  Secret token;
  std::string source;  // for diagnostics: "DEPOT_TOKEN", "GitHub Actions OIDC", ...
};

// nullopt: no credential source exists here (not an error).
Result<std::optional<Credential>> resolve_credential(const Config& config, const Env& env, HttpClient& http);

std::string user_agent_for(const Env& env);

}  // namespace depot
