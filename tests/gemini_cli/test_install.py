"""`install gemini-cli` / `uninstall gemini-cli`: the settings.json entries (the grouped shape,
timeouts in milliseconds), the rest of the file kept, the dry run, the project scope, the note on
the config file; and the extension shipped in adapters/gemini_cli/extension/ holding the same
entries as `install` writes."""
import json
import os
import subprocess

import gmtest

EVENTS = ["SessionStart", "BeforeAgent", "AfterTool", "AfterAgent", "SessionEnd"]
EXTENSION = os.path.join(gmtest.HERE, "..", "..", "adapters", "gemini_cli", "extension")


class Install(gmtest.HookTestCase):

    def setUp(self):
        super().setUp()
        self.s = self.session()
        self.work = os.path.join(self.tmp, "work")
        os.makedirs(self.work)
        self.settings = os.path.join(self.s.home, ".gemini", "settings.json")
        os.makedirs(os.path.dirname(self.settings), exist_ok=True)

    def run_cli(self, *args):
        return subprocess.run([gmtest.bin_path(), *args], cwd=self.work, env=self.s.env(),
                              text=True, capture_output=True, timeout=60)

    def write_settings(self, settings):
        with open(self.settings, "w") as f:
            json.dump(settings, f, indent=2)

    def read_settings(self, path=None):
        with open(path or self.settings) as f:
            return json.load(f)

    def test_install_keeps_the_file_and_adds_grouped_entries(self):
        mine = {"security": {"auth": {"selectedType": "gemini-api-key"}},
                "hooks": {"AfterAgent": [{"hooks": [{"type": "command",
                                                     "command": "notify-send done"}]}]}}
        self.write_settings(mine)
        r = self.run_cli("install", "gemini-cli")
        self.assertEqual(r.returncode, 0, r.stderr)
        settings = self.read_settings()
        self.assertEqual(settings["security"], mine["security"])
        hooks = settings["hooks"]
        self.assertEqual(sorted(hooks), sorted(EVENTS))
        self.assertEqual(hooks["AfterTool"][0]["matcher"], "run_shell_command|write_file|replace")
        self.assertEqual(hooks["AfterAgent"][0], mine["hooks"]["AfterAgent"][0])
        ours = hooks["AfterAgent"][-1]["hooks"][0]
        self.assertEqual(ours, {"type": "command", "command": gmtest.bin_path() +
                                " hook gemini-cli", "timeout": 10000})
        # The config file holds nothing (configured_env points XDG_CONFIG_HOME at an empty
        # directory): install says what the hook may lack under Gemini CLI's redaction.
        self.assertIn("the config file lacks server_url, api_key, instance_id", r.stdout)
        r = self.run_cli("install", "gemini-cli")
        self.assertIn("nothing changed", r.stdout)

        r = self.run_cli("uninstall", "gemini-cli")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("lacks", r.stdout)
        self.assertEqual(self.read_settings(), mine)

    def test_dry_run_writes_nothing(self):
        r = self.run_cli("install", "gemini-cli", "--dry-run")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("+++", r.stdout)
        self.assertIn('"BeforeAgent"', r.stdout)
        self.assertFalse(os.path.exists(self.settings))

    def test_project_scope(self):
        r = self.run_cli("install", "gemini-cli", "--scope", "project")
        self.assertEqual(r.returncode, 0, r.stderr)
        project = os.path.join(self.work, ".gemini", "settings.json")
        self.assertEqual(sorted(self.read_settings(project)["hooks"]), sorted(EVENTS))
        self.assertFalse(os.path.exists(self.settings))
        r = self.run_cli("install", "gemini-cli", "--scope", "local")
        self.assertEqual(r.returncode, 2)
        self.assertIn("expected one of user|project", r.stderr)

    def test_extension_holds_the_entries_install_writes(self):
        """The extension runs `mosaic-telemetry` from PATH; otherwise its hooks.json is what
        install writes into an empty settings file."""
        self.assertEqual(self.run_cli("install", "gemini-cli").returncode, 0)
        installed = json.dumps(self.read_settings()).replace(gmtest.bin_path() + " hook",
                                                             "mosaic-telemetry hook")
        with open(os.path.join(EXTENSION, "hooks", "hooks.json")) as f:
            self.assertEqual(json.load(f), json.loads(installed))
        with open(os.path.join(EXTENSION, "gemini-extension.json")) as f:
            manifest = json.load(f)
        self.assertEqual(manifest["name"], "mosaic-telemetry")


if __name__ == "__main__":
    gmtest.main()
