// `docker-credential-depot doctor`: what was detected and why, which relevant
// variables are present (names only), whether a token can be had right now,
// and a fix for each problem. Exit 0 when `get` would succeed, 1 otherwise.
#pragma once

#include <ostream>

#include "helper/config.h"

namespace depot {

int run_doctor(std::ostream& out, const Env& env);

}  // namespace depot
