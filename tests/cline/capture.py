"""Captures what the real Cline CLI gives its hook files and writes to its session files, for
the fixture tests (fixtures/captured-<version>/; docs/harnesses/cline.md, "How it was
observed").

Usage: capture.py OUT_DIR [NAME]  (NAME: "" for the task that fixes the tests, "failed-" for a
model API failure, "subagent-" for a task that spawns an agent, whose messages file is copied as
<NAME>agent.messages.json). A recorder file for every hook event appends {"event", "payload"} to
OUT_DIR/<NAME>hooks.jsonl; the session's manifest and messages file and what the fake API served
are copied beside it.
"""
import glob
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
import clrun  # noqa: E402
import npm_harness  # noqa: E402  (put on the path by clrun)

EVENTS = ["TaskStart", "TaskResume", "TaskCancel", "TaskComplete", "TaskError", "PreToolUse",
          "PostToolUse", "UserPromptSubmit", "SessionShutdown", "PreCompact"]
RECORDER = """#!%s
import json, sys
with open(%r, "a") as f:
    f.write(json.dumps({"event": %r, "payload": json.load(sys.stdin)}) + "\\n")
"""


def main():
    out, name = os.path.abspath(sys.argv[1]), (sys.argv[2] if len(sys.argv) > 2 else "")
    os.makedirs(out, exist_ok=True)
    cline, why = npm_harness.install("cline", clrun.PINNED_VERSION, "cline")
    if not cline:
        sys.exit(why)
    root = tempfile.mkdtemp(prefix="cline-capture-")
    hooks_out = os.path.join(out, name + "hooks.jsonl")
    if os.path.exists(hooks_out):
        os.remove(hooks_out)
    run = clrun.ClineRun(cline, root, os.path.join(root, "api"))
    for event in EVENTS:
        path = os.path.join(run.hooks_dir, event)
        with open(path, "w") as f:
            f.write(RECORDER % (sys.executable, hooks_out, event))
        os.chmod(path, 0o755)
    try:
        prompts = {"failed-": "this is broken", "subagent-": "please delegate this"}
        r = run.run(prompts.get(name, "please fix the tests"))
        print(r.returncode, r.stdout[-500:])
        session = run.session_dir()
        sid = os.path.basename(session)
        shutil.copy(os.path.join(session, sid + ".json"), os.path.join(out, name + "manifest.json"))
        shutil.copy(os.path.join(session, sid + ".messages.json"),
                    os.path.join(out, name + "messages.json"))
        for agent in glob.glob(os.path.join(session, "agent_*.messages.json")):
            shutil.copy(agent, os.path.join(out, name + "agent.messages.json"))
        shutil.copy(os.path.join(root, "api", "served.jsonl"),
                    os.path.join(out, name + "served.jsonl"))
    finally:
        run.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
