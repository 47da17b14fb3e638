#include "adapters/adapter.h"
#include "adapters/buildkite.h"
#include "adapters/circleci.h"
#include "adapters/generic.h"
#include "adapters/github_actions.h"
#include "adapters/gitlab.h"
#include "adapters/mint.h"
#include "helper/jwt.h"
#include "helper/log.h"
#include "helper/text.h"

namespace depot {

std::span<const Adapter> all_adapters() {
  static const Adapter adapters[] = {kGithubActionsAdapter, kBuildkiteAdapter, kCircleciAdapter,
                                     kMintAdapter,          kGitlabAdapter,    kGenericOidcAdapter};
  return adapters;
}

const Adapter* detect_ci(const Env& env) {
  const Adapter* first_detected = nullptr;
  for (const auto& adapter : all_adapters()) {
    if (!adapter.detect(env)) continue;
    if (!adapter.credential(env).empty()) return &adapter;
    if (!first_detected) first_detected = &adapter;
  }
  return first_detected;
}

Result<Secret> jwt_from_answer(const HttpResponse& response, const std::string& field, const std::string& step) {
  auto members = json_answer(response, step);
  if (!members) return members.error();
  std::string token = members.value()[field];
  if (!is_valid_token(token) || !looks_like_jwt(token)) return Error{step, "the answer holds no valid token", ""};
  Secret jwt(std::move(token));
  log::debug("{}: got OIDC token {}", step, jwt);
  return jwt;
}

Result<Secret> jwt_from_variable(const Env& env, std::string_view ci_name, std::string_view variable) {
  std::string value(trim(env.value(std::string(variable))));
  if (!is_valid_token(value) || !looks_like_jwt(value))
    return Error{std::string(ci_name) + ": reading the OIDC token", std::string(variable) + " does not hold a JWT",
                 "set it to the CI's OIDC token (a JWT)"};
  return Secret(std::move(value));
}

}  // namespace depot
