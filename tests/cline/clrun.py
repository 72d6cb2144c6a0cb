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
import fix_task  # noqa: E402
from fake_chat import FakeChat  # noqa: E402

PINNED_VERSION = npm_harness.pinned("cline")
# MOSAIC_CLINE_VERSION runs cline/real against another version once; the fixtures stay the
# pinned version's.
VERSION = npm_harness.version_of("cline", "MOSAIC_CLINE_VERSION")
MODEL = fix_task.MODEL


def script(work):
    """The fake API's script (fix_task.py) with Cline's tools: run_commands, apply_patch; and a
    spawned agent."""
    run_tests = {"tool": "run_commands", "arguments": {"commands": ["make test"]}}
    patch = ("*** Begin Patch\n*** Update File: %s\n@@\n-x = 1\n+x = 2\n*** End Patch"
             % os.path.join(work, "app.py"))
    config = fix_task.script(run_tests, {"tool": "apply_patch", "arguments": {"input": patch}})
    # "please delegate": spawn_agent starts an agent (offered `editor`, not apply_patch), which
    # runs the tests (failing), edits app.py, runs them again (passing) and answers.
    spawn = {"tool": "spawn_agent", "arguments": {"systemPrompt": "You fix code.",
                                                  "task": "make app.py pass the tests"}}
    edit = {"tool": "editor", "arguments": {"path": os.path.join(work, "app.py"),
                                            "old_text": "x = 1", "new_text": "x = 2"}}
    config["scripts"][:0] = fix_task.delegation_scripts(run_tests, edit, spawn)
    return config


class ClineRun:
    def __init__(self, cline, root, api_dir, env=None):
        self.cline = cline
        self.home = os.path.join(root, "home")
        self.cline_dir = os.path.join(self.home, ".cline")
        self.hooks_dir = os.path.join(self.cline_dir, "hooks")
        self.work = os.path.join(root, "work")
        for d in (self.hooks_dir, self.work):
            os.makedirs(d, exist_ok=True)
        fix_task.prepare_work(self.work)
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
