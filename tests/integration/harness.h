// Runs the built binaries as subprocesses: the helper exactly as docker does
// (argv action, stdin, a clean environment), and one sandbox per test process.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace testing {

using EnvMap = std::map<std::string, std::string>;

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
  double seconds = 0;
};

// Runs `program args...` with exactly `env` (no inherited variables), feeding
// `input` on stdin. Killed after `timeout_seconds` (then exit_code is -1).
RunResult run_process(const std::string& program, const std::vector<std::string>& args, const EnvMap& env,
                      const std::string& input, double timeout_seconds = 90, const std::string& cwd = "");

// The helper with `action`; also asserts (Catch2) that nothing secret reached
// stderr or, outside the protocol answer, stdout.
RunResult run_helper(const std::string& action, const EnvMap& env, const std::string& input,
                     const std::string& cwd = "");

// Values that must never be printed; run_helper checks against them.
void remember_secret(const std::string& value);
void check_no_secret_in(const std::string& text, const std::string& where);

class Sandbox {
 public:
  static Sandbox& get();  // started on first use, stopped at exit
  ~Sandbox();

  std::string state_dir;
  std::string url;
  std::string ca_file;
  std::string project_id;
  std::string project_token;

  // One admin request; the response body. Fails the test on a non-2xx answer.
  std::string ctl(const std::string& method, const std::string& path, const std::string& body = "");
  void reset();
  // Creates a GitHub Actions job for `repository` and returns the runner
  // variables of a job that may request an OIDC token.
  EnvMap github_job(const std::string& repository);
  // Any admin route that answers a job's environment as a JSON object of
  // strings (jobs/buildkite, tokens/circleci, tokens/mint, tokens/gitlab):
  // base_env() + DEPOT_PROJECT_ID + those variables.
  EnvMap ci_job(const std::string& admin_path, const std::string& body);
  // A value from the sandbox's env file (SANDBOX_BUILDKITE_ORGANIZATION, ...).
  std::string setting(const std::string& name) const;

  // Request log entries (route names) since the last reset.
  std::vector<std::string> routes_called();
  void fault(const std::string& route, const std::string& json_fields, int count);

  // A base environment for the helper pointing at this sandbox: HOME, API URL, CA.
  EnvMap base_env() const;

 private:
  Sandbox();
  int pid_ = 0;
  std::map<std::string, std::string> settings_;
};

std::string make_temp_dir(const std::string& prefix);
std::string json_string_field(const std::string& json, const std::string& field);

}  // namespace testing
