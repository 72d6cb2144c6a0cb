"""Shared helpers of the OpenCode adapter's tests.

The binary comes from MOSAIC_CLI and the reference server script from MOSAIC_SERVER_SCRIPT. Each
test class starts its own server; each test gets an empty server and a temp directory holding a
home, the config folder OpenCode reads (XDG_CONFIG_HOME), the hook's state directory and the
spool. The plugin is always the one `install opencode` writes there.
"""
import json
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "server"))
sys.path.insert(0, os.path.join(HERE, "..", "harness"))
import control  # noqa: E402  (tests/server/control.py)
import npm_harness  # noqa: E402  (tests/harness/npm_harness.py)

BIN = os.environ.get("MOSAIC_CLI", "")
PINNED_VERSION = npm_harness.pinned("opencode-ai")
# MOSAIC_OPENCODE_VERSION runs opencode/real against another version once; the recorded
# sequences stay the pinned version's.
OPENCODE_VERSION = npm_harness.version_of("opencode-ai", "MOSAIC_OPENCODE_VERSION")
RECORDED = os.path.join(HERE, "fixtures", "recorded-" + PINNED_VERSION)


def read_jsonl(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


class Home:
    """A user's folders in a temp directory, and the command run in them."""

    def __init__(self, root, server_url):
        self.root = root
        self.home = os.path.join(root, "home")
        self.config = os.path.join(root, "config")
        self.state = os.path.join(root, "state")
        self.spool = os.path.join(root, "spool")
        self.project = os.path.join(root, "project")
        for d in (self.home, self.config, self.project):
            os.makedirs(d, exist_ok=True)
        self.server_url = server_url
        self.plugin = os.path.join(self.config, "opencode", "plugins", "mosaic-telemetry.js")

    def env(self, **overrides):
        settings = {
            "HOME": self.home,
            "MOSAIC_TELEMETRY_STATE_DIR": self.state,
        }
        settings.update(overrides)
        env = control.configured_env(self.server_url, self.spool, drop=("XDG_STATE_HOME",),
                                     **settings)
        env["XDG_CONFIG_HOME"] = self.config  # OpenCode's, and the plugin's install folder
        return env

    def cli(self, *args, cwd=None, **env):
        return subprocess.run([BIN, *args], env=self.env(**env), capture_output=True, text=True,
                              timeout=60, cwd=cwd or self.project)

    def hook(self, payload, now_ms=None):
        extra = {} if now_ms is None else {"MOSAIC_TELEMETRY_OPENCODE_NOW_MS": str(now_ms)}
        data = payload if isinstance(payload, (bytes, str)) else json.dumps(payload)
        return subprocess.run([BIN, "hook", "opencode"], env=self.env(**extra),
                              input=data.encode() if isinstance(data, str) else data,
                              capture_output=True, timeout=30)

    def install(self):
        r = self.cli("install", "opencode")
        if r.returncode != 0:
            raise AssertionError("install opencode failed: " + r.stderr)
        return self.plugin


class HookTestCase(control.ServerTestCase):
    required_env = ("MOSAIC_CLI", "MOSAIC_SERVER_SCRIPT")
    tmp_prefix = "mosaic-oc-test-"

    def home(self, sub="h"):
        return Home(os.path.join(self.tmp, sub), self.server.url)

    def delivered(self, home, count, wait=20.0):
        return self.delivered_after_flush(lambda: home.cli("flush"), count, wait)

def main():
    if len(sys.argv) >= 3 and not sys.argv[1].startswith("-"):
        global BIN
        BIN = sys.argv[1]
        os.environ["MOSAIC_CLI"], os.environ["MOSAIC_SERVER_SCRIPT"] = sys.argv[1], sys.argv[2]
        del sys.argv[1:3]
    unittest.main(module="__main__", verbosity=2)
