#!/usr/bin/env bash
# The orb's setup step (parameters arrive as PARAM_* variables): install the
# helper with the project's installer (inlined below by scripts/pack-orb),
# configure Docker, and export settings to later steps through $BASH_ENV.
set -euo pipefail

bin_dir="${DEPOT_HELPER_BIN_DIR:-$HOME/.local/bin}"
installer=$(mktemp)
trap 'rm -f "$installer"' EXIT
cat >"$installer" <<'DEPOT_INSTALLER'
#@INSTALL_SH@
DEPOT_INSTALLER
install_args=(--version "${PARAM_VERSION:-latest}" --bin-dir "$bin_dir")
[[ -z "${DEPOT_HELPER_LOCAL_BINARY:-}" ]] || install_args=(--file "$DEPOT_HELPER_LOCAL_BINARY" --bin-dir "$bin_dir")
sh "$installer" "${install_args[@]}"
helper="$bin_dir/docker-credential-depot"

: "${BASH_ENV:?BASH_ENV is not set: run this as a CircleCI step}"
quote() { printf '%q' "$1"; }
echo "export PATH=$(quote "$bin_dir"):\"\$PATH\"" >>"$BASH_ENV"
export PATH="$bin_dir:$PATH"
if [[ -n "${PARAM_PROJECT:-}" ]]; then
  echo "export DEPOT_PROJECT_ID=$(quote "$PARAM_PROJECT")" >>"$BASH_ENV"
  export DEPOT_PROJECT_ID="$PARAM_PROJECT"
fi
if [[ -n "${PARAM_REGISTRIES:-}" ]]; then
  echo "export DEPOT_HELPER_REGISTRIES=$(quote "$PARAM_REGISTRIES")" >>"$BASH_ENV"
  export DEPOT_HELPER_REGISTRIES="$PARAM_REGISTRIES"
fi
"$helper" configure
if [[ "${PARAM_EXPORT_TOKEN:-0}" == "1" || "${PARAM_EXPORT_TOKEN:-}" == "true" ]]; then
  token=$("$helper" token) || { echo "could not get a Depot token; run docker-credential-depot doctor" >&2; exit 1; }
  echo "export DEPOT_TOKEN=$(quote "$token")" >>"$BASH_ENV"
  echo "DEPOT_TOKEN exported to later steps"
fi
