#!/usr/bin/env bash
# clang-format (the repository's .clang-format) over the helper, the adapters
# and their tests; fails on any difference.
set -euo pipefail
cd "${1:-$(dirname "$0")/../..}"
mapfile -t files < <(git ls-files 'helper/*.cpp' 'helper/*.h' 'adapters/*.cpp' 'adapters/*.h' \
  'tests/unit/*.cpp' 'tests/integration/*.cpp' 'tests/integration/*.h' 'tests/fuzz/*.cpp')
[[ ${#files[@]} -gt 0 ]] || { echo "no files to check"; exit 1; }
clang-format --dry-run -Werror "${files[@]}"
echo "${#files[@]} files: clang-format clean"
