#!/usr/bin/env bats
# The plugin's environment hook under simulated Buildkite variables, against
# the sandbox's agent API.
load helpers

setup_file() { start_sandbox; }
teardown_file() { stop_sandbox; }

setup() {
  ROOT="$BATS_TEST_DIRNAME/../.."
  mkdir -p "$BATS_TEST_TMPDIR/home"
  {
    base_job_env
    job_env /admin/jobs/buildkite "{\"organization\":\"$(sandbox_setting SANDBOX_BUILDKITE_ORGANIZATION)\",\"pipeline\":\"$(sandbox_setting SANDBOX_BUILDKITE_PIPELINE)\"}"
    echo "BUILDKITE_BUILD_CHECKOUT_PATH=$BATS_TEST_TMPDIR/checkout"
    echo "BUILDKITE_PLUGIN_DOCKER_CREDENTIAL_DEPOT_PROJECT=$(sandbox_setting SANDBOX_PROJECT_ID)"
    echo "BUILDKITE_PLUGIN_DOCKER_CREDENTIAL_DEPOT_REGISTRIES_0=localhost:5000"
    echo "BUILDKITE_PLUGIN_DOCKER_CREDENTIAL_DEPOT_REGISTRIES_1=mirror.example.com"
  } >"$BATS_TEST_TMPDIR/job.env"
}

# The agent sources the hook, then runs the command in that environment.
hook_then() {
  run_with_env_file "$BATS_TEST_TMPDIR/job.env" bash -c "source $(printf '%q' "$ROOT/hooks/environment") && $1"
}

@test "the hook installs, configures docker with the listed registries, and get works in the command" {
  run hook_then 'printf registry.depot.dev | docker-credential-depot get'
  echo "$output"
  [ "$status" -eq 0 ]
  [[ "$output" == *'"Secret":"depot_pull_'* ]]
  for host in registry.depot.dev localhost:5000 mirror.example.com; do
    grep -q "\"$host\": \"depot\"" "$BATS_TEST_TMPDIR/home/.docker/config.json"
  done
  [ -x "$BATS_TEST_TMPDIR/checkout/.buildkite-depot/bin/docker-credential-depot" ]
}

@test "export-token gives the command a DEPOT_TOKEN, unprinted" {
  echo "BUILDKITE_PLUGIN_DOCKER_CREDENTIAL_DEPOT_EXPORT_TOKEN=true" >>"$BATS_TEST_TMPDIR/job.env"
  # shellcheck disable=SC2016 # expanded by the step's shell
  run hook_then 'case "$DEPOT_TOKEN" in depot_pull_*) echo has-token ;; esac'
  [ "$status" -eq 0 ]
  [[ "$output" == *has-token* ]]
  [[ "$output" != *depot_pull_* ]]
}

@test "a container step without the agent token fails the hook with the variable to pass" {
  grep -v BUILDKITE_AGENT_ACCESS_TOKEN "$BATS_TEST_TMPDIR/job.env" >"$BATS_TEST_TMPDIR/x" && mv "$BATS_TEST_TMPDIR/x" "$BATS_TEST_TMPDIR/job.env"
  echo "BUILDKITE_PLUGIN_DOCKER_CREDENTIAL_DEPOT_EXPORT_TOKEN=true" >>"$BATS_TEST_TMPDIR/job.env"
  run hook_then 'true'
  [ "$status" -ne 0 ]
  [[ "$output" == *BUILDKITE_AGENT_ACCESS_TOKEN* ]]
}

@test "plugin.yml declares exactly the options the hook reads" {
  declared=$(/usr/bin/python3 -c '
import sys, yaml
plugin = yaml.safe_load(open(sys.argv[1]))
assert plugin["configuration"]["additionalProperties"] is False
print("\n".join(sorted(plugin["configuration"]["properties"])))' "$ROOT/plugin.yml")
  read_by_hook=$(grep -oE 'depot_option [A-Z_]+' "$ROOT/hooks/environment" | awk '{print $2}' | sed 's/_\$.*//; s/_$//' | sort -u | tr 'A-Z_' 'a-z-')
  [ -n "$declared" ]
  [ "$declared" = "$read_by_hook" ]
}
