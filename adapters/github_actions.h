// GitHub Actions: the OIDC token comes from the runner's token service at
// ACTIONS_ID_TOKEN_REQUEST_URL, authorized by ACTIONS_ID_TOKEN_REQUEST_TOKEN.
#pragma once

#include "adapters/adapter.h"

namespace depot {

extern const Adapter kGithubActionsAdapter;

}  // namespace depot
