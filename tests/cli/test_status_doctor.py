"""status (the key masked, the spool's state) and doctor (good key, bad key, no server, bad
config, unwritable spool)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clitest  # noqa: E402
from clitest import INSTANCE, KEY, OTHER_KEY, CliTestCase  # noqa: E402


class Status(CliTestCase):
    def test_config_with_the_key_masked(self):
        r = self.run_cli("status")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn(KEY, r.stdout + r.stderr)
        self.assertNotIn(KEY[:-4], r.stdout + r.stderr)
        status, origins = clitest.parse_status(r.stdout)
        self.assertEqual(status["api_key"], "****" + KEY[-4:])
        self.assertEqual(status["server_url"], self.server.url)
        self.assertEqual(status["instance_id"], INSTANCE)
        self.assertEqual((status["enabled"], status["dry_run"]), ("true", "false"))
        self.assertEqual(status["spool_dir"], self.spool)
        self.assertEqual(origins, {"server_url": "environment", "instance_id": "environment",
                                   "api_key": "environment", "enabled": "default",
                                   "dry_run": "default", "spool_dir": "environment",
                                   "history": "default"})
        self.assertEqual(status["history"],
                         self.tmp + "/data-home/mosaic-telemetry/history.sqlite3")
        self.assertEqual(status["config_file"],
                         self.tmp + "/config-home/mosaic-telemetry/config (not found)")

    def test_short_and_missing_keys(self):
        self.assertEqual(self.status(self.env(MOSAIC_TELEMETRY_API_KEY="abc123"))["api_key"],
                         "****")
        status = self.status(self.env(MOSAIC_TELEMETRY_API_KEY=None))
        self.assertEqual(status["api_key"], "(unset)")
        self.assertIn("api_key", status["config_error"])

    def test_spool_state(self):
        self.assertIn("not been created", self.status()["pending"])
        self.assertFalse(os.path.exists(self.spool))  # looking does not create it
        for _ in range(3):
            self.track()
        status = self.status()
        self.assertRegex(status["pending"], r"^3 events, \d+\.\d KiB, oldest \d+ ms$")
        self.assertEqual(status["claimed"], "0 events")
        self.assertEqual(status["quarantined"], "0 files")
        self.assertEqual(status["evicted"], "0 events")
        self.assertEqual(status["last_error"], "none")

    def test_oldest_age_in_human_units(self):
        clitest.write_pending(self.spool, [clitest.make_event()],
                              unix_ms=int(clitest.time.time() * 1000) - 3 * 3600 * 1000)
        self.assertRegex(self.status()["pending"], r"oldest 3\.0 h$")

    def test_spool_dir_flags(self):
        other = os.path.join(self.tmp, "other")
        self.assertEqual(self.run_cli("--spool-dir", other, "track", "--model", "m",
                                      "--complexity", "low", "--outcome", "success").returncode, 0)
        r = self.run_cli("status", "--spool-dir", other)
        self.assertIn("pending: 1 events", r.stdout)
        r = self.run_cli("--spool-dir=" + other, "status")
        self.assertIn("pending: 1 events", r.stdout)
        env = self.env(MOSAIC_TELEMETRY_SPOOL_DIR=None, XDG_STATE_HOME=os.path.join(self.tmp, "x"))
        r = self.run_cli("status", env=env)
        self.assertIn("spool_dir: %s/x/mosaic-telemetry/spool" % self.tmp, r.stdout)


class Doctor(CliTestCase):
    def lines(self, r):
        """The check lines, without the indented settings and fixes under them."""
        return [line for line in r.stdout.splitlines() if not line.startswith("      ")]

    def test_all_good(self):
        r = self.run_cli("doctor")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual([line.split()[:2] for line in self.lines(r)],
                         [["ok", "config:"], ["ok", "spool:"], ["ok", "server:"],
                          ["ok", "predictions:"], ["ok", "preload"]])
        self.assertNotIn(KEY, r.stdout + r.stderr)
        self.assertFalse(os.listdir(os.path.join(self.spool, "pending")))  # nothing appended
        sent = self.server.received()
        self.assertEqual([(q["status"], q["event_count"]) for q in sent], [(422, 0)])
        self.assertEqual(self.server.events(), [])

    def test_bad_key(self):
        r = self.run_cli("doctor", env=self.env(MOSAIC_TELEMETRY_API_KEY=OTHER_KEY))
        self.assertEqual(r.returncode, 1)
        self.assertIn("FAIL  server:", r.stdout)
        self.assertIn("401: the API key was refused", r.stdout)
        self.assertIn("fix: check MOSAIC_TELEMETRY_API_KEY", r.stdout)
        self.assertIn("ok    predictions", r.stdout)
        self.assertNotIn(OTHER_KEY, r.stdout + r.stderr)

    def test_no_server(self):
        url = clitest.dead_url()
        r = self.run_cli("doctor", env=self.env(MOSAIC_TELEMETRY_SERVER_URL=url))
        self.assertEqual(r.returncode, 1)
        self.assertIn("FAIL  server: cannot reach %s" % url, r.stdout)
        self.assertIn("FAIL  predictions: cannot reach", r.stdout)
        self.assertIn("fix: check MOSAIC_TELEMETRY_SERVER_URL", r.stdout)

    def test_bad_config(self):
        r = self.run_cli("doctor", env=self.env(MOSAIC_TELEMETRY_SERVER_URL=None))
        self.assertEqual(r.returncode, 1)
        self.assertIn("FAIL  config: server_url", r.stdout)
        self.assertIn("fix: set MOSAIC_TELEMETRY_SERVER_URL", r.stdout)
        self.assertIn("FAIL  server: not checked", r.stdout)
        self.assertIn("ok    spool", r.stdout)

    def test_unwritable_spool(self):
        blocker = os.path.join(self.tmp, "a-file")
        open(blocker, "w").close()
        r = self.run_cli("doctor", env=self.env(MOSAIC_TELEMETRY_SPOOL_DIR=blocker + "/spool"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("FAIL  spool", r.stdout)
        self.assertIn("Not a directory", r.stderr)
        self.assertIn("ok    server", r.stdout)


if __name__ == "__main__":
    clitest.main()
