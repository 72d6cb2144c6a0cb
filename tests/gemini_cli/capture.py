"""Records what the real Gemini CLI gives its hooks and writes to its chat file, for the fixture
tests (docs/harnesses/gemini-cli.md, "How it was observed"). Not a test: run by hand when the
pinned version changes.

    python3 tests/gemini_cli/capture.py OUT_DIR

Drives `gemini -p ... --yolo` at the pinned version against the fake API (fake_gemini.py) in a
scratch home, with a recording hook on every event, and writes into OUT_DIR:
  hooks.jsonl   one payload a line, in the order the hooks ran, each with "_chat_lines": how
                many lines the chat file had when the hook ran, and "_env": the GEMINI_* names
                the hook saw
  chats/        each chat file a hook was given, as the last hook that named it saw it
  served.jsonl  what the fake API answered
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "harness"))
import npm_harness  # noqa: E402
from gmtest import BROKEN, FIX_TESTS, MAKEFILE  # noqa: E402
from fake_gemini import FakeGemini  # noqa: E402

EVENTS = ("SessionStart", "BeforeAgent", "BeforeModel", "AfterModel", "BeforeToolSelection",
          "BeforeTool", "AfterTool", "PreCompress", "AfterAgent", "SessionEnd", "Notification")

RECORDER = r'''import json, os, shutil, sys
data = json.load(sys.stdin)
path = data.get("transcript_path") or ""
try:
    with open(path) as f:
        data["_chat_lines"] = sum(1 for _ in f)
    shutil.copy(path, os.path.join(os.environ["CAPTURE_CHATS"], os.path.basename(path)))
except OSError:
    data["_chat_lines"] = -1
data["_env"] = sorted(k for k in os.environ if k.startswith(("GEMINI", "MOSAIC", "CLAUDE")))
with open(os.environ["CAPTURE_HOOKS"], "a") as f:
    f.write(json.dumps(data) + "\n")
'''


SCRIPT = {"scripts": [
    FIX_TESTS,
    {"user": "rename the greeting", "steps": [
        {"call": "replace", "args": {"file_path": "app.py", "old_string": "fixed",
                                     "new_string": "hello", "instruction": "rename"}},
        {"text": "Renamed.", "usage": [5200, 0, 8, 0]}]},
    BROKEN,
    # A prompt reported as 600k tokens: past half of gemini-2.5-pro's window, so Gemini CLI
    # compresses the history before its next call (it keeps the last prompt's turns whole, so
    # the history needs earlier prompts to compress: the session is resumed).
    {"user": "a long task", "steps": [
        {"call": "run_shell_command", "args": {"command": "echo step %d" % i},
         "usage": [3000 + i, 0, 10, 0]} for i in range(8)] + [
        {"call": "run_shell_command", "args": {"command": "echo long"}, "usage": [600000, 0, 10, 0]},
        {"text": "Done after compressing.", "usage": [3000, 0, 9, 0]}]}],
    "default": {"steps": [{"text": "Plain answer."}]}}


def main():
    out = os.path.abspath(sys.argv[1])
    os.makedirs(out, exist_ok=True)
    version = npm_harness.pinned("@google/gemini-cli")
    gemini = npm_harness.skip_unless_installed("Gemini CLI", "@google/gemini-cli", version,
                                               "gemini")
    root = tempfile.mkdtemp(prefix="mosaic-gm-capture-")
    home, work = os.path.join(root, "home"), os.path.join(root, "work")
    os.makedirs(os.path.join(home, ".gemini"))
    os.makedirs(work)
    with open(os.path.join(work, "Makefile"), "w") as f:
        f.write(MAKEFILE)
    recorder = os.path.join(root, "record.py")
    with open(recorder, "w") as f:
        f.write(RECORDER)
    hook = {"type": "command", "command": "%s %s" % (sys.executable, recorder), "timeout": 10000}
    settings = {"security": {"auth": {"selectedType": "gemini-api-key"}},
                "hooks": {e: [{"hooks": [hook]}] for e in EVENTS}}
    with open(os.path.join(home, ".gemini", "settings.json"), "w") as f:
        json.dump(settings, f, indent=2)
    api = FakeGemini(SCRIPT, os.path.join(root, "api"))
    env = dict(os.environ, GEMINI_CLI_HOME=home, HOME=home, GOOGLE_GEMINI_BASE_URL=api.url,
               GEMINI_API_KEY="not-a-key", GEMINI_CLI_TRUST_WORKSPACE="true",
               CAPTURE_HOOKS=os.path.join(out, "hooks.jsonl"),
               CAPTURE_CHATS=os.path.join(out, "chats"))
    os.makedirs(env["CAPTURE_CHATS"], exist_ok=True)
    try:
        for args in (["-p", "please fix the tests"], ["--resume", "latest", "-p",
                                                       "rename the greeting"],
                     # resumed: a history of several prompts is one Gemini CLI can split
                     ["--resume", "latest", "-p", "a long task"], ["-p", "this is broken"]):
            r = subprocess.run([gemini, "-m", "gemini-2.5-pro", "--yolo", *args], cwd=work,
                               env=env, capture_output=True, text=True, timeout=300,
                               stdin=subprocess.DEVNULL)
            print("gemini %s -> %d\n%s\n%s" % (args, r.returncode, r.stdout[-1500:],
                                               r.stderr[-3000:]))
        for path in glob.glob(os.path.join(home, ".gemini", "tmp", "*", "chats", "*")):
            print("chat file left at the end:", path)
        shutil.copy(os.path.join(root, "api", "served.jsonl"), os.path.join(out, "served.jsonl"))
    finally:
        api.stop()
    print("scratch left in", root)


if __name__ == "__main__":
    main()
