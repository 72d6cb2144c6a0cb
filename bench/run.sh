#!/bin/sh
# Runs every benchmark of an existing build and prints their figures; builds nothing.
#   bench/run.sh BUILD_DIR            full run (about a minute)
#   BENCH_QUICK=1 bench/run.sh BUILD  each benchmark in a few seconds (CI: keeps them working)
# Figures are printed, never judged: the exit status is non-zero only when a benchmark could not
# run to its end (missing binary, crash, server not started).
set -u

if [ $# -ne 1 ]; then
    echo "usage: $0 BUILD_DIR   (BENCH_QUICK=1 for a short run)" >&2
    exit 2
fi
bin_dir="$1/bench"
status=0
for name in bench_track bench_serialize bench_memory bench_flush bench_spool bench_claude_code bench_codex bench_gemini_cli bench_opencode bench_cursor bench_copilot_cli bench_cline bench_preload bench_history; do
    if [ ! -x "$bin_dir/$name" ]; then
        echo "run.sh: $bin_dir/$name not built (configure with -DMOSAIC_BUILD_BENCH=ON)" >&2
        status=1
        continue
    fi
    echo "# $name" >&2
    if ! "$bin_dir/$name"; then
        echo "run.sh: $name failed" >&2
        status=1
    fi
done
exit $status
