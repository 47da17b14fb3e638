#include "tests/integration/harness.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rapidjson/document.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace testing {

namespace {

std::set<std::string>& secrets() {
  static std::set<std::string> values;
  return values;
}

std::map<std::string, std::string> read_env_file(const std::string& path) {
  std::map<std::string, std::string> vars;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string value = line.substr(eq + 1);
    if (value.size() >= 2 && (value.front() == '\'' || value.front() == '"')) value = value.substr(1, value.size() - 2);
    vars[line.substr(0, eq)] = value;
  }
  return vars;
}

}  // namespace

std::string make_temp_dir(const std::string& prefix) {
  std::string pattern = "/tmp/" + prefix + "-XXXXXX";
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

std::string json_string_field(const std::string& json, const std::string& field) {
  rapidjson::Document doc;
  doc.Parse(json.c_str());
  if (doc.HasParseError() || !doc.IsObject()) return {};
  const rapidjson::Value& root = doc;  // const iterators keep clang's C++20 operator== rules quiet
  auto it = root.FindMember(field.c_str());
  if (it == root.MemberEnd() || !it->value.IsString()) return {};
  return it->value.GetString();
}

RunResult run_process(const std::string& program, const std::vector<std::string>& args, const EnvMap& env,
                      const std::string& input, double timeout_seconds, const std::string& cwd) {
  int in_pipe[2], out_pipe[2], err_pipe[2];
  // O_CLOEXEC: concurrent runs must not inherit each other's pipes (EOF would wait for them).
  if (pipe2(in_pipe, O_CLOEXEC) || pipe2(out_pipe, O_CLOEXEC) || pipe2(err_pipe, O_CLOEXEC))
    throw std::runtime_error("pipe failed");
  // Everything the child needs is built before fork(): between fork and exec
  // only async-signal-safe calls are allowed (a malloc there can deadlock on a
  // lock another thread held at fork time, as ASan's allocator showed).
  std::vector<std::string> env_strings;
  for (const auto& [k, v] : env) env_strings.push_back(k + "=" + v);
  std::vector<char*> argv{const_cast<char*>(program.c_str())};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    if (!cwd.empty() && chdir(cwd.c_str()) != 0) _exit(126);
    execve(program.c_str(), argv.data(), envp.data());
    _exit(127);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);
  signal(SIGPIPE, SIG_IGN);
  fcntl(in_pipe[1], F_SETFL, O_NONBLOCK);

  RunResult result;
  size_t written = 0;
  int in_fd = in_pipe[1];
  if (input.empty()) {
    close(in_fd);
    in_fd = -1;
  }
  bool out_open = true, err_open = true, killed = false;
  auto deadline = start + std::chrono::milliseconds(static_cast<long>(timeout_seconds * 1000));
  while (out_open || err_open) {
    std::vector<pollfd> fds;
    if (out_open) fds.push_back({out_pipe[0], POLLIN, 0});
    if (err_open) fds.push_back({err_pipe[0], POLLIN, 0});
    if (in_fd >= 0) fds.push_back({in_fd, POLLOUT, 0});
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      kill(pid, SIGKILL);
      killed = true;
      break;
    }
    poll(fds.data(), fds.size(), static_cast<int>(std::min<long long>(left.count(), 1000)));
    for (auto& p : fds) {
      if (!p.revents) continue;
      if (p.fd == in_fd) {
        ssize_t n = write(in_fd, input.data() + written, input.size() - written);
        if (n > 0) written += static_cast<size_t>(n);
        if (n < 0 || written == input.size()) {
          close(in_fd);
          in_fd = -1;
        }
        continue;
      }
      char buf[8192];
      ssize_t n = read(p.fd, buf, sizeof buf);
      std::string& target = p.fd == out_pipe[0] ? result.out : result.err;
      if (n > 0)
        target.append(buf, static_cast<size_t>(n));
      else
        (p.fd == out_pipe[0] ? out_open : err_open) = false;
    }
  }
  if (in_fd >= 0) close(in_fd);
  close(out_pipe[0]);
  close(err_pipe[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.exit_code = killed ? -1 : (WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
  return result;
}

void remember_secret(const std::string& value) {
  if (!value.empty()) secrets().insert(value);
}

void check_no_secret_in(const std::string& text, const std::string& where) {
  for (const auto& secret : secrets()) {
    INFO("a remembered secret appeared in " << where);
    CHECK(text.find(secret) == std::string::npos);
  }
  INFO("a JWT or a pull token appeared in " << where);
  CHECK(text.find("eyJ") == std::string::npos);  // every JWT header starts so
  CHECK(text.find("depot_pull_") == std::string::npos);
}

RunResult run_helper(const std::string& action, const EnvMap& env, const std::string& input, const std::string& cwd) {
  auto result = run_process(HELPER_BINARY, {action}, env, input, 90, cwd);
  check_no_secret_in(result.err, "stderr");
  // stdout may carry the secret only inside the protocol answer's "Secret" field.
  std::string out = result.out;
  auto secret = json_string_field(out, "Secret");
  if (!secret.empty()) {
    CHECK(out == "{\"ServerURL\":\"" + json_string_field(out, "ServerURL") +
                     "\",\"Username\":\"x-token\",\"Secret\":\"" + secret + "\"}\n");
    out.clear();
  }
  check_no_secret_in(out, "stdout");
  return result;
}

Sandbox& Sandbox::get() {
  static Sandbox instance;
  return instance;
}

Sandbox::Sandbox() {
  state_dir = make_temp_dir("depot-sandbox");
  auto started = run_process(SANDBOX_BINARY, {"serve", "--state", state_dir, "--daemon"}, {}, "", 60);
  if (started.exit_code != 0) throw std::runtime_error("depot-sandbox did not start: " + started.err);
  auto vars = read_env_file(state_dir + "/env");
  settings_ = vars;
  url = vars["SANDBOX_URL"];
  ca_file = vars["SANDBOX_CA"];
  project_id = vars["SANDBOX_PROJECT_ID"];
  project_token = vars["SANDBOX_PROJECT_TOKEN"];
  remember_secret(project_token);
  std::ifstream pid_file(state_dir + "/pid");
  pid_file >> pid_;
}

Sandbox::~Sandbox() {
  if (pid_ > 0) kill(pid_, SIGTERM);
  std::string cmd = "rm -rf '" + state_dir + "'";
  if (std::system(cmd.c_str()) != 0) { /* best effort */
  }
}

std::string Sandbox::ctl(const std::string& method, const std::string& path, const std::string& body) {
  std::vector<std::string> args{"ctl", "--state", state_dir, method, path};
  if (!body.empty()) args.push_back(body);
  auto r = run_process(SANDBOX_BINARY, args, {}, "", 30);
  INFO("depot-sandbox ctl " << method << " " << path << ": " << r.err);
  REQUIRE(r.exit_code == 0);
  return r.out;
}

void Sandbox::reset() { ctl("POST", "/admin/reset"); }

EnvMap Sandbox::github_job(const std::string& repository) {
  auto answer = ctl("POST", "/admin/jobs/github", "{\"repository\":\"" + repository + "\"}");
  EnvMap env = base_env();
  env["GITHUB_ACTIONS"] = "true";
  env["ACTIONS_ID_TOKEN_REQUEST_URL"] = json_string_field(answer, "ACTIONS_ID_TOKEN_REQUEST_URL");
  env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"] = json_string_field(answer, "ACTIONS_ID_TOKEN_REQUEST_TOKEN");
  env["DEPOT_PROJECT_ID"] = project_id;
  REQUIRE(!env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"].empty());
  remember_secret(env["ACTIONS_ID_TOKEN_REQUEST_TOKEN"]);
  return env;
}

std::string Sandbox::setting(const std::string& name) const {
  auto it = settings_.find(name);
  return it == settings_.end() ? std::string() : it->second;
}

EnvMap Sandbox::ci_job(const std::string& admin_path, const std::string& body) {
  auto answer = ctl("POST", admin_path, body);
  rapidjson::Document doc;
  doc.Parse(answer.c_str());
  REQUIRE(doc.IsObject());
  EnvMap env = base_env();
  env["DEPOT_PROJECT_ID"] = project_id;
  const rapidjson::Value& root = doc;
  for (const auto& m : root.GetObject()) {
    if (!m.value.IsString()) continue;
    std::string name = m.name.GetString();
    env[name] = m.value.GetString();
    if (name.find("TOKEN") != std::string::npos) remember_secret(env[name]);
  }
  return env;
}

std::vector<std::string> Sandbox::routes_called() {
  auto body = ctl("GET", "/admin/log");
  rapidjson::Document doc;
  doc.Parse(body.c_str());
  std::vector<std::string> routes;
  if (!doc.IsArray()) return routes;
  for (const auto& entry : doc.GetArray())
    if (entry.IsObject() && entry.HasMember("route") && entry["route"].IsString())
      routes.push_back(entry["route"].GetString());
  return routes;
}

void Sandbox::fault(const std::string& route, const std::string& json_fields, int count) {
  ctl("POST", "/admin/faults",
      "{\"route\":\"" + route + "\",\"count\":" + std::to_string(count) + "," + json_fields + "}");
}

EnvMap Sandbox::base_env() const {
  static const std::string home = make_temp_dir("depot-home");
  return {{"HOME", home}, {"PATH", "/usr/bin:/bin"}, {"DEPOT_API_URL", url}, {"SSL_CERT_FILE", ca_file}};
}

}  // namespace testing
