#!/usr/bin/env bash
# run_env.sh FILE COMMAND...: runs COMMAND with exactly the NAME=value lines of FILE as its environment.
set -euo pipefail
file=$1
shift
mapfile -t vars < <(sed '/^$/d' "$file")
exec env -i "${vars[@]}" "$@"
