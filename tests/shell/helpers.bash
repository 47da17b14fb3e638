# Shared by the CI-integration bats tests: a sandbox, a local "release" of the
# built helper, and a job's environment. Needs HELPER_BINARY and SANDBOX_BINARY.

start_sandbox() {
  : "${HELPER_BINARY:?}" "${SANDBOX_BINARY:?}"
  export STATE="$BATS_FILE_TMPDIR/state"
  mkdir -p "$STATE"
  "$SANDBOX_BINARY" serve --state "$STATE" --daemon
  # A local release: the built binary with its SHA256SUMS, as install.sh wants it.
  local release="$BATS_FILE_TMPDIR/release"
  mkdir -p "$release"
  cp "$HELPER_BINARY" "$release/docker-credential-depot-linux-amd64"
  (cd "$release" && sha256sum docker-credential-depot-linux-amd64 >SHA256SUMS)
  export LOCAL_BINARY="$release/docker-credential-depot-linux-amd64"
}

stop_sandbox() {
  if [[ -n "${STATE:-}" && -f "$STATE/pid" ]]; then kill "$(cat "$STATE/pid")" 2>/dev/null || true; fi
}

sandbox_setting() { sed -n "s/^$1=//p" "$STATE/env" | tr -d "'"; }
ctl() { "$SANDBOX_BINARY" ctl --state "$STATE" "$@"; }
# A simulated job's variables as NAME=value lines.
job_env() { ctl --env POST "$1" "$2"; }

# The base of every simulated job: nothing from the outside environment.
base_job_env() {
  echo "PATH=/usr/bin:/bin"
  echo "HOME=$BATS_TEST_TMPDIR/home"
  echo "DEPOT_API_URL=$(sandbox_setting DEPOT_API_URL)"
  echo "SSL_CERT_FILE=$(sandbox_setting SANDBOX_CA)"
  echo "DEPOT_HELPER_LOCAL_BINARY=$LOCAL_BINARY"
  echo "DEPOT_HELPER_CACHE_DIR=$BATS_TEST_TMPDIR/cache"
}

# Runs a command with exactly the variables given as NAME=value lines in the file $1.
run_with_env_file() {
  local file=$1
  shift
  local vars
  mapfile -t vars < <(sed '/^$/d' "$file")
  env -i "${vars[@]}" "$@"
}
