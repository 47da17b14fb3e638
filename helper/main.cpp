// argv → action. Nothing else lives here.
#include <iostream>

#include "helper/config.h"
#include "helper/protocol.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  if (argc < 2) {
    std::cout << depot::usage_text();
    return 1;
  }
  int code = depot::run_action(argv[1], std::cin, std::cout, depot::Env::from_process());
  std::cout.flush();
  return code;
}
