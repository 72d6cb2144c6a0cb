"""Shared helpers of the Cline adapter's tests, on the Codex tests' server case
(tests/codex/cxtest.py: the reference server per class, delivered(), assertQuiet()).

The fixtures in fixtures/captured-<version>/ are what the real Cline CLI gave its hook files and
wrote to its session files (capture.py; docs/harnesses/cline.md, "How it was observed"):
hooks.jsonl, one {"event", "payload"} a line in the order the hooks ran; manifest.json and
messages.json, the session's files at the end; served.jsonl, what the fake model API answered;
failed-*, the same for a model API failure. Cline rewrites the messages file whole, so a test
plays each payload with the file holding the messages up to that moment (the ones whose `ts` is
not later than the hook's timestamp).
"""
import datetime
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "codex"))
import cxtest  # noqa: E402  (tests/codex/cxtest.py)
from cxtest import read_jsonl, wait_for  # noqa: E402,F401

import clrun  # noqa: E402  (puts tests/harness on the path)
from fix_task import check_fixed, check_tokens, served_totals  # noqa: E402,F401

CAPTURED = os.path.join(HERE, "fixtures", "captured-" + clrun.PINNED_VERSION)
MODEL = clrun.MODEL


def at_ms(payload):
    """The payload's ISO timestamp in Unix milliseconds."""
    when = datetime.datetime.fromisoformat(payload["timestamp"].replace("Z", "+00:00"))
    return int(when.timestamp() * 1000)


def load(path):
    with open(path) as f:
        return json.load(f)


class Session:
    """One Cline home in a temp directory, and the hook run inside it."""

    def __init__(self, root, server_url, grace_ms=0):
        self.root = root
        self.home = os.path.join(root, "home")
        self.state = os.path.join(root, "state")
        self.spool = os.path.join(root, "spool")
        os.makedirs(self.home, exist_ok=True)
        self.server_url = server_url
        self.grace_ms = grace_ms

    def session_file(self, session_id, suffix):
        return os.path.join(self.home, ".cline", "data", "sessions", session_id,
                            session_id + suffix)

    def env(self, now_ms=None, **overrides):
        settings = {
            "HOME": self.home,
            "MOSAIC_TELEMETRY_STATE_DIR": self.state,
            "MOSAIC_TELEMETRY_CLINE_GRACE_MS": str(self.grace_ms),
        }
        if now_ms is not None:
            settings["MOSAIC_TELEMETRY_CLINE_NOW_MS"] = str(now_ms)
        settings.update(overrides)
        return cxtest.control.configured_env(self.server_url, self.spool,
                                             drop=("XDG_STATE_HOME",), **settings)

    def hook(self, payload, now_ms=None):
        if isinstance(payload, dict):
            payload = json.dumps(payload)
        if isinstance(payload, str):
            payload = payload.encode()
        return subprocess.run([cxtest.BIN, "hook", "cline"], input=payload, env=self.env(now_ms),
                              capture_output=True, timeout=30)

    def cli(self, *args, cwd=None):
        return subprocess.run([cxtest.BIN, *args], env=self.env(), capture_output=True,
                              text=True, timeout=60, cwd=cwd)

    def write_session(self, session_id, manifest, messages, upto_ms, agent=None):
        """The manifest, and the messages file (and a spawned agent's, agent_1.messages.json)
        holding the messages written by upto_ms."""
        path = self.session_file(session_id, ".messages.json")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(self.session_file(session_id, ".json"), "w") as f:
            json.dump(manifest, f)
        files = [(path, messages)]
        if agent:
            files.append((os.path.join(os.path.dirname(path), "agent_1.messages.json"), agent))
        for target, whole in files:
            kept = dict(whole, messages=[m for m in whole["messages"] if m["ts"] <= upto_ms])
            if not kept["messages"]:
                continue  # not written yet
            with open(target + ".tmp", "w") as f:
                json.dump(kept, f)
            os.replace(target + ".tmp", target)  # rewritten whole, as Cline does

    def play(self, hooks, manifest, messages, until=None, messages_at=None, agent=None):
        """Plays hooks[:until] at their timestamps, the session's files as they were then
        (messages_at: {hook index: ms} to show the files as at another moment)."""
        results = []
        for i, record in enumerate(hooks[:until]):
            payload = record["payload"]
            now = at_ms(payload)
            sid = payload["sessionContext"]["rootSessionId"]
            self.write_session(sid, manifest, messages, (messages_at or {}).get(i, now), agent)
            results.append(self.hook(payload, now_ms=now))
        return results


class HookTestCase(cxtest.HookTestCase):
    tmp_prefix = "mosaic-cl-test-"

    def session(self, grace_ms=0, sub="s"):
        return Session(os.path.join(self.tmp, sub), self.server.url, grace_ms=grace_ms)


main = cxtest.main
