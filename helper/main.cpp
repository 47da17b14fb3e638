// argv → command. Nothing else lives here.
#include <iostream>
#include <string>
#include <vector>

#include "helper/config.h"
#include "helper/docker_config.h"
#include "helper/doctor.h"
#include "helper/protocol.h"
#include "helper/token_command.h"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  if (argc < 2) {
    std::cout << depot::usage_text();
    return 1;
  }
  const std::string command = argv[1];
  const std::vector<std::string> rest(argv + 2, argv + argc);
  int code = 0;
  if (command == "doctor")
    code = depot::run_doctor(std::cout, depot::Env::from_process());
  else if (command == "configure")
    code = depot::run_configure(rest, std::cout, std::cerr, depot::Env::from_process());
  else if (command == "token")
    code = depot::run_token_command(rest, std::cout, std::cerr, depot::Env::from_process());
  else
    code = depot::run_action(command, std::cin, std::cout, depot::Env::from_process());
  std::cout.flush();
  return code;
}
