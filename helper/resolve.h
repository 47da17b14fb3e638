// The token chain: the one place that decides where a credential comes from.
//   1. a static token: DEPOT_TOKEN (a JWT there is an OIDC token and is
//      exchanged), DEPOT_API_TOKEN, api_token in $XDG_CONFIG_HOME/depot/depot.yaml
//   2. the CI's OIDC token (through its adapter), exchanged for a pull token
//   3. nothing: the caller answers "not found" and docker goes anonymous
// It knows the order of sources and nothing about any particular CI.
#pragma once

#include <optional>
#include <string>

#include "adapters/adapter.h"
#include "helper/config.h"
#include "helper/http.h"
#include "helper/result.h"
#include "helper/secret.h"

namespace depot {

struct Credential {
  Secret token;
  std::string source;  // for diagnostics: "DEPOT_TOKEN", "GitHub Actions OIDC → pull token", ...
};

// Where this job's OIDC token would come from, known before any request.
struct OidcSource {
  std::string provider;              // adapter id, or "depot-token" for a JWT in DEPOT_TOKEN
  std::string name;                  // "GitHub Actions", "DEPOT_TOKEN", ...
  std::string credential;            // what authorizes the fetch; hashed into the cache key, never shown
  const Adapter* adapter = nullptr;  // nullptr for DEPOT_TOKEN
};

struct OidcToken {
  Secret jwt;
  std::string source;                // "GitHub Actions", "DEPOT_TOKEN", ...
  const Adapter* adapter = nullptr;  // nullptr when it came from DEPOT_TOKEN
};

// Step 1: DEPOT_TOKEN (unless it holds a JWT), DEPOT_API_TOKEN, depot.yaml.
std::optional<Credential> static_credential(const Config& config);
// Step 2a: where the OIDC token would come from; nullopt outside any CI.
std::optional<OidcSource> select_oidc_source(const Config& config, const Env& env);
Result<OidcToken> fetch_oidc_token(const OidcSource& source, const Env& env, HttpClient& http);
// Both of the above: the OIDC token of this job; nullopt outside any CI.
Result<std::optional<OidcToken>> obtain_oidc_token(const Config& config, const Env& env, HttpClient& http);
// Step 2b: GetPullToken with the OIDC token as bearer.
Result<Credential> exchange_for_pull_token(const Config& config, const std::string& project_id, HttpClient& http,
                                           const OidcToken& oidc);

class TokenCache;
struct CacheKey;
// The cache key of a token obtained from `source` for `project_id`.
CacheKey cache_key_for(const Config& config, const std::string& project_id, const OidcSource& source);
// The whole chain, through the cache. nullopt: no credential source exists
// here (not an error).
Result<std::optional<Credential>> resolve_credential(const Config& config, const Env& env, HttpClient& http,
                                                     TokenCache& cache);

// The project id: DEPOT_PROJECT_ID, else the nearest depot.json / depot.yml / depot.yaml.
std::string project_id_for(const Config& config);
std::string user_agent_for(const Env& env);
HttpSettings http_settings_for(const Config& config, const Env& env);

}  // namespace depot
