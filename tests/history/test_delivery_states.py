"""The history follows what each flush learns (docs/history.md, "Delivery"): every event is
recorded pending before it is sent, then sent, duplicate, rejected, dropped or dry run as the real
reference server answers; without a server the spool drains into the history as unsent, which a
flush sends once a server is configured (while the spool would have kept it); `off` and
MOSAIC_TELEMETRY_ENABLED=false keep nothing; a locked or corrupt history is one clear line and
the events stay in the spool, unsent."""
import json
import os
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import histtest  # noqa: E402
from histtest import HistoryTestCase, clitest  # noqa: E402

WIRE_FIELDS = list(clitest.make_event())

VERSION_1 = """
CREATE TABLE events (event_id TEXT PRIMARY KEY NOT NULL, instance_id TEXT NOT NULL,
 schema_version TEXT NOT NULL, "timestamp" TEXT NOT NULL, task_duration_ms INTEGER NOT NULL,
 task_type TEXT NOT NULL, complexity TEXT NOT NULL, harness TEXT NOT NULL, model TEXT NOT NULL,
 provider TEXT NOT NULL, estimated_input_tokens INTEGER NOT NULL,
 estimated_output_tokens INTEGER NOT NULL, actual_input_tokens INTEGER NOT NULL,
 actual_output_tokens INTEGER NOT NULL, estimated_cost_usd_micros INTEGER NOT NULL,
 actual_cost_usd_micros INTEGER NOT NULL,
 quality_gate_passed INTEGER NOT NULL CHECK (quality_gate_passed IN (0, 1)),
 quality_gates_run TEXT NOT NULL, quality_gates_failed TEXT NOT NULL,
 context_compactions INTEGER NOT NULL, context_rotations INTEGER NOT NULL,
 context_utilization_final REAL NOT NULL, outcome TEXT NOT NULL, retry_count INTEGER NOT NULL,
 language TEXT, repo_size_category TEXT, time_ms INTEGER NOT NULL, recorded_at TEXT NOT NULL,
 delivery TEXT CHECK (delivery IN
  ('pending', 'sent', 'duplicate', 'rejected', 'dropped', 'dry run')),
 delivered_at TEXT);
CREATE INDEX events_by_time ON events (time_ms);
"""


class DeliveryStates(HistoryTestCase):
    def test_sent_with_every_wire_field_in_its_column(self):
        first = self.track("--gates-run", "build,test", "--gates-failed", "test")
        r = self.run_cli("flush")
        self.assertEqual(r.returncode, 0, r.stderr)
        row = self.rows()[first]
        self.assertEqual(row["delivery"], "sent")
        self.assertIsNotNone(row["delivered_at"])
        self.assertEqual(row["quality_gates_run"], '["build","test"]')
        self.assertEqual(row["quality_gates_failed"], '["test"]')
        # Every wire field has its column, under its wire name, holding what the server stored.
        [stored] = self.server.events()
        for field in WIRE_FIELDS:
            value = row[field]
            if field.startswith("quality_gates_"):
                value = json.loads(value)
            if field == "quality_gate_passed":
                value = bool(value)
            self.assertEqual(value, stored[field], field)

    def test_duplicate_when_the_server_had_it(self):
        event = clitest.make_event()
        self.server.call("/_control/events", {"events": [event]})
        clitest.write_pending(self.spool, [event])
        r = self.run_cli("flush")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("duplicate 1", r.stdout)
        self.assertEqual(self.deliveries(), {event["event_id"]: "duplicate"})

    def test_sent_stays_sent_when_sent_again(self):
        """A flusher killed after the server stored an event but before the spool let go sends it
        again: the server says duplicate, the history keeps sent, and holds one row."""
        event = clitest.make_event()
        clitest.write_pending(self.spool, [event])
        self.assertEqual(self.run_cli("flush").returncode, 0)
        clitest.write_pending(self.spool, [event])
        r = self.run_cli("flush")
        self.assertIn("duplicate 1", r.stdout)
        self.assertEqual(self.deliveries(), {event["event_id"]: "sent"})

    def test_rejected_and_dropped(self):
        rejected = self.track()
        self.server.faults([{"status": 202, "body": {
            "accepted": 0, "duplicates": 0, "rejected": 1,
            "results": [{"event_id": rejected, "status": "rejected", "error": "model: no"}]}}])
        self.assertEqual(self.run_cli("flush").returncode, 0)
        dropped = self.track()
        self.server.faults([{"status": 422, "body": {"error": "bad", "details": []}}])
        self.assertEqual(self.run_cli("flush").returncode, 0)
        self.assertEqual(self.deliveries(), {rejected: "rejected", dropped: "dropped"})

    def test_pending_while_the_server_is_away_then_sent(self):
        event_id = self.track()
        r = self.run_cli("flush", "--timeout", "2", env=self.env(
            MOSAIC_TELEMETRY_SERVER_URL=clitest.dead_url()))
        self.assertEqual(r.returncode, 1)
        self.assertEqual(self.deliveries(), {event_id: "pending"})
        self.assertEqual(self.spool_pending(), 1)
        self.assertEqual(self.run_cli("flush").returncode, 0)
        self.assertEqual(self.deliveries(), {event_id: "sent"})

    def test_dry_run(self):
        event_id = self.track()
        r = self.run_cli("flush", env=self.env(MOSAIC_TELEMETRY_DRY_RUN="true"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.deliveries(), {event_id: "dry run"})
        self.assertEqual(self.server.events(), [])

    def test_no_server_the_spool_drains_into_the_history(self):
        env = self.offline_env()
        ids = [self.track(env=env) for _ in range(3)]
        r = self.run_cli("flush", env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("no server configured", r.stdout)
        self.assertEqual(self.deliveries(), {i: "unsent" for i in ids})
        self.assertEqual(self.spool_pending(env=env), 0)
        self.assertEqual(self.server.events(), [])

    def test_unsent_is_sent_once_a_server_is_configured(self):
        env = self.offline_env()
        ids = [self.track(env=env) for _ in range(3)]
        self.assertEqual(self.run_cli("flush", env=env).returncode, 0)
        self.assertEqual(self.deliveries(), {i: "unsent" for i in ids})
        r = self.run_cli("flush")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("sent 3,", r.stdout)
        self.assertEqual(sorted(e["event_id"] for e in self.server.events()), sorted(ids))
        self.assertEqual(self.deliveries(), {i: "sent" for i in ids})
        self.assertEqual(self.spool_pending(), 0)
        r = self.run_cli("flush")  # nothing left to send again
        self.assertIn("sent 0,", r.stdout)
        self.assertEqual(len(self.server.events()), 3)

    def test_unsent_goes_back_only_as_far_as_the_spool_has_room(self):
        """Spooled beyond its bound, the oldest would be evicted and stay pending here: a flush
        takes what fits, the next ones the rest."""
        env = self.offline_env()
        ids = [self.track(env=env) for _ in range(3)]
        self.assertEqual(self.run_cli("flush", env=env).returncode, 0)
        small = self.env(MOSAIC_TELEMETRY_SPOOL_MAX_EVENTS="2")
        self.assertEqual(self.run_cli("flush", env=small).returncode, 0)
        self.assertEqual(sorted(self.deliveries().values()), ["sent", "sent", "unsent"])
        self.assertEqual(self.run_cli("flush", env=small).returncode, 0)
        self.assertEqual(self.deliveries(), {i: "sent" for i in ids})
        self.assertEqual(len(self.server.events()), 3)

    def test_unsent_older_than_the_spool_would_keep_stays_unsent(self):
        env = self.offline_env()
        day = 24 * 3600
        old = clitest.make_event(timestamp=time.strftime(
            "%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(time.time() - 3 * day)))
        young = clitest.make_event()
        clitest.write_pending(self.spool, [old, young])
        self.assertEqual(self.run_cli("flush", env=env).returncode, 0)
        r = self.run_cli("flush", env=self.env(
            MOSAIC_TELEMETRY_SPOOL_MAX_AGE_SECONDS=str(2 * day)))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual([e["event_id"] for e in self.server.events()], [young["event_id"]])
        self.assertEqual(self.deliveries(),
                         {old["event_id"]: "unsent", young["event_id"]: "sent"})

    def test_a_version_1_history_is_migrated(self):
        """Version 1 wrote 'pending' where version 2 writes 'unsent' (docs/history.md): the
        migration keeps every row and column, and the pending rows are then sent."""
        os.makedirs(os.path.dirname(self.history))
        waiting, sent = clitest.make_event(), clitest.make_event()
        self.make_version_1([(waiting, "pending"), (sent, "sent")])
        r = self.run_cli("flush")
        self.assertEqual(r.returncode, 0, r.stderr)
        with sqlite3.connect(self.history) as db:
            self.assertEqual(db.execute("PRAGMA user_version").fetchone()[0], 2)
        rows = self.rows()
        self.assertEqual(rows[waiting["event_id"]]["delivery"], "sent")
        self.assertEqual(rows[sent["event_id"]]["delivery"], "sent")
        self.assertEqual(rows[sent["event_id"]]["delivered_at"], "2026-01-02T03:04:05.000Z")
        for field in WIRE_FIELDS:
            self.assertEqual(rows[sent["event_id"]][field], self.column_value(sent, field), field)
        self.assertEqual([e["event_id"] for e in self.server.events()], [waiting["event_id"]])

    @staticmethod
    def column_value(event, field):
        value = event[field]
        if field.startswith("quality_gates_"):
            return json.dumps(value, separators=(",", ":"))
        return int(value) if field == "quality_gate_passed" else value

    def make_version_1(self, rows):
        """A history as version 1 wrote it (docs/history.md, "Version 1")."""
        with sqlite3.connect(self.history) as db:
            db.executescript(VERSION_1)
            for event, delivery in rows:
                values = [self.column_value(event, f) for f in WIRE_FIELDS]
                values += [int(time.time() * 1000), "2026-01-01T00:00:00.000Z", delivery,
                           None if delivery == "pending" else "2026-01-02T03:04:05.000Z"]
                db.execute("INSERT INTO events VALUES (%s)" % ",".join("?" * len(values)),
                           values)
            db.execute("PRAGMA user_version=1")

    def test_no_server_track_reaches_the_history_by_itself(self):
        """track starts the background flusher when there is no server, as a hook does."""
        import time
        env = self.offline_env()
        event_id = self.track(env=env)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if os.path.exists(self.history) and self.rows():
                break
            time.sleep(0.05)
        self.assertEqual(self.deliveries(), {event_id: "unsent"})

    def test_off_keeps_nothing(self):
        env = self.env(MOSAIC_TELEMETRY_HISTORY="off")
        self.track(env=env)
        self.assertEqual(self.run_cli("flush", env=env).returncode, 0)
        self.assertEqual(len(self.server.events()), 1)
        self.assertFalse(os.path.exists(os.path.dirname(self.history)))

    def test_a_path_of_ones_own(self):
        path = os.path.join(self.tmp, "elsewhere", "h.db")
        env = self.env(MOSAIC_TELEMETRY_HISTORY=path)
        event_id = self.track(env=env)
        self.assertEqual(self.run_cli("flush", env=env).returncode, 0)
        self.assertEqual(self.deliveries(path=path), {event_id: "sent"})
        self.assertFalse(os.path.exists(self.history))

    def test_disabled_keeps_nothing(self):
        env = self.offline_env(MOSAIC_TELEMETRY_ENABLED="false")
        r = self.run_cli("track", "--model", "m", "--complexity", "low", env=env)
        self.assertEqual(r.returncode, 0)
        self.run_cli("flush", env=env)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "data-home")))

    def assertOneLineAndKept(self, r, *fragments):
        self.assertEqual(r.returncode, 1)
        lines = r.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, r.stderr)
        for fragment in fragments:
            self.assertIn(fragment, lines[0])
        self.assertEqual(self.spool_pending(), 1)
        self.assertEqual(self.server.events(), [])

    def test_corrupt_history_is_one_line_and_the_event_stays(self):
        os.makedirs(os.path.dirname(self.history))
        with open(self.history, "wb") as f:
            f.write(b"this is no database, but it is long enough to look like a header" * 100)
        self.track()
        r = self.run_cli("flush")
        self.assertOneLineAndKept(r, "history " + self.history, "not a database",
                                  "stays in the spool")
        self.assertIn("not a database", self.status()["last_error"])

    def test_locked_history_is_one_line_and_the_event_stays(self):
        self.run_cli("flush")  # makes the history
        self.track()
        holder = sqlite3.connect(self.history, isolation_level=None)
        try:
            holder.execute("BEGIN EXCLUSIVE")
            r = self.run_cli("flush")
            self.assertOneLineAndKept(r, "history " + self.history, "locked")
        finally:
            holder.close()
        self.assertEqual(self.run_cli("flush").returncode, 0)
        self.assertEqual(list(self.deliveries().values()), ["sent"])

    def test_a_directory_others_can_write_is_refused(self):
        """SQLite makes its -wal and -shm files beside the history: a directory another user
        could plant links in is refused (core/private_dir.h), and the event stays."""
        shared = os.path.join(self.tmp, "shared")
        os.makedirs(shared)
        os.chmod(shared, 0o777)
        env = self.env(MOSAIC_TELEMETRY_HISTORY=os.path.join(shared, "h.db"))
        self.track(env=env)
        r = self.run_cli("flush", env=env)
        self.assertOneLineAndKept(r, "history " + shared, "writable")
        self.assertEqual(os.listdir(shared), [])

    def test_newer_schema_is_refused_not_rebuilt(self):
        os.makedirs(os.path.dirname(self.history))
        with sqlite3.connect(self.history) as db:
            db.execute("CREATE TABLE mine (x)")
            db.execute("PRAGMA user_version=99")
        self.track()
        r = self.run_cli("flush")
        self.assertOneLineAndKept(r, "schema version 99 is newer")
        with sqlite3.connect(self.history) as db:
            self.assertEqual(db.execute("PRAGMA user_version").fetchone()[0], 99)

    def test_schema_is_versioned(self):
        self.track()
        self.run_cli("flush")
        with sqlite3.connect(self.history) as db:
            self.assertEqual(db.execute("PRAGMA user_version").fetchone()[0], 2)
        self.assertEqual(os.stat(self.history).st_mode & 0o777, 0o600)


if __name__ == "__main__":
    histtest.main()
