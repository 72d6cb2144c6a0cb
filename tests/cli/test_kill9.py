"""kill -9 at random points of a flush, 50 times over, then one more flush: every event is stored
exactly once, and what reached the server twice was only ever a re-send of a request that a
killed flusher had in flight."""
import collections
import json
import os
import random
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clitest  # noqa: E402
from clitest import CliTestCase  # noqa: E402

KILLS = 50
TRACKED = 40          # appended through `track` itself
SEEDED_FILES = 80     # plus files of 100 events in the spool's format, so that 50 kills do not
SEEDED_PER_FILE = 100  # drain the spool before the last of them
MAX_KILL_DELAY_S = 0.150


class KillDuringFlush(CliTestCase):
    def seed(self):
        ids = [self.track() for _ in range(TRACKED)]
        for i in range(SEEDED_FILES):
            events = [clitest.make_event() for _ in range(SEEDED_PER_FILE)]
            clitest.write_pending(self.spool, events, unix_ms=int(time.time() * 1000) + i)
            ids += [e["event_id"] for e in events]
        return ids

    def slow_down_some_requests(self, rng):
        """Keeps delays queued for every request a flusher can make before its kill (10 of at
        least 20 ms outlast the 150 ms), so that kills land mid-transfer too and the spool
        does not run dry before the last kill."""
        missing = 10 - self.server.pending_faults()
        if missing > 0:
            self.server.faults([{"delay_ms": rng.choice([20, 40, 80, 160])}
                                for _ in range(missing)])

    def test_kill9_fifty_times_then_flush(self):
        rng = random.Random(int(os.environ.get("MOSAIC_TEST_SEED", time.time())))
        appended = self.seed()
        killed_mid_flush = 0
        for _ in range(KILLS):
            self.slow_down_some_requests(rng)
            flusher = subprocess.Popen([clitest.BIN, "flush"], env=self.env(),
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0, MAX_KILL_DELAY_S))
            if flusher.poll() is None:
                killed_mid_flush += 1
            flusher.send_signal(signal.SIGKILL)
            flusher.wait()
        # Nearly every kill hit a flush still at work (the spool never ran dry).
        self.assertGreaterEqual(killed_mid_flush, KILLS - 5)

        r = self.run_cli("flush", "--timeout", "120", timeout=180)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        stored = self.server.event_ids()
        self.assertEqual(len(stored), len(set(stored)), "an event was stored twice")
        self.assertEqual(set(stored), set(appended), "stored set differs from appended set")

        status = self.status()
        self.assertEqual(status["pending"].split()[0], "0")
        self.assertEqual(status["claimed"], "0 events")
        self.assertEqual(status["quarantined"], "0 files")
        self.assert_no_event_left_in_claims()
        self.check_resends_are_interrupted_requests(len(appended))

    def assert_no_event_left_in_claims(self):
        """Every claim was returned. A flusher killed between making its hidden claim directory
        and showing it leaves an empty `.new-*` directory, which holds no event and is removed
        once it is a minute old; anything else left in claims/ is a failure."""
        claims = os.path.join(self.spool, "claims")
        for entry in os.listdir(claims):
            self.assertTrue(entry.startswith(".new-"), "claim %s was not returned" % entry)
            inside = [f for f in os.listdir(os.path.join(claims, entry)) if f != ".lock"]
            self.assertEqual(inside, [], "an abandoned claim holds events")

    def cut_off_while_uploading(self, q, last_two_on_connection):
        """A kill in the middle of sending a body leaves the server a short one: it answers 400,
        logs an empty body and stores nothing. Only the last request of a connection can be
        that one."""
        if q["body"] != "":
            return False
        self.assertNotEqual(q["status"], 202, "a request with no body was accepted")
        self.assertEqual(q["seq"], last_two_on_connection[q["connection"]][-1],
                         "a request lost its body but was not the last of its connection")
        return True

    def check_resends_are_interrupted_requests(self, total):
        """Each event sent more than once: every send but the last was one of the final two
        requests of its connection (one connection per flusher process): the one a kill cut off,
        or the one before it, whose batch a helper thread was still settling while the next was
        sent (the flush overlaps settling one batch with sending the next)."""
        requests = self.server.received()
        last_two_on_connection = collections.defaultdict(list)
        for q in requests:
            last_two_on_connection[q["connection"]] = (
                last_two_on_connection[q["connection"]] + [q["seq"]])[-2:]
        sends = collections.defaultdict(list)
        for q in requests:
            if self.cut_off_while_uploading(q, last_two_on_connection):
                continue  # the server read no event of it
            body = json.loads(q["body"])
            ids = [e["event_id"] for e in body["events"]]
            self.assertEqual(len(ids), len(set(ids)), "an event twice in one request")
            for event_id in ids:
                sends[event_id].append(q)
        self.assertEqual(len(sends), total)
        resent = 0
        for event_id, qs in sends.items():
            for q in qs[:-1]:
                resent += 1
                self.assertIn(q["seq"], last_two_on_connection[q["connection"]],
                              "event %s re-sent after a request that was not cut off" % event_id)
        # At most two claims (batches of 100) were unsettled per killed flusher.
        self.assertLessEqual(resent, KILLS * 200)
        print("\n%d events, %d requests, %d re-sent events" % (total, len(requests), resent),
              file=sys.stderr)


if __name__ == "__main__":
    clitest.main()
