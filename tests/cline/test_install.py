"""`install cline` / `uninstall cline`: one executable script per event in the user's
($CLINE_DIR/hooks, else ~/.cline/hooks) or the project's (.clinerules/hooks) hooks directory,
each running our command; --dry-run writes nothing; a second install changes nothing; a hook
file that is not ours stops the install and is never touched; uninstall removes only ours."""
import os
import stat
import subprocess

import cltest

EVENTS = ["TaskStart", "TaskResume", "UserPromptSubmit", "PostToolUse", "TaskComplete",
          "TaskError", "TaskCancel", "SessionShutdown"]


class Install(cltest.HookTestCase):

    def setUp(self):
        super().setUp()
        self.s = self.session()
        self.work = os.path.join(self.tmp, "work")
        os.makedirs(self.work)
        self.user_dir = os.path.join(self.s.home, ".cline", "hooks")
        self.project_dir = os.path.join(self.work, ".clinerules", "hooks")

    def run_cli(self, *args, **env):
        return subprocess.run([cltest.cxtest.BIN, *args], cwd=self.work, text=True,
                              env=self.s.env(**env), capture_output=True, timeout=60)

    def test_user_scope_scripts_run_our_command(self):
        r = self.run_cli("install", "cline")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("wrote 8 hook files in " + self.user_dir, r.stdout)
        self.assertEqual(sorted(os.listdir(self.user_dir)), sorted(EVENTS))
        for event in EVENTS:
            path = os.path.join(self.user_dir, event)
            self.assertEqual(stat.S_IMODE(os.stat(path).st_mode), 0o700)
            with open(path) as f:
                text = f.read()
            self.assertTrue(text.startswith("#!/bin/sh\n"))
            self.assertIn("\nexec %s hook cline\n" % cltest.cxtest.BIN, text)
        # The script really runs the hook: an unusable payload is reported on stderr, exit 0.
        r = subprocess.run([os.path.join(self.user_dir, "TaskStart")], input=b"{}",
                           env=self.s.env(), capture_output=True, timeout=30)
        self.assertEqual(r.returncode, 0)
        self.assertIn(b"hook cline: the payload has no hookName", r.stderr)
        r = self.run_cli("install", "cline")
        self.assertIn("nothing changed", r.stdout)

    def test_cline_dir(self):
        cline_dir = os.path.join(self.tmp, "elsewhere")
        r = self.run_cli("install", "cline", CLINE_DIR=cline_dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(os.listdir(os.path.join(cline_dir, "hooks"))), 8)

    def test_project_scope_dry_run_and_uninstall(self):
        r = self.run_cli("install", "cline", "--scope", "project", "--dry-run")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("+exec %s hook cline" % cltest.cxtest.BIN, r.stdout)
        self.assertFalse(os.path.exists(self.project_dir))
        self.assertEqual(self.run_cli("install", "cline", "--scope", "project").returncode, 0)
        self.assertEqual(stat.S_IMODE(os.stat(os.path.join(self.project_dir, "TaskStart"))
                                      .st_mode), 0o755)
        mine = os.path.join(self.project_dir, "PreToolUse")
        with open(mine, "w") as f:
            f.write("#!/bin/sh\necho mine\n")
        r = self.run_cli("uninstall", "cline", "--scope", "project")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("removed 8 hook files", r.stdout)
        self.assertEqual(os.listdir(self.project_dir), ["PreToolUse"])

    def test_a_file_not_ours_stops_the_install(self):
        os.makedirs(self.user_dir)
        theirs = os.path.join(self.user_dir, "TaskComplete")
        with open(theirs, "w") as f:
            f.write("#!/bin/sh\nnotify-send done\n")
        r = self.run_cli("install", "cline")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("TaskComplete is not ours; nothing changed", r.stderr)
        self.assertEqual(os.listdir(self.user_dir), ["TaskComplete"])
        with open(theirs) as f:
            self.assertEqual(f.read(), "#!/bin/sh\nnotify-send done\n")


if __name__ == "__main__":
    cltest.main()
