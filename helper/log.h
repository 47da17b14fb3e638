// Opt-in diagnostics (DEPOT_HELPER_DEBUG=1) on stderr. Silent by default,
// because docker shows the helper's stderr raw on the user's terminal.
// A Secret passed here prints as its fingerprint (see secret.h).
#pragma once

#include <fmt/format.h>

#include <string_view>

namespace depot::log {

void enable(bool on);
bool enabled();
void write_line(std::string_view line);

template <typename... Args>
void debug(fmt::format_string<Args...> format, Args&&... args) {
  if (enabled()) write_line(fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace depot::log
