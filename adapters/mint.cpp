#include "adapters/mint.h"

namespace depot {

namespace {

constexpr std::string_view kVariables[] = {"MINT", "RWX", "MINT_RUN_ID", "RWX_RUN_ID", "DEPOT_OIDC_TOKEN"};

bool detect_mint(const Env& env) { return env.is_true("MINT") || env.is_true("RWX"); }

std::string mint_credential(const Env& env) { return env.value("DEPOT_OIDC_TOKEN"); }

Result<Secret> fetch_mint_token(const Env& env, HttpClient&, std::string_view) {
  if (mint_credential(env).empty())
    return Error{"Mint: this task has no OIDC token", "DEPOT_OIDC_TOKEN is not set",
                 "define an OIDC token with audience https://depot.dev in a vault and map it into the task: "
                 "`env: DEPOT_OIDC_TOKEN: ${{ vaults.<vault>.oidc.<name> }}`"};
  return jwt_from_variable(env, "Mint", "DEPOT_OIDC_TOKEN");
}

}  // namespace

const Adapter kMintAdapter{"mint", "Mint", detect_mint, mint_credential, fetch_mint_token, kVariables};

}  // namespace depot
