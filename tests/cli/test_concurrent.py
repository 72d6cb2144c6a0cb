"""8 processes appending 500 events each (one `track` process per event) while 2 flushers run
over and over: all 4 000 stored, none twice, and the spool empty at the end."""
import os
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clitest  # noqa: E402
from clitest import CliTestCase  # noqa: E402

APPENDERS = 8
EVENTS_EACH = 500
FLUSHERS = 2

# One appender: a shell loop, so that each event is a process of its own as a hook's would be.
APPEND_LOOP = r'''
i=0
while [ "$i" -lt "$1" ]; do
    "$MOSAIC_CLI" track --model claude-sonnet-4-5 --complexity medium --outcome success \
        --duration-ms "$i" || exit 1
    i=$((i + 1))
done
'''


class AppendWhileFlushing(CliTestCase):
    def flush_loop(self, stop, results):
        while True:
            last = stop.is_set()  # one more round after the appenders are done
            r = subprocess.run([clitest.BIN, "flush", "--timeout", "60"], env=self.env(),
                               capture_output=True, text=True, timeout=120)
            results.append(r)
            if last:
                return

    def test_eight_appenders_two_flushers(self):
        env = self.env(MOSAIC_CLI=clitest.BIN)
        outputs = [open(os.path.join(self.tmp, "ids-%d" % i), "w+") for i in range(APPENDERS)]
        started = time.monotonic()
        appenders = [subprocess.Popen(["sh", "-c", APPEND_LOOP, "append", str(EVENTS_EACH)],
                                      env=env, stdout=out, stderr=subprocess.PIPE, text=True)
                     for out in outputs]
        stop, results = threading.Event(), []
        flushers = [threading.Thread(target=self.flush_loop, args=(stop, results))
                    for _ in range(FLUSHERS)]
        for t in flushers:
            t.start()
        errors = [p.communicate(timeout=240)[1] for p in appenders]
        stop.set()
        for t in flushers:
            t.join(timeout=240)
        elapsed = time.monotonic() - started
        self.assertEqual([p.returncode for p in appenders], [0] * APPENDERS, errors)

        appended = []
        for out in outputs:
            out.seek(0)
            appended += out.read().split()
            out.close()
        self.assertEqual(len(appended), APPENDERS * EVENTS_EACH)
        self.assertEqual(len(set(appended)), len(appended))

        # A flush may meet a claim race and keep events for the next one; none may fail hard.
        for r in results:
            self.assertIn(r.returncode, (0, 1), r.stderr)
            self.assertNotIn("error:", r.stderr, r.stderr)
        r = self.run_cli("flush")  # whatever the loops left (a kept batch, a late append)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)

        stored = self.server.event_ids()
        self.assertEqual(len(stored), len(set(stored)), "an event was stored twice")
        self.assertEqual(set(stored), set(appended))
        status = self.status()
        self.assertEqual(status["pending"].split()[0], "0")
        self.assertEqual(status["claimed"], "0 events")
        self.assertEqual(status["quarantined"], "0 files")
        self.assertEqual(os.listdir(os.path.join(self.spool, "tmp")), [])
        sent = sum(int(r.stdout.split()[1].rstrip(",")) for r in results if r.stdout)
        kept = sum(r.returncode == 1 for r in results)
        print("\n%d events in %.1f s; %d flushes by the loops sent %d (%d kept some)" %
              (len(stored), elapsed, len(results), sent, kept), file=sys.stderr)


if __name__ == "__main__":
    clitest.main()
