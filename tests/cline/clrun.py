"""The real Cline CLI run against the fake chat-completions API (tests/harness/fake_chat.py),
shared by the real test and the capture script: a home in a temp directory (Cline keeps
~/.cline there), a work directory with a Makefile whose `make test` fails once then passes and
an app.py to patch, and the script the fake API follows. Cline leaves a hub daemon running
after each run; stop() ends it by its pid."""
import glob
import os
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "harness"))
import npm_harness  # noqa: E402
from fake_chat import FakeChat  # noqa: E402

PINNED_VERSION = npm_harness.pinned("cline")
# MOSAIC_CLINE_VERSION runs cline/real against another version once; the fixtures stay the
# pinned version's.
VERSION = npm_harness.version_of("cline", "MOSAIC_CLINE_VERSION")
MODEL = "gpt-4.1"
MAKEFILE = "test:\n\t@test -f .passed || { touch .passed; echo FAIL; exit 1; }\n\t@echo ok\n"


def script(work):
    """Fix the tests: run them (they fail), patch app.py, run them again (they pass), answer. A
    prompt with "broken" gets a model API error. usage: [prompt incl. cached, cached,
    completion incl. reasoning, reasoning]."""
    make = {"tool": "run_commands", "arguments": {"commands": ["make test"]}}
    patch = {"tool": "apply_patch", "arguments": {"input": "*** Begin Patch\n*** Update File: "
             + os.path.join(work, "app.py") + "\n@@\n-x = 1\n+x = 2\n*** End Patch"}}
    return {"model": MODEL, "scripts": [
        {"user": "fix the tests", "steps": [
            dict(make, usage=[900, 100, 40, 0]), dict(patch, usage=[1000, 200, 30, 5]),
            dict(make, usage=[1100, 300, 20, 0]), {"text": "Fixed.", "usage": [1200, 400, 10, 3]}]},
        {"user": "broken", "steps": [{"error": 400, "message": "scripted failure"}]}],
        "default": {"steps": [{"text": "Plain answer.", "usage": [700, 0, 15, 0]}]}}


class ClineRun:
    def __init__(self, cline, root, api_dir, env=None):
        self.cline = cline
        self.home = os.path.join(root, "home")
        self.cline_dir = os.path.join(self.home, ".cline")
        self.hooks_dir = os.path.join(self.cline_dir, "hooks")
        self.work = os.path.join(root, "work")
        for d in (self.hooks_dir, self.work):
            os.makedirs(d, exist_ok=True)
        with open(os.path.join(self.work, "Makefile"), "w") as f:
            f.write(MAKEFILE)
        with open(os.path.join(self.work, "app.py"), "w") as f:
            f.write("x = 1\n")
        self.api = FakeChat(script(self.work), api_dir)
        self.env = dict(env or os.environ)
        self.env["HOME"] = self.home
        self.authed = False

    def cli(self, *args, timeout=300):
        return subprocess.run([self.cline, *args], cwd=self.work, env=self.env,
                              capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)

    def run(self, prompt):
        if not self.authed:
            r = self.cli("auth", "-p", "openai-compatible", "-k", "not-a-key", "-m", MODEL,
                         "-b", self.api.url, timeout=120)
            if r.returncode != 0:
                return r
            self.authed = True
        return self.cli(prompt)

    def session_dir(self):
        """The directory of the last session."""
        dirs = glob.glob(os.path.join(self.cline_dir, "data", "sessions", "*"))
        return max(dirs, key=os.path.getmtime)

    def hub_pid(self):
        """The pid of the hub daemon this home started, or None: the process whose command line
        says --cline-hub-daemon and whose HOME is this run's (Cline writes the pid into
        ~/.cline/data/locks/hub/production.json only seconds after the run has exited)."""
        home = ("HOME=" + self.home).encode()
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open("/proc/%s/cmdline" % entry, "rb") as f:
                    if b"--cline-hub-daemon" not in f.read().split(b"\0"):
                        continue
                with open("/proc/%s/environ" % entry, "rb") as f:
                    if home in f.read().split(b"\0"):
                        return int(entry)
            except OSError:
                continue
        return None

    def stop_hub(self):
        """Ends the hub daemon this home started, by its pid: SIGTERM, then SIGKILL after 5 s."""
        pid = self.hub_pid()
        if not pid:
            return
        try:
            os.kill(pid, signal.SIGTERM)
        except OSError:
            return
        for _ in range(50):
            if not os.path.exists("/proc/%d" % pid):
                return
            time.sleep(0.1)
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass

    def stop(self):
        self.stop_hub()
        self.api.stop()
