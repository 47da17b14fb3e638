// `docker-credential-depot token [--kind pull|access] [--github-env]`: a
// Depot token for other tools, from the same sources `get` uses.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "helper/config.h"

namespace depot {

int run_token_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const Env& env);

}  // namespace depot
