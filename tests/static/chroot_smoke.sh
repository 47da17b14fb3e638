#!/usr/bin/env bash
# The release binary needs nothing but itself: copied with one CA file into an
# otherwise empty directory and run there through chroot(8), it prints its
# version and does a whole GitHub Actions OIDC + GetPullToken exchange against
# the sandbox (which listens on 127.0.0.1; a chroot shares the network
# namespace). Needs root (chroot). Never prints a token.
#
#   tests/static/chroot_smoke.sh DIST_BINARY SANDBOX_BINARY
set -euo pipefail

binary=${1:?usage: chroot_smoke.sh DIST_BINARY SANDBOX_BINARY}
sandbox_bin=${2:?usage: chroot_smoke.sh DIST_BINARY SANDBOX_BINARY}
if [[ ! -f "$binary" ]]; then
  echo "SKIPPED: $binary does not exist (scripts/build-static builds it)"; exit 77
fi
binary=$(realpath "$binary")
sandbox_bin=$(realpath "$sandbox_bin")
max_size=$((2 * 1024 * 1024))

if [[ $(id -u) -ne 0 ]]; then
  echo "SKIPPED: chroot needs root"; exit 77
fi

chroot_bin=$(PATH=/usr/sbin:/sbin:$PATH command -v chroot) || { echo "FAIL: chroot(8) not found"; exit 1; }

work=$(mktemp -d /tmp/depot-chroot-XXXXXX)
cleanup() {
  if [[ -f "$work/state/pid" ]]; then kill "$(cat "$work/state/pid")" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

passed=0 failed=0
ok() { echo "ok: $*"; passed=$((passed + 1)); }
not_ok() { echo "FAIL: $*"; failed=$((failed + 1)); }
check() {  # check "what" command...
  local what=$1; shift
  if "$@"; then ok "$what"; else not_ok "$what"; fi
}

# --- the file itself ---
description=$(file -b "$binary")
check "file says statically linked ($description)" \
  grep -q "statically linked" <<<"$description"
# shellcheck disable=SC2016 # expanded by the inner shell
check "no program interpreter (PT_INTERP) and no dynamic section" \
  bash -c '! readelf -lW "$1" | grep -q "INTERP" && ! readelf -dW "$1" 2>/dev/null | grep -q "NEEDED"' _ "$binary"
check "x86-64 ELF, stripped" grep -q "x86-64.*stripped" <<<"$description"
size=$(stat -c %s "$binary")
check "size $size bytes <= 2 MiB ($max_size)" test "$size" -le "$max_size"

# --- an empty root: the binary and one CA file, nothing else ---
root="$work/root"
mkdir -p "$root" "$work/state"
install -m 0755 "$binary" "$root/docker-credential-depot"
"$sandbox_bin" serve --state "$work/state" --daemon
# shellcheck disable=SC1091
source "$work/state/env"
cp "$SANDBOX_CA" "$root/ca.pem"
listing=$(cd "$root" && find . -mindepth 1 | sort | tr '\n' ' ')
check "the root holds only the binary and the CA file ($listing)" \
  test "$listing" = "./ca.pem ./docker-credential-depot "

in_root() {  # in_root [VAR=value...] -- ARGS...: runs the binary inside the root with only those variables
  local vars=()
  while [[ $1 != -- ]]; do vars+=("$1"); shift; done
  shift
  env -i "${vars[@]}" "$chroot_bin" "$root" /docker-credential-depot "$@"
}

version=$(in_root -- version 2>&1) || true
check "version runs inside the root: $version" grep -q "^docker-credential-depot .*[0-9]\+\.[0-9]\+\.[0-9]\+" <<<"$version"

# --- a GitHub Actions job: OIDC token from the runner, GetPullToken at Depot ---
ctl() { "$sandbox_bin" ctl --state "$work/state" "$@"; }
job_env() { ctl --env POST "$1" "$2"; }
mapfile -t job < <(job_env /admin/jobs/github "{\"repository\":\"$SANDBOX_GITHUB_REPOSITORY\"}")
ctl POST /admin/reset >/dev/null

get_in_root() {  # get_in_root API_URL [more VAR=value]: prints the answer, returns get's exit code
  local api=$1; shift
  printf 'registry.depot.dev' | in_root "${job[@]}" GITHUB_ACTIONS=true HOME=/ DEPOT_HELPER_NO_CACHE=1 \
    DEPOT_PROJECT_ID="$SANDBOX_PROJECT_ID" DEPOT_API_URL="$api" "$@" -- get
}

# The answer carries a token: it stays in variables, only its shape is shown.
expect_pull_token() {  # expect_pull_token WHAT EXIT_CODE ANSWER
  local what=$1 code=$2 answer=$3 secret verdict
  if [[ $code -ne 0 ]]; then
    not_ok "$what: get exited $code: $(sed -E 's/depot_[A-Za-z0-9_]+/<token>/g' <<<"$answer" | head -c 300)"
    return
  fi
  secret=$(sed -nE 's/.*"Secret":"([^"]*)".*/\1/p' <<<"$answer")
  if [[ $answer != *'"ServerURL":"registry.depot.dev"'* || $answer != *'"Username":"x-token"'* ]]; then
    not_ok "$what: the answer is not a credential for registry.depot.dev"
  elif [[ $secret != depot_pull_* ]]; then
    not_ok "$what: Secret is not a Depot pull token"
  else
    verdict=$(ctl POST /admin/pull-tokens/verify "{\"token\":\"$secret\"}")
    if grep -q '"valid":true' <<<"$verdict" && grep -q '"kind":"pull"' <<<"$verdict"; then
      ok "$what: get printed a pull token the sandbox issued (depot_pull_…, not shown)"
    else
      not_ok "$what: the sandbox did not issue the Secret get printed"
    fi
  fi
}

code=0
answer=$(get_in_root "$DEPOT_API_URL" SSL_CERT_FILE=/ca.pem) || code=$?
expect_pull_token "GitHub Actions OIDC + GetPullToken from inside the root ($DEPOT_API_URL)" "$code" "$answer"
log=$(ctl GET /admin/log)
# shellcheck disable=SC2016 # expanded by the inner shell
check "the sandbox saw the OIDC token request and one GetPullToken, both answered 200" \
  bash -c 'grep -q "\"route\":\"github_token\"[^}]*\"status\":200" <<<"$1" &&
           test "$(grep -o "\"route\":\"get_pull_token\"[^}]*\"status\":200" <<<"$1" | wc -l)" -eq 1' _ "$log"

# localhost: the names a static binary must resolve without NSS or /etc/hosts.
port=${DEPOT_API_URL##*:}
mapfile -t job < <(printf '%s\n' "${job[@]}" | sed "s#https://127\.0\.0\.1:#https://localhost:#")
code=0
answer=$(get_in_root "https://localhost:$port" SSL_CERT_FILE=/ca.pem) || code=$?
expect_pull_token "the same with every URL on https://localhost:$port" "$code" "$answer"

# Without any CA (the root has no system bundle) the exchange must fail, not go unverified.
code=0
answer=$(get_in_root "$DEPOT_API_URL") || code=$?
if [[ $code -eq 1 && $answer != *'"Secret"'* ]]; then
  ok "without SSL_CERT_FILE and no CA bundle in the root, get fails (exit $code) and prints no credential"
else
  not_ok "without any CA, get exited $code and answered a credential"
fi

# A host it does not serve: the anonymous answer, no I/O.
code=0
answer=$(printf 'docker.io' | in_root HOME=/ -- get) || code=$?
check "an unserved host gets 'credentials not found in native keychain' (exit $code)" \
  test "$code" -eq 1 -a "$answer" = "credentials not found in native keychain"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
