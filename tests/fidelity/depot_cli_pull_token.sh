#!/usr/bin/env bash
# Fidelity: the real Depot CLI (npm @depot/cli-linux-x64), pointed at the
# sandbox inside a simulated GitHub Actions job, must get a pull token the
# sandbox issued. That proves the sandbox accepts what Depot's own client sends
# (binary-proto GetPullToken with the job's OIDC token as bearer).
# Also Buildkite and CircleCI, which the CLI reads the same variables for.
# Exit 77 (skipped) only when the npm registry cannot be reached.
set -euo pipefail

sandbox_bin=${1:?usage: depot_cli_pull_token.sh PATH/TO/depot-sandbox}
cli_version=0.0.1-cli.2.102.12
cache=${DEPOT_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/docker-credential-depot-tests}
cli="$cache/depot-cli-$cli_version/package/bin/depot"

if [[ ! -x "$cli" ]]; then
  mkdir -p "$cache/depot-cli-$cli_version"
  if ! command -v npm >/dev/null 2>&1; then
    echo "SKIPPED: npm is not installed, cannot fetch @depot/cli-linux-x64"; exit 77
  fi
  if ! (cd "$cache/depot-cli-$cli_version" && timeout 300 npm pack --silent "@depot/cli-linux-x64@$cli_version" >/dev/null 2>&1); then
    echo "SKIPPED: the npm registry could not be reached to fetch @depot/cli-linux-x64@$cli_version"; exit 77
  fi
  tar -xzf "$cache/depot-cli-$cli_version"/depot-cli-linux-x64-*.tgz -C "$cache/depot-cli-$cli_version"
fi
echo "Depot CLI: $("$cli" --version | head -1)"

work=$(mktemp -d /tmp/depot-fidelity-XXXXXX)
cleanup() {
  if [[ -f "$work/state/pid" ]]; then kill "$(cat "$work/state/pid")" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/state" "$work/home"
"$sandbox_bin" serve --state "$work/state" --daemon
# shellcheck disable=SC1091
source "$work/state/env"

fail() { echo "FAIL: $*"; exit 1; }
ctl() { "$sandbox_bin" ctl --state "$work/state" "$@"; }

# A simulated job's variables as NAME=value lines (env(1) arguments).
job_env() { ctl --env POST "$1" "$2"; }

run_cli_in_job() {  # $1 admin route, $2 its body
  local vars
  mapfile -t vars < <(job_env "$1" "$2")
  env -i PATH=/usr/bin:/bin HOME="$work/home" "${vars[@]}" \
    DEPOT_API_URL="$DEPOT_API_URL" SSL_CERT_FILE="$SANDBOX_CA" \
    timeout 120 "$cli" pull-token --project "$SANDBOX_PROJECT_ID" >"$work/out" 2>"$work/err"
}

expect_sandbox_pull_token() {  # $1 what, $2 the CI route the CLI must have called
  local token verdict log
  token=$(tr -d '\n' <"$work/out")
  [[ "$token" == depot_pull_* ]] || fail "$1: the CLI printed no sandbox pull token"
  verdict=$(ctl POST /admin/pull-tokens/verify "{\"token\":\"$token\"}")
  grep -q '"valid":true' <<<"$verdict" || fail "$1: the sandbox did not issue the token the CLI printed"
  log=$(ctl GET /admin/log)
  [[ -z "$2" ]] || grep -q "\"route\":\"$2\"" <<<"$log" || fail "$1: the CLI did not call $2"
  grep -q '"content_type":"application/proto"' <<<"$log" || fail "$1: the CLI did not use binary proto"
  echo "ok: $1: depot pull-token got a sandbox pull token over binary-proto GetPullToken"
}

github='{"repository":"'"$SANDBOX_GITHUB_REPOSITORY"'"}'
buildkite='{"organization":"'"$SANDBOX_BUILDKITE_ORGANIZATION"'","pipeline":"'"$SANDBOX_BUILDKITE_PIPELINE"'"}'
circleci='{"org_id":"'"$SANDBOX_CIRCLECI_ORG_ID"'","project_id":"'"$SANDBOX_CIRCLECI_PROJECT_ID"'","version":2}'
passed=0

for ci in "GitHub Actions|/admin/jobs/github|$github|github_token" \
          "Buildkite|/admin/jobs/buildkite|$buildkite|buildkite_token" \
          "CircleCI|/admin/tokens/circleci|$circleci|"; do
  IFS='|' read -r name route body ci_route <<<"$ci"
  ctl POST /admin/reset >/dev/null
  run_cli_in_job "$route" "$body" || fail "$name: depot pull-token exited non-zero: $(head -c 300 "$work/err")"
  expect_sandbox_pull_token "$name" "$ci_route"
  passed=$((passed + 1))
done

# An untrusted repository: the sandbox must refuse the CLI as Depot would.
ctl POST /admin/reset >/dev/null
if run_cli_in_job /admin/jobs/github '{"repository":"acme/not-trusted"}'; then fail "an untrusted repository got a token"; fi
grep -q '"status":403' <<<"$(ctl GET /admin/log)" || fail "the refusal was not permission_denied"
echo "ok: an untrusted repository is refused (permission_denied)"
passed=$((passed + 1))
echo "$passed passed, 0 failed"
