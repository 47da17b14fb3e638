// Depot's BuildService.GetPullToken over Connect (JSON and binary proto).
#pragma once

#include <string>

#include <httplib.h>

#include "state.hpp"

namespace sandbox {

// Registers POST /depot.cli.v1.BuildService/GetPullToken.
void add_depot_routes(httplib::Server &svr, Sandbox &sbx);

// The Connect error code Depot pairs with an HTTP status.
const char *connect_code(int status);

} // namespace sandbox
