// Any other CI: an OIDC token for audience https://depot.dev in DEPOT_OIDC_TOKEN.
#pragma once

#include "adapters/adapter.h"

namespace depot {

extern const Adapter kGenericOidcAdapter;

}  // namespace depot
