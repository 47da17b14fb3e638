#include "helper/log.h"

#include <cstdio>
#include <string>

namespace depot::log {

namespace {
bool g_enabled = false;
}

void enable(bool on) { g_enabled = on; }
bool enabled() { return g_enabled; }

void write_line(std::string_view line) {
  std::string out = "docker-credential-depot: ";
  out.append(line);
  out.push_back('\n');
  std::fwrite(out.data(), 1, out.size(), stderr);
}

}  // namespace depot::log
