// CircleCI: the OIDC token is already in the job's environment
// (CIRCLE_OIDC_TOKEN_V2, else CIRCLE_OIDC_TOKEN); its audience is fixed.
#pragma once

#include "adapters/adapter.h"

namespace depot {

extern const Adapter kCircleciAdapter;

}  // namespace depot
