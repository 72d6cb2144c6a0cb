"""Directories another local user could write into are refused, and files we create or replace
are never reached through a planted link (docs/architecture.md, "Files and directories"): the
spool, the adapters' state directory and the config directory."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clitest  # noqa: E402
from clitest import CliTestCase  # noqa: E402

MINIMAL = ["--model", "m", "--complexity", "low", "--outcome", "success"]
NOBODY = 65534


class PrivateDirs(CliTestCase):
    def victim(self):
        path = os.path.join(self.tmp, "victim")
        with open(path, "w") as f:
            f.write("precious\n")
        return path

    def assertRefused(self, r, directory, rule):
        self.assertEqual(r.returncode, 1, (r.stdout, r.stderr))
        lines = r.stderr.splitlines()
        self.assertEqual(len(lines), 1, r.stderr)
        self.assertIn(directory, lines[0])
        self.assertIn(rule, lines[0])

    def test_a_world_writable_spool_is_refused(self):
        os.makedirs(self.spool)
        os.chmod(self.spool, 0o777)
        r = self.run_cli("track", *MINIMAL)
        self.assertRefused(r, self.spool, "writable by others (mode 0777)")
        self.assertEqual(os.listdir(self.spool), [])

    def test_a_spool_owned_by_another_user_is_refused(self):
        if os.geteuid() != 0:
            self.skipTest("only root can give a directory to another user")
        os.makedirs(self.spool)
        os.chown(self.spool, NOBODY, NOBODY)
        r = self.run_cli("track", *MINIMAL)
        self.assertRefused(r, self.spool, "owned by uid %d, not by you" % NOBODY)

    def test_a_planted_state_tmp_link_is_replaced_not_followed(self):
        self.track()  # makes the spool
        victim = self.victim()
        os.symlink(victim, os.path.join(self.spool, "state.tmp"))
        # A flush that fails writes its error into the spool's state through state.tmp.
        r = self.run_cli("flush", env=self.env(MOSAIC_TELEMETRY_SERVER_URL=clitest.dead_url()))
        self.assertNotEqual(r.returncode, 0)
        with open(victim) as f:
            self.assertEqual(f.read(), "precious\n")
        with open(os.path.join(self.spool, "state")) as f:
            self.assertIn("kept", json.load(f)["last_error"])

    def test_a_world_writable_state_directory_is_refused_and_the_hook_still_exits_0(self):
        state = os.path.join(self.tmp, "state")
        os.makedirs(state)
        os.chmod(state, 0o777)
        payload = json.dumps({"session_id": "s1", "hook_event_name": "SessionStart",
                              "transcript_path": "", "cwd": self.tmp})
        r = self.run_cli("hook", "claude-code", input=payload,
                         env=self.env(MOSAIC_TELEMETRY_STATE_DIR=state))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "")
        self.assertIn("writable by others", r.stderr)
        self.assertEqual(os.listdir(state), [])

    def test_a_planted_sweep_stamp_link_is_replaced_not_followed(self):
        state = os.path.join(self.tmp, "state")
        os.makedirs(state, mode=0o700)
        victim = self.victim()
        os.utime(victim, (0, 0))  # an old stamp: this hook sweeps, and renews the stamp
        os.symlink(victim, os.path.join(state, "sweep.stamp"))
        payload = json.dumps({"session_id": "s1", "hook_event_name": "SessionStart",
                              "transcript_path": "", "cwd": self.tmp})
        r = self.run_cli("hook", "claude-code", input=payload,
                         env=self.env(MOSAIC_TELEMETRY_STATE_DIR=state))
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(victim) as f:
            self.assertEqual(f.read(), "precious\n")
        self.assertFalse(os.path.islink(os.path.join(state, "sweep.stamp")))

    def test_a_world_writable_config_directory_is_refused(self):
        config_home = os.path.join(self.tmp, "config")
        os.makedirs(os.path.join(config_home, "mosaic-telemetry"))
        os.chmod(os.path.join(config_home, "mosaic-telemetry"), 0o777)
        r = self.run_cli("config", "set", "server_url", "http://127.0.0.1:1",
                         env=self.env(XDG_CONFIG_HOME=config_home))
        self.assertRefused(r, "mosaic-telemetry", "writable by others")


if __name__ == "__main__":
    clitest.main()
