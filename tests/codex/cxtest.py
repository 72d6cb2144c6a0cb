"""Shared helpers of the Codex adapter's tests.

The binary comes from MOSAIC_CLI and the reference server script from MOSAIC_SERVER_SCRIPT. Each
test class starts its own server; each test gets an empty server and a temp directory holding
CODEX_HOME, the hook's state directory and the spool.

The fixtures in fixtures/captured-<version>/ are what the real Codex CLI gave its hooks and wrote
to its rollout (docs/harnesses/codex.md, "How it was observed"): hooks.jsonl, one payload a line
in the order the hooks ran; rollout.jsonl; served.jsonl, what the fake model API answered. A test
plays the payloads while revealing the rollout line by line, as Codex writes it.
"""
import json
import os
import subprocess
import sys
import time
import unittest
import uuid

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server"))
import control  # noqa: E402  (tests/server/control.py)

BIN = os.environ.get("MOSAIC_CLI", "")
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "harness"))
import npm_harness  # noqa: E402  (tests/harness/npm_harness.py)

PINNED_VERSION = npm_harness.pinned("@openai/codex")
# MOSAIC_CODEX_VERSION runs codex/real against another version once; the fixtures stay the
# pinned version's.
CODEX_VERSION = npm_harness.version_of("@openai/codex", "MOSAIC_CODEX_VERSION")
CAPTURED = os.path.join(HERE, "fixtures", "captured-" + PINNED_VERSION)
T0 = 1796283397000  # the captured session's start: "at" offsets count from here


def read_jsonl(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def write_jsonl(path, records):
    with open(path, "w") as f:
        for r in records:
            f.write((r if isinstance(r, str) else json.dumps(r, separators=(",", ":"))) + "\n")


def served_usage(served):
    """The fake API's figures added up: (input incl. cached, cached, output incl. reasoning)."""
    total = [0, 0, 0]
    for s in served:
        u = s.get("usage")
        if u:
            total[0] += u["input_tokens"]
            total[1] += u["input_tokens_details"]["cached_tokens"]
            total[2] += u["output_tokens"]
    return tuple(total)


class Session:
    """One Codex home in a temp directory, and the hook run inside it."""

    def __init__(self, root, server_url, grace_ms=0):
        self.root = root
        self.codex_home = os.path.join(root, "codex")
        self.state = os.path.join(root, "state")
        self.spool = os.path.join(root, "spool")
        self.rollout = os.path.join(self.codex_home, "sessions", "2026", "12", "03",
                                    "rollout-test.jsonl")
        os.makedirs(os.path.dirname(self.rollout), exist_ok=True)
        os.makedirs(os.path.join(root, "home"), exist_ok=True)
        self.server_url = server_url
        self.grace_ms = grace_ms
        self.written = {}

    def env(self, now_ms=None, **overrides):
        settings = {
            "HOME": os.path.join(self.root, "home"),
            "CODEX_HOME": self.codex_home,
            "MOSAIC_TELEMETRY_STATE_DIR": self.state,
            "MOSAIC_TELEMETRY_CODEX_GRACE_MS": str(self.grace_ms),
        }
        if now_ms is not None:
            settings["MOSAIC_TELEMETRY_CODEX_NOW_MS"] = str(now_ms)
        settings.update(overrides)
        return control.configured_env(self.server_url, self.spool, drop=("XDG_STATE_HOME",),
                                      **settings)

    def hook(self, payload, now_ms=None):
        if isinstance(payload, dict):
            payload = json.dumps(payload)
        if isinstance(payload, str):
            payload = payload.encode()
        return subprocess.run([BIN, "hook", "codex"], input=payload, env=self.env(now_ms),
                              capture_output=True, timeout=30)

    def cli(self, *args, cwd=None):
        return subprocess.run([BIN, *args], env=self.env(), capture_output=True, text=True,
                              timeout=60, cwd=cwd)

    def reveal(self, lines, n, target=None):
        """Makes target (the rollout) hold the first n of lines, appending what is new."""
        target = target or self.rollout
        have = self.written.get(target, 0)
        with open(target, "a") as f:
            for line in lines[have:n]:
                f.write((line if isinstance(line, str) else
                         json.dumps(line, separators=(",", ":"))) + "\n")
        self.written[target] = max(have, n)

    def play(self, hooks, rollout, steps, target=None):
        """steps: (hook index, rollout lines visible when it runs, ms after T0). Each payload's
        transcript_path is pointed at this session's rollout. Returns the hook results."""
        results = []
        for index, visible, at in steps:
            self.reveal(rollout, visible, target)
            payload = dict(hooks[index])
            if payload.get("transcript_path"):
                payload["transcript_path"] = target or self.rollout
            results.append(self.hook(payload, now_ms=T0 + at))
        return results


def wait_for(predicate, timeout=20.0, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


class HookTestCase(control.ServerTestCase):
    required_env = ("MOSAIC_CLI", "MOSAIC_SERVER_SCRIPT")
    tmp_prefix = "mosaic-cx-test-"

    def session(self, grace_ms=0, sub="s"):
        return Session(os.path.join(self.tmp, sub), self.server.url, grace_ms=grace_ms)

    def assertQuiet(self, result, log_lines=0):
        """Exit 0, nothing on stdout, and exactly log_lines lines on stderr."""
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, b"")
        err = result.stderr.decode()
        self.assertEqual(len(err.splitlines()), log_lines, err)
        return err

    def delivered(self, session, count, wait=20.0):
        """The events at the server once `count` arrived, after a flush that must find nothing
        more to send (no event made twice)."""
        wait_for(lambda: len(self.server.events()) >= count, timeout=wait)
        flush = session.cli("flush")
        self.assertEqual(flush.returncode, 0, flush.stderr)
        events = self.server.events()
        for event in events:
            self.assertEqual(str(uuid.UUID(event["event_id"], version=4)), event["event_id"])
        self.assertEqual(len(events), count, events)
        return sorted(events, key=lambda e: e["timestamp"])


def main():
    if len(sys.argv) >= 3 and not sys.argv[1].startswith("-"):
        global BIN
        BIN = sys.argv[1]
        os.environ["MOSAIC_CLI"], os.environ["MOSAIC_SERVER_SCRIPT"] = sys.argv[1], sys.argv[2]
        del sys.argv[1:3]
    unittest.main(module="__main__", verbosity=2)
