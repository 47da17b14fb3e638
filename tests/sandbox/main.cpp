// depot-sandbox: command line, daemonizing and readiness signalling.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include <fmt/core.h>

#include "ctl.hpp"

#include <algorithm>
#include "server.hpp"

namespace {

constexpr const char *kUsage =
    "usage: depot-sandbox serve --state DIR [--config FILE] [--daemon]\n"
    "       depot-sandbox ctl --state DIR [--env] METHOD PATH [BODY]\n";

int usage() {
  std::fputs(kUsage, stderr);
  return 2;
}

void write_all(int fd, const std::string &s) {
  std::size_t done = 0;
  while (done < s.size()) {
    ssize_t n = ::write(fd, s.data() + done, s.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<std::size_t>(n);
  }
}

// Child side of --daemon: detached, stdio away from the caller's pipes
// (stderr to DIR/sandbox.log), readiness or the failure reason on ready_fd.
int daemon_child(const sandbox::ServeOptions &opts, int ready_fd) {
  ::setsid();
  // Drop every descriptor inherited from the caller (a test harness's pipes
  // must not stay open for the daemon's lifetime), except the readiness pipe.
  if (ready_fd > 3) ::close_range(3, static_cast<unsigned>(ready_fd) - 1, 0);
  ::close_range(static_cast<unsigned>(ready_fd) + 1, ~0U, 0);
  int null_fd = ::open("/dev/null", O_RDWR);
  int log_fd = ::open((opts.state_dir + "/sandbox.log").c_str(),
                      O_WRONLY | O_CREAT | O_APPEND, 0644);
  ::dup2(null_fd, 0);
  ::dup2(null_fd, 1);
  ::dup2(log_fd >= 0 ? log_fd : null_fd, 2);
  if (null_fd > 2) ::close(null_fd);
  if (log_fd > 2) ::close(log_fd);
  try {
    return sandbox::serve(opts, [ready_fd](const std::string &url) {
      write_all(ready_fd, "ok " + url + "\n");
      ::close(ready_fd);
    });
  } catch (const std::exception &e) {
    fmt::print(stderr, "depot-sandbox: {}\n", e.what());
    write_all(ready_fd, std::string("error ") + e.what() + "\n");
    return 1;
  }
}

// Parent side: waits for the child's word, never for a fixed time.
int daemonize(const sandbox::ServeOptions &opts) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    fmt::print(stderr, "depot-sandbox: pipe: {}\n", std::strerror(errno));
    return 1;
  }
  pid_t pid = ::fork();
  if (pid < 0) {
    fmt::print(stderr, "depot-sandbox: fork: {}\n", std::strerror(errno));
    return 1;
  }
  if (pid == 0) {
    ::close(fds[0]);
    std::_Exit(daemon_child(opts, fds[1]));
  }
  ::close(fds[1]);
  std::string msg;
  char buf[512];
  for (;;) {
    ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    msg.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fds[0]);
  if (msg.rfind("ok ", 0) == 0) return 0;
  if (msg.rfind("error ", 0) == 0)
    fmt::print(stderr, "depot-sandbox: {}", msg.substr(6));
  else
    fmt::print(stderr, "depot-sandbox: the server exited before it was ready\n");
  return 1;
}

int cmd_serve(const std::vector<std::string> &args) {
  sandbox::ServeOptions opts;
  bool daemon = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--daemon") daemon = true;
    else if (args[i] == "--state" && i + 1 < args.size()) opts.state_dir = args[++i];
    else if (args[i] == "--config" && i + 1 < args.size()) opts.config_file = args[++i];
    else return usage();
  }
  if (opts.state_dir.empty()) return usage();
  std::error_code ec;
  std::filesystem::create_directories(opts.state_dir, ec);
  opts.state_dir = std::filesystem::absolute(opts.state_dir, ec).string();
  if (opts.config_file)
    opts.config_file = std::filesystem::absolute(*opts.config_file, ec).string();
  if (daemon) return daemonize(opts);
  try {
    return sandbox::serve(opts, [](const std::string &url) {
      fmt::print("ready {}\n", url);
      std::fflush(stdout);
    });
  } catch (const std::exception &e) {
    fmt::print(stderr, "depot-sandbox: {}\n", e.what());
    return 1;
  }
}

int cmd_ctl(std::vector<std::string> args) {
  bool as_env = false;
  if (auto it = std::find(args.begin(), args.end(), "--env"); it != args.end()) {
    as_env = true;
    args.erase(it);
  }
  if (args.size() < 4 || args.size() > 5 || args[0] != "--state") return usage();
  return sandbox::run_ctl(args[1], args[2], args[3],
                          args.size() == 5 ? args[4] : std::string(), as_env);
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 2) return usage();
  std::string cmd = argv[1];
  std::vector<std::string> args(argv + 2, argv + argc);
  if (cmd == "serve") return cmd_serve(args);
  if (cmd == "ctl") return cmd_ctl(args);
  return usage();
}
