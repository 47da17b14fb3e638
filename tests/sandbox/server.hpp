// Builds the HTTPS server, writes the state directory and runs until a signal.
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace sandbox {

struct ServeOptions {
  std::string state_dir;                  // absolute
  std::optional<std::string> config_file; // JSON; built-in default otherwise
};

// Sets everything up, calls on_ready(url) once the socket listens and every
// state file is in place, then serves until SIGTERM or SIGINT. Throws
// std::runtime_error when setup fails (before on_ready). Returns the exit code.
int serve(const ServeOptions &opts,
          const std::function<void(const std::string &url)> &on_ready);

} // namespace sandbox
