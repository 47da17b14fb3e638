#include "helper/resolve.h"

#include "adapters/adapter.h"
#include "helper/depot_api.h"
#include "helper/jwt.h"
#include "helper/log.h"
#include "helper/project.h"

namespace depot {

namespace {

using Resolved = Result<std::optional<Credential>>;

std::string project_id_for(const Config& config) {
  if (!config.project_id.empty()) return config.project_id;
  auto id = find_project_id(config.working_dir);
  log::debug("project id {}", id.empty() ? "not found (no DEPOT_PROJECT_ID, no depot.json)" : "from project file: " + id);
  return id;
}

Resolved exchange(const Config& config, HttpClient& http, const Secret& oidc, const std::string& source) {
  if (auto violation = url_policy_violation(config.api_url))
    return Error{"DEPOT_API_URL", *violation, "use an https:// URL"};
  PullTokenRequest request{config.api_url, project_id_for(config), source};
  auto pull = get_pull_token(http, request, oidc);
  if (!pull) return pull.error();
  return std::optional<Credential>(Credential{std::move(pull.value()), source + " OIDC → pull token"});
}

std::optional<Credential> static_token(const Config& config) {
  if (!config.depot_api_token.empty()) return Credential{config.depot_api_token, "DEPOT_API_TOKEN"};
  auto from_file = read_cli_api_token(config.config_home);
  if (!from_file.empty()) return Credential{Secret(std::move(from_file)), "depot.yaml api_token"};
  return std::nullopt;
}

}  // namespace

std::string user_agent_for(const Env& env) {
  const Adapter* ci = detect_ci(env);
  return std::string("docker-credential-depot/") + DEPOT_HELPER_VERSION + " (" +
         (ci ? std::string(ci->id) : std::string("no-ci")) + ")";
}

Resolved resolve_credential(const Config& config, const Env& env, HttpClient& http) {
  if (!config.depot_token.empty()) {
    // Depot's Mint guide puts the vault's OIDC token in DEPOT_TOKEN: exchange it.
    if (looks_like_jwt(config.depot_token.reveal())) {
      log::debug("DEPOT_TOKEN holds a JWT: exchanging it as an OIDC token");
      return exchange(config, http, config.depot_token, "DEPOT_TOKEN");
    }
    log::debug("using DEPOT_TOKEN {}", config.depot_token.fingerprint());
    return std::optional<Credential>(Credential{config.depot_token, "DEPOT_TOKEN"});
  }
  if (auto token = static_token(config)) {
    log::debug("using {} {}", token->source, token->token.fingerprint());
    return std::optional<Credential>(std::move(*token));
  }
  const Adapter* ci = detect_ci(env);
  if (!ci) {
    log::debug("no CI detected and no Depot token set: answering not found");
    return std::optional<Credential>();
  }
  log::debug("detected {}", ci->name);
  auto oidc = ci->fetch(env, http, kDepotAudience);
  if (!oidc) return oidc.error();
  return exchange(config, http, oidc.value(), std::string(ci->name));
}

}  // namespace depot
