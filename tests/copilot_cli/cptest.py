"""Shared helpers of the Copilot CLI adapter's tests, on the Codex tests' server case
(tests/codex/cxtest.py: the reference server per class, delivered(), assertQuiet()).

The fixtures in fixtures/captured-<version>/ are what the real Copilot CLI gave its hooks and
wrote to its session log (capture.py; docs/harnesses/copilot-cli.md, "How it was observed"):
hooks.jsonl, one {"event", "payload"} a line in the order the hooks ran; events.jsonl, the
session log; served.jsonl, what the fake model API answered; failed-*, the same for a model API
failure. The log records each hook's start (a hook.start line), so a test plays each payload
with the log revealed up to its own hook.start line, as Copilot had written it then.
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "codex"))
import cxtest  # noqa: E402  (tests/codex/cxtest.py)
from cxtest import read_jsonl, wait_for  # noqa: E402,F401

import cprun  # noqa: E402  (puts tests/harness on the path)
from fix_task import check_fixed, check_tokens, served_totals  # noqa: E402,F401

CAPTURED = os.path.join(HERE, "fixtures", "captured-" + cprun.PINNED_VERSION)
MODEL = cprun.MODEL


class Session:
    """One Copilot home in a temp directory, and the hook run inside it."""

    def __init__(self, root, server_url, grace_ms=0):
        self.root = root
        self.home = os.path.join(root, "home")
        self.copilot_home = os.path.join(self.home, ".copilot")
        self.state = os.path.join(root, "state")
        self.spool = os.path.join(root, "spool")
        os.makedirs(self.copilot_home, exist_ok=True)
        self.server_url = server_url
        self.grace_ms = grace_ms
        self.written = {}

    def log_path(self, session_id):
        return os.path.join(self.copilot_home, "session-state", session_id, "events.jsonl")

    def env(self, now_ms=None, **overrides):
        settings = {
            "HOME": self.home,
            "COPILOT_HOME": self.copilot_home,
            "MOSAIC_TELEMETRY_STATE_DIR": self.state,
            "MOSAIC_TELEMETRY_COPILOT_GRACE_MS": str(self.grace_ms),
        }
        if now_ms is not None:
            settings["MOSAIC_TELEMETRY_COPILOT_NOW_MS"] = str(now_ms)
        settings.update(overrides)
        return cxtest.control.configured_env(self.server_url, self.spool,
                                             drop=("XDG_STATE_HOME",), **settings)

    def hook(self, payload, now_ms=None):
        if isinstance(payload, dict):
            payload = json.dumps(payload)
        if isinstance(payload, str):
            payload = payload.encode()
        return subprocess.run([cxtest.BIN, "hook", "copilot-cli"], input=payload,
                              env=self.env(now_ms), capture_output=True, timeout=30)

    def cli(self, *args, cwd=None):
        return subprocess.run([cxtest.BIN, *args], env=self.env(), capture_output=True,
                              text=True, timeout=60, cwd=cwd)

    def reveal(self, path, lines, n):
        """Makes path hold the first n of lines, appending what is new."""
        os.makedirs(os.path.dirname(path), exist_ok=True)
        have = self.written.get(path, 0)
        with open(path, "a") as f:
            for line in lines[have:n]:
                f.write((line if isinstance(line, str) else
                         json.dumps(line, separators=(",", ":"))) + "\n")
        self.written[path] = max(have, n)

    def play(self, hooks, log, upto=None, until=None):
        """Plays hooks[:until], each with the log revealed up to its own hook.start line (upto:
        {hook index: lines visible instead}), at the payload's timestamp. Returns the results."""
        results = []
        for i, record in enumerate(hooks[:until]):
            payload = dict(record["payload"])
            path = self.log_path(payload["sessionId"])
            visible = (upto or {}).get(i, hook_start_position(log, hooks, i))
            self.reveal(path, log, visible)
            if payload.get("transcriptPath"):
                payload["transcriptPath"] = path
            results.append(self.hook(payload, now_ms=payload["timestamp"]))
        return results


def hook_start_position(log, hooks, index):
    """The number of log lines up to and including the hook.start line of hooks[index] (the nth
    hook of its event is the nth hook.start of its type)."""
    event = hooks[index]["event"]
    nth = sum(1 for h in hooks[:index] if h["event"] == event)
    for i, line in enumerate(log):
        if (isinstance(line, dict) and line.get("type") == "hook.start" and
                line["data"].get("hookType") == event):
            if nth == 0:
                return i + 1
            nth -= 1
    raise KeyError((event, index))


def line_position(log, kind, nth=0):
    """The number of log lines up to and including the nth line of a type."""
    for i, line in enumerate(log):
        if isinstance(line, dict) and line.get("type") == kind:
            if nth == 0:
                return i + 1
            nth -= 1
    raise KeyError((kind, nth))


class HookTestCase(cxtest.HookTestCase):
    tmp_prefix = "mosaic-cp-test-"

    def session(self, grace_ms=0, sub="s"):
        return Session(os.path.join(self.tmp, sub), self.server.url, grace_ms=grace_ms)


main = cxtest.main
