#!/usr/bin/env bash
# Runs every fuzz target for N seconds (default 30) on its seed corpus, two at a time, and prints
# one line per target: executions, executions per second, coverage, and what it found
# (docs/fuzzing.md).
#
#   fuzz/run.sh [seconds]
#
# FUZZ_TOTAL: instead of seconds per target, the wall time of the whole run (each target then
# gets FUZZ_TOTAL * FUZZ_JOBS / targets seconds, at least 5): CI's budget stays the same as
# adapters add targets. FUZZ_BUILD: the fuzz build directory (default build-fuzz; configured with clang and
# -DMOSAIC_FUZZ=ON, and built, when it has no targets yet). FUZZ_JOBS: targets run at once
# (default 2). FUZZ_TARGETS: the parsers to run (default: every fuzz_* of the build). FUZZ_ARGS:
# more libFuzzer flags (e.g. -max_len=140000).
# New inputs go to $FUZZ_BUILD/fuzz/work/<parser>/ (fuzz/corpus/ is only read); a crash, leak
# or timeout leaves its input in $FUZZ_BUILD/fuzz/artifacts/ and makes the exit status 1.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
build=${FUZZ_BUILD:-build-fuzz}
jobs=${FUZZ_JOBS:-2}

if ! ls "$build"/fuzz/fuzz_* >/dev/null 2>&1; then
  cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang -DMOSAIC_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DMOSAIC_BUILD_TESTS=OFF -DMOSAIC_BUILD_BENCH=OFF >/dev/null
  cmake --build "$build" -j"$jobs" >/dev/null
fi
targets=${FUZZ_TARGETS:-$(cd "$build/fuzz" && ls fuzz_* | sed 's/^fuzz_//')}
if [ -n "${FUZZ_TOTAL:-}" ]; then
  seconds=$((FUZZ_TOTAL * jobs / $(echo "$targets" | wc -w)))
  [ "$seconds" -ge 5 ] || seconds=5
fi
mkdir -p "$build/fuzz/work" "$build/fuzz/artifacts" "$build/fuzz/logs"

run_one() { # parser seconds build
  local parser=$1 seconds=$2 build=$3
  local work="$build/fuzz/work/$parser"
  mkdir -p "$work"
  # -close_fd_mask=2: the parsers' one-line errors would drown the log (libFuzzer and the
  # sanitizers keep their own copy of stderr). -timeout: an input that takes 10 s is a hang.
  if "$build/fuzz/fuzz_$parser" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -close_fd_mask=2 -print_final_stats=1 -artifact_prefix="$build/fuzz/artifacts/$parser-" \
    ${FUZZ_ARGS:-} "$work" "fuzz/corpus/$parser" >"$build/fuzz/logs/$parser.log" 2>&1; then
    echo "ok" >"$build/fuzz/logs/$parser.status"
  else
    echo "FAILED" >"$build/fuzz/logs/$parser.status"
  fi
}
export -f run_one

echo "fuzzing $(echo "$targets" | wc -w) targets for ${seconds}s each, $jobs at a time"
printf '%s\n' $targets | xargs -P "$jobs" -I{} bash -c 'run_one "$@"' _ {} "$seconds" "$build"

status=0
printf '%-16s %10s %8s %7s %7s %7s  %s\n' target execs exec/s cov ft corpus result
for parser in $targets; do
  log="$build/fuzz/logs/$parser.log"
  result=$(cat "$build/fuzz/logs/$parser.status")
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  # "#12345 DONE cov: 812 ft: 2301 corp: 190/61Kb ..." (or the last progress line)
  last=$(grep -E '^#[0-9]+.*cov: ' "$log" | tail -n 1 || true)
  cov=$(echo "$last" | sed -nE 's/.* cov: ([0-9]+).*/\1/p')
  ft=$(echo "$last" | sed -nE 's/.* ft: ([0-9]+).*/\1/p')
  corp=$(echo "$last" | sed -nE 's/.* corp: ([0-9]+).*/\1/p')
  if [ "$result" != ok ]; then
    status=1
    result="FAILED: $(grep -m1 -E '^==[0-9]+==ERROR|^SUMMARY|ALARM|deadly signal' "$log" || echo see "$log")"
  fi
  printf '%-16s %10s %8s %7s %7s %7s  %s\n' "$parser" "${execs:--}" "${rate:--}" "${cov:--}" \
    "${ft:--}" "${corp:--}" "$result"
done
[ $status -eq 0 ] || echo "inputs that failed are in $build/fuzz/artifacts/; see docs/fuzzing.md"
exit $status
