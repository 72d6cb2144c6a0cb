"""Shared helpers of the local history's tests (docs/history.md): the command's test case with the
history where configured_env puts it (XDG_DATA_HOME beside the spool), read with Python's sqlite3."""
import os
import sqlite3
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
import clitest  # noqa: E402,F401  (re-exported for the tests)
from clitest import CliTestCase  # noqa: E402


class HistoryTestCase(CliTestCase):
    tmp_prefix = "mosaic-history-test-"

    def setUp(self):
        super().setUp()
        self.history = os.path.join(self.tmp, "data-home", "mosaic-telemetry", "history.sqlite3")

    def offline_env(self, **overrides):
        """No server configured: only an instance id, as on the first day."""
        return self.env(MOSAIC_TELEMETRY_SERVER_URL=None, MOSAIC_TELEMETRY_API_KEY=None,
                        **overrides)

    def rows(self, where="1", path=None):
        """{event_id: row as a dict} of the history's events table."""
        with sqlite3.connect(path or self.history) as db:
            db.row_factory = sqlite3.Row
            return {r["event_id"]: dict(r) for r in db.execute(
                "SELECT * FROM events WHERE " + where)}

    def deliveries(self, path=None):
        return {event_id: row["delivery"] for event_id, row in self.rows(path=path).items()}

    def spool_pending(self, env=None):
        return int(self.status(env=env)["pending"].split()[0])


main = clitest.main
