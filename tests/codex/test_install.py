"""`install codex` / `uninstall codex`: the hooks.json entries (Claude Code's grouped shape,
SessionEnd at 3 s), and trust: through `codex app-server` when a codex binary is found
(fake_codex.py stands in for it), else the note saying what to do."""
import json
import os
import shutil
import subprocess
import tomllib

import cxtest

FAKE_CODEX = os.path.join(cxtest.HERE, "fake_codex.py")
EVENTS = ["SessionStart", "UserPromptSubmit", "PreToolUse", "PostToolUse", "PostCompact",
          "SubagentStop", "Stop", "SessionEnd"]


class Install(cxtest.HookTestCase):

    def setUp(self):
        super().setUp()
        self.s = self.session()
        self.work = os.path.join(self.tmp, "work")
        os.makedirs(self.work)
        os.makedirs(self.s.codex_home, exist_ok=True)
        self.config = os.path.join(self.s.codex_home, "config.toml")
        with open(self.config, "w") as f:
            f.write('# mine\nmodel = "gpt-5.5"\n')
        self.hooks = os.path.join(self.s.codex_home, "hooks.json")

    def run_cli(self, *args, codex=FAKE_CODEX, binary=None):
        env = self.s.env(MOSAIC_TELEMETRY_CODEX_BIN=codex, PATH="/usr/bin:/bin")
        return subprocess.run([binary or cxtest.BIN, *args], cwd=self.work, env=env, text=True,
                              capture_output=True, timeout=60)

    def trust_table(self):
        with open(self.config, "rb") as f:
            return tomllib.load(f).get("hooks", {}).get("state", {})

    def test_install_writes_grouped_entries_and_trusts_them(self):
        r = self.run_cli("install", "codex")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("trusted 8 hook entries", r.stdout)
        with open(self.hooks) as f:
            hooks = json.load(f)["hooks"]
        self.assertEqual(list(hooks), EVENTS)
        self.assertEqual(hooks["PostToolUse"][0]["matcher"], "Bash|apply_patch")
        handler = hooks["SessionEnd"][0]["hooks"][0]
        self.assertEqual(handler["command"], cxtest.BIN + " hook codex")
        self.assertEqual(handler["timeout"], 3)
        self.assertEqual(hooks["Stop"][0]["hooks"][0]["timeout"], 10)
        state = self.trust_table()
        self.assertEqual(len(state), 8)
        self.assertIn(self.hooks + ":user_prompt_submit:0:0", state)
        with open(self.config) as f:
            self.assertTrue(f.read().startswith('# mine\nmodel = "gpt-5.5"\n'))
        # A second run changes nothing and trusts nothing more.
        with open(self.config) as f:
            before = f.read()
        r = self.run_cli("install", "codex")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("nothing changed", r.stdout)
        self.assertNotIn("trusted", r.stdout)
        with open(self.config) as f:
            self.assertEqual(f.read(), before)

    def test_install_from_another_path_renews_the_trust(self):
        self.assertEqual(self.run_cli("install", "codex").returncode, 0)
        old = self.trust_table()
        other = os.path.join(self.tmp, "other", "mosaic-telemetry")
        os.makedirs(os.path.dirname(other))
        shutil.copy(cxtest.BIN, other)
        r = self.run_cli("install", "codex", binary=other)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("trusted 8 hook entries", r.stdout)
        new = self.trust_table()  # still valid TOML: each table once, its hash replaced
        self.assertEqual(set(new), set(old))
        for key in new:
            self.assertNotEqual(new[key]["trusted_hash"], old[key]["trusted_hash"])

    def test_without_codex_the_note_says_what_to_do(self):
        r = self.run_cli("install", "codex", codex=None)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("no codex binary found", r.stdout)
        self.assertIn("/hooks", r.stdout)
        self.assertEqual(self.trust_table(), {})

    def test_dry_run_writes_nothing(self):
        r = self.run_cli("install", "codex", "--dry-run")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("+++", r.stdout)
        self.assertIn("--dry-run: nothing trusted", r.stdout)
        self.assertFalse(os.path.exists(self.hooks))
        self.assertEqual(self.trust_table(), {})

    def test_uninstall_removes_ours_only(self):
        with open(self.hooks, "w") as f:
            json.dump({"hooks": {"Stop": [{"hooks": [{"type": "command",
                                                      "command": "notify-send done"}]}]}}, f)
        self.assertEqual(self.run_cli("install", "codex").returncode, 0)
        r = self.run_cli("uninstall", "codex")
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(self.hooks) as f:
            self.assertEqual(json.load(f), {"hooks": {"Stop": [{"hooks": [
                {"type": "command", "command": "notify-send done"}]}]}})

    def test_doctor_reports_untrusted_entries(self):
        r = self.run_cli("doctor")
        self.assertNotIn("codex hooks", r.stdout)  # nothing of ours installed: nothing said
        self.assertEqual(self.run_cli("install", "codex").returncode, 0)
        r = self.run_cli("doctor")
        self.assertIn("ok    codex hooks: 8 entries in %s, trusted by Codex" % self.hooks, r.stdout)
        with open(self.config) as f:
            text = f.read()
        with open(self.config, "w") as f:
            f.write(text.replace('trusted_hash = "sha256:', 'trusted_hash = "sha256:0', 2))
        r = self.run_cli("doctor")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("FAIL  codex hooks: 2 of 8 entries in %s are not trusted" % self.hooks,
                      r.stdout)
        self.assertIn("install codex", r.stdout)
        r = self.run_cli("doctor", codex=None)
        self.assertIn("trust not checked (no codex binary found)", r.stdout)

    def test_project_scope(self):
        r = self.run_cli("install", "codex", "--scope", "project", codex=None)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.exists(os.path.join(self.work, ".codex", "hooks.json")))
        r = self.run_cli("install", "codex", "--scope", "local", codex=None)
        self.assertEqual(r.returncode, 2)


if __name__ == "__main__":
    cxtest.main()
