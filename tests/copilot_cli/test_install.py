"""`install copilot-cli` / `uninstall copilot-cli`: a hooks file of our own in the user's
($COPILOT_HOME/hooks/) or the project's (.github/hooks/) hooks directory, in Copilot's flat
shape ({"version": 1, "hooks": {"<event>": [{"type", "bash", "timeoutSec"}]}}); --dry-run
writes nothing; a second install changes nothing; uninstall leaves other entries alone; a
project's install says that Copilot runs them only in a trusted folder."""
import json
import os
import subprocess

import cptest

EVENTS = ["sessionStart", "userPromptSubmitted", "postToolUse", "postToolUseFailure",
          "preCompact", "errorOccurred", "agentStop", "sessionEnd"]


class Install(cptest.HookTestCase):

    def setUp(self):
        super().setUp()
        self.s = self.session()
        self.work = os.path.join(self.tmp, "work")
        os.makedirs(self.work)
        self.user_file = os.path.join(self.s.copilot_home, "hooks", "mosaic-telemetry.json")
        self.project_file = os.path.join(self.work, ".github", "hooks", "mosaic-telemetry.json")

    def run_cli(self, *args, **env):
        return subprocess.run([cptest.cxtest.BIN, *args], cwd=self.work, text=True,
                              env=self.s.env(**env), capture_output=True, timeout=60)

    def load(self, path):
        with open(path) as f:
            return json.load(f)

    def test_user_scope(self):
        r = self.run_cli("install", "copilot-cli")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("added 8 hook entries", r.stdout)
        self.assertNotIn("trusts", r.stdout)  # the user's own hooks need no trust
        hooks = self.load(self.user_file)
        self.assertEqual(hooks["version"], 1)
        self.assertEqual(list(hooks["hooks"]), EVENTS)
        for event in EVENTS:
            self.assertEqual(hooks["hooks"][event], [{
                "type": "command", "bash": cptest.cxtest.BIN + " hook copilot-cli",
                "timeoutSec": 10}])
        self.assertEqual(os.stat(self.user_file).st_mode & 0o777, 0o600)
        r = self.run_cli("install", "copilot-cli")
        self.assertIn("nothing changed", r.stdout)

    def test_default_copilot_home(self):
        r = self.run_cli("install", "copilot-cli", COPILOT_HOME=None)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.exists(os.path.join(self.s.home, ".copilot", "hooks",
                                                    "mosaic-telemetry.json")))

    def test_project_scope_and_dry_run(self):
        r = self.run_cli("install", "copilot-cli", "--scope", "project", "--dry-run")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('"bash": "%s hook copilot-cli"' % cptest.cxtest.BIN, r.stdout)
        self.assertFalse(os.path.exists(self.project_file))
        self.assertNotIn("trusted_folders", r.stdout)
        r = self.run_cli("install", "copilot-cli", "--scope", "project")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(list(self.load(self.project_file)["hooks"]), EVENTS)
        self.assertFalse(os.path.exists(self.user_file))
        self.assertIn("only in a folder it trusts", r.stdout)  # and what to do about it
        self.assertIn('"trusted_folders"', r.stdout)

    def test_uninstall_keeps_other_entries(self):
        os.makedirs(os.path.dirname(self.project_file))
        mine = {"type": "command", "bash": "./scripts/audit.sh", "timeoutSec": 5}
        with open(self.project_file, "w") as f:
            json.dump({"version": 1, "hooks": {"agentStop": [mine]}}, f)
        self.assertEqual(self.run_cli("install", "copilot-cli", "--scope", "project")
                         .returncode, 0)
        self.assertEqual(len(self.load(self.project_file)["hooks"]["agentStop"]), 2)
        r = self.run_cli("uninstall", "copilot-cli", "--scope", "project")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.load(self.project_file), {"version": 1, "hooks": {
            "agentStop": [mine]}})

    def test_unknown_scope(self):
        r = self.run_cli("install", "copilot-cli", "--scope", "local")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("expected one of user|project", r.stderr)


if __name__ == "__main__":
    cptest.main()
