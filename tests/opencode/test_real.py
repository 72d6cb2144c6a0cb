"""The real OpenCode (npm opencode-ai at the version pinned in tests/harness/versions) running
`opencode run` against the scripted fake chat-completions API (tests/harness/fake_chat.py) as a
provider of opencode.json, with the plugin installed by `install opencode`, checked at the
reference server: tokens by the token rule against what the fake API served, OpenCode's own cost,
model and provider, a failing then passing test command (the last run wins), the written file's
language, the outcome; a model API failure is a failed task; a compaction is counted.

OpenCode's title request to the small model is answered by its own script (the "system" trigger)
and is not part of the task. The npm registry is pointed at a closed port while OpenCode runs,
with @opencode-ai/plugin installed in its config folder beforehand: OpenCode would otherwise
install it at every start. When npm or the packages cannot be had, the test says why and exits
77 (skipped)."""
import json
import os
import shutil
import subprocess
import sys
import time

import octest
from octest import OPENCODE_VERSION, npm_harness

sys.path.insert(0, os.path.join(octest.HERE, "..", "harness"))
from fake_chat import FakeChat, served_totals  # noqa: E402

MODEL = "claude-sonnet-4-5"
# OpenCode's prices for the model, per million tokens: not the price table's, so that the event's
# cost shows whose it is.
COST = {"input": 2, "output": 10, "cache_read": 0.5, "cache_write": 4}
TEST = "python3 -m unittest -q"
TEST_FILE = ("import os\nimport unittest\n\n\nclass T(unittest.TestCase):\n"
             "    def test_calc(self):\n        self.assertTrue(os.path.exists('calc.py'))\n")
TITLE = {"system": "title", "steps": [{"text": "A title", "usage": [321, 0, 7, 0]}]}


def bash(command, usage):
    return {"tool": "bash", "arguments": {"command": command, "description": "run"},
            "usage": usage}


def opencode_cost_micros(served, script):
    """OpenCode's cost of the task's responses, in micro-dollars (per-million prices × tokens)."""
    total = 0.0
    for s in served:
        if s["script"] != script or "usage" not in s:
            continue
        u = s["usage"]
        cached = u["prompt_tokens_details"]["cached_tokens"]
        total += ((u["prompt_tokens"] - cached) * COST["input"] + cached * COST["cache_read"] +
                  u["completion_tokens"] * COST["output"])
    return round(total)


class RealOpenCode(octest.HookTestCase):
    opencode = None
    plugin_modules = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.opencode = npm_harness.skip_unless_installed("opencode/real", "opencode-ai",
                                                         OPENCODE_VERSION, "opencode")
        modules, why = npm_harness.install_library("@opencode-ai/plugin", OPENCODE_VERSION)
        if not modules:
            print("SKIP: @opencode-ai/plugin %s is not available: %s" % (OPENCODE_VERSION, why))
            cls.tearDownClass()
            sys.exit(npm_harness.SKIP)
        cls.plugin_modules = modules

    def setUp(self):
        super().setUp()
        self.h = self.home()
        self.h.install()
        config_dir = os.path.dirname(os.path.dirname(self.h.plugin))
        shutil.copytree(self.plugin_modules, os.path.join(config_dir, "node_modules"),
                        symlinks=True)
        # What OpenCode's own install leaves there, so that it finds nothing to do: the exact
        # version, in the manifest and in the lock file.
        dependencies = {"dependencies": {"@opencode-ai/plugin": OPENCODE_VERSION}}
        with open(os.path.join(os.path.dirname(self.plugin_modules), "package-lock.json")) as f:
            lock = json.load(f)
        lock["packages"][""] = dependencies
        for name, content in (("package.json", dependencies), ("package-lock.json", lock)):
            with open(os.path.join(config_dir, name), "w") as f:
                json.dump(content, f, indent=2)
        with open(os.path.join(self.h.project, "test_calc.py"), "w") as f:
            f.write(TEST_FILE)
        self.api = None

    def tearDown(self):
        if self.api:
            self.api.stop()
        super().tearDown()

    def configure(self, scripts, context=200000):
        self.api = FakeChat({"model": MODEL, "scripts": [TITLE] + scripts,
                             "default": {"steps": [{"text": "Done.", "usage": [500, 0, 5, 0]}]}},
                            os.path.join(self.tmp, "api"))
        config = {
            "$schema": "https://opencode.ai/config.json",
            "provider": {"fakechat": {
                "npm": "@ai-sdk/openai-compatible", "name": "Fake chat",
                "options": {"baseURL": self.api.url, "apiKey": "fake"},
                "models": {MODEL: {"name": "Fake", "cost": COST,
                                   "limit": {"context": context, "output": 4000}}}}},
            "model": "fakechat/" + MODEL, "small_model": "fakechat/" + MODEL,
            "autoupdate": False, "share": "disabled",
            "permission": {"bash": "allow", "edit": "allow", "external_directory": "allow"},
        }
        with open(os.path.join(self.h.project, "opencode.json"), "w") as f:
            json.dump(config, f)

    def run_opencode(self, prompt):
        closed = "http://127.0.0.1:9/"  # nothing listens: OpenCode must not need the registry
        env = self.h.env(PWD=self.h.project, XDG_DATA_HOME=os.path.join(self.tmp, "data"),
                         XDG_CACHE_HOME=os.path.join(self.tmp, "cache"),
                         XDG_STATE_HOME=os.path.join(self.tmp, "xdg-state"),
                         OPENCODE_DISABLE_AUTOUPDATE="1", npm_config_registry=closed,
                         NPM_CONFIG_REGISTRY=closed)
        started = time.monotonic()
        r = subprocess.run([self.opencode, "run", prompt, "--print-logs"], cwd=self.h.project, env=env,
                           capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
        return r, time.monotonic() - started

    def task_served(self, script):
        return [s for s in self.api.served() if s["script"] == script]

    def open_tasks(self):
        """The session files of the state directory that still hold a task."""
        folder = self.h.state  # MOSAIC_TELEMETRY_STATE_DIR is the hook's own folder
        found = []
        for name in os.listdir(folder) if os.path.isdir(folder) else []:
            if name.endswith(".json"):
                with open(os.path.join(folder, name)) as f:
                    if (json.load(f).get("task") or {}).get("status"):
                        found.append(name)
        return found

    def assertTokens(self, event, served):
        prompt, _, completion, _ = served_totals(served)
        self.assertEqual(event["actual_input_tokens"], prompt)
        self.assertEqual(event["actual_output_tokens"], completion)

    def test_task_with_gates_and_a_file(self):
        prompt = "fix the failing tests"
        self.configure([{"user": prompt, "steps": [
            bash(TEST, [900, 100, 40, 10]),
            {"tool": "write", "arguments": {"filePath": os.path.join(self.h.project, "calc.py"),
                                            "content": "def add(a, b):\n    return a + b\n"},
             "usage": [1000, 200, 60, 0]},
            bash(TEST, [1100, 300, 30, 0]),
            {"text": "Fixed.", "usage": [1200, 400, 20, 5]}]}])
        r, seconds = self.run_opencode(prompt)
        self.assertEqual(r.returncode, 0, r.stderr[-2000:])
        self.assertIn("Fixed.", r.stdout)
        # Four responses of the task, and the title's, which the event leaves out.
        self.assertEqual(len(self.task_served(prompt)), 4, self.api.served())
        self.assertEqual(len(self.task_served("title")), 1)
        [event] = self.delivered(self.h, 1)
        self.assertEqual(event["harness"], "opencode")
        self.assertEqual(event["outcome"], "success")
        self.assertEqual(event["model"], MODEL)
        self.assertEqual(event["provider"], "anthropic")  # "fakechat" names none: the model does
        self.assertTokens(event, self.task_served(prompt))
        self.assertEqual(event["actual_cost_usd_micros"],
                         opencode_cost_micros(self.api.served(), prompt))
        self.assertEqual(event["quality_gates_run"], ["test"])
        self.assertEqual(event["quality_gates_failed"], [])
        self.assertTrue(event["quality_gate_passed"])
        self.assertEqual(event["language"], "python")
        self.assertEqual(event["task_type"], "debugging")
        self.assertEqual(event["context_compactions"], 0)
        self.assertLess(event["task_duration_ms"], seconds * 1000)
        self.assertGreater(event["task_duration_ms"], 0)
        self.assertEqual(self.open_tasks(), [])
        self.assertTrue([n for n in os.listdir(self.h.state) if n.endswith(".json")])

    def test_model_api_failure_is_a_failed_task(self):
        prompt = "explain the module"
        self.configure([{"user": prompt, "steps": [
            {"error": 400, "message": "scripted refusal", "type": "invalid_request_error"}]}])
        r, _ = self.run_opencode(prompt)
        [event] = self.delivered(self.h, 1)
        self.assertEqual(event["outcome"], "failure", r.stderr[-2000:])
        self.assertEqual(event["harness"], "opencode")

    def test_compaction(self):
        prompt = "summarize the design"
        self.configure([
            {"system": "summarization agent", "steps": [{"text": "Summary.",
                                                          "usage": [3000, 0, 200, 0]}]},
            {"user": prompt, "steps": [{"text": "A long answer.", "usage": [50000, 0, 10, 0]}]},
        ], context=20000)  # the first answer overflows the context: OpenCode compacts
        r, _ = self.run_opencode(prompt)
        self.assertEqual(r.returncode, 0, r.stderr[-2000:])
        kinds = [s["script"] for s in self.api.served()]
        self.assertIn("summarization agent", kinds)
        [event] = self.delivered(self.h, 1)
        self.assertEqual(event["context_compactions"], 1)
        # The summary and the turn after it are the task's model calls too.
        self.assertTokens(event, [s for s in self.api.served() if s["script"] != "title"])

    def test_subagent_work_counts_in_the_task(self):
        prompt = "explore the project with a subagent"
        self.configure([
            {"user": "list the files here", "steps": [{"text": "Two files.",
                                                       "usage": [700, 0, 15, 0]}]},
            {"user": prompt, "steps": [
                {"tool": "task", "arguments": {"description": "explore", "prompt":
                                               "list the files here",
                                               "subagent_type": "general"},
                 "usage": [900, 0, 30, 0]},
                {"text": "The subagent found two files.", "usage": [1000, 0, 20, 0]}]}])
        r, _ = self.run_opencode(prompt)
        self.assertEqual(r.returncode, 0, r.stderr[-2000:])
        self.assertEqual(len(self.task_served("list the files here")), 1, self.api.served())
        [event] = self.delivered(self.h, 1)  # one task: the subagent's is not another
        self.assertTokens(event, [s for s in self.api.served() if s["script"] != "title"])


if __name__ == "__main__":
    octest.main()
