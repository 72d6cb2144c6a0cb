"""MOSAIC_TELEMETRY_HISTORY from the config file (docs/history.md, "Where it is"; docs/cli.md, "The
config file"): written with the real `config set`, read by the real command's track, flush and
report; the environment wins over the file, `off` in the file writes no history, a relative path
is refused naming the field, and `status` says where the value came from."""
import glob
import os

import histtest


class HistoryInConfigFile(histtest.HistoryTestCase):
    def setUp(self):
        super().setUp()
        self.config = os.path.join(self.tmp, "config-home", "mosaic-telemetry", "config")

    def set_in_file(self, value, env=None):
        r = self.run_cli("config", "set", "history", value, env=env or self.offline_env())
        self.assertEqual(r.returncode, 0, r.stderr)

    def histories(self):
        """Every SQLite file anywhere under the test's directory (the default place included)."""
        return sorted(glob.glob(os.path.join(self.tmp, "**", "*.sqlite3"), recursive=True) +
                      glob.glob(os.path.join(self.tmp, "**", "*.db"), recursive=True))

    def test_a_path_in_the_file_only_holds_the_history(self):
        chosen = os.path.join(self.tmp, "elsewhere", "mine.db")
        self.set_in_file(chosen)
        offline = self.offline_env()
        self.assertNotIn("MOSAIC_TELEMETRY_HISTORY", offline)
        event_id = self.track(env=offline)  # no server: into the history at once
        self.assertEqual(list(self.rows(path=chosen)), [event_id])
        self.assertEqual(self.histories(), [chosen])  # nothing at the default place
        values, origins = self.status(env=offline, origins=True)
        self.assertEqual(values["history"], chosen)
        self.assertEqual(origins["history"], self.config)
        r = self.run_cli("report", "--json", env=offline)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('"tasks": 1', r.stdout.replace(" ", "").replace(":", ": "))

    def test_off_in_the_file_writes_nothing(self):
        self.set_in_file("off")
        offline = self.offline_env()
        self.track(env=offline)
        self.assertEqual(self.spool_pending(env=offline), 1)  # kept in the spool instead
        self.track(env=self.env())  # with a server: the flush records nothing either
        r = self.run_cli("flush", env=self.env())
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(self.server.events()), 2)
        self.assertEqual(self.histories(), [])
        self.assertEqual(self.status(env=offline)["history"], "off")
        r = self.run_cli("report", env=offline)
        self.assertEqual(r.returncode, 1)
        self.assertIn("the history is off", r.stderr)

    def test_the_environment_beats_the_file(self):
        in_file = os.path.join(self.tmp, "from-file.db")
        in_env = os.path.join(self.tmp, "from-env.db")
        self.set_in_file(in_file)
        r = self.run_cli("config", "set", "history", in_file,
                         env=self.offline_env(MOSAIC_TELEMETRY_HISTORY=in_env))
        self.assertIn("MOSAIC_TELEMETRY_HISTORY is set in the environment, which wins", r.stderr)
        event_id = self.track(env=self.env(MOSAIC_TELEMETRY_HISTORY=in_env))
        r = self.run_cli("flush", env=self.env(MOSAIC_TELEMETRY_HISTORY=in_env))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.deliveries(path=in_env), {event_id: "sent"})
        self.assertEqual(self.histories(), [in_env])
        # "off" in the environment beats a path in the file.
        kept_id = self.track(env=self.offline_env(MOSAIC_TELEMETRY_HISTORY="off"))
        self.assertEqual(self.histories(), [in_env])
        self.assertEqual(self.spool_pending(), 1)
        # An empty variable counts as unset: the file's path holds, and takes the spool's event.
        other_id = self.track(env=self.offline_env(MOSAIC_TELEMETRY_HISTORY=""))
        self.assertEqual(set(self.rows(path=in_file)), {kept_id, other_id})

    def test_a_relative_path_is_refused_naming_the_field(self):
        r = self.run_cli("config", "set", "history", "rel/h.db", env=self.offline_env())
        self.assertUsage(r, "config set: history: expected an absolute path or off, got "
                            "'rel/h.db'")
        self.assertEqual(len(r.stderr.splitlines()), 1)
        self.assertFalse(os.path.exists(self.config))
        # Written by hand: the commands that read it refuse it, naming the field and the file.
        os.makedirs(os.path.dirname(self.config), mode=0o700)
        with open(os.open(self.config, os.O_WRONLY | os.O_CREAT, 0o600), "w") as f:
            f.write("MOSAIC_TELEMETRY_HISTORY=rel/h.db\n")
        r = self.run_cli("report", env=self.offline_env())
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr, "mosaic-telemetry report: history: expected an absolute path "
                                   "or off, got 'rel/h.db' (in %s)\n" % self.config)
        r = self.run_cli("track", "--model", "m", "--complexity", "low", "--outcome", "success",
                         env=self.offline_env())
        self.assertUsage(r, "history: expected an absolute path or off")
        self.assertEqual(self.histories(), [])


if __name__ == "__main__":
    histtest.main()
