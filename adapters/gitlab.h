// GitLab CI: an `id_tokens:` entry with aud https://depot.dev, exported as
// DEPOT_OIDC_TOKEN.
#pragma once

#include "adapters/adapter.h"

namespace depot {

extern const Adapter kGitlabAdapter;

}  // namespace depot
