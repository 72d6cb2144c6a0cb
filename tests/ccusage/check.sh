#!/usr/bin/env bash
# Cross-check of the price table against ccusage: the same Claude Code usage, priced by ccusage
# (npx, at the version tests/harness/versions pins, offline, from the LiteLLM prices it embeds)
# and by this library (BUILD_DIR/tests/ccusage/price_usage), must cost the same to within 0.5 %.
#
#   tests/ccusage/check.sh BUILD_DIR
#
# ccusage 18.0.11 prices every cache write (cache_creation_input_tokens) at the 5-minute rate,
# while the library prices 1-hour writes at their own rate (2x input). The comparison therefore
# gives price_usage the 1-hour writes as 5-minute ones; the library's own figure, with 1-hour
# writes at their price, is printed beside it.
set -euo pipefail

BUILD_DIR=${1:?usage: check.sh BUILD_DIR}
PRICE_USAGE=$BUILD_DIR/tests/ccusage/price_usage
NPX=${NPX:-npx}
# The version pinned in tests/harness/versions, the one place it is chosen.
CCUSAGE=ccusage@$(awk '$1 == "ccusage" { print $2 }' "$(dirname "$0")/../harness/versions")
TOLERANCE_PERCENT=0.5

[[ -x $PRICE_USAGE ]] || { echo "check.sh: $PRICE_USAGE not built" >&2; exit 1; }
command -v node >/dev/null || { echo "check.sh: node is needed to read ccusage's JSON" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One assistant request a line: session model input output cache_write_5m cache_write_1h
# cache_read. Sonnet 4.5 and 4 have a long-context tier; Opus 4.1 and Haiku 4.5 do not.
cat >"$work/usage.txt" <<'EOF'
s1 claude-sonnet-4-5-20250929 12 850 15000 0 20000
s1 claude-sonnet-4-5-20250929 8 1200 2500 6000 35000
s1 claude-sonnet-4-5-20250929 3 400 0 12000 60000
s1 claude-opus-4-1-20250805 20 2300 8000 4000 45000
s1 claude-opus-4-1-20250805 5 900 1200 0 52000
s2 claude-haiku-4-5-20251001 300 150 5000 0 12000
s2 claude-haiku-4-5-20251001 40 600 0 3000 17000
s2 claude-sonnet-4-5-20250929 6 1500 4000 0 215000
s2 claude-sonnet-4-5-20250929 230000 2000 0 0 0
s2 claude-sonnet-4-20250514 4 800 210000 0 30000
s2 claude-opus-4-1-20250805 2 50000 0 0 250000
EOF

# The transcripts: Claude Code's JSONL, one file per session under
# CLAUDE_CONFIG_DIR/projects/<project>/, where ccusage 18.0.11 looks. Each response is written
# twice, as Claude Code does for a reply with two content blocks (same message.id and
# requestId); ccusage counts it once.
project=$work/claude/projects/-work-demo
mkdir -p "$project"
n=0
while read -r session model input output write_5m write_1h read; do
    n=$((n + 1))
    line=$(printf '{"type":"assistant","timestamp":"2026-11-20T10:%02d:00.000Z","sessionId":"%s","cwd":"/work/demo","version":"2.0.0","uuid":"u-%d","requestId":"req_%04d","message":{"id":"msg_%04d","type":"message","role":"assistant","model":"%s","content":[{"type":"text","text":"ok"}],"usage":{"input_tokens":%d,"output_tokens":%d,"cache_creation_input_tokens":%d,"cache_read_input_tokens":%d,"cache_creation":{"ephemeral_5m_input_tokens":%d,"ephemeral_1h_input_tokens":%d},"service_tier":"standard"}}}' \
        "$n" "$session" "$n" "$n" "$n" "$model" "$input" "$output" \
        $((write_5m + write_1h)) "$read" "$write_5m" "$write_1h")
    printf '%s\n%s\n' "$line" "$line" >>"$project/$session.jsonl"
done <"$work/usage.txt"

# ccusage itself, fetched from the npm registry on first use: without it there is nothing to
# compare with, and the test is skipped (exit 77, ctest's SKIP_RETURN_CODE) rather than failed.
if ! "$NPX" --yes "$CCUSAGE" --version >"$work/version.txt" 2>&1; then
    echo "check.sh: cannot run $CCUSAGE through $NPX; skipped:" >&2
    cat "$work/version.txt" >&2
    exit 77
fi

# ccusage's total, in USD.
if ! CLAUDE_CONFIG_DIR=$work/claude TZ=UTC NO_COLOR=1 \
    "$NPX" --yes "$CCUSAGE" session --json --offline --mode calculate \
    >"$work/ccusage.json" 2>"$work/ccusage.err"; then
    echo "check.sh: $CCUSAGE failed:" >&2
    cat "$work/ccusage.err" >&2
    exit 1
fi
theirs=$(node -e '
    const report = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    if (!report.totals || typeof report.totals.totalCost !== "number") {
        console.error("no totals.totalCost in the ccusage report");
        process.exit(1);
    }
    process.stdout.write(String(report.totals.totalCost));
' "$work/ccusage.json")

# Ours, in micro-USD: as ccusage counts cache writes, and with 1-hour writes at their price.
unset MOSAIC_TELEMETRY_PRICES
ours_compat=$(awk '{ print $2, $3, $4, $5 + $6, 0, $7 }' "$work/usage.txt" | "$PRICE_USAGE")
ours=$(awk '{ print $2, $3, $4, $5, $6, $7 }' "$work/usage.txt" | "$PRICE_USAGE")

awk -v theirs="$theirs" -v compat="$ours_compat" -v ours="$ours" -v tol="$TOLERANCE_PERCENT" '
BEGIN {
    compat_usd = compat / 1e6
    diff = theirs > 0 ? (compat_usd - theirs) / theirs * 100 : 100
    printf "ccusage 18.0.11:                         %.6f USD\n", theirs
    printf "ours, cache writes counted as ccusage:   %.6f USD (%+.4f %%)\n", compat_usd, diff
    printf "ours, 1-hour writes at the 1-hour price: %.6f USD\n", ours / 1e6
    if (diff < 0) diff = -diff
    if (diff > tol) { printf "FAIL: differ by more than %s %%\n", tol; exit 1 }
    printf "OK: within %s %%\n", tol
}'
