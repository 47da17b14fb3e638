#!/usr/bin/env bash
# The GitHub Action's step (action.yml passes the inputs as INPUT_* variables):
# install the helper, put it on PATH for later steps, configure Docker, and
# optionally export a masked DEPOT_TOKEN.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

version=${INPUT_VERSION:-latest}
project=${INPUT_PROJECT:-}
registries=${INPUT_REGISTRIES:-}
configure_docker=${INPUT_CONFIGURE_DOCKER:-true}
export_token=${INPUT_EXPORT_TOKEN:-false}

for file in GITHUB_ENV GITHUB_PATH GITHUB_OUTPUT RUNNER_TEMP; do
  [[ -n "${!file:-}" ]] || { echo "::error::$file is not set: run this as a GitHub Actions step"; exit 1; }
done
single_line() { [[ "$2" != *$'\n'* ]] || { echo "::error::input $1 must be one line"; exit 1; }; }
single_line project "$project"
single_line registries "$registries"

bin_dir="$RUNNER_TEMP/docker-credential-depot/bin"
install_args=(--version "$version" --bin-dir "$bin_dir")
# A local build (tests, air-gapped runners): DEPOT_HELPER_LOCAL_BINARY with SHA256SUMS beside it.
[[ -z "${DEPOT_HELPER_LOCAL_BINARY:-}" ]] || install_args=(--file "$DEPOT_HELPER_LOCAL_BINARY" --bin-dir "$bin_dir")
sh "$here/../install.sh" "${install_args[@]}"
helper="$bin_dir/docker-credential-depot"
echo "$bin_dir" >>"$GITHUB_PATH"
export PATH="$bin_dir:$PATH"

if [[ -n "$project" ]]; then
  echo "DEPOT_PROJECT_ID=$project" >>"$GITHUB_ENV"
  export DEPOT_PROJECT_ID="$project"
fi
if [[ -n "$registries" ]]; then
  echo "DEPOT_HELPER_REGISTRIES=$registries" >>"$GITHUB_ENV"
  export DEPOT_HELPER_REGISTRIES="$registries"
fi

if [[ "$configure_docker" == "true" ]]; then
  "$helper" configure
fi
if [[ "$export_token" == "true" ]]; then
  # Prints ::add-mask:: before the token reaches any file or log.
  "$helper" token --github-env || { echo "::error::could not get a Depot token; run docker-credential-depot doctor"; exit 1; }
fi

installed=$("$helper" version | awk '{print $NF}')
{
  echo "version=$installed"
  echo "path=$helper"
} >>"$GITHUB_OUTPUT"
