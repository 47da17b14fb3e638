// Buildkite: the agent API issues the OIDC token for the running job,
// authorized by the job's agent access token.
#pragma once

#include "adapters/adapter.h"

namespace depot {

extern const Adapter kBuildkiteAdapter;

}  // namespace depot
