"""The real Gemini CLI (the npm package @google/gemini-cli at the version pinned in
tests/harness/versions) against a fake Gemini API on 127.0.0.1 (fake_gemini.py, a test double),
with our hooks installed by `install gemini-cli`, checked at the reference server: tokens equal
to the fake API's figures by the token rule, model, gates (a failing then passing `make test`:
the last run wins), the edited file's language, duration and outcome; a resumed session's second
task counts only its own responses; Gemini CLI's routing call (auto model) is not the task's; a
model API failure is a failed task; with environment-variable redaction on, the API key reaches
the hook only through the config file.

The package is installed once, outside the clone, by tests/harness/npm_harness.py. When npm or
the package cannot be had, the test says why and exits 77 (skipped)."""
import json
import os
import subprocess
import sys

import gmtest
from gmtest import BROKEN, FIX_TESTS, GEMINI_VERSION, HERE, MAKEFILE
from fake_gemini import FakeGemini, served_totals

sys.path.insert(0, os.path.join(HERE, "..", "server"))
import control  # noqa: E402


SCRIPT = {"scripts": [
    FIX_TESTS,
    {"user": "rename the greeting", "steps": [
        {"call": "replace", "args": {"file_path": "app.py", "old_string": "fixed",
                                     "new_string": "hello", "instruction": "rename"},
         "usage": [5000, 4600, 30, 0]},
        {"text": "Renamed.", "usage": [5200, 0, 8, 0]}]},
    BROKEN,
    # Past half of gemini-2.5-pro's window: Gemini CLI compresses before its next call.
    {"user": "a long task", "steps": [
        {"call": "run_shell_command", "args": {"command": "echo long"}, "usage": [600000, 0, 10, 0]},
        {"text": "Done after compressing.", "usage": [3000, 0, 9, 0]}]}],
    "default": {"steps": [{"text": "Plain answer.", "usage": [2000, 0, 5, 0]}]}}


class RealGemini(gmtest.HookTestCase):
    gemini = None

    def setUp(self):
        super().setUp()
        self.s = self.session()
        self.api = FakeGemini(SCRIPT, os.path.join(self.tmp, "api"))
        self.work = os.path.join(self.tmp, "work")
        os.makedirs(self.work)
        with open(os.path.join(self.work, "Makefile"), "w") as f:
            f.write(MAKEFILE)
        self.write_settings({"security": {"auth": {"selectedType": "gemini-api-key"}}})

    def tearDown(self):
        self.api.stop()
        super().tearDown()

    def write_settings(self, settings):
        path = os.path.join(self.s.home, ".gemini", "settings.json")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            json.dump(settings, f, indent=2)

    def install(self, env=None):
        r = self.s.cli("install", "gemini-cli", cwd=self.work, env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r

    def gemini_env(self, **overrides):
        return self.s.env(GOOGLE_GEMINI_BASE_URL=self.api.url, GEMINI_API_KEY="not-a-key",
                          GEMINI_CLI_TRUST_WORKSPACE="true", **overrides)

    def run_gemini(self, *args, env=None):
        return subprocess.run([self.gemini, "--yolo", *args], cwd=self.work,
                              env=env or self.gemini_env(), capture_output=True, text=True,
                              timeout=300, stdin=subprocess.DEVNULL)

    def check_tokens(self, event, served):
        prompt, cached, candidates, thoughts = served_totals(served)
        self.assertGreater(prompt, 0)
        self.assertEqual(event["actual_input_tokens"], prompt)
        self.assertEqual(event["actual_output_tokens"], candidates + thoughts)
        # gemini-2.5-pro in data/prices.json: input 1.25e-6, cache read 1.25e-7, output 1e-5.
        self.assertEqual(event["actual_cost_usd_micros"],
                         round((prompt - cached) * 1.25 + cached * 0.125 +
                               (candidates + thoughts) * 10))

    def test_fix_then_resume(self):
        self.install()
        r = self.run_gemini("-m", "gemini-2.5-pro", "-p", "please fix the tests")
        self.assertEqual(r.returncode, 0, r.stderr[-3000:])
        first_served = self.api.served()
        event, = self.delivered(self.s, 1, wait=30)
        if os.environ.get("MOSAIC_TEST_VERBOSE"):
            print(json.dumps(event, indent=1))
        self.assertEqual(event["harness"], "gemini_cli")
        self.assertEqual(event["model"], "gemini-2.5-pro")
        self.assertEqual(event["provider"], "google")
        self.check_tokens(event, first_served)
        self.assertEqual(event["quality_gates_run"], ["test"])
        self.assertEqual(event["quality_gates_failed"], [])
        self.assertTrue(event["quality_gate_passed"])
        self.assertEqual(event["language"], "python")
        self.assertEqual(event["outcome"], "success")
        self.assertGreater(event["task_duration_ms"], 0)
        self.assertEqual(event["context_compactions"], 0)

        r = self.run_gemini("-m", "gemini-2.5-pro", "--resume", "latest", "-p",
                            "rename the greeting")
        self.assertEqual(r.returncode, 0, r.stderr[-3000:])
        events = self.delivered(self.s, 2, wait=30)
        second = [e for e in events if e["event_id"] != event["event_id"]][0]
        self.check_tokens(second, self.api.served()[len(first_served):])
        self.assertEqual(second["quality_gates_run"], [])
        self.assertEqual(second["language"], "python")
        self.assertEqual(second["outcome"], "success")

    def test_tests_still_failing_is_partial(self):
        with open(os.path.join(self.work, "Makefile"), "w") as f:
            f.write("test:\n\t@echo FAIL; exit 3\n")
        self.install()
        r = self.run_gemini("-m", "gemini-2.5-pro", "-p", "please fix the tests")
        self.assertEqual(r.returncode, 0, r.stderr[-3000:])
        event, = self.delivered(self.s, 1, wait=30)
        self.check_tokens(event, self.api.served())
        self.assertEqual(event["quality_gates_failed"], ["test"])
        self.assertEqual(event["outcome"], "partial")

    def test_routing_call_is_not_the_tasks(self):
        """Without -m, Gemini CLI asks a small model which model to use: that call is in no chat
        file, and the fake API's answer to it (kind "json") is left out of the comparison."""
        self.install()
        r = self.run_gemini("-p", "a plain question")
        self.assertEqual(r.returncode, 0, r.stderr[-3000:])
        event, = self.delivered(self.s, 1, wait=30)
        served = self.api.served()
        prompt, cached, candidates, thoughts = served_totals(served)
        self.assertEqual(event["actual_input_tokens"], prompt)
        self.assertEqual(event["actual_output_tokens"], candidates + thoughts)
        answered = [s["model"] for s in served if s["kind"] == "text"]
        self.assertEqual(event["model"], answered[-1])
        if os.environ.get("MOSAIC_TEST_VERBOSE"):
            print(json.dumps(served, indent=1))

    def test_compression(self):
        """A resumed session (Gemini CLI keeps the last prompt's turns whole, so only a history
        with earlier prompts can be compressed) whose first response reports 600k prompt tokens:
        Gemini CLI summarises the history (two calls of its own, answered by the script's
        default and in no chat file) before its next call. One compaction; the task's tokens
        are its own two responses."""
        self.install()
        r = self.run_gemini("-m", "gemini-2.5-pro", "-p", "rename the greeting")
        self.assertEqual(r.returncode, 0, r.stderr[-3000:])
        before = len(self.api.served())
        r = self.run_gemini("-m", "gemini-2.5-pro", "--resume", "latest", "-p", "a long task")
        self.assertEqual(r.returncode, 0, r.stderr[-3000:])
        events = self.delivered(self.s, 2, wait=30)
        served = self.api.served()[before:]
        self.assertEqual([s["script"] for s in served],
                         ["a long task", "default", "default", "a long task"])
        long_task = [e for e in events if e["actual_input_tokens"] > 500000][0]
        self.assertEqual(long_task["context_compactions"], 1)
        own = served_totals([s for s in served if s["script"] == "a long task"])
        self.assertEqual(long_task["actual_input_tokens"], own[0])
        self.assertEqual(long_task["actual_output_tokens"], own[2] + own[3])
        self.assertEqual(sum(e["context_compactions"] for e in events), 1)

    def test_extension_route(self):
        """`gemini extensions install adapters/gemini_cli/extension` instead of `install`: the
        extension's hooks run `mosaic-telemetry` from PATH."""
        extension = os.path.join(HERE, "..", "..", "adapters", "gemini_cli", "extension")
        bin_dir = os.path.join(self.tmp, "bin")
        os.makedirs(bin_dir)
        os.symlink(gmtest.bin_path(), os.path.join(bin_dir, "mosaic-telemetry"))
        env = self.gemini_env(PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""))
        r = subprocess.run([self.gemini, "extensions", "install", extension, "--consent"],
                           cwd=self.work, env=env, capture_output=True, text=True, timeout=120,
                           stdin=subprocess.DEVNULL)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        r = self.run_gemini("-m", "gemini-2.5-pro", "-p", "please fix the tests", env=env)
        self.assertEqual(r.returncode, 0, r.stderr[-3000:])
        event, = self.delivered(self.s, 1, wait=30)
        self.check_tokens(event, self.api.served())
        self.assertEqual(event["quality_gates_run"], ["test"])
        self.assertEqual(event["outcome"], "success")

    def test_model_api_failure(self):
        self.install()
        r = self.run_gemini("-m", "gemini-2.5-pro", "-p", "this is broken")
        self.assertNotEqual(r.returncode, 0)
        event, = self.delivered(self.s, 1, wait=30)
        self.assertEqual(event["outcome"], "failure")
        self.assertEqual(event["actual_input_tokens"], 0)

    def test_redacted_environment_takes_the_key_from_the_config_file(self):
        """security.environmentVariableRedaction drops MOSAIC_TELEMETRY_API_KEY from the hook's
        environment. The environment holds a key the server refuses, the config file the right
        one: an event at the server means the hook (and the flusher it started) took the file's.
        The test does not flush itself: its own environment holds the right key."""
        self.write_settings({"security": {"auth": {"selectedType": "gemini-api-key"},
                                          "environmentVariableRedaction": {"enabled": True}}})
        config_dir = os.path.join(self.s.root, "config-home", "mosaic-telemetry")
        os.makedirs(config_dir)
        plain = self.s.env()
        lacking = self.install(env=plain)
        self.assertIn("the config file lacks server_url, api_key, instance_id", lacking.stdout)
        for name, value in (("server_url", self.server.url), ("api_key", control.KEY),
                            ("instance_id", control.INSTANCE)):
            r = self.s.cli("config", "set", name, value, env=plain)
            self.assertEqual(r.returncode, 0, r.stderr)
        env = self.gemini_env(MOSAIC_TELEMETRY_API_KEY="f" * 64)
        for name in ("MOSAIC_TELEMETRY_SERVER_URL", "MOSAIC_TELEMETRY_INSTANCE_ID"):
            env.pop(name)
        again = self.install(env=env)
        self.assertNotIn("lacks", again.stdout)
        r = self.run_gemini("-m", "gemini-2.5-pro", "-p", "please fix the tests", env=env)
        self.assertEqual(r.returncode, 0, r.stderr[-3000:])
        event, = gmtest.wait_for(self.server.events, timeout=30)
        self.check_tokens(event, self.api.served())
        self.assertEqual(event["outcome"], "success")


def main():
    if not os.environ.get("MOSAIC_CLI"):
        print("set MOSAIC_CLI and MOSAIC_SERVER_SCRIPT")
        return 1
    RealGemini.gemini = gmtest.npm_harness.skip_unless_installed(
        "Gemini CLI", gmtest.PACKAGE, GEMINI_VERSION, "gemini")
    gmtest.main()


if __name__ == "__main__":
    sys.exit(main())
