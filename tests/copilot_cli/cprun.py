"""The real Copilot CLI run against the fake chat-completions API (tests/harness/fake_chat.py),
shared by the real test and the capture script: a Copilot home in a temp directory, a work
directory with a Makefile whose `make test` fails once then passes and an app.py to edit, and
the script the fake API follows."""
import glob
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "harness"))
import npm_harness  # noqa: E402
import fix_task  # noqa: E402
from fake_chat import FakeChat  # noqa: E402

PINNED_VERSION = npm_harness.pinned("@github/copilot")
# MOSAIC_COPILOT_VERSION runs copilot-cli/real against another version once; the fixtures stay
# the pinned version's.
VERSION = npm_harness.version_of("@github/copilot", "MOSAIC_COPILOT_VERSION")
MODEL = fix_task.MODEL


def script(work):
    """The fake API's script (fix_task.py) with Copilot's tools: bash, edit; and a subagent."""
    run_tests = {"tool": "bash",
                 "arguments": {"command": "make test", "description": "run tests"}}
    edit = {"tool": "edit", "arguments": {"path": os.path.join(work, "app.py"),
                                          "old_str": "x = 1", "new_str": "x = 2"}}
    config = fix_task.script(run_tests, edit)
    # "please delegate": the task tool starts a subagent, which edits app.py and runs the tests
    # (failing, then passing) before it answers.
    task = {"tool": "task", "arguments": {"description": "fix app.py", "name": "fixer",
                                          "prompt": "make app.py pass the tests",
                                          "agent_type": "general-purpose"}}
    config["scripts"][:0] = fix_task.delegation_scripts(run_tests, edit, task)
    return config


class CopilotRun:
    def __init__(self, copilot, root, api_dir, env=None):
        self.copilot = copilot
        self.home = os.path.join(root, "home")
        self.copilot_home = os.path.join(self.home, ".copilot")
        self.hooks_dir = os.path.join(self.copilot_home, "hooks")
        self.work = os.path.join(root, "work")
        for d in (self.hooks_dir, self.work):
            os.makedirs(d, exist_ok=True)
        fix_task.prepare_work(self.work)
        self.api = FakeChat(script(self.work), api_dir)
        self.env = dict(env or os.environ)
        self.env.update(HOME=self.home, COPILOT_HOME=self.copilot_home,
                        COPILOT_PROVIDER_BASE_URL=self.api.url,
                        COPILOT_PROVIDER_API_KEY="not-a-key", COPILOT_MODEL=MODEL,
                        COPILOT_OFFLINE="true")

    def run(self, prompt, *extra):
        return subprocess.run([self.copilot, "-p", prompt, "--allow-all", "--no-auto-update",
                               "--no-ask-user", *extra], cwd=self.work, env=self.env,
                              capture_output=True, text=True, timeout=300,
                              stdin=subprocess.DEVNULL)

    def session_log(self):
        """The events.jsonl of the last session."""
        logs = glob.glob(os.path.join(self.copilot_home, "session-state", "*", "events.jsonl"))
        return max(logs, key=os.path.getmtime)

    def stop(self):
        self.api.stop()
