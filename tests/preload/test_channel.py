"""The channel's reader, `mosaic-telemetry run --finish`, given channels written by hand: a pid
that comes back for another process, exec chains, a passing rerun after a failure, and the
version 1 files of older shims. The record format is in adapters/preload/report.c."""
import os
import subprocess
import unittest

from preloadtest import RUN_CLI, PreloadTestCase, main

ROOT = 4000  # the root's pid in the channels below; no process is asked about it


class ChannelTest(PreloadTestCase):

    def finish(self, records, version=2):
        """Writes a channel of the root R ... Z around records, and lets `run --finish` read it."""
        path = os.path.join(self.channels, "mosaic-telemetry-task-%d-test" % ROOT)
        with open(path, "w") as f:
            f.write("mosaic-telemetry-preload %d\n" % version)
            f.write("R 1000000000 %d bash\n" % ROOT)
            f.write("".join(line + "\n" for line in records))
            f.write("Z 9000000000 %d 0\n" % ROOT)
        r = subprocess.run([RUN_CLI, "run", "--finish", path], env=self.env(),
                           capture_output=True, timeout=60)
        self.assertEqual((r.returncode, r.stdout, r.stderr), (0, b"", b""))

    def test_a_pid_that_comes_back_is_another_process(self):
        # pytest passed (no end), then the pid ran ruff, which failed.
        self.finish(["X 2000000000 500 pytest -q",
                     "X 3000000000 500 ruff check .",
                     "W 4000000000 500 256"])
        self.assertGates(self.one_event(), run=["test", "lint"], failed=["lint"])

    def test_an_exec_chain_ends_with_its_process(self):
        self.finish(["X 2000000000 500 sh -c 'exec pytest'",
                     "E 2100000000 500 pytest",
                     "W 3000000000 500 256",
                     "X 4000000000 501 sh -c 'exec ruff check .'",
                     "E 4100000000 501 ruff check ."])
        self.assertGates(self.one_event(), run=["test", "lint"], failed=["test"])

    def test_a_passing_rerun_after_a_failure_wins(self):
        self.finish(["X 2000000000 500 eslint .",
                     "W 3000000000 500 256",
                     "X 4000000000 501 eslint ."])
        self.assertGates(self.one_event(), run=["lint"], failed=[])

    def test_a_failed_exec_is_taken_back(self):
        self.finish(["X 2000000000 500 pytest",
                     "F 2000100000 500",
                     "X 2000200000 500 ruff check .",
                     "W 3000000000 500 256"])
        self.assertGates(self.one_event(), run=["lint"], failed=["lint"])

    def test_version_1_channels_are_still_read(self):
        # Older shims wrote X for every image of a chain, an end for every command, and Q.
        self.finish(["X 2000000000 500 sh -c 'exec pytest'",
                     "X 2100000000 500 pytest",
                     "Q 2900000000 500 256",
                     "W 3000000000 500 256",
                     "X 4000000000 501 ruff check .",
                     "Q 4900000000 501 0",
                     "W 5000000000 501 0"], version=1)
        self.assertGates(self.one_event(), run=["test", "lint"], failed=["test"])

    def test_a_channel_of_an_unknown_version_records_nothing(self):
        self.finish(["X 2000000000 500 pytest"], version=3)
        self.no_event()


if __name__ == "__main__":
    main()
