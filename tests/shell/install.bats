#!/usr/bin/env bats
# scripts/install.sh against a fake release served from loopback.

setup_file() {
  export RELEASE="$BATS_FILE_TMPDIR/release"
  local asset="docker-credential-depot-linux-amd64"
  mkdir -p "$RELEASE/download/v1.2.3" "$RELEASE/latest/download" "$RELEASE/download/v6.6.6" "$RELEASE/download/v7.7.7"
  printf '#!/bin/sh\necho fake docker-credential-depot 1.2.3\n' >"$RELEASE/download/v1.2.3/$asset"
  (cd "$RELEASE/download/v1.2.3" && sha256sum "$asset" >SHA256SUMS)
  cp "$RELEASE/download/v1.2.3/"* "$RELEASE/latest/download/"
  # tampered: the checksum file is right for another binary
  cp "$RELEASE/download/v1.2.3/SHA256SUMS" "$RELEASE/download/v6.6.6/"
  printf '#!/bin/sh\necho evil\n' >"$RELEASE/download/v6.6.6/$asset"
  # missing checksum entry
  printf '#!/bin/sh\necho 7\n' >"$RELEASE/download/v7.7.7/$asset"
  echo "0000000000000000000000000000000000000000000000000000000000000000  other-asset" >"$RELEASE/download/v7.7.7/SHA256SUMS"
  python3 "$BATS_TEST_DIRNAME/serve_dir.py" "$RELEASE" --lifetime 300 >"$BATS_FILE_TMPDIR/port" 2>/dev/null &
  echo $! >"$BATS_FILE_TMPDIR/server.pid"
  for _ in $(seq 1 100); do [ -s "$BATS_FILE_TMPDIR/port" ] && break; sleep 0.05; done
  BASE="http://127.0.0.1:$(head -1 "$BATS_FILE_TMPDIR/port")"
  export BASE
}

teardown_file() {
  kill "$(cat "$BATS_FILE_TMPDIR/server.pid")" 2>/dev/null || true
}

setup() {
  [ "$(uname -m)" = x86_64 ] || skip "the fake release has an amd64 asset only"
  INSTALL="$BATS_TEST_DIRNAME/../../scripts/install.sh"
  BIN="$BATS_TEST_TMPDIR/bin"
}

@test "installs a given version, verified, and says where" {
  run sh "$INSTALL" --version 1.2.3 --base-url "$BASE" --bin-dir "$BIN"
  [ "$status" -eq 0 ]
  [[ "$output" == *"installed docker-credential-depot to $BIN/docker-credential-depot"* ]]
  [ -x "$BIN/docker-credential-depot" ]
  [ "$("$BIN/docker-credential-depot")" = "fake docker-credential-depot 1.2.3" ]
}

@test "installs latest" {
  run sh "$INSTALL" --base-url "$BASE" --bin-dir "$BIN"
  [ "$status" -eq 0 ]
  [ -x "$BIN/docker-credential-depot" ]
}

@test "is idempotent" {
  sh "$INSTALL" --version v1.2.3 --base-url "$BASE" --bin-dir "$BIN"
  run sh "$INSTALL" --version v1.2.3 --base-url "$BASE" --bin-dir "$BIN"
  [ "$status" -eq 0 ]
  [[ "$output" == *"already installed"* ]]
}

@test "refuses a tampered asset and leaves nothing installed" {
  run sh "$INSTALL" --version 6.6.6 --base-url "$BASE" --bin-dir "$BIN"
  [ "$status" -ne 0 ]
  [[ "$output" == *"checksum mismatch"* ]]
  [ ! -e "$BIN/docker-credential-depot" ]
}

@test "refuses when the checksum file has no entry for the asset" {
  run sh "$INSTALL" --version 7.7.7 --base-url "$BASE" --bin-dir "$BIN"
  [ "$status" -ne 0 ]
  [[ "$output" == *"no entry for docker-credential-depot-linux-amd64"* ]]
  [ ! -e "$BIN/docker-credential-depot" ]
}

@test "fails cleanly on a 404" {
  run sh "$INSTALL" --version 9.9.9 --base-url "$BASE" --bin-dir "$BIN"
  [ "$status" -ne 0 ]
  [[ "$output" == *"download failed"* ]]
  [ ! -e "$BIN/docker-credential-depot" ]
}

@test "installs a local file verified against the SHA256SUMS beside it" {
  run sh "$INSTALL" --file "$RELEASE/download/v1.2.3/docker-credential-depot-linux-amd64" --bin-dir "$BIN"
  [ "$status" -eq 0 ]
  [ -x "$BIN/docker-credential-depot" ]
}

@test "refuses plain http outside loopback" {
  run sh "$INSTALL" --version 1.2.3 --base-url "http://example.com/releases" --bin-dir "$BIN"
  [ "$status" -ne 0 ]
  [[ "$output" == *"only https://"* ]]
}
