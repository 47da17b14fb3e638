#!/usr/bin/env bash
# Runs shellcheck over every shell file of the project (bats files as bash).
set -euo pipefail
root=${1:-$(dirname "$0")/../..}
cd "$root"
mapfile -t files < <(git ls-files 2>/dev/null | grep -v '^build/' | while read -r f; do
  [[ -f "$f" ]] || continue
  case "$f" in
    *.sh|*.bash|hooks/*) echo "$f" ;;
    *.py|*.cpp|*.h|*.hpp|*.md|*.yml|*.json|*.txt) ;;
    *) head -1 "$f" | grep -qE '^#!.*(ba)?sh' && echo "$f" ;;
  esac
done)
[[ ${#files[@]} -gt 0 ]] || { echo "no shell files found"; exit 1; }
shellcheck -x "${files[@]}"
shellcheck -x -s bash tests/shell/*.bats
bats_files=(tests/shell/*.bats)
echo "${#files[@]} shell files and ${#bats_files[@]} bats files: shellcheck clean"
