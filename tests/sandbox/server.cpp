#include "server.hpp"

#include <atomic>
#include <cctype>
#include <chrono>
#include <csignal>
#include <stdexcept>
#include <thread>

#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/core.h>
#include <httplib.h>
#include <openssl/ssl.h>

#include "admin.hpp"
#include "depot_service.hpp"
#include "github_service.hpp"
#include "route_guard.hpp"
#include "tls_material.hpp"
#include "util.hpp"

namespace sandbox {

namespace {

// Exposes the listening socket, which httplib keeps protected.
class SandboxServer : public httplib::SSLServer {
public:
  using httplib::SSLServer::SSLServer;
  int listen_fd() const { return svr_sock_; }
};

// Request threads: enough for a test firing 64 helpers at once while
// idle keep-alive connections still hold theirs.
constexpr std::size_t kThreads = 96;

std::string shell_value(const std::string &v) {
  bool plain = true; // an empty value stays bare: KEY=
  for (unsigned char c : v)
    plain = plain && (std::isalnum(c) || std::string_view("_./:@%+=,-").find(
                                             static_cast<char>(c)) !=
                                             std::string_view::npos);
  if (plain) return v;
  std::string out = "'";
  for (char c : v) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string env_file(const Sandbox &sbx, const std::string &ca_path) {
  const Project &first = sbx.config.projects.front();
  std::string repo;
  for (const auto &p : sbx.config.projects)
    for (const auto &t : p.trust)
      if (repo.empty() && t.provider == "github")
        repo = t.owner + "/" + t.repository;
  std::string out;
  auto line = [&out](const char *k, const std::string &v) {
    out += fmt::format("{}={}\n", k, shell_value(v));
  };
  line("SANDBOX_URL", sbx.base_url);
  line("DEPOT_API_URL", sbx.base_url);
  line("SANDBOX_CA", ca_path);
  line("SANDBOX_PROJECT_ID", first.id);
  line("SANDBOX_PROJECT_TOKEN", first.tokens.empty() ? "" : first.tokens.front());
  line("SANDBOX_GITHUB_REPOSITORY", repo);
  return out;
}

void add_routes(httplib::Server &svr, Sandbox &sbx) {
  add_admin_routes(svr, sbx);
  add_github_routes(svr, sbx);
  add_depot_routes(svr, sbx);
  svr.Get("/healthz", [](const httplib::Request &, httplib::Response &res) {
    res.set_content("ok", "text/plain");
  });
  // Anything else is a 404, logged so a test sees a wrong URL in the log.
  auto unknown = guarded(sbx, "unknown",
                         [](const httplib::Request &, httplib::Response &res)
                             -> std::optional<std::string> {
                           res.status = 404;
                           res.set_content("{\"message\":\"Not Found\"}",
                                           "application/json");
                           return "no such route";
                         });
  auto fallback = [unknown](const httplib::Request &req,
                            httplib::Response &res) {
    if (req.path.rfind("/admin/", 0) == 0) {
      res.status = 404;
      res.set_content("{\"error\":\"no such admin route\"}", "application/json");
      return;
    }
    unknown(req, res);
  };
  svr.Get(".*", fallback);
  svr.Post(".*", fallback);
  svr.Put(".*", fallback);
  svr.Patch(".*", fallback);
  svr.Delete(".*", fallback);
}

} // namespace

int serve(const ServeOptions &opts,
          const std::function<void(const std::string &url)> &on_ready) {
  // Signals are taken by one sigwait thread; every other thread (including
  // httplib's pool, which inherits this mask) has them blocked.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN); // writes to reset connections

  Sandbox sbx;
  sbx.config = opts.config_file ? parse_config(read_file(*opts.config_file))
                                : default_config();
  TlsMaterial tls = make_tls_material();
  sbx.github_key = make_jwt_key();

  SandboxServer svr([&tls](SSL_CTX &ctx) {
    return SSL_CTX_set_min_proto_version(&ctx, TLS1_2_VERSION) == 1 &&
           SSL_CTX_use_certificate(&ctx, tls.server_cert.get()) == 1 &&
           SSL_CTX_use_PrivateKey(&ctx, tls.server_key.get()) == 1 &&
           SSL_CTX_check_private_key(&ctx) == 1;
  });
  if (!svr.is_valid()) throw_openssl("TLS server setup");
  svr.new_task_queue = [] { return new httplib::ThreadPool(kThreads); };
  // Idle keep-alive connections hold a thread and delay stop(); keep it short.
  svr.set_keep_alive_timeout(2);
  add_routes(svr, sbx);

  int port = svr.bind_to_any_port("127.0.0.1");
  if (port <= 0) throw std::runtime_error("cannot bind 127.0.0.1");
  // httplib listens with a backlog of 5; parallel tests need more.
  ::listen(svr.listen_fd(), SOMAXCONN);
  sbx.base_url = fmt::format("https://127.0.0.1:{}", port);

  const std::string dir = opts.state_dir;
  write_file_atomic(dir + "/ca.pem", cert_pem(tls.ca_cert.get()));
  write_file_atomic(dir + "/env", env_file(sbx, dir + "/ca.pem"));
  const std::string pid = std::to_string(::getpid()) + "\n";
  write_file_atomic(dir + "/pid", pid);

  std::atomic<bool> got_signal{false}, done{false};
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    got_signal = true;
    // stop() is a no-op until listen_after_bind() runs: keep asking.
    while (!done) {
      if (svr.is_running()) svr.stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  on_ready(sbx.base_url);
  bool ok = svr.listen_after_bind();
  done = true;
  if (!got_signal) pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();

  try {
    if (read_file(dir + "/pid") == pid) ::unlink((dir + "/pid").c_str());
  } catch (const std::exception &) {
  }
  return ok ? 0 : 1;
}

} // namespace sandbox
