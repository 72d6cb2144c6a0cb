"""Shared helpers of the command's tests: the built binary, the reference server, a temp spool.

The binary comes from MOSAIC_CLI (or argv, via cli_tests.cmake), the server script from
MOSAIC_SERVER_SCRIPT. Each test class starts its own server; each test gets an empty server
(POST /_control/reset) and a fresh spool directory.
"""
import json
import os
import re
import subprocess
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "server"))
import control  # noqa: E402  (tests/server/control.py)

BIN = os.environ.get("MOSAIC_CLI", "")
SERVER_SCRIPT = os.environ.get("MOSAIC_SERVER_SCRIPT", "")
KEY, INSTANCE = control.KEY, control.INSTANCE
OTHER_KEY = "fedcba9876543210" * 4
EVENTS_PATH = "/v1/events/batch"


def dead_url():
    """A loopback URL where nothing listens (a port bound, then released)."""
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return "http://127.0.0.1:%d" % s.getsockname()[1]


class CliTestCase(control.ServerTestCase):
    """A server per class, a fresh spool and an empty server per test."""

    required_env = ("MOSAIC_CLI", "MOSAIC_SERVER_SCRIPT")
    tmp_prefix = "mosaic-cli-test-"

    def setUp(self):
        super().setUp()
        self.spool = os.path.join(self.tmp, "spool")

    def env(self, **overrides):
        """The environment of a configured command; None values remove a variable."""
        return control.configured_env(self.server.url, self.spool, **overrides)

    def run_cli(self, *args, env=None, input=None, timeout=60):
        return subprocess.run([BIN, *args], env=env or self.env(), input=input,
                              capture_output=True, text=True, timeout=timeout)

    def track(self, *extra, env=None):
        """Tracks one minimal event; returns its id."""
        r = self.run_cli("track", "--model", "claude-sonnet-4-5", "--complexity", "medium",
                         "--outcome", "success", *extra, env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout.strip()

    def status(self, env=None, origins=False):
        """`status` as a dict of its "name: value" lines, the values without the origin that
        follows some of them; with origins, (values, origins) with "environment", "default" or
        the config file's path by name."""
        r = self.run_cli("status", env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        values, where = parse_status(r.stdout)
        return (values, where) if origins else values

    def assertUsage(self, result, *fragments):
        """Exit 2 with one stderr line naming what was wrong."""
        self.assertEqual(result.returncode, 2, (result.stdout, result.stderr))
        self.assertEqual(result.stdout, "")
        for fragment in fragments:
            self.assertIn(fragment, result.stderr)


ORIGIN = re.compile(r"^(.*) \((?:from (.+)|(default))\)$")


def parse_status(stdout):
    """The "name: value" lines of `status` (or doctor's indented settings) as (values, origins):
    a trailing "(from X)" or "(default)" goes to origins as X or "default"."""
    values, origins = {}, {}
    for line in stdout.splitlines():
        name, value = line.strip().split(": ", 1)
        match = ORIGIN.match(value)
        if match:
            value, origins[name] = match.group(1), match.group(2) or match.group(3)
        values[name] = value
    return values, origins


def write_pending(spool, events, unix_ms=None, suffix=None):
    """Writes a pending file in the spool's documented format (<13 digits>-<16 hex>-<n>.jsonl)."""
    import random
    pending = os.path.join(spool, "pending")
    os.makedirs(pending, exist_ok=True)
    unix_ms = unix_ms if unix_ms is not None else int(time.time() * 1000)
    name = "%013d-%016x-%d.jsonl" % (unix_ms, random.getrandbits(64),
                                      suffix if suffix is not None else len(events))
    with open(os.path.join(pending, name), "w") as f:
        for e in events:
            f.write(json.dumps(e, separators=(",", ":")) + "\n")
    return name


def make_event(**fields):
    """A complete schema-1.0 event with a fresh id."""
    import uuid
    now = time.time()
    event = {
        "event_id": str(uuid.uuid4()), "instance_id": INSTANCE, "schema_version": "1.0",
        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now)) +
        ".%03dZ" % (int(now * 1000) % 1000),
        "task_duration_ms": 1000, "task_type": "implementation", "complexity": "medium",
        "harness": "claude_code", "model": "claude-sonnet-4-5", "provider": "anthropic",
        "estimated_input_tokens": 0, "estimated_output_tokens": 0, "actual_input_tokens": 100,
        "actual_output_tokens": 50, "estimated_cost_usd_micros": 0,
        "actual_cost_usd_micros": 1000, "quality_gate_passed": True, "quality_gates_run": [],
        "quality_gates_failed": [], "context_compactions": 0, "context_rotations": 0,
        "context_utilization_final": 0.5, "outcome": "success", "retry_count": 0,
        "language": None, "repo_size_category": None,
    }
    event.update(fields)
    return event


def main():
    """unittest.main, taking the binary and the server script from argv when given."""
    if len(sys.argv) >= 3 and not sys.argv[1].startswith("-"):
        os.environ["MOSAIC_CLI"], os.environ["MOSAIC_SERVER_SCRIPT"] = sys.argv[1], sys.argv[2]
        global BIN, SERVER_SCRIPT
        BIN, SERVER_SCRIPT = sys.argv[1], sys.argv[2]
        del sys.argv[1:3]
    unittest.main(module="__main__", verbosity=2)
