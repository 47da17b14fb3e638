#!/usr/bin/env bash
# Fidelity: the real Depot CLI (npm @depot/cli-linux-x64), pointed at the
# sandbox inside a simulated GitHub Actions job, must get a pull token the
# sandbox issued. That proves the sandbox accepts what Depot's own client sends
# (binary-proto GetPullToken with the job's OIDC token as bearer).
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
  [[ -f "$work/state/pid" ]] && kill "$(cat "$work/state/pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$work/state" "$work/home"
"$sandbox_bin" serve --state "$work/state" --daemon
# shellcheck disable=SC1091
source "$work/state/env"

field() { sed -E "s/.*\"$1\":\"([^\"]*)\".*/\1/"; }
fail() { echo "FAIL: $*"; exit 1; }

run_cli_in_job() {  # $1 = repository of the simulated job
  local job
  job=$("$sandbox_bin" ctl --state "$work/state" POST /admin/jobs/github "{\"repository\":\"$1\"}")
  env -i PATH=/usr/bin:/bin HOME="$work/home" GITHUB_ACTIONS=true \
    ACTIONS_ID_TOKEN_REQUEST_URL="$(printf '%s' "$job" | field ACTIONS_ID_TOKEN_REQUEST_URL)" \
    ACTIONS_ID_TOKEN_REQUEST_TOKEN="$(printf '%s' "$job" | field ACTIONS_ID_TOKEN_REQUEST_TOKEN)" \
    DEPOT_API_URL="$DEPOT_API_URL" SSL_CERT_FILE="$SANDBOX_CA" DEPOT_DISABLE_OTEL=1 \
    timeout 120 "$cli" pull-token --project "$SANDBOX_PROJECT_ID" >"$work/out" 2>"$work/err"
}

# 1. A trusted repository: the CLI must print a pull token the sandbox issued.
"$sandbox_bin" ctl --state "$work/state" POST /admin/reset >/dev/null
run_cli_in_job "$SANDBOX_GITHUB_REPOSITORY" || fail "depot pull-token exited non-zero: $(head -c 300 "$work/err")"
token=$(tr -d '\n' <"$work/out")
[[ "$token" == depot_pull_* ]] || fail "the CLI printed no sandbox pull token"
verdict=$("$sandbox_bin" ctl --state "$work/state" POST /admin/pull-tokens/verify "{\"token\":\"$token\"}")
grep -q '"valid":true' <<<"$verdict" || fail "the sandbox did not issue the token the CLI printed"
log=$("$sandbox_bin" ctl --state "$work/state" GET /admin/log)
grep -q '"route":"github_token"' <<<"$log" || fail "the CLI did not ask the GitHub token service"
grep -q '"content_type":"application/proto"' <<<"$log" || fail "the CLI did not use binary proto"
echo "ok: depot pull-token got a sandbox pull token (GitHub OIDC → binary-proto GetPullToken)"

# 2. An untrusted repository: the sandbox must refuse the CLI as Depot would.
if run_cli_in_job "acme/not-trusted"; then fail "an untrusted repository got a token"; fi
grep -q '"status":403' <<<"$("$sandbox_bin" ctl --state "$work/state" GET /admin/log)" \
  || fail "the refusal was not permission_denied"
echo "ok: an untrusted repository is refused (permission_denied)"
echo "2 passed, 0 failed"
