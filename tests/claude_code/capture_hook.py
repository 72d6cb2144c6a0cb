"""A hook for capturing fixtures from the real Claude Code (test_real.py, MOSAIC_CC_CAPTURE): it
appends what Claude Code handed it, and how many complete lines each transcript of the session
(its own and its subagents') held at that moment, to <dir>/hooks.jsonl. Always exits 0."""
import glob
import json
import os
import sys


def complete_lines(path):
    try:
        with open(path, "rb") as f:
            return f.read().count(b"\n")
    except OSError:
        return 0


def main():
    into = sys.argv[1]
    raw = sys.stdin.read()
    try:
        payload = json.loads(raw)
        transcript = payload.get("transcript_path") or ""
        files = [transcript] + sorted(glob.glob(os.path.join(
            transcript[:-len(".jsonl")], "subagents", "agent-*.jsonl")))
        lines = {os.path.basename(f): complete_lines(f) for f in files if f}
        with open(os.path.join(into, "hooks.jsonl"), "a") as f:
            f.write(json.dumps({"payload": payload, "lines": lines}) + "\n")
    except (ValueError, OSError):
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
