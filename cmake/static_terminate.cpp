// Release-static only: replaces libstdc++'s verbose terminate handler, whose
// demangler (cp-demangle.o, ~45 KiB) is the one thing that pulls it in. Same
// behaviour minus demangling: one line on stderr naming what() (never a token:
// the helper's exceptions carry no secrets), then abort(). An uncaught
// exception is a bug either way; this only keeps the binary small.
#include <cstdio>
#include <cstdlib>
#include <exception>

namespace __gnu_cxx {
void __verbose_terminate_handler() {
  static bool again = false;
  if (!again) {
    again = true;
    if (std::exception_ptr current = std::current_exception()) {
      try {
        std::rethrow_exception(current);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "docker-credential-depot: terminate called after throwing an exception: %s\n", e.what());
      } catch (...) {
        std::fputs("docker-credential-depot: terminate called after throwing a non-standard exception\n", stderr);
      }
    } else {
      std::fputs("docker-credential-depot: terminate called without an active exception\n", stderr);
    }
  }
  std::abort();
}
}  // namespace __gnu_cxx
