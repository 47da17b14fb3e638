#include "adapters/circleci.h"

namespace depot {

namespace {

constexpr std::string_view kVariables[] = {"CIRCLECI", "CIRCLE_OIDC_TOKEN_V2", "CIRCLE_OIDC_TOKEN"};

bool detect_circleci(const Env& env) { return env.is_true("CIRCLECI"); }

std::string circleci_credential(const Env& env) {
  return env.has("CIRCLE_OIDC_TOKEN_V2") ? env.value("CIRCLE_OIDC_TOKEN_V2") : env.value("CIRCLE_OIDC_TOKEN");
}

// CircleCI tokens carry a fixed audience (the organization id); Depot's trust
// relationship accepts them as they are, so `audience` is not used.
Result<Secret> fetch_circleci_token(const Env& env, HttpClient&, std::string_view) {
  if (circleci_credential(env).empty())
    return Error{"CircleCI: this job has no OIDC token", "CIRCLE_OIDC_TOKEN_V2 and CIRCLE_OIDC_TOKEN are not set",
                 "OIDC tokens are only given to jobs that CircleCI trusts with secrets: a build of a forked "
                 "pull request gets none unless the project passes secrets to forked builds"};
  return jwt_from_variable(env, "CircleCI",
                           env.has("CIRCLE_OIDC_TOKEN_V2") ? "CIRCLE_OIDC_TOKEN_V2" : "CIRCLE_OIDC_TOKEN");
}

}  // namespace

const Adapter kCircleciAdapter{"circleci",          "CircleCI",           detect_circleci,
                               circleci_credential, fetch_circleci_token, kVariables};

}  // namespace depot
