"""Shared helpers of the Claude Code adapter's tests.

The binary comes from MOSAIC_CLI and the reference server script from MOSAIC_SERVER_SCRIPT (or
argv, see main()). Each test class starts its own server; each test gets an empty server and a
temp directory holding HOME, CLAUDE_CONFIG_DIR (with a project directory where transcripts
live, as Claude Code lays them out), the hook's state directory and the spool.

A fixture (fixtures/<name>/) is a session written from the documented formats
(docs/harnesses/claude-code.md, "What the hook reads"): steps.json plays hook payloads and
transcript growth in order; transcript.jsonl, transcript2.jsonl and agents/<agent>.jsonl are
the transcripts the steps reveal line by line; expected.json holds the events the server must
store, in time order, without their random event_id.
"""
import json
import os
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server"))
import control  # noqa: E402  (tests/server/control.py)
import uuid

BIN = os.environ.get("MOSAIC_CLI", "")
SERVER_SCRIPT = os.environ.get("MOSAIC_SERVER_SCRIPT", "")
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")
KEY, INSTANCE = control.KEY, control.INSTANCE
T0 = 1795168800000  # 2026-11-20T10:00:00.000Z: "at" in steps.json counts from here


class Session:
    """One Claude Code installation in a temp directory, and the hook run inside it."""

    def __init__(self, root, server_url, grace_ms=0, project="-work-demo"):
        self.root = root
        self.claude = os.path.join(root, "claude")
        self.project = os.path.join(self.claude, "projects", project)
        self.state = os.path.join(root, "state")
        self.spool = os.path.join(root, "spool")
        os.makedirs(self.project, exist_ok=True)
        os.makedirs(os.path.join(root, "home"), exist_ok=True)
        self.server_url = server_url
        self.grace_ms = grace_ms
        self.written = {}  # path -> lines written so far

    def env(self, now_ms=None, **overrides):
        settings = {
            "HOME": os.path.join(self.root, "home"),
            "CLAUDE_CONFIG_DIR": self.claude,
            "MOSAIC_TELEMETRY_STATE_DIR": self.state,
            "MOSAIC_TELEMETRY_CLAUDE_GRACE_MS": str(self.grace_ms),
        }
        if now_ms is not None:
            settings["MOSAIC_TELEMETRY_CLAUDE_NOW_MS"] = str(now_ms)
        settings.update(overrides)
        return control.configured_env(self.server_url, self.spool, drop=("XDG_STATE_HOME",),
                                      **settings)

    def hook(self, payload, now_ms=None, env=None, timeout=30):
        """Runs the hook with payload (dict, str or bytes) on stdin."""
        if isinstance(payload, dict):
            payload = json.dumps(payload)
        if isinstance(payload, str):
            payload = payload.encode()
        return subprocess.run([BIN, "hook", "claude-code"], input=payload,
                              env=env or self.env(now_ms), capture_output=True, timeout=timeout)

    def cli(self, *args, env=None, cwd=None, timeout=60):
        return subprocess.run([BIN, *args], env=env or self.env(), capture_output=True, text=True,
                              timeout=timeout, cwd=cwd)

    def reveal(self, source, target, n):
        """Makes target hold the first n lines of source (appending what is new)."""
        with open(source, "rb") as f:
            lines = f.read().split(b"\n")[:-1]
        have = self.written.get(target, 0)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "ab") as f:
            for line in lines[have:n]:
                f.write(line + b"\n")
        self.written[target] = max(have, n)


class FixtureRun:
    """Plays a fixture into a Session."""

    def __init__(self, session, name):
        self.session, self.name = session, name
        self.dir = os.path.join(FIXTURES, name)
        with open(os.path.join(self.dir, "steps.json")) as f:
            self.meta = json.load(f)
        sid = self.meta["session_id"]
        self.paths = {
            "$TRANSCRIPT": os.path.join(session.project, sid + ".jsonl"),
            "$TRANSCRIPT2": os.path.join(session.project, "second-session.jsonl"),
            "$SUBAGENTS": os.path.join(session.project, sid, "subagents"),
        }
        self.results = []

    def expected(self):
        with open(os.path.join(self.dir, "expected.json")) as f:
            return json.load(f)

    def substitute(self, value):
        if isinstance(value, str):
            for name in sorted(self.paths, key=len, reverse=True):
                value = value.replace(name, self.paths[name])
            return value
        if isinstance(value, dict):
            return {k: self.substitute(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.substitute(v) for v in value]
        return value

    def step(self, step):
        s = self.session
        if "hook" in step:
            self.results.append(s.hook(self.substitute(step["hook"]), now_ms=T0 + step["at"]))
        elif "transcript" in step:
            s.reveal(os.path.join(self.dir, "transcript.jsonl"), self.paths["$TRANSCRIPT"],
                     step["transcript"])
        elif "transcript2" in step:
            s.reveal(os.path.join(self.dir, "transcript2.jsonl"), self.paths["$TRANSCRIPT2"],
                     step["transcript2"])
        elif "agent" in step:
            s.reveal(os.path.join(self.dir, "agents", step["agent"] + ".jsonl"),
                     os.path.join(self.paths["$SUBAGENTS"], step["agent"] + ".jsonl"),
                     step["lines"])
        else:
            raise ValueError("unknown step %r" % step)

    def play(self):
        for step in self.meta["steps"]:
            self.step(step)
        return self.results


def read_jsonl(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def wait_for(predicate, timeout=20.0, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


def without_id(event):
    return {k: v for k, v in event.items() if k != "event_id"}


class HookTestCase(control.ServerTestCase):
    """A server per class; an empty server and a fresh temp directory per test."""

    required_env = ("MOSAIC_CLI", "MOSAIC_SERVER_SCRIPT")
    tmp_prefix = "mosaic-cc-test-"

    def session(self, grace_ms=0, sub="s"):
        return Session(os.path.join(self.tmp, sub), self.server.url, grace_ms=grace_ms)

    def assertQuiet(self, result, log_lines=0):
        """Exit 0, nothing on stdout, and exactly log_lines lines on stderr."""
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout, b"" if isinstance(result.stdout, bytes) else "")
        err = result.stderr.decode() if isinstance(result.stderr, bytes) else result.stderr
        self.assertEqual(len(err.splitlines()), log_lines, err)
        return err

    def delivered(self, session, count, wait=20.0):
        """The events at the server once `count` have arrived (waiting up to `wait` seconds for
        the hook's background flush), after an explicit flush that must find nothing more to
        send (so no event was made twice)."""
        wait_for(lambda: len(self.server.events()) >= count, timeout=wait)
        flush = session.cli("flush")
        self.assertEqual(flush.returncode, 0, flush.stderr)
        events = self.server.events()
        for event in events:
            self.assertEqual(str(uuid.UUID(event["event_id"], version=4)), event["event_id"])
        self.assertEqual(len({e["event_id"] for e in events}), len(events))
        return sorted(events, key=lambda e: e["timestamp"])

    def run_fixture(self, name, session=None):
        """Plays the fixture, checks every hook was quiet, returns the stored events."""
        with open(os.path.join(FIXTURES, name, "steps.json")) as f:
            grace = json.load(f)["grace_ms"]
        session = session or self.session(grace_ms=grace)
        run = FixtureRun(session, name)
        for result in run.play():
            self.assertQuiet(result)
        expected = run.expected()
        if grace:
            time.sleep(grace / 1000 + 0.5)  # the finisher's turn
        return run, self.delivered(session, len(expected))


def main():
    """unittest.main, taking the binary and the server script from argv when given."""
    if len(sys.argv) >= 3 and not sys.argv[1].startswith("-"):
        global BIN, SERVER_SCRIPT
        BIN, SERVER_SCRIPT = sys.argv[1], sys.argv[2]
        os.environ["MOSAIC_CLI"], os.environ["MOSAIC_SERVER_SCRIPT"] = BIN, SERVER_SCRIPT
        del sys.argv[1:3]
    unittest.main(module="__main__", verbosity=2)
