"""The real Codex CLI (the npm package @openai/codex at the version in codex_version) against a
fake model API on 127.0.0.1 (fake_openai.py), with our hooks installed by `install codex` and
trusted by `install codex` through `codex app-server` (docs/harnesses/codex.md, "Trust"), checked at the reference server:
tokens equal to the fake API's figures by the token rule, model, gates (a failing then passing
`make test`: the last run wins), the edited file's language, duration and outcome; a resumed
session's second task counts only its own responses; a subagent's responses count into the
task that spawned it; a model API failure is a failed task.

The package is installed once, outside the clone, by tests/harness/npm_harness.py. When npm or
the package cannot be had, the test says why and exits 77 (skipped)."""
import json
import os
import subprocess
import sys
import time

import cxtest
from cxtest import CODEX_VERSION, HERE, read_jsonl, served_usage

sys.path.insert(0, HERE)
import codex_trust  # noqa: E402

MAKEFILE = "test:\n\t@test -f .passed || { touch .passed; echo FAIL; exit 1; }\n\t@echo ok\n"


class FakeAPI:
    def __init__(self, log_dir):
        self.log_dir = log_dir
        self.proc = subprocess.Popen([sys.executable, os.path.join(HERE, "fake_openai.py"),
                                      log_dir], stdout=subprocess.PIPE, text=True)
        self.port = int(self.proc.stdout.readline())

    def served(self):
        path = os.path.join(self.log_dir, "served.jsonl")
        return read_jsonl(path) if os.path.exists(path) else []

    def stop(self):
        self.proc.kill()
        self.proc.wait(timeout=10)
        self.proc.stdout.close()


class RealCodex(cxtest.HookTestCase):
    codex = None

    def setUp(self):
        super().setUp()
        self.s = self.session(grace_ms=500)
        self.api = FakeAPI(os.path.join(self.tmp, "api"))
        self.work = os.path.join(self.tmp, "work")
        os.makedirs(self.work)
        with open(os.path.join(self.work, "Makefile"), "w") as f:
            f.write(MAKEFILE)
        os.makedirs(self.s.codex_home, exist_ok=True)
        with open(os.path.join(self.s.codex_home, "config.toml"), "w") as f:
            f.write('model = "gpt-5.5"\nmodel_provider = "fake"\n'
                    '[model_providers.fake]\nname = "fake"\n'
                    'base_url = "http://127.0.0.1:%d/v1"\nwire_api = "responses"\n'
                    'env_key = "FAKE_OPENAI_KEY"\nrequest_max_retries = 0\n'
                    'stream_max_retries = 0\n' % self.api.port)
        # install codex trusts its entries through this codex's app-server.
        install = subprocess.run([cxtest.BIN, "install", "codex"], cwd=self.work, text=True,
                                 env=self.s.env(MOSAIC_TELEMETRY_CODEX_BIN=self.codex),
                                 capture_output=True, timeout=120)
        self.assertEqual(install.returncode, 0, install.stderr)
        self.assertIn("trusted 8 hook entries", install.stdout)
        ours = [h for h in codex_trust.list_hooks(self.codex, self.work, self.env())
                if " hook codex" in h["command"]]
        self.assertEqual(len(ours), 8)
        self.assertEqual({h["trustStatus"] for h in ours}, {"trusted"})

    def tearDown(self):
        self.api.stop()
        super().tearDown()

    def env(self):
        return self.s.env(FAKE_OPENAI_KEY="not-a-key")

    def exec(self, *args):
        cmd = [self.codex, "exec", *args[:-1], "--skip-git-repo-check",
               "--dangerously-bypass-approvals-and-sandbox", args[-1]]
        return subprocess.run(cmd, cwd=self.work, env=self.env(), capture_output=True,
                              text=True, timeout=300)

    def check_tokens(self, event, served):
        inp, cached, out = served_usage(served)
        self.assertGreater(inp, 0)
        self.assertEqual(event["actual_input_tokens"], inp)
        self.assertEqual(event["actual_output_tokens"], out)
        # gpt-5.5 in data/prices.json: input 5e-6, cache read 5e-7, output 3e-5 per token.
        self.assertEqual(event["actual_cost_usd_micros"],
                         round((inp - cached) * 5 + cached * 0.5 + out * 30))

    def test_fix_then_resume(self):
        r = self.exec("please fix the tests")
        self.assertEqual(r.returncode, 0, r.stderr[-2000:])
        self.assertIn("hook: Stop", r.stderr)
        self.assertNotIn("clamping", r.stderr)  # SessionEnd asks 3 s, as Codex allows
        first_served = self.api.served()
        event, = self.delivered(self.s, 1, wait=30)
        if os.environ.get("MOSAIC_TEST_VERBOSE"):
            print(json.dumps(event, indent=1))
        self.assertEqual(event["harness"], "codex")
        self.assertEqual(event["model"], "gpt-5.5")
        self.assertEqual(event["provider"], "openai")
        self.check_tokens(event, first_served)
        self.assertEqual(event["quality_gates_run"], ["test"])
        self.assertEqual(event["quality_gates_failed"], [])
        self.assertTrue(event["quality_gate_passed"])
        self.assertEqual(event["language"], "python")
        self.assertEqual(event["outcome"], "success")
        self.assertGreater(event["task_duration_ms"], 0)
        self.assertGreater(event["context_utilization_final"], 0)

        r = self.exec("resume", "--last", "a plain question")
        self.assertEqual(r.returncode, 0, r.stderr[-2000:])
        events = self.delivered(self.s, 2, wait=30)
        second = [e for e in events if e["event_id"] != event["event_id"]][0]
        self.check_tokens(second, self.api.served()[len(first_served):])
        self.assertEqual(second["quality_gates_run"], [])
        self.assertEqual(second["outcome"], "success")

    def test_tests_still_failing_is_partial(self):
        with open(os.path.join(self.work, "Makefile"), "w") as f:
            f.write("test:\n\t@echo FAIL; exit 3\n")
        r = self.exec("please fix the tests")
        self.assertEqual(r.returncode, 0, r.stderr[-2000:])
        event, = self.delivered(self.s, 1, wait=30)
        self.check_tokens(event, self.api.served())
        self.assertEqual(event["quality_gates_failed"], ["test"])
        self.assertEqual(event["outcome"], "partial")

    def test_subagent_counts_into_the_task(self):
        """gpt-5.1-codex is offered the multi_agent_v1 tools: spawn_agent, then wait_agent. The
        subagent's hooks carry the parent's session_id (and an agent_id); its response is only
        in its own rollout."""
        r = self.exec("-m", "gpt-5.1-codex", "please delegate this")
        self.assertEqual(r.returncode, 0, r.stderr[-2000:])
        self.assertIn("collab: SpawnAgent", r.stderr)
        event, = self.delivered(self.s, 1, wait=30)
        served = self.api.served()
        self.assertEqual(len(served), 4)  # 3 of the parent's, 1 of the subagent's
        inp, cached, out = served_usage(served)
        self.assertEqual(event["actual_input_tokens"], inp)
        self.assertEqual(event["actual_output_tokens"], out)
        self.assertEqual(event["model"], "gpt-5.1-codex")
        self.assertEqual(event["outcome"], "success")

    def test_ephemeral_session_has_no_rollout(self):
        """--ephemeral: transcript_path is null and no rollout is written; the task still ends
        as one event, with what the hooks alone say."""
        r = self.exec("--ephemeral", "please fix the tests")
        self.assertEqual(r.returncode, 0, r.stderr[-2000:])
        event, = self.delivered(self.s, 1, wait=30)
        self.assertEqual(event["outcome"], "success")
        self.assertEqual(event["actual_input_tokens"], 0)
        self.assertEqual(event["quality_gates_run"], [])
        self.assertEqual(event["language"], "python")

    def test_model_api_failure(self):
        r = self.exec("this is broken")
        self.assertNotEqual(r.returncode, 0)
        event, = self.delivered(self.s, 1, wait=30)
        self.assertEqual(event["outcome"], "failure")
        self.assertEqual(event["actual_input_tokens"], 0)


def main():
    if not os.environ.get("MOSAIC_CLI"):
        print("set MOSAIC_CLI and MOSAIC_SERVER_SCRIPT")
        return 1
    RealCodex.codex = cxtest.npm_harness.skip_unless_installed(
        "Codex CLI", "@openai/codex", CODEX_VERSION, "codex")
    cxtest.main()


if __name__ == "__main__":
    sys.exit(main())
