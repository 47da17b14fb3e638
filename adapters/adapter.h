// One adapter per CI. An adapter knows how its CI is detected and how to get
// an OIDC token for an audience from it; it knows nothing of Depot or Docker.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "helper/config.h"
#include "helper/http.h"
#include "helper/result.h"
#include "helper/secret.h"

namespace depot {

struct Adapter {
  std::string_view id;    // stable, for the User-Agent and logs: "github-actions"
  std::string_view name;  // for people: "GitHub Actions"
  // The CI's own marker variable(s), e.g. GITHUB_ACTIONS=true. Strict values.
  bool (*detect)(const Env& env);
  // The value that authorizes getting a token here (a request token, an agent
  // token, or the OIDC token itself); "" when this job lacks it. It decides
  // between several detected CIs and keys the cache; it is never printed.
  std::string (*credential)(const Env& env);
  // The CI's OIDC token for `audience`, or an Error that names the CI, the step and the fix.
  Result<Secret> (*fetch)(const Env& env, HttpClient& http, std::string_view audience);
  // The variables this adapter reads, for `doctor` (names only).
  std::span<const std::string_view> variables;
};

// Every adapter, in detection order.
std::span<const Adapter> all_adapters();
// Among the adapters whose detect() holds, the first whose credential is
// present; else the first detected (its fetch() explains what is missing);
// nullptr outside any known CI.
const Adapter* detect_ci(const Env& env);

// Shared by adapters whose token service answers JSON: the JWT in `field`.
Result<Secret> jwt_from_answer(const HttpResponse& response, const std::string& field, const std::string& step);

// Shared by adapters whose token is delivered in an environment variable.
Result<Secret> jwt_from_variable(const Env& env, std::string_view ci_name, std::string_view variable);

}  // namespace depot
