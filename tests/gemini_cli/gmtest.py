"""Shared helpers of the Gemini CLI adapter's tests.

The binary comes from MOSAIC_CLI and the reference server script from MOSAIC_SERVER_SCRIPT. Each
test class starts its own server; each test gets an empty server and a temp directory holding
Gemini CLI's home (GEMINI_CLI_HOME), the hook's state directory and the spool. The generic parts
(the server per class, delivered(), assertQuiet()) are the Codex tests' (tests/codex/cxtest.py).

The fixtures in fixtures/captured-<version>/ are what the real Gemini CLI gave its hooks and wrote
to its chat files (capture.py; docs/harnesses/gemini-cli.md, "How it was observed"): hooks.jsonl,
one payload a line in the order the hooks ran, each with "_chat_lines", the number of chat-file
lines when it ran; chats/, the chat files; served.jsonl, what the fake Gemini API answered.
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.append(os.path.join(HERE, "..", "codex"))  # after this directory: no name of ours shadowed
sys.path.insert(0, os.path.join(HERE, "..", "harness"))
import cxtest  # noqa: E402  (tests/codex/cxtest.py: the server per class, delivered())
import npm_harness  # noqa: E402  (tests/harness/npm_harness.py)
from cxtest import read_jsonl, wait_for  # noqa: E402,F401

PACKAGE = "@google/gemini-cli"
PINNED_VERSION = npm_harness.pinned(PACKAGE)
# MOSAIC_GEMINI_VERSION runs gemini_cli/real against another version once; the fixtures stay the
# pinned version's.
GEMINI_VERSION = npm_harness.version_of(PACKAGE, "MOSAIC_GEMINI_VERSION")
CAPTURED = os.path.join(HERE, "fixtures", "captured-" + PINNED_VERSION)


# What the fake API and the work directory hold in capture.py and test_real.py: make test fails,
# app.py is written, make test passes (the Makefile passes from its second run on).
MAKEFILE = "test:\n\t@test -f .passed || { touch .passed; echo FAIL; exit 1; }\n\t@echo ok\n"
FIX_TESTS = {"user": "please fix the tests", "steps": [
    {"call": "run_shell_command", "args": {"command": "make test"}, "usage": [4100, 0, 20, 30]},
    {"call": "write_file", "args": {"file_path": "app.py", "content": "print('fixed')\n"},
     "usage": [4300, 4000, 25, 0]},
    {"call": "run_shell_command", "args": {"command": "make test"}, "usage": [4500, 4200, 20, 0]},
    {"text": "The tests pass now.", "usage": [4700, 4400, 12, 40]}]}
BROKEN = {"user": "this is broken", "steps": [{"error": 400, "message": "scripted failure"}]}


def bin_path():
    return os.environ.get("MOSAIC_CLI", "")


class Session:
    """One Gemini CLI home in a temp directory, and the hook run inside it."""

    def __init__(self, root, server_url, grace_ms=0):
        self.root = root
        self.home = os.path.join(root, "home")
        self.state = os.path.join(root, "state")
        self.spool = os.path.join(root, "spool")
        self.chats = os.path.join(self.home, ".gemini", "tmp", "work", "chats")
        os.makedirs(self.chats, exist_ok=True)
        self.server_url = server_url
        self.grace_ms = grace_ms
        self.written = {}

    def chat_path(self, name):
        return os.path.join(self.chats, name)

    def env(self, now_ms=None, **overrides):
        settings = {
            "HOME": self.home,
            "GEMINI_CLI_HOME": self.home,
            "MOSAIC_TELEMETRY_STATE_DIR": self.state,
            "MOSAIC_TELEMETRY_GEMINI_GRACE_MS": str(self.grace_ms),
        }
        if now_ms is not None:
            settings["MOSAIC_TELEMETRY_GEMINI_NOW_MS"] = str(now_ms)
        settings.update(overrides)
        return cxtest.control.configured_env(self.server_url, self.spool,
                                             drop=("XDG_STATE_HOME",), **settings)

    def hook(self, payload, now_ms=None):
        if isinstance(payload, dict):
            payload = json.dumps(payload)
        if isinstance(payload, str):
            payload = payload.encode()
        return subprocess.run([bin_path(), "hook", "gemini-cli"], input=payload,
                              env=self.env(now_ms), capture_output=True, timeout=30)

    def cli(self, *args, cwd=None, env=None):
        return subprocess.run([bin_path(), *args], env=env or self.env(), capture_output=True,
                              text=True, timeout=60, cwd=cwd)

    def reveal(self, lines, n, target):
        """Makes target hold the first n of lines, appending what is new."""
        have = self.written.get(target, 0)
        with open(target, "a") as f:
            for line in lines[have:n]:
                f.write((line if isinstance(line, str) else
                         json.dumps(line, separators=(",", ":"))) + "\n")
        self.written[target] = max(have, n)


class HookTestCase(cxtest.HookTestCase):
    tmp_prefix = "mosaic-gm-test-"

    def session(self, grace_ms=0, sub="s"):
        return Session(os.path.join(self.tmp, sub), self.server.url, grace_ms=grace_ms)


def main():
    if len(sys.argv) >= 3 and not sys.argv[1].startswith("-"):
        os.environ["MOSAIC_CLI"], os.environ["MOSAIC_SERVER_SCRIPT"] = sys.argv[1], sys.argv[2]
        del sys.argv[1:3]
    import unittest
    unittest.main(module="__main__", verbosity=2)
