#!/usr/bin/env bash
# Every C source and header the repository tracks is as the pinned style (.clang-format) writes
# it. Prints the files that are not and exits 1; `clang-format -i FILE` fixes one.
set -euo pipefail
cd "$(dirname "$0")/.."
bad=0
while IFS= read -r file; do
  if ! clang-format --dry-run --Werror "$file" >/dev/null 2>&1; then
    echo "check-format: $file is not clang-formatted (clang-format -i $file)"
    bad=$((bad + 1))
  fi
done < <(git ls-files '*.c' '*.h')
[ "$bad" -eq 0 ] && echo "check-format: every C file is clang-formatted" || exit 1
