"""Shared helpers of the preload tests: the shim, the `run` command, the reference server, fake
quality tools on PATH, and waiting for the one event a task sends.

The shim comes from MOSAIC_PRELOAD_SHIM, the command that has `run` from MOSAIC_RUN_CLI, the
server script from MOSAIC_SERVER_SCRIPT (preload_tests.cmake sets them). Each test class starts
its own server; each test gets an empty server and a fresh directory with its spool, its fake
tools and its channels (MOSAIC_TELEMETRY_PRELOAD_DIR), so that leftovers can be checked.
"""
import glob
import os
import resource
import shutil
import subprocess
import sys
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "cli"))
from clitest import control  # noqa: E402  (the CLI tests' helpers)

SHIM = os.environ.get("MOSAIC_PRELOAD_SHIM", "")
RUN_CLI = os.environ.get("MOSAIC_RUN_CLI", "")
PYTHON = sys.executable  # the interpreter itself, not a version manager's wrapper script
NODE = shutil.which("node")

# Fake quality tools: each prints a line and exits with its status. Their names are what the
# gate classifier knows: pytest -> test, ruff check -> lint, mypy -> typecheck, cargo build ->
# build, prettier --check -> format.
FAKE_TOOLS = {"pytest": 0, "ruff": 1, "mypy": 0, "cargo": 0, "prettier": 2}

# Core dumps of the crashing commands would land in the working directory.
resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def write_script(path, text, mode=0o755):
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)
    return path


class PreloadTestCase(control.ServerTestCase):
    """A server per class; per test an empty server, a spool, fake tools and a channel dir."""

    required_env = ("MOSAIC_PRELOAD_SHIM", "MOSAIC_RUN_CLI", "MOSAIC_SERVER_SCRIPT")
    tmp_prefix = "mosaic-preload-test-"

    def setUp(self):
        super().setUp()
        self.spool = os.path.join(self.tmp, "spool")
        self.channels = os.path.join(self.tmp, "channels")
        self.bin = os.path.join(self.tmp, "bin")
        os.mkdir(self.channels)
        os.mkdir(self.bin)
        for name, status in FAKE_TOOLS.items():
            write_script(os.path.join(self.bin, name),
                         "#!/bin/sh\necho \"%s $*\"\nexit %d\n" % (name, status))

    def env(self, **overrides):
        """A configured environment (no shim in it yet); None values remove a variable."""
        settings = {
            "PATH": self.bin + ":" + os.environ.get("PATH", "/usr/bin:/bin"),
            "MOSAIC_TELEMETRY_CLI": RUN_CLI,
            "MOSAIC_TELEMETRY_PRELOAD_LIB": SHIM,
            "MOSAIC_TELEMETRY_PRELOAD_DIR": self.channels,
        }
        settings.update(overrides)
        return control.configured_env(self.server.url, self.spool, drop=("LD_PRELOAD",),
                                      **settings)

    def plain(self, argv, env=None, **kwargs):
        """The command without the shim: what the others must match."""
        return subprocess.run(argv, env=env or self.env(), capture_output=True, cwd=self.tmp,
                              timeout=60, **kwargs)

    def bare(self, argv, env=None, **kwargs):
        """`LD_PRELOAD=<shim> command`."""
        env = dict(env or self.env())
        env["LD_PRELOAD"] = SHIM
        return subprocess.run(argv, env=env, capture_output=True, cwd=self.tmp, timeout=60,
                              **kwargs)

    def run_cmd(self, argv, flags=(), env=None, **kwargs):
        """`mosaic-telemetry run [flags] -- command`."""
        return subprocess.run([RUN_CLI, "run", *flags, "--", *argv], env=env or self.env(),
                              capture_output=True, cwd=self.tmp, timeout=60, **kwargs)

    def wait_events(self, count, timeout=15.0):
        """The events the server holds once it has `count` (or the timeout passed)."""
        deadline = time.monotonic() + timeout
        events = self.server.events()
        while len(events) < count and time.monotonic() < deadline:
            time.sleep(0.05)
            events = self.server.events()
        return events

    def one_event(self):
        """The one event the task sent (it may arrive after the command returned)."""
        self.assertTrue(self.wait_events(1), "no event arrived")
        time.sleep(0.3)  # a second event, if the shim made one, would be on its way by now
        events = self.server.events()
        self.assertEqual(len(events), 1, events)
        self.assertNoChannelLeft()
        return events[0]

    def no_event(self, wait=1.5):
        time.sleep(wait)
        self.assertEqual(self.server.events(), [])

    def assertNoChannelLeft(self, timeout=5.0):
        deadline = time.monotonic() + timeout
        while glob.glob(os.path.join(self.channels, "*")) and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual(glob.glob(os.path.join(self.channels, "*")), [])

    def assertGates(self, event, run, failed):
        self.assertEqual(sorted(event["quality_gates_run"]), sorted(run), event)
        self.assertEqual(sorted(event["quality_gates_failed"]), sorted(failed), event)
        self.assertEqual(event["quality_gate_passed"], not failed)


def main():
    unittest.main(module="__main__", verbosity=2)
