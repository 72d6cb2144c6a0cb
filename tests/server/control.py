"""The reference server as a child process on a free loopback port, and its /_control/ API:
shared by the Python tests that drive real programs against it (tests/cli, tests/claude_code)."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

EVENTS_PATH = "/v1/events/batch"
SERVER_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "mosaic_server.py")
# The API key and the instance it is bound to, which the reference server knows by default.
KEY = "0123456789abcdef" * 4
INSTANCE = "12345678-1234-4234-8234-123456789abc"


def configured_env(server_url, spool, drop=(), **settings):
    """This process's environment without any MOSAIC_TELEMETRY_* variable (nor those in drop),
    configured for server_url, KEY and spool, with settings on top; a None value removes one.
    XDG_CONFIG_HOME points next to the spool, where no config file is, so that the user's own
    ~/.config/mosaic-telemetry/config never reaches a test; XDG_DATA_HOME too, for the local
    history (docs/history.md)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("MOSAIC_TELEMETRY_") and k not in drop}
    env.update({
        "MOSAIC_TELEMETRY_SERVER_URL": server_url,
        "MOSAIC_TELEMETRY_API_KEY": KEY,
        "MOSAIC_TELEMETRY_INSTANCE_ID": INSTANCE,
        "MOSAIC_TELEMETRY_SPOOL_DIR": spool,
        "XDG_CONFIG_HOME": os.path.join(os.path.dirname(os.path.abspath(spool)), "config-home"),
        "XDG_DATA_HOME": os.path.join(os.path.dirname(os.path.abspath(spool)), "data-home"),
    })
    for name, value in settings.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return env


class ReferenceServer:
    """tests/server/mosaic_server.py as a child process on a free loopback port."""

    def __init__(self, script=SERVER_SCRIPT):
        self.dir = tempfile.mkdtemp(prefix="mosaic-server-")
        port_file = os.path.join(self.dir, "port")
        self.proc = subprocess.Popen(
            [sys.executable, script, "--port", "0", "--port-file", port_file, "--quiet"],
            stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 15
        while not os.path.exists(port_file):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the reference server did not start")
            time.sleep(0.02)
        with open(port_file) as f:
            self.url = "http://127.0.0.1:%d" % int(f.read().strip())

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)
        shutil.rmtree(self.dir, ignore_errors=True)

    def call(self, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as answer:
            return json.loads(answer.read() or b"null")

    def reset(self):
        self.call("/_control/reset", {})

    def faults(self, steps, path=EVENTS_PATH):
        return self.call("/_control/faults", {"path": path, "steps": steps})

    def pending_faults(self, path=EVENTS_PATH):
        return self.call("/_control/faults").get("pending", {}).get(path, 0)

    def events(self):
        return self.call("/_control/events")["events"]

    def event_ids(self):
        return [e["event_id"] for e in self.events()]

    def received(self, path=EVENTS_PATH):
        return [r for r in self.call("/_control/received")["requests"] if r["path"] == path]


class ServerTestCase(unittest.TestCase):
    """A reference server per test class; per test an empty server and a fresh temp directory
    (self.tmp). Subclasses name what they need in `required_env` and may override setUp (calling
    this one first) to lay out more."""

    server = None
    required_env = ()
    tmp_prefix = "mosaic-test-"

    @classmethod
    def setUpClass(cls):
        missing = [name for name in cls.required_env if not os.environ.get(name)]
        if missing:
            raise RuntimeError("set " + ", ".join(missing))
        cls.server = ReferenceServer(os.environ.get("MOSAIC_SERVER_SCRIPT") or SERVER_SCRIPT)

    @classmethod
    def tearDownClass(cls):
        if cls.server:
            cls.server.stop()

    def setUp(self):
        self.server.reset()
        self.tmp = tempfile.mkdtemp(prefix=self.tmp_prefix)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)
