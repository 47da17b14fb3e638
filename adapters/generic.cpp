#include "adapters/generic.h"

namespace depot {

namespace {

constexpr std::string_view kVariables[] = {"DEPOT_OIDC_TOKEN"};

bool detect_generic(const Env& env) { return env.has("DEPOT_OIDC_TOKEN"); }

std::string generic_credential(const Env& env) { return env.value("DEPOT_OIDC_TOKEN"); }

Result<Secret> fetch_generic_token(const Env& env, HttpClient&, std::string_view) {
  return jwt_from_variable(env, "DEPOT_OIDC_TOKEN", "DEPOT_OIDC_TOKEN");
}

}  // namespace

const Adapter kGenericOidcAdapter{
    "oidc", "DEPOT_OIDC_TOKEN", detect_generic, generic_credential, fetch_generic_token, kVariables};

}  // namespace depot
