#include "adapters/adapter.h"
#include "adapters/github_actions.h"

namespace depot {

std::span<const Adapter> all_adapters() {
  static const Adapter adapters[] = {kGithubActionsAdapter};
  return adapters;
}

const Adapter* detect_ci(const Env& env) {
  for (const auto& adapter : all_adapters())
    if (adapter.detect(env)) return &adapter;
  return nullptr;
}

}  // namespace depot
