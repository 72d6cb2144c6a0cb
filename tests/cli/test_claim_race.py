"""A flusher and a concurrent `status` (or flush, or prune) that looks for dead flushers' claims.

Found while building the command; kept as a regression test. A flusher makes its claim
directory, creates <claim>/.lock, then flocks it. A second process that recovers claims in
between finds the .lock unlocked, takes the claim for a dead flusher's and removes it. The first
flusher's flock then succeeds on the unlinked file, every rename into its (deleted) claim
directory fails with ENOENT, and `flush` reports "sent 0 ... kept 0" and exits 0 while the
events stay pending. (In a long-lived client the stale claim directory stays, and no later claim
of that process can succeed.)

The window is a few microseconds; strace widens it deterministically by delaying the flusher's
first flock(2) by 1.5 s. Skipped where strace cannot run (no strace, ptrace not permitted)."""
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clitest  # noqa: E402
from clitest import CliTestCase  # noqa: E402

DELAY_US = 1500000


def strace_usable():
    if not shutil.which("strace"):
        return False
    r = subprocess.run(["strace", "-o", os.devnull, "-e", "inject=flock:delay_enter=1:when=1",
                        "true"], capture_output=True)
    return r.returncode == 0


class ClaimRace(CliTestCase):
    def wait_for_lock_file(self, deadline):
        claims = os.path.join(self.spool, "claims")
        while time.monotonic() < deadline:
            for claim in os.listdir(claims) if os.path.isdir(claims) else []:
                if os.path.exists(os.path.join(claims, claim, ".lock")):
                    return True
            time.sleep(0.005)
        return False

    def test_recovery_during_a_claim_does_not_lose_the_flush(self):
        if not strace_usable():
            self.skipTest("strace with syscall delay injection is not usable here")
        # Pending files, not `track`: an open segment would be flocked first (and delayed).
        events = [clitest.make_event() for _ in range(3)]
        for e in events:
            clitest.write_pending(self.spool, [e])
        ids = [e["event_id"] for e in events]
        flusher = subprocess.Popen(
            ["strace", "-f", "-o", os.devnull, "-e", "trace=flock",
             "-e", "inject=flock:delay_enter=%d:when=1" % DELAY_US, clitest.BIN, "flush"],
            env=self.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # Inside the window: .lock exists, its flock has not happened yet.
        self.assertTrue(self.wait_for_lock_file(time.monotonic() + DELAY_US / 1e6 - 0.3))
        self.status()  # recovers claims it believes dead
        out, err = flusher.communicate(timeout=60)
        stored = sorted(self.server.event_ids())
        pending = self.status()["pending"]
        if flusher.returncode == 0:
            self.assertEqual(stored, sorted(ids),
                             "flush exited 0 (%r) but left %s" % (out.strip(), pending))
        # Whatever that flush did, nothing may be stuck: a second flush delivers the rest.
        r = self.run_cli("flush")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sorted(self.server.event_ids()), sorted(ids))


if __name__ == "__main__":
    clitest.main()
