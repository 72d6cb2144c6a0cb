#!/usr/bin/env bash
# Every test, with warnings as errors (-DMOSAIC_WERROR=ON, off in a user's build), after a check
# that every C file is clang-formatted: unit, integration (real libcurl against the reference
# server), install; then the whole suite under ASan+UBSan, every fuzz target for a few seconds
# (fuzz/run.sh), and the threading tests under TSan.
# The benchmarks run briefly first so that they keep working (their figures are printed, never
# judged).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
jobs=$(nproc)
passed=0
failed=0

run_suite() { # build-dir, ctest arguments...
  local dir=$1 log
  shift
  log=$(mktemp)
  cmake --build "$dir" -j"$jobs"
  local status=0
  (cd "$dir" && ctest --output-on-failure -j"$jobs" "$@") | tee "$log" || status=1
  # "100% tests passed, 0 tests failed out of 16"
  local line
  line=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1 || true)
  rm -f "$log"
  [ -n "$line" ] || { failed=$((failed + 1)); return 1; }
  local bad total
  bad=$(echo "$line" | sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/')
  total=$(echo "$line" | sed -E 's/.* failed out of ([0-9]+).*/\1/')
  passed=$((passed + total - bad))
  failed=$((failed + bad))
  return $status
}

echo "== format"
format=0
scripts/check-format.sh || format=1

echo "== build"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMOSAIC_BUILD_TESTS=ON -DMOSAIC_BUILD_BENCH=ON -DMOSAIC_WERROR=ON \
  >/dev/null
cmake --build build -j"$jobs"

echo "== benchmarks (quick run: figures only)"
BENCH_QUICK=1 bench/run.sh build

status=0
echo "== tests"
run_suite build || status=1

echo "== Release: the whole tree with tests, for the warnings only optimisation shows"
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DMOSAIC_WERROR=ON -DMOSAIC_BUILD_TESTS=ON \
  -DMOSAIC_BUILD_BENCH=ON >/dev/null
if cmake --build build-release -j"$jobs" >/dev/null; then
  passed=$((passed + 1))
  echo "release build: ok"
else
  cmake --build build-release -j1 2>&1 | grep -E "error|warning" | head -20
  failed=$((failed + 1))
  status=1
fi

echo "== ASan + UBSan: the whole suite"
cmake -S . -B build-asan -DMOSAIC_WERROR=ON -DCMAKE_BUILD_TYPE=Debug -DMOSAIC_SANITIZE='address;undefined' \
  -DMOSAIC_BUILD_BENCH=OFF >/dev/null
run_suite build-asan || status=1

echo "== fuzz: every target briefly on its corpus (docs/fuzzing.md), when clang has libFuzzer"
if command -v clang >/dev/null && cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DMOSAIC_FUZZ=ON \
  -DMOSAIC_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMOSAIC_BUILD_TESTS=OFF -DMOSAIC_BUILD_BENCH=OFF \
  >/dev/null 2>&1; then
  cmake --build build-fuzz -j"$jobs" >/dev/null
  # About 3.5 minutes of fuzzing in all, two targets at a time, however many targets there are.
  if FUZZ_BUILD=build-fuzz FUZZ_TOTAL=210 FUZZ_JOBS=2 fuzz/run.sh; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    status=1
  fi
else
  echo "fuzz: skipped (no clang with libFuzzer: apt-get install clang libclang-rt-dev)"
fi

echo "== TSan: the threading tests"
cmake -S . -B build-tsan -DMOSAIC_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMOSAIC_SANITIZE=thread \
  -DMOSAIC_BUILD_BENCH=OFF >/dev/null
TSAN_OPTIONS="halt_on_error=1" run_suite build-tsan -L threads || status=1

[ "$format" -eq 0 ] && passed=$((passed + 1)) || { failed=$((failed + 1)); status=1; }
echo "all suites: $passed passed, $failed failed"
exit $status
