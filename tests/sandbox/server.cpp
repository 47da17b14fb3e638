#include "server.hpp"

#include <atomic>
#include <cctype>
#include <chrono>
#include <csignal>
#include <thread>
#include <sys/stat.h>
#include <unistd.h>
#include <stdexcept>
#include <thread>

#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/core.h>
#include <httplib.h>
#include <openssl/ssl.h>

#include "admin.hpp"
#include "ci_routes.hpp"
#include "depot_service.hpp"
#include "exchange_service.hpp"
#include "github_service.hpp"
#include "registry_service.hpp"
#include "registry_token.hpp"
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

// The trust field of the first relationship of that provider, or "".
std::string trust_value(const Sandbox &sbx, const char *provider,
                        std::string Trust::*field) {
  const Trust *t = first_trust(sbx.config, provider);
  return t ? t->*field : std::string();
}

std::string env_file(const Sandbox &sbx, const std::string &dir) {
  const Project &first = sbx.config.projects.front();
  std::string repo;
  if (const Trust *t = first_trust(sbx.config, "github"))
    repo = t->owner + "/" + t->repository;
  // A Mint subject is mint:<org-uuid>:<vault>.
  std::string mint_org, mint_vault;
  std::string subject = trust_value(sbx, "mint", &Trust::subject);
  auto c1 = subject.find(':'), c2 = subject.rfind(':');
  if (subject.rfind("mint:", 0) == 0 && c2 > c1) {
    mint_org = subject.substr(c1 + 1, c2 - c1 - 1);
    mint_vault = subject.substr(c2 + 1);
  }
  std::string out;
  auto line = [&out](const char *k, const std::string &v) {
    out += fmt::format("{}={}\n", k, shell_value(v));
  };
  line("SANDBOX_URL", sbx.base_url);
  line("DEPOT_API_URL", sbx.base_url);
  line("SANDBOX_WRONG_HOST_URL", sbx.wrong_host_url);
  line("SANDBOX_CA", dir + "/ca.pem");
  line("SANDBOX_PROJECT_ID", first.id);
  line("SANDBOX_PROJECT_TOKEN", first.tokens.empty() ? "" : first.tokens.front());
  line("SANDBOX_GITHUB_REPOSITORY", repo);
  line("SANDBOX_GITHUB_EXCHANGE_URL",
       sbx.base_url + "/github-exchange/auth/oidc/github-actions");
  line("SANDBOX_CIRCLECI_ORG_ID", trust_value(sbx, "circleci", &Trust::org_id));
  line("SANDBOX_CIRCLECI_PROJECT_ID",
       trust_value(sbx, "circleci", &Trust::project_id));
  line("SANDBOX_BUILDKITE_ORGANIZATION",
       trust_value(sbx, "buildkite", &Trust::organization));
  line("SANDBOX_BUILDKITE_PIPELINE",
       trust_value(sbx, "buildkite", &Trust::pipeline));
  line("SANDBOX_MINT_ORG_ID", mint_org);
  line("SANDBOX_MINT_VAULT", mint_vault);
  line("SANDBOX_GITLAB_PROJECT_PATH",
       trust_value(sbx, "gitlab", &Trust::project_path));
  line("SANDBOX_REGISTRY_REALM", sbx.base_url + "/registry/token");
  line("SANDBOX_REGISTRY_ISSUER", sbx.registry.issuer);
  line("SANDBOX_REGISTRY_TOKEN_CERT", dir + "/registry-token.pem");
  line("SANDBOX_REGISTRY_TLS_CERT", dir + "/registry-tls.crt");
  line("SANDBOX_REGISTRY_TLS_KEY", dir + "/registry-tls.key");
  return out;
}

void add_routes(httplib::Server &svr, Sandbox &sbx) {
  add_admin_routes(svr, sbx);
  add_github_routes(svr, sbx);
  add_ci_routes(svr, sbx);
  add_depot_routes(svr, sbx);
  add_exchange_routes(svr, sbx);
  add_registry_routes(svr, sbx);
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
  // One key per issuer: a token signed by another CI's key must not verify.
  for (JwtKey *k : {&sbx.github_key, &sbx.buildkite_key, &sbx.circleci_key,
                    &sbx.mint_key, &sbx.gitlab_key})
    *k = make_jwt_key();
  sbx.registry = make_registry_signer();

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
  // Without it, Nagle's algorithm holds small answers ~40 ms behind the
  // client's delayed ACK: that was most of a cold `get`'s wall time.
  svr.set_tcp_nodelay(true);
  add_routes(svr, sbx);

  SandboxServer wrong_host([&tls](SSL_CTX &ctx) {
    return SSL_CTX_use_certificate(&ctx, tls.wrong_host_cert.get()) == 1 &&
           SSL_CTX_use_PrivateKey(&ctx, tls.wrong_host_key.get()) == 1;
  });
  add_routes(wrong_host, sbx);
  int wrong_host_port = wrong_host.bind_to_any_port("127.0.0.1");
  if (!wrong_host.is_valid() || wrong_host_port <= 0)
    throw std::runtime_error("cannot set up the wrong-host listener");
  sbx.wrong_host_url = fmt::format("https://127.0.0.1:{}", wrong_host_port);
  std::thread wrong_host_thread([&] { wrong_host.listen_after_bind(); });

  int port = svr.bind_to_any_port("127.0.0.1");
  if (port <= 0) throw std::runtime_error("cannot bind 127.0.0.1");
  // httplib listens with a backlog of 5; parallel tests need more.
  ::listen(svr.listen_fd(), SOMAXCONN);
  sbx.base_url = fmt::format("https://127.0.0.1:{}", port);

  const std::string dir = opts.state_dir;
  write_file_atomic(dir + "/ca.pem", cert_pem(tls.ca_cert.get()));
  write_file_atomic(dir + "/registry-token.pem",
                    cert_pem(sbx.registry.cert.get()));
  write_file_atomic(dir + "/registry-tls.crt",
                    cert_pem(tls.registry_cert.get()) +
                        cert_pem(tls.ca_cert.get()));
  write_file_atomic(dir + "/registry-tls.key",
                    private_key_pem(tls.registry_key.get()), 0600);
  write_file_atomic(dir + "/env", env_file(sbx, dir));
  const std::string pid = std::to_string(::getpid()) + "\n";
  write_file_atomic(dir + "/pid", pid);

  std::atomic<bool> got_signal{false}, done{false};
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    got_signal = true;
    // stop() is a no-op until listen_after_bind() runs: keep asking, but
    // never linger: a connection thread that won't finish must not keep an
    // orphaned sandbox alive.
    auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while (!done) {
      if (svr.is_running()) svr.stop();
      if (std::chrono::steady_clock::now() > give_up) _exit(0);
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  // A sandbox outlives its test only by accident (a crashed harness): stop
  // when the state directory is gone or after an hour, whichever comes first.
  std::thread watchdog([&, started = std::chrono::steady_clock::now()] {
    while (!done) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      struct stat st {};
      bool orphaned = ::stat(dir.c_str(), &st) != 0 ||
                      std::chrono::steady_clock::now() - started > std::chrono::hours(1);
      if (orphaned && !done) {
        ::kill(::getpid(), SIGTERM);
        return;
      }
    }
  });

  on_ready(sbx.base_url);
  bool ok = svr.listen_after_bind();
  done = true;
  if (!got_signal) pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  watchdog.join();
  wrong_host.stop();
  wrong_host_thread.join();

  try {
    if (read_file(dir + "/pid") == pid) ::unlink((dir + "/pid").c_str());
  } catch (const std::exception &) {
  }
  return ok ? 0 : 1;
}

} // namespace sandbox
