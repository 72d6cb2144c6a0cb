"""Captures what the real Copilot CLI gives its hooks and writes to its session log, for the
fixture tests (fixtures/captured-<version>/; docs/harnesses/copilot-cli.md, "How it was
observed").

Usage: capture.py OUT_DIR [NAME]  (NAME: "" for the task that fixes the tests, "failed-" for a
model API failure, "subagent-" for a task that delegates to a subagent). Every hook event is routed to a recorder that appends {"event", "payload"}
to OUT_DIR/<NAME>hooks.jsonl; the session's events.jsonl and what the fake API served are
copied beside it. Needs npm (the package is installed as the real test installs it).
"""
import json
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "harness"))
import npm_harness  # noqa: E402

import cprun  # noqa: E402

EVENTS = ["sessionStart", "userPromptSubmitted", "preToolUse", "permissionRequest",
          "postToolUse", "postToolUseFailure", "preCompact", "errorOccurred", "agentStop",
          "subagentStart", "subagentStop", "sessionEnd"]
RECORDER = """import json, sys
with open(sys.argv[2], "a") as f:
    f.write(json.dumps({"event": sys.argv[1], "payload": json.load(sys.stdin)}) + "\\n")
"""


def main():
    out, name = os.path.abspath(sys.argv[1]), (sys.argv[2] if len(sys.argv) > 2 else "")
    os.makedirs(out, exist_ok=True)
    copilot, why = npm_harness.install("@github/copilot", cprun.PINNED_VERSION, "copilot")
    if not copilot:
        sys.exit(why)
    root = tempfile.mkdtemp(prefix="copilot-capture-")
    recorder = os.path.join(root, "record.py")
    with open(recorder, "w") as f:
        f.write(RECORDER)
    hooks_out = os.path.join(out, name + "hooks.jsonl")
    if os.path.exists(hooks_out):
        os.remove(hooks_out)
    run = cprun.CopilotRun(copilot, root, os.path.join(root, "api"))
    with open(os.path.join(run.hooks_dir, "capture.json"), "w") as f:
        json.dump({"version": 1, "hooks": {e: [{"type": "command", "timeoutSec": 10, "bash":
                   "%s %s %s %s" % (sys.executable, recorder, e, hooks_out)}] for e in EVENTS}},
                  f)
    try:
        prompts = {"failed-": "this is broken", "subagent-": "please delegate this"}
        r = run.run(prompts.get(name, "please fix the tests"))
        print(r.returncode, r.stdout[-500:], r.stderr[-500:])
        shutil.copy(run.session_log(), os.path.join(out, name + "events.jsonl"))
        shutil.copy(os.path.join(root, "api", "served.jsonl"),
                    os.path.join(out, name + "served.jsonl"))
    finally:
        run.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
