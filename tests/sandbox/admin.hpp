// The admin API tests use to set the scene: jobs, faults, the request log.
#pragma once

#include <httplib.h>

#include "state.hpp"

namespace sandbox {

// Registers every /admin/... route (never logged, never faulted).
void add_admin_routes(httplib::Server &svr, Sandbox &sbx);

} // namespace sandbox
