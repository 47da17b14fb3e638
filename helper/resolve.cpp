#include "helper/resolve.h"

#include "helper/depot_api.h"
#include "helper/jwt.h"
#include "helper/log.h"
#include "helper/project.h"

namespace depot {

std::string project_id_for(const Config& config) {
  if (!config.project_id.empty()) return config.project_id;
  auto id = find_project_id(config.working_dir);
  log::debug("project id {}", id.empty() ? "not found (no DEPOT_PROJECT_ID, no depot.json)" : "from project file: " + id);
  return id;
}

std::string user_agent_for(const Env& env) {
  const Adapter* ci = detect_ci(env);
  return std::string("docker-credential-depot/") + DEPOT_HELPER_VERSION + " (" +
         (ci ? std::string(ci->id) : std::string("no-ci")) + ")";
}

HttpSettings http_settings_for(const Config& config, const Env& env) {
  return HttpSettings{config.ca_file, config.ca_dir, user_agent_for(env), config.connect_timeout,
                      config.attempt_timeout};
}

std::optional<Credential> static_credential(const Config& config) {
  if (!config.depot_token.empty() && !looks_like_jwt(config.depot_token.reveal()))
    return Credential{config.depot_token, "DEPOT_TOKEN"};
  if (!config.depot_token.empty()) return std::nullopt;  // a JWT: exchanged in step 2
  if (!config.depot_api_token.empty()) return Credential{config.depot_api_token, "DEPOT_API_TOKEN"};
  auto from_file = read_cli_api_token(config.config_home);
  if (!from_file.empty()) return Credential{Secret(std::move(from_file)), "depot.yaml api_token"};
  return std::nullopt;
}

Result<std::optional<OidcToken>> obtain_oidc_token(const Config& config, const Env& env, HttpClient& http) {
  // Depot's Mint guide puts the vault's OIDC token in DEPOT_TOKEN: exchange it.
  if (looks_like_jwt(config.depot_token.reveal())) {
    log::debug("DEPOT_TOKEN holds a JWT: exchanging it as an OIDC token");
    return std::optional<OidcToken>(OidcToken{config.depot_token, "DEPOT_TOKEN", nullptr});
  }
  const Adapter* ci = detect_ci(env);
  if (!ci) {
    log::debug("no CI detected and no Depot token set");
    return std::optional<OidcToken>();
  }
  log::debug("detected {}", ci->name);
  auto jwt = ci->fetch(env, http, kDepotAudience);
  if (!jwt) return jwt.error();
  return std::optional<OidcToken>(OidcToken{std::move(jwt.value()), std::string(ci->name), ci});
}

Result<Credential> exchange_for_pull_token(const Config& config, HttpClient& http, const OidcToken& oidc) {
  if (auto violation = url_policy_violation(config.api_url))
    return Error{"DEPOT_API_URL", *violation, "use an https:// URL"};
  PullTokenRequest request{config.api_url, project_id_for(config), oidc.source};
  auto pull = get_pull_token(http, request, oidc.jwt);
  if (!pull) return pull.error();
  return Credential{std::move(pull.value()), oidc.source + " OIDC → pull token"};
}

Result<std::optional<Credential>> resolve_credential(const Config& config, const Env& env, HttpClient& http) {
  if (auto token = static_credential(config)) {
    log::debug("using {} {}", token->source, token->token.fingerprint());
    return std::optional<Credential>(std::move(*token));
  }
  auto oidc = obtain_oidc_token(config, env, http);
  if (!oidc) return oidc.error();
  if (!oidc.value()) return std::optional<Credential>();
  auto pull = exchange_for_pull_token(config, http, *oidc.value());
  if (!pull) return pull.error();
  return std::optional<Credential>(std::move(pull.value()));
}

}  // namespace depot
