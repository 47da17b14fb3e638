#!/usr/bin/env bats
# action.yml's step script under a simulated GitHub Actions runner.
bats_require_minimum_version 1.5.0
load helpers

setup_file() { start_sandbox; }
teardown_file() { stop_sandbox; }

setup() {
  ROOT="$BATS_TEST_DIRNAME/../.."
  RUNNER="$BATS_TEST_TMPDIR/runner"
  mkdir -p "$RUNNER/temp" "$BATS_TEST_TMPDIR/home"
  : >"$RUNNER/env"; : >"$RUNNER/path"; : >"$RUNNER/output"
  local repo
  repo=$(sandbox_setting SANDBOX_GITHUB_REPOSITORY)
  {
    base_job_env
    job_env /admin/jobs/github "{\"repository\":\"$repo\"}"
    echo "RUNNER_TEMP=$RUNNER/temp"
    echo "GITHUB_ENV=$RUNNER/env"
    echo "GITHUB_PATH=$RUNNER/path"
    echo "GITHUB_OUTPUT=$RUNNER/output"
    echo "INPUT_VERSION=latest"
    echo "INPUT_PROJECT=$(sandbox_setting SANDBOX_PROJECT_ID)"
    echo "INPUT_REGISTRIES=localhost:5000"
    echo "INPUT_CONFIGURE_DOCKER=true"
  } >"$BATS_TEST_TMPDIR/job.env"
}

# The next step's environment, as the runner would build it from the files.
next_step_env() {
  grep -v '^PATH=' "$BATS_TEST_TMPDIR/job.env" | grep -v '^INPUT_'
  cat "$RUNNER/env"
  echo "PATH=$(paste -sd: "$RUNNER/path"):/usr/bin:/bin"
}

@test "installs, configures docker, puts the helper on PATH and sets outputs" {
  echo "INPUT_EXPORT_TOKEN=false" >>"$BATS_TEST_TMPDIR/job.env"
  run run_with_env_file "$BATS_TEST_TMPDIR/job.env" "$ROOT/scripts/ci/github-action.sh"
  echo "$output"
  [ "$status" -eq 0 ]
  grep -qx "$RUNNER/temp/docker-credential-depot/bin" "$RUNNER/path"
  grep -qx "DEPOT_PROJECT_ID=$(sandbox_setting SANDBOX_PROJECT_ID)" "$RUNNER/env"
  grep -qx "DEPOT_HELPER_REGISTRIES=localhost:5000" "$RUNNER/env"
  run ! grep -q DEPOT_TOKEN "$RUNNER/env"
  grep -qx "version=0.1.0" "$RUNNER/output"
  grep -qx "path=$RUNNER/temp/docker-credential-depot/bin/docker-credential-depot" "$RUNNER/output"
  grep -q '"registry.depot.dev": "depot"' "$BATS_TEST_TMPDIR/home/.docker/config.json"
  grep -q '"localhost:5000": "depot"' "$BATS_TEST_TMPDIR/home/.docker/config.json"

  # A later step: docker would now get a pull token from the helper.
  next_step_env >"$BATS_TEST_TMPDIR/next.env"
  run bash -c "printf registry.depot.dev | $(printf '%q' "$ROOT/tests/shell/run_env.sh") $BATS_TEST_TMPDIR/next.env docker-credential-depot get"
  [ "$status" -eq 0 ]
  [[ "$output" == '{"ServerURL":"registry.depot.dev","Username":"x-token","Secret":"depot_pull_'* ]]
}

@test "export-token: ::add-mask:: comes before the token anywhere, and later steps get DEPOT_TOKEN" {
  echo "INPUT_EXPORT_TOKEN=true" >>"$BATS_TEST_TMPDIR/job.env"
  run run_with_env_file "$BATS_TEST_TMPDIR/job.env" "$ROOT/scripts/ci/github-action.sh"
  [ "$status" -eq 0 ]
  token=$(sed -n 's/^DEPOT_TOKEN=//p' "$RUNNER/env")
  [[ "$token" == depot_pull_* ]]
  # The first line of the step's output that holds the token is its mask command.
  first=$(grep -n -F "$token" <<<"$output" | head -1)
  [[ "$first" == *":::add-mask::$token" ]]
  [ "$(grep -c -F "$token" <<<"$output")" -eq 1 ]
}

@test "a job without id-token permission fails the step with the fix" {
  grep -v ACTIONS_ID_TOKEN "$BATS_TEST_TMPDIR/job.env" >"$BATS_TEST_TMPDIR/no-oidc.env"
  echo "GITHUB_ACTIONS=true" >>"$BATS_TEST_TMPDIR/no-oidc.env"
  echo "INPUT_EXPORT_TOKEN=true" >>"$BATS_TEST_TMPDIR/no-oidc.env"
  run run_with_env_file "$BATS_TEST_TMPDIR/no-oidc.env" "$ROOT/scripts/ci/github-action.sh"
  [ "$status" -ne 0 ]
  [[ "$output" == *"permissions: id-token: write"* ]]
}

@test "every input in action.yml is wired to the script, and the script reads no undeclared input" {
  # shellcheck disable=SC2016 # a Python program
  declared=$(/usr/bin/python3 -c '
import sys, yaml
action = yaml.safe_load(open(sys.argv[1]))
print("\n".join(sorted(action["inputs"])))
env = action["runs"]["steps"][0]["env"]
for name in action["inputs"]:
    var = "INPUT_" + name.upper().replace("-", "_")
    assert env.get(var) == "${{ inputs.%s }}" % name, var
assert len(env) == len(action["inputs"])
' "$ROOT/action.yml")
  for name in $declared; do
    var="INPUT_$(tr 'a-z-' 'A-Z_' <<<"$name")"
    grep -q "\${$var" "$ROOT/scripts/ci/github-action.sh"
  done
  used=$(grep -oE 'INPUT_[A-Z][A-Z_]*' "$ROOT/scripts/ci/github-action.sh" | sort -u)
  for var in $used; do
    name=$(tr 'A-Z_' 'a-z-' <<<"${var#INPUT_}")
    grep -qx "$name" <<<"$declared"
  done
}
