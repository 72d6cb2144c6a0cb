"""`install claude-code` / `uninstall claude-code` on settings files that already hold other
settings and other hooks: every other key and hook kept, in order; idempotent; a backup before
any change; uninstall removes exactly what install added; --dry-run prints a diff and writes
nothing."""
import glob
import json
import os
import re
import shutil
import subprocess
import unittest

import cctest

EVENTS = {  # event -> matcher (None: no matcher key)
    "SessionStart": None, "UserPromptSubmit": None, "PreToolUse": "Bash|PowerShell|Monitor",
    "PostToolUse": "Bash|PowerShell|Monitor|Edit|Write|MultiEdit|NotebookEdit",
    "PostToolUseFailure": "Bash|PowerShell|Monitor", "PostCompact": None, "SubagentStop": None, "Stop": None, "StopFailure": None,
    "SessionEnd": None,
}

EXISTING = {
    "model": "opus",
    "permissions": {"allow": ["Bash(npm test:*)"], "deny": []},
    "env": {"FOO": "bär"},
    "hooks": {
        "PreToolUse": [{"matcher": "Bash", "hooks": [
            {"type": "command", "command": "/usr/local/bin/guard --check", "timeout": 5}]}],
        "Stop": [{"hooks": [{"type": "command", "command": "notify-send done"}]}],
        "Notification": [{"matcher": "", "hooks": [{"type": "command", "command": "say hi"}]}],
    },
    "statusLine": {"type": "command", "command": "~/.claude/status.sh"},
    "enabledPlugins": {},
}


def stringify(value):
    """As Claude Code writes settings: JSON.stringify(value, null, 2) and a newline."""
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


class Install(cctest.HookTestCase):

    def setUp(self):
        super().setUp()
        self.s = self.session()
        self.settings = os.path.join(self.s.claude, "settings.json")
        self.command = os.path.realpath(cctest.BIN) + " hook claude-code"

    def write(self, value, path=None):
        path = path or self.settings
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(value if isinstance(value, str) else stringify(value))

    def read(self, path=None):
        with open(path or self.settings, encoding="utf-8") as f:
            return f.read()

    def run_cli(self, *args, cwd=None):
        return self.s.cli(*args, cwd=cwd)

    def backups(self, path=None):
        return sorted(glob.glob((path or self.settings) + ".bak-*"))

    def ours(self, settings):
        """event -> [(matcher, handler)] for our handlers."""
        found = {}
        for event, groups in settings.get("hooks", {}).items():
            for group in groups:
                for handler in group["hooks"]:
                    if handler.get("command", "").endswith("mosaic-telemetry hook claude-code"):
                        found.setdefault(event, []).append((group.get("matcher"), handler))
        return found

    def assertInstalled(self, settings):
        found = self.ours(settings)
        self.assertEqual(set(found), set(EVENTS))
        for event, entries in found.items():
            self.assertEqual(entries, [(EVENTS[event], {"type": "command", "command": self.command,
                                                        "timeout": 10})], event)

    def test_install_keeps_everything_else(self):
        self.write(EXISTING)
        before = self.read()
        r = self.run_cli("install", "claude-code")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("added 10 hook entries to " + self.settings, r.stdout)
        after = json.loads(self.read())
        self.assertInstalled(after)
        self.assertEqual(list(after), list(EXISTING))  # key order kept
        for key in EXISTING:
            if key != "hooks":
                self.assertEqual(after[key], EXISTING[key])
        # the other hooks are where they were, ours come after them
        self.assertEqual(after["hooks"]["PreToolUse"][0], EXISTING["hooks"]["PreToolUse"][0])
        self.assertEqual(after["hooks"]["Stop"][0], EXISTING["hooks"]["Stop"][0])
        self.assertEqual(after["hooks"]["Notification"], EXISTING["hooks"]["Notification"])
        self.assertEqual(list(after["hooks"])[:3], ["PreToolUse", "Stop", "Notification"])
        [backup] = self.backups()
        self.assertEqual(self.read(backup), before)
        self.assertEqual(self.read(), stringify(after))  # written as Claude Code writes it

    def test_second_install_changes_nothing(self):
        self.write(EXISTING)
        self.assertEqual(self.run_cli("install", "claude-code").returncode, 0)
        text, mtime = self.read(), os.stat(self.settings).st_mtime_ns
        r = self.run_cli("install", "claude-code")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("already installed", r.stdout)
        self.assertEqual((self.read(), os.stat(self.settings).st_mtime_ns), (text, mtime))
        self.assertEqual(len(self.backups()), 1)

    def test_uninstall_removes_exactly_what_install_added(self):
        for original in (EXISTING, {"model": "sonnet"}, {}):
            with self.subTest(original=original):
                self.write(original)
                text = self.read()
                self.assertEqual(self.run_cli("install", "claude-code").returncode, 0)
                r = self.run_cli("uninstall", "claude-code")
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertIn("removed 10 hook entries", r.stdout)
                self.assertEqual(self.read(), text)
                r = self.run_cli("uninstall", "claude-code")
                self.assertIn("nothing changed", r.stdout)
                for b in self.backups():
                    os.unlink(b)

    def test_no_settings_file(self):
        r = self.run_cli("install", "claude-code")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertInstalled(json.loads(self.read()))
        self.assertEqual(self.backups(), [])
        self.assertEqual(os.stat(self.settings).st_mode & 0o777, 0o600)

    def test_dry_run_prints_a_diff_and_writes_nothing(self):
        self.write(EXISTING)
        text = self.read()
        r = self.run_cli("install", "claude-code", "--dry-run")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        self.assertEqual(lines[0], "--- " + self.settings)
        self.assertEqual(lines[1], "+++ %s (after install)" % self.settings)
        self.assertTrue(lines[2].startswith("@@ -"))
        added = [l for l in lines[2:] if l.startswith("+")]
        self.assertFalse([l for l in lines[2:] if l.startswith("-")])  # install only adds
        self.assertEqual(sum(self.command in l for l in added), 10)
        self.assertEqual((self.read(), self.backups()), (text, []))
        # the diff applies: its + and context lines are the file install would write
        self.assertEqual(self.run_cli("install", "claude-code").returncode, 0)
        new = self.read().splitlines()
        for line in lines[2:]:
            if line[0] in " +":
                self.assertIn(line[1:], new)

    def test_dry_run_uninstall(self):
        self.write(EXISTING)
        self.run_cli("install", "claude-code")
        text = self.read()
        r = self.run_cli("uninstall", "claude-code", "--dry-run")
        self.assertEqual(r.returncode, 0, r.stderr)
        removed = [l for l in r.stdout.splitlines()[2:] if l.startswith("-")]
        self.assertEqual(sum(self.command in l for l in removed), 10)
        self.assertEqual(self.read(), text)

    def test_scopes(self):
        project = os.path.join(self.tmp, "project")
        os.makedirs(project)
        for scope, name in (("project", "settings.json"), ("local", "settings.local.json")):
            with self.subTest(scope=scope):
                r = self.run_cli("install", "claude-code", "--scope", scope, cwd=project)
                self.assertEqual(r.returncode, 0, r.stderr)
                path = os.path.join(project, ".claude", name)
                self.assertInstalled(json.loads(self.read(path)))
        self.assertEqual(os.stat(os.path.join(project, ".claude", "settings.json")).st_mode & 0o777,
                         0o644)
        self.assertFalse(os.path.exists(self.settings))
        home_default = self.s.env()
        del home_default["CLAUDE_CONFIG_DIR"]
        r = self.s.cli("install", "claude-code", "--scope", "user", env=home_default)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.exists(os.path.join(self.s.root, "home", ".claude",
                                                    "settings.json")))

    def test_entry_of_another_install_path_is_updated(self):
        old = dict(EXISTING)
        old["hooks"] = {"Stop": [{"hooks": [
            {"type": "command", "command": "notify-send done"},
            {"type": "command", "command": "/opt/old/bin/mosaic-telemetry hook claude-code",
             "timeout": 10}]}]}
        self.write(old)
        r = self.run_cli("install", "claude-code")
        self.assertEqual(r.returncode, 0, r.stderr)
        after = json.loads(self.read())
        self.assertInstalled(after)
        self.assertEqual(after["hooks"]["Stop"], [{"hooks": [
            {"type": "command", "command": "notify-send done"},
            {"type": "command", "command": self.command, "timeout": 10}]}])
        # uninstall keeps the group's other handler
        self.run_cli("uninstall", "claude-code")
        after = json.loads(self.read())
        self.assertEqual(after["hooks"], {"Stop": [{"hooks": [
            {"type": "command", "command": "notify-send done"}]}]})

    def test_refuses_what_it_cannot_read(self):
        for text, fragment in (("{not json", "not valid settings JSON"),
                               ("[1, 2]", "not an object"),
                               ('{"hooks": []}', '"hooks" is not an object'),
                               ('{"hooks": {"Stop": {}}}', '"hooks.Stop" is not an array')):
            with self.subTest(text=text):
                self.write(text)
                r = self.run_cli("install", "claude-code")
                self.assertEqual(r.returncode, 1, r.stdout)
                self.assertIn(fragment, r.stderr)
                self.assertEqual(self.read(), text)
                self.assertEqual(self.backups(), [])

    def test_a_symlinked_settings_file_is_written_through(self):
        """Dotfile managers link ~/.claude/settings.json elsewhere: the link stays, its target
        changes, and the backup is beside the target."""
        target = os.path.join(self.tmp, "dotfiles", "claude-settings.json")
        self.write({"model": "opus"}, path=target)
        os.makedirs(os.path.dirname(self.settings), exist_ok=True)
        os.symlink(target, self.settings)
        r = self.run_cli("install", "claude-code")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.islink(self.settings))
        self.assertInstalled(json.loads(self.read(target)))
        self.assertEqual(json.loads(self.read(target))["model"], "opus")
        self.assertEqual(len(self.backups(target)), 1)
        self.assertIn(target, r.stdout)

    def test_a_settings_file_that_is_not_a_file_is_refused_at_once(self):
        os.makedirs(os.path.dirname(self.settings), exist_ok=True)
        os.mkfifo(self.settings)  # a blocking open would wait forever for a writer
        r = self.run_cli("install", "claude-code")
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("settings.json: not a regular file", r.stderr)
        os.unlink(self.settings)
        os.makedirs(self.settings)
        r = self.run_cli("install", "claude-code")
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("Is a directory", r.stderr)

    def test_usage_errors(self):
        for args, fragment in ((["install"], "name the harness"),
                               (["install", "gemini-cli"], "unknown harness 'gemini-cli'"),
                               (["uninstall", "claude-code", "--scope", "team"], "--scope"),
                               (["install", "claude-code", "--force"], "unknown flag --force")):
            with self.subTest(args=args):
                r = self.run_cli(*args)
                self.assertEqual(r.returncode, 2, r.stdout)
                self.assertIn(fragment, r.stderr)
        r = self.run_cli("install", "--help")
        self.assertEqual(r.returncode, 0)
        self.assertIn("--dry-run", r.stdout)

    def test_install_path_with_spaces(self):
        """A binary under a directory with a space is quoted for the shell, still recognized as
        ours, and runs."""
        spaced = os.path.join(self.tmp, "my tools", "mosaic-telemetry")
        os.makedirs(os.path.dirname(spaced))
        shutil.copy(cctest.BIN, spaced)
        r = subprocess.run([spaced, "install", "claude-code"], capture_output=True, text=True,
                           env=self.s.env())
        self.assertEqual(r.returncode, 0, r.stderr)
        command = json.loads(self.read())["hooks"]["Stop"][0]["hooks"][0]["command"]
        self.assertEqual(command, "'%s' hook claude-code" % spaced)
        payload = json.dumps({"session_id": "spaced", "hook_event_name": "SessionStart"})
        self.assertQuiet(subprocess.run(["/bin/sh", "-c", command], input=payload.encode(),
                                        capture_output=True, env=self.s.env()))
        r = self.run_cli("uninstall", "claude-code")  # another path: still ours
        self.assertIn("removed 10 hook entries", r.stdout)

    def test_installed_command_runs_as_claude_code_runs_it(self):
        """The command string, run through a shell as Claude Code runs hooks, works."""
        self.run_cli("install", "claude-code")
        command = json.loads(self.read())["hooks"]["UserPromptSubmit"][0]["hooks"][0]["command"]
        payload = {"session_id": "install-check", "hook_event_name": "UserPromptSubmit",
                   "prompt": "hi", "transcript_path": os.path.join(self.s.project, "t.jsonl")}
        r = subprocess.run(["/bin/sh", "-c", command], input=json.dumps(payload).encode(),
                           capture_output=True, env=self.s.env())
        self.assertQuiet(r)
        self.assertTrue(os.path.exists(os.path.join(self.s.state, "install-check.json")))


REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
PLUGIN = os.path.join(REPO, "plugins", "claude-code")


class Plugin(unittest.TestCase):
    """The plugin route (plugins/claude-code, .claude-plugin/marketplace.json) installs the same
    hooks as `install claude-code`, calling the command from PATH. test_real.py has the real
    Claude Code load it."""

    def test_plugin_hooks_are_the_installed_ones(self):
        with open(os.path.join(PLUGIN, "hooks", "hooks.json")) as f:
            hooks = json.load(f)["hooks"]
        self.assertEqual(set(hooks), set(EVENTS))
        for event, groups in hooks.items():
            self.assertEqual(len(groups), 1, event)
            self.assertEqual(groups[0].get("matcher"), EVENTS[event], event)
            self.assertEqual(groups[0]["hooks"], [{"type": "command", "timeout": 10,
                                                   "command": "mosaic-telemetry hook claude-code"}])

    def test_manifests(self):
        with open(os.path.join(REPO, "include", "mosaic", "telemetry.h")) as f:
            version = re.search(r'#define MOSAIC_VERSION +"([0-9.]+)', f.read()).group(1)
        with open(os.path.join(PLUGIN, ".claude-plugin", "plugin.json")) as f:
            plugin = json.load(f)
        with open(os.path.join(REPO, ".claude-plugin", "marketplace.json")) as f:
            market = json.load(f)
        self.assertEqual(plugin["version"], version)
        entry, = market["plugins"]
        self.assertEqual((entry["name"], entry["version"]), (plugin["name"], version))
        self.assertEqual(os.path.realpath(os.path.join(REPO, entry["source"])), PLUGIN)


if __name__ == "__main__":
    cctest.main()
