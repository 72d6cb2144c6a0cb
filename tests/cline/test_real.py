"""The real Cline CLI (the npm package cline at the version pinned in tests/harness/versions)
against the fake chat-completions API (tests/harness/fake_chat.py), with our hook files
installed by `install cline`, checked at the reference server: tokens equal to the fake API's
figures by the token rule, model, gates (a failing then passing `make test`: the last run wins),
the patched file's language, duration and outcome; a spawned agent's responses, gates and edit
count into the task that spawned it; a model API failure is a failed task; the hook files work
from the workspace's .clinerules/hooks/ too. Each
run's hub daemon is ended by its pid (clrun.py).

The package is installed once, outside the clone, by tests/harness/npm_harness.py. When npm or
the package cannot be had, the test says why and exits 77 (skipped)."""
import json
import os
import sys

import clrun
import cltest
import fix_task  # noqa: E402  (tests/harness, put on the path by cltest)
from cltest import check_fixed


class RealCline(fix_task.RealTaskTests, cltest.HookTestCase):
    cline = None

    def setUp(self):
        super().setUp()
        self.s = self.session(grace_ms=1000)
        self.run_ = clrun.ClineRun(self.cline, self.s.root, os.path.join(self.tmp, "api"),
                                   env=self.s.env())
        install = self.s.cli("install", "cline", cwd=self.run_.work)
        self.assertEqual(install.returncode, 0, install.stderr)
        self.assertIn("wrote 8 hook files", install.stdout)

    def tearDown(self):
        self.run_.stop()
        self.assertIsNone(self.run_.hub_pid(), "the hub daemon is still running")
        super().tearDown()

    def test_fix_the_tests(self):
        r = self.run_.run("please fix the tests")
        self.assertEqual(r.returncode, 0, r.stderr[-2000:])
        served = self.run_.api.served()
        self.assertEqual(len(served), 4)
        event, = self.delivered(self.s, 1, wait=30)
        if os.environ.get("MOSAIC_TEST_VERBOSE"):
            print(json.dumps(event, indent=1))
        check_fixed(self, event, served, "cline")
        self.assertGreater(event["task_duration_ms"], 0)
        with open(os.path.join(self.run_.work, "app.py")) as f:
            self.assertEqual(f.read(), "x = 2\n")  # the patch really applied

    def test_project_scope(self):
        """install --scope project: the hook files in the workspace's .clinerules/hooks/."""
        self.assertEqual(self.s.cli("uninstall", "cline", cwd=self.run_.work).returncode, 0)
        install = self.s.cli("install", "cline", "--scope", "project", cwd=self.run_.work)
        self.assertEqual(install.returncode, 0, install.stderr)
        self.assertEqual(len(os.listdir(os.path.join(self.run_.work, ".clinerules", "hooks"))), 8)
        r = self.run_.run("please fix the tests")
        self.assertEqual(r.returncode, 0, r.stderr[-2000:])
        event, = self.delivered(self.s, 1, wait=30)
        check_fixed(self, event, self.run_.api.served(), "cline")

    def test_spawned_agent_counts_into_the_task(self):
        """spawn_agent: the agent runs the tests (failing), edits app.py with `editor`, runs them
        again (passing). One event, with every response of both conversations."""
        r = self.run_.run("please delegate this")
        self.assertEqual(r.returncode, 0, r.stderr[-2000:])
        served = self.run_.api.served()
        self.assertEqual(len(served), 6)
        event, = self.delivered(self.s, 1, wait=30)
        check_fixed(self, event, served, "cline", task_type=None)


def main():
    if not os.environ.get("MOSAIC_CLI") and len(sys.argv) < 3:
        print("set MOSAIC_CLI and MOSAIC_SERVER_SCRIPT")
        return 1
    RealCline.cline = cltest.cxtest.npm_harness.skip_unless_installed(
        "Cline", "cline", clrun.VERSION, "cline")
    cltest.main()


if __name__ == "__main__":
    sys.exit(main())
