// `depot-sandbox ctl`: one request to a running sandbox's admin API.
#pragma once

#include <string>

namespace sandbox {

// Prints the response body on stdout; returns 0 on 2xx, 1 otherwise.
int run_ctl(const std::string &state_dir, const std::string &method,
            const std::string &path, const std::string &body, bool as_env = false);

// The value of KEY in a state directory's env file (quotes removed).
std::string env_value(const std::string &env_text, const std::string &key);

} // namespace sandbox
