// The token service of a Docker distribution registry in token-auth mode:
// Basic x-token:<Depot token> in, a registry bearer token out.
#pragma once

#include <string>

#include <httplib.h>

#include "state.hpp"

namespace sandbox {

// Registers GET (and OAuth2 POST) /registry/token.
void add_registry_routes(httplib::Server &svr, Sandbox &sbx);

// The distribution error code paired with an HTTP status (UNAUTHORIZED, ...).
const char *registry_error_code(int status);

// {"errors":[{"code","message","detail":null}]}
std::string registry_error_body(int status, const std::string &message);

inline constexpr std::int64_t kRegistryTokenLifetime = 300;

} // namespace sandbox
