#!/usr/bin/env bats
# The orb: packed into one orb.yml, its structure checked, and its setup
# step run under simulated CircleCI variables against the sandbox.
bats_require_minimum_version 1.5.0
load helpers

setup_file() {
  start_sandbox
  export ORB="$BATS_FILE_TMPDIR/orb.yml"
  /usr/bin/python3 "$BATS_TEST_DIRNAME/../../scripts/pack-orb" "$ORB" >/dev/null
}
teardown_file() { stop_sandbox; }

setup() {
  ROOT="$BATS_TEST_DIRNAME/../.."
  mkdir -p "$BATS_TEST_TMPDIR/home"
  # The setup step's command, exactly as packed.
  /usr/bin/python3 -c '
import sys, yaml
orb = yaml.safe_load(open(sys.argv[1]))
print(orb["commands"]["setup"]["steps"][0]["run"]["command"], end="")
' "$ORB" >"$BATS_TEST_TMPDIR/step.sh"
  {
    base_job_env
    job_env /admin/tokens/circleci "{\"org_id\":\"$(sandbox_setting SANDBOX_CIRCLECI_ORG_ID)\",\"project_id\":\"$(sandbox_setting SANDBOX_CIRCLECI_PROJECT_ID)\"}"
    echo "BASH_ENV=$BATS_TEST_TMPDIR/bash_env"
    echo "DEPOT_HELPER_BIN_DIR=$BATS_TEST_TMPDIR/bin"
    echo "PARAM_VERSION=latest"
    echo "PARAM_PROJECT=$(sandbox_setting SANDBOX_PROJECT_ID)"
    echo "PARAM_REGISTRIES=localhost:5000"
  } >"$BATS_TEST_TMPDIR/job.env"
  : >"$BATS_TEST_TMPDIR/bash_env"
}

@test "the packed orb has the setup command, its parameters, and the scripts verbatim" {
  /usr/bin/python3 - "$ORB" "$ROOT" <<'PY'
import pathlib, sys, yaml
orb = yaml.safe_load(open(sys.argv[1]))
root = pathlib.Path(sys.argv[2])
assert orb["version"] == 2.1
setup = orb["commands"]["setup"]
assert set(setup["parameters"]) == {"version", "project", "registries", "export-token"}
run = setup["steps"][0]["run"]
for name in setup["parameters"]:
    var = "PARAM_" + name.upper().replace("-", "_")
    assert run["environment"][var] == "<< parameters.%s >>" % name, var
source = (root / "orb/src/scripts/setup.sh").read_text()
installer = (root / "scripts/install.sh").read_text()
assert run["command"] == source.replace("#@INSTALL_SH@\n", installer)
assert "pull" in orb["examples"]
PY
}

@test "setup installs, configures docker and exports settings through BASH_ENV" {
  echo "PARAM_EXPORT_TOKEN=false" >>"$BATS_TEST_TMPDIR/job.env"
  run run_with_env_file "$BATS_TEST_TMPDIR/job.env" bash "$BATS_TEST_TMPDIR/step.sh"
  echo "$output"
  [ "$status" -eq 0 ]
  grep -q '"registry.depot.dev": "depot"' "$BATS_TEST_TMPDIR/home/.docker/config.json"
  grep -q "export DEPOT_PROJECT_ID=" "$BATS_TEST_TMPDIR/bash_env"
  run ! grep -q DEPOT_TOKEN "$BATS_TEST_TMPDIR/bash_env"
  # A later step (CircleCI sources BASH_ENV first) pulls with the job's OIDC token.
  # shellcheck disable=SC2016 # expanded by the step's shell
  run run_with_env_file "$BATS_TEST_TMPDIR/job.env" bash -c \
    'source "$BASH_ENV"; printf registry.depot.dev | docker-credential-depot get'
  [ "$status" -eq 0 ]
  [[ "$output" == *'"Secret":"depot_pull_'* ]]
}

@test "export-token puts a pull token in BASH_ENV without printing it" {
  echo "PARAM_EXPORT_TOKEN=true" >>"$BATS_TEST_TMPDIR/job.env"
  run run_with_env_file "$BATS_TEST_TMPDIR/job.env" bash "$BATS_TEST_TMPDIR/step.sh"
  [ "$status" -eq 0 ]
  grep -q "^export DEPOT_TOKEN=depot_pull_" "$BATS_TEST_TMPDIR/bash_env"
  [[ "$output" != *depot_pull_* ]]
}
