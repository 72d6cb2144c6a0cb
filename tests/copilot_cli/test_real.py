"""The real GitHub Copilot CLI (the npm package @github/copilot at the version pinned in
tests/harness/versions) against the fake chat-completions API (tests/harness/fake_chat.py), with
our hooks installed by `install copilot-cli`, checked at the reference server: tokens equal to
the fake API's figures by the token rule, model, gates (a failing then passing `make test`: the
last run wins), the edited file's language, duration and outcome; a resumed session's second
task counts only its own request; a subagent's requests, gates and edits count into the task
that started it; a model API failure is a failed task; hooks installed in a project's
.github/hooks/ run in a trusted folder.

The package is installed once, outside the clone, by tests/harness/npm_harness.py. When npm or
the package cannot be had, the test says why and exits 77 (skipped)."""
import json
import os
import sys

import cprun
import cptest
import fix_task  # noqa: E402  (tests/harness, put on the path by cptest)
from cptest import check_fixed, served_totals


class RealCopilot(fix_task.RealTaskTests, cptest.HookTestCase):
    copilot = None

    def setUp(self):
        super().setUp()
        self.s = self.session(grace_ms=500)
        self.run_ = cprun.CopilotRun(self.copilot, self.s.root, os.path.join(self.tmp, "api"),
                                     env=self.s.env())
        install = self.run_cli("install", "copilot-cli")
        self.assertEqual(install.returncode, 0, install.stderr)
        self.assertIn("added 8 hook entries", install.stdout)

    def tearDown(self):
        self.run_.stop()
        super().tearDown()

    def run_cli(self, *args):
        return self.s.cli(*args, cwd=self.run_.work)

    def test_fix_the_tests(self):
        r = self.run_.run("please fix the tests")
        self.assertEqual(r.returncode, 0, r.stderr[-2000:])
        self.assertNotIn("hook", r.stderr.lower())  # no hook failed or timed out
        served = self.run_.api.served()
        self.assertEqual(len(served), 4)
        event, = self.delivered(self.s, 1, wait=30)
        if os.environ.get("MOSAIC_TEST_VERBOSE"):
            print(json.dumps(event, indent=1))
        check_fixed(self, event, served, "copilot_cli")
        self.assertGreater(event["task_duration_ms"], 0)
        with open(os.path.join(self.run_.work, "app.py")) as f:
            self.assertEqual(f.read(), "x = 2\n")  # the edit really happened

    def test_project_scope_in_a_trusted_folder(self):
        """install --scope project: .github/hooks/ in the work folder, which Copilot reads in
        -p mode only when the folder is trusted (observed: not without; trusted_folders in
        $COPILOT_HOME/config.json, as its trust prompt records it, is enough)."""
        self.assertEqual(self.run_cli("uninstall", "copilot-cli").returncode, 0)
        install = self.run_cli("install", "copilot-cli", "--scope", "project")
        self.assertEqual(install.returncode, 0, install.stderr)
        with open(os.path.join(self.run_.copilot_home, "config.json"), "w") as f:
            json.dump({"trusted_folders": [self.run_.work]}, f)
        r = self.run_.run("please fix the tests")
        self.assertEqual(r.returncode, 0, r.stderr[-2000:])
        event, = self.delivered(self.s, 1, wait=30)
        check_fixed(self, event, self.run_.api.served(), "copilot_cli")

    def test_resumed_session_counts_only_its_own_requests(self):
        """--resume: the same sessionId, the same events.jsonl appended to; the second task's
        event has only its own request."""
        r = self.run_.run("please fix the tests")
        self.assertEqual(r.returncode, 0, r.stderr[-2000:])
        first = self.delivered(self.s, 1, wait=30)[0]
        session = os.path.basename(os.path.dirname(self.run_.session_log()))
        served_before = len(self.run_.api.served())
        r = self.run_.run("a plain question", "--resume=" + session)
        self.assertEqual(r.returncode, 0, r.stderr[-2000:])
        events = self.delivered(self.s, 2, wait=30)
        second, = [e for e in events if e["event_id"] != first["event_id"]]
        inp, cached, out = served_totals(self.run_.api.served()[served_before:])
        self.assertEqual((second["actual_input_tokens"], second["actual_output_tokens"]),
                         (inp, out))
        self.assertEqual(second["quality_gates_run"], [])
        self.assertEqual(second["outcome"], "success")

    def test_subagent_counts_into_the_task(self):
        """The task tool: the subagent edits app.py and runs the tests (failing, then passing);
        its hooks come under its own sessionId. One event, with every request of both."""
        r = self.run_.run("please delegate this")
        self.assertEqual(r.returncode, 0, r.stderr[-2000:])
        served = self.run_.api.served()
        self.assertEqual(len(served), 6)
        event, = self.delivered(self.s, 1, wait=30)
        check_fixed(self, event, served, "copilot_cli", task_type=None)


def main():
    if not os.environ.get("MOSAIC_CLI") and len(sys.argv) < 3:
        print("set MOSAIC_CLI and MOSAIC_SERVER_SCRIPT")
        return 1
    RealCopilot.copilot = cptest.cxtest.npm_harness.skip_unless_installed(
        "GitHub Copilot CLI", "@github/copilot", cprun.VERSION, "copilot")
    cptest.main()


if __name__ == "__main__":
    sys.exit(main())
