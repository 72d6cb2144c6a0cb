"""The plugin ABI's route into the history (docs/history.md, "How events get there"): a program
on libmosaic-telemetry.so (examples/demo.c, the Quick Start) sends its events itself, and drains
the spool itself when it starts; with a spool directory, what it delivered is kept in the spool's
delivered record, and the command's next flush takes it into the history with its delivery."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import histtest  # noqa: E402
from histtest import HistoryTestCase  # noqa: E402

DEMO = os.environ.get("MOSAIC_DEMO", "")


class LibraryClient(HistoryTestCase):
    def run_demo(self, env):
        r = subprocess.run([DEMO], env=env, capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

    def delivered_files(self):
        where = os.path.join(self.spool, "delivered")
        return sorted(os.listdir(where)) if os.path.isdir(where) else []

    def test_what_the_library_sent_reaches_the_history(self):
        tracked = self.track()  # in the spool: the demo's client drains it when it starts
        self.run_demo(self.env())
        stored = set(self.server.event_ids())
        self.assertIn(tracked, stored)
        self.assertGreater(len(stored), 1)
        self.assertTrue(self.delivered_files())
        self.assertFalse(os.path.exists(self.history))  # the library never touches it
        r = self.run_cli("flush")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.deliveries(), {event_id: "sent" for event_id in stored})
        self.assertEqual(self.delivered_files(), [])

    def test_report_takes_the_record_in_without_a_flush(self):
        self.run_demo(self.env())
        stored = set(self.server.event_ids())
        r = self.run_cli("report", "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn('"tasks":%d,' % len(stored), r.stdout.split('"total"')[1])
        self.assertEqual(self.deliveries(), {event_id: "sent" for event_id in stored})

    def test_history_off_keeps_no_record(self):
        self.run_demo(self.env(MOSAIC_TELEMETRY_HISTORY="off"))
        self.assertTrue(self.server.event_ids())
        self.assertEqual(self.delivered_files(), [])


if __name__ == "__main__":
    histtest.main()
