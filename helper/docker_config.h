// `docker-credential-depot configure`: maps Depot's registries to this helper
// in Docker's config.json, keeping every other key, written atomically.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "helper/config.h"
#include "helper/result.h"

namespace depot {

struct ConfigureOptions {
  std::string config_dir;               // --config DIR, else $DOCKER_CONFIG, else ~/.docker
  std::vector<std::string> registries;  // --registry HOST (repeatable), plus DEPOT_HELPER_REGISTRIES
  bool uninstall = false;
};

// The new config.json text for `existing` (empty: no file yet), or an Error
// when `existing` is not a JSON object. Pure, for tests and fuzzing.
Result<std::string> edit_docker_config(const std::string& existing, const std::vector<std::string>& hosts,
                                       bool uninstall);

int run_configure(const std::vector<std::string>& args, std::ostream& out, std::ostream& err, const Env& env);

}  // namespace depot
