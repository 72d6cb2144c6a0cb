"""kill -9 at random points of flushes that feed the history, then one more flush: the history
holds every event exactly once (event_id is its key), none is left pending, and each is sent or
duplicate (sent again after a kill that came between the server's answer and the history's
update); the server stored the same set."""
import collections
import os
import random
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import histtest  # noqa: E402
from histtest import HistoryTestCase, clitest  # noqa: E402

KILLS = 25
TRACKED = 20
SEEDED_FILES = 40
SEEDED_PER_FILE = 100
MAX_KILL_DELAY_S = 0.150


class KilledFlushWithHistory(HistoryTestCase):
    def test_killed_flushes_lose_and_double_nothing(self):
        rng = random.Random(int(os.environ.get("MOSAIC_TEST_SEED", time.time())))
        appended = [self.track() for _ in range(TRACKED)]
        for i in range(SEEDED_FILES):
            events = [clitest.make_event() for _ in range(SEEDED_PER_FILE)]
            clitest.write_pending(self.spool, events, unix_ms=int(time.time() * 1000) + i)
            appended += [e["event_id"] for e in events]
        killed_mid_flush = 0
        for _ in range(KILLS):
            missing = 10 - self.server.pending_faults()
            if missing > 0:  # slow answers, so kills land mid-transfer too
                self.server.faults([{"delay_ms": rng.choice([20, 40, 80, 160])}
                                    for _ in range(missing)])
            flusher = subprocess.Popen([clitest.BIN, "flush"], env=self.env(),
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0, MAX_KILL_DELAY_S))
            killed_mid_flush += flusher.poll() is None
            flusher.send_signal(signal.SIGKILL)
            flusher.wait()
        self.assertGreaterEqual(killed_mid_flush, KILLS - 5)
        r = self.run_cli("flush", "--timeout", "120", timeout=180)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

        deliveries = self.deliveries()
        self.assertEqual(sorted(deliveries), sorted(appended))  # once each: none lost
        counts = collections.Counter(deliveries.values())
        self.assertEqual(set(counts) - {"sent", "duplicate"}, set(), counts)
        stored = self.server.event_ids()
        self.assertEqual(len(stored), len(set(stored)))
        self.assertEqual(set(stored), set(appended))


if __name__ == "__main__":
    histtest.main()
