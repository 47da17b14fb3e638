#!/bin/sh
# Installs docker-credential-depot: downloads the static binary for this
# OS/arch from a release (or takes a local file), verifies its SHA-256 against
# the release's SHA256SUMS and refuses on mismatch, installs it into a bin dir
# and prints where. Idempotent. POSIX sh.
#
#   install.sh [--version V|latest] [--base-url URL] [--file PATH [--sums PATH]] [--bin-dir DIR]
#
# Release layout: <base-url>/download/v<V>/<asset> and <base-url>/latest/download/<asset>,
# with SHA256SUMS beside the asset; <asset> is docker-credential-depot-<os>-<arch>.
set -eu

version=${DEPOT_HELPER_VERSION:-latest}
base_url=${DEPOT_HELPER_RELEASE_URL:-https://github.com/depot/docker-credential-depot/releases}
file=""
sums=""
bin_dir=${DEPOT_HELPER_BIN_DIR:-}

die() { echo "install.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --version) [ $# -ge 2 ] || die "--version needs a value"; version=$2; shift 2 ;;
    --base-url) [ $# -ge 2 ] || die "--base-url needs a value"; base_url=$2; shift 2 ;;
    --file) [ $# -ge 2 ] || die "--file needs a value"; file=$2; shift 2 ;;
    --sums) [ $# -ge 2 ] || die "--sums needs a value"; sums=$2; shift 2 ;;
    --bin-dir) [ $# -ge 2 ] || die "--bin-dir needs a value"; bin_dir=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) die "unknown argument: $1" ;;
  esac
done

os=$(uname -s | tr '[:upper:]' '[:lower:]')
case "$(uname -m)" in
  x86_64|amd64) arch=amd64 ;;
  aarch64|arm64) arch=arm64 ;;
  *) die "unsupported architecture: $(uname -m)" ;;
esac
asset="docker-credential-depot-$os-$arch"

if [ -z "$bin_dir" ]; then
  if [ -w /usr/local/bin ]; then bin_dir=/usr/local/bin; else bin_dir="$HOME/.local/bin"; fi
fi
mkdir -p "$bin_dir" || die "cannot create $bin_dir"
target="$bin_dir/docker-credential-depot"

sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
  elif command -v shasum >/dev/null 2>&1; then shasum -a 256 "$1" | cut -d' ' -f1
  else die "neither sha256sum nor shasum is available"; fi
}

# https anywhere; plain http only to this machine (for tests and mirrors on loopback).
check_url() {
  case "$1" in
    https://*) ;;
    http://127.0.0.1:*|http://127.0.0.1/*|http://localhost:*|http://localhost/*|http://\[::1\]*) ;;
    *) die "refusing $1: only https:// URLs (plain http only to loopback)" ;;
  esac
}

fetch() {  # URL DEST
  check_url "$1"
  if command -v curl >/dev/null 2>&1; then
    curl -fsSL --retry 3 --connect-timeout 10 --max-time 120 -o "$2" "$1" || die "download failed: $1"
  elif command -v wget >/dev/null 2>&1; then
    wget -q -T 60 -O "$2" "$1" || die "download failed: $1"
  else
    die "neither curl nor wget is available"
  fi
}

work=$(mktemp -d "${TMPDIR:-/tmp}/depot-install.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

if [ -n "$file" ]; then
  [ -f "$file" ] || die "no such file: $file"
  cp "$file" "$work/$asset"
  [ -n "$sums" ] || sums="$(dirname "$file")/SHA256SUMS"
  [ -f "$sums" ] || die "no checksum file $sums: refusing to install an unverified binary"
  cp "$sums" "$work/SHA256SUMS"
  from=$file
else
  case "$version" in
    latest) release="$base_url/latest/download" ;;
    v*) release="$base_url/download/$version" ;;
    *) release="$base_url/download/v$version" ;;
  esac
  fetch "$release/SHA256SUMS" "$work/SHA256SUMS"
  fetch "$release/$asset" "$work/$asset"
  from="$release/$asset"
fi

expected=$(awk -v a="$asset" '$2 == a || $2 == "*" a { print $1; exit }' "$work/SHA256SUMS")
[ -n "$expected" ] || die "SHA256SUMS has no entry for $asset: refusing to install an unverified binary"
actual=$(sha256_of "$work/$asset")
[ "$actual" = "$expected" ] || die "checksum mismatch for $asset (expected $expected, got $actual): refusing to install"

if [ -f "$target" ] && [ "$(sha256_of "$target")" = "$actual" ]; then
  echo "docker-credential-depot is already installed at $target (sha256 $actual)"
  exit 0
fi
cp "$work/$asset" "$bin_dir/.docker-credential-depot.tmp.$$"
chmod 0755 "$bin_dir/.docker-credential-depot.tmp.$$"
mv -f "$bin_dir/.docker-credential-depot.tmp.$$" "$target"
echo "installed docker-credential-depot to $target (from $from, sha256 $actual)"
case ":$PATH:" in
  *":$bin_dir:"*) ;;
  *) echo "note: $bin_dir is not on PATH; add it so docker can find the helper" >&2 ;;
esac
