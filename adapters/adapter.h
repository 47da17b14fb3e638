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
  bool (*detect)(const Env& env);
  // The CI's OIDC token for `audience`, or an Error that names the CI, the step and the fix.
  Result<Secret> (*fetch)(const Env& env, HttpClient& http, std::string_view audience);
};

// Every adapter, in detection order.
std::span<const Adapter> all_adapters();
// The first adapter whose detect() holds, or nullptr outside any known CI.
const Adapter* detect_ci(const Env& env);

}  // namespace depot
