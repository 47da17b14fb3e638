// Depot's GitHub Actions access-token exchange (github.depot.dev): a GitHub
// OIDC token in, a temporary project-scoped Depot token out.
#pragma once

#include <httplib.h>

#include "state.hpp"

namespace sandbox {

// Registers POST /github-exchange/auth/oidc/github-actions.
void add_exchange_routes(httplib::Server &svr, Sandbox &sbx);

} // namespace sandbox
