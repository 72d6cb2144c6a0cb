"""The spool when things go wrong: an unwritable directory, truncated and garbage files, and
the bounds (oldest evicted and counted)."""
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clitest  # noqa: E402
from clitest import CliTestCase  # noqa: E402

MINIMAL = ["--model", "m", "--complexity", "low", "--outcome", "success"]


class Unwritable(CliTestCase):
    def blocked(self):
        # A path under a regular file fails with ENOTDIR even for root, whom chmod does not stop.
        blocker = os.path.join(self.tmp, "a-file")
        open(blocker, "w").close()
        return self.env(MOSAIC_TELEMETRY_SPOOL_DIR=os.path.join(blocker, "spool"))

    def assertClearFailure(self, r):
        self.assertEqual(r.returncode, 1, (r.stdout, r.stderr))
        self.assertEqual(r.stdout, "")
        lines = r.stderr.splitlines()
        self.assertEqual(len(lines), 1, r.stderr)
        self.assertIn("cannot create or open it", lines[0])
        self.assertIn("a-file/spool", lines[0])
        self.assertIn("Not a directory", lines[0])

    def test_track(self):
        self.assertClearFailure(self.run_cli("track", *MINIMAL, env=self.blocked()))

    def test_track_now(self):
        self.assertClearFailure(self.run_cli("track", *MINIMAL, "--now", env=self.blocked()))

    def test_flush(self):
        self.assertClearFailure(self.run_cli("flush", env=self.blocked()))
        self.assertClearFailure(self.run_cli("flush", "--background", env=self.blocked()))

    def test_status(self):
        r = self.run_cli("status", env=self.blocked())
        self.assertEqual(r.returncode, 1)
        self.assertIn("Not a directory", r.stderr)

    def test_read_only_directory(self):
        if os.geteuid() == 0:
            self.skipTest("root ignores directory permissions")
        os.makedirs(self.spool)
        os.chmod(self.spool, 0o500)
        try:
            r = self.run_cli("track", *MINIMAL)
            self.assertEqual(r.returncode, 1)
            self.assertIn("Permission denied", r.stderr)
        finally:
            os.chmod(self.spool, 0o700)


class Quarantine(CliTestCase):
    def test_truncated_and_garbage_files_are_set_aside(self):
        good = [clitest.make_event() for _ in range(4)]
        clitest.write_pending(self.spool, good[:2])
        tracked = self.track()
        pending = os.path.join(self.spool, "pending")
        # Truncated: a complete first line, the second cut short with no newline.
        lines = [json.dumps(clitest.make_event(), separators=(",", ":")) for _ in range(2)]
        truncated = clitest.write_pending(self.spool, [], suffix=2)
        with open(os.path.join(pending, truncated), "w") as f:
            f.write(lines[0] + "\n" + lines[1][:40])
        garbage = clitest.write_pending(self.spool, [], suffix=3)
        with open(os.path.join(pending, garbage), "wb") as f:
            f.write(os.urandom(300))
        not_an_event = clitest.write_pending(self.spool, [], suffix=1)
        with open(os.path.join(pending, not_an_event), "w") as f:
            f.write('{"hello": "world"}\n')
        empty = clitest.write_pending(self.spool, [], suffix=1)
        clitest.write_pending(self.spool, good[2:])
        r = self.run_cli("flush")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "sent 5, duplicate 0, rejected 0, dropped 0, kept 0\n")
        self.assertEqual(sorted(self.server.event_ids()),
                         sorted([e["event_id"] for e in good] + [tracked]))
        quarantine = os.path.join(self.spool, "quarantine")
        self.assertEqual(sorted(os.listdir(quarantine)),
                         sorted([truncated, garbage, not_an_event, empty]))
        self.assertEqual(os.listdir(pending), [])
        self.assertEqual(r.stderr.count("set aside"), 4, r.stderr)  # one line each
        status = self.status()
        self.assertEqual(status["quarantined"], "4 files")
        self.assertEqual(status["pending"].split()[0], "0")

    def test_foreign_names_are_left_alone(self):
        pending = os.path.join(self.spool, "pending")
        self.track()
        with open(os.path.join(pending, "notes.txt"), "w") as f:
            f.write("not ours")
        r = self.run_cli("flush")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(os.listdir(pending), ["notes.txt"])


class Bounds(CliTestCase):
    def test_max_events_evicts_the_oldest(self):
        env = self.env(MOSAIC_TELEMETRY_SPOOL_MAX_EVENTS="5")
        ids = []
        for _ in range(8):
            ids.append(self.track(env=env))
            time.sleep(0.002)  # distinct milliseconds: names order by time
        r = self.run_cli("flush", env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        # Appends prune now and then (one in 32, at random): by the flush at the latest.
        self.assertEqual(sorted(self.server.event_ids()), sorted(ids[3:]))
        self.assertEqual(self.status(env)["evicted"], "3 events")

    def test_max_bytes(self):
        events = [clitest.make_event() for _ in range(10)]
        size = len(json.dumps(events[0], separators=(",", ":"))) + 1
        for i, e in enumerate(events):
            clitest.write_pending(self.spool, [e], unix_ms=int(time.time() * 1000) - 60000 + i)
        env = self.env(MOSAIC_TELEMETRY_SPOOL_MAX_BYTES=str(size * 6 + size // 2))
        r = self.run_cli("flush", env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sorted(self.server.event_ids()),
                         sorted(e["event_id"] for e in events[4:]))
        self.assertEqual(self.status(env)["evicted"], "4 events")

    def test_max_age(self):
        old = clitest.make_event()
        clitest.write_pending(self.spool, [old], unix_ms=int(time.time() * 1000) - 3600 * 1000)
        fresh = self.track()
        env = self.env(MOSAIC_TELEMETRY_SPOOL_MAX_AGE_SECONDS="60")
        r = self.run_cli("flush", env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.server.event_ids(), [fresh])
        self.assertEqual(self.status(env)["evicted"], "1 events")

    def test_bound_of_zero_is_refused(self):
        for name in ["track", "flush"]:
            with self.subTest(name):
                r = self.run_cli(name, *(MINIMAL if name == "track" else []),
                                 env=self.env(MOSAIC_TELEMETRY_SPOOL_MAX_BYTES="0"))
                self.assertUsage(r, "spool_limits: at least 1 event")


if __name__ == "__main__":
    clitest.main()
