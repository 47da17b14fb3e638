// Mint by RWX: a vault OIDC token mapped into DEPOT_OIDC_TOKEN by the task
// definition (DEPOT_TOKEN holding a JWT is handled by the resolver).
#pragma once

#include "adapters/adapter.h"

namespace depot {

extern const Adapter kMintAdapter;

}  // namespace depot
