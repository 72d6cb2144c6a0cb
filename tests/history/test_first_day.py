"""The first day without a server (README, "The first day"; docs/history.md): a real Claude Code
hook process, played from a fixture with only an instance id configured, stays quiet, its
background flusher moves each task's event from the spool into the history, and `report` shows
the tasks and tokens the fixture's expected events hold."""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "claude_code"))
import cctest  # noqa: E402

FIXTURE = "multi_task"


class OfflineSession(cctest.Session):
    """A Claude Code installation whose hooks know no server and no key: an instance id only."""

    def env(self, now_ms=None, **overrides):
        return super().env(now_ms, MOSAIC_TELEMETRY_SERVER_URL=None,
                           MOSAIC_TELEMETRY_API_KEY=None, **overrides)


class FirstDay(cctest.HookTestCase):
    def test_hooks_without_a_server_then_report(self):
        session = OfflineSession(os.path.join(self.tmp, "s"), self.server.url)
        offline = session.env()
        run = cctest.FixtureRun(session, FIXTURE)
        for result in run.play():
            self.assertQuiet(result)
        expected = run.expected()
        history = os.path.join(os.path.dirname(offline["MOSAIC_TELEMETRY_SPOOL_DIR"]),
                               "data-home", "mosaic-telemetry", "history.sqlite3")

        def report():
            if not os.path.exists(history):
                return None
            r = session.cli("report", "--utc", "--json", env=offline)
            total = json.loads(r.stdout)["total"] if r.returncode == 0 else None
            return total if total and total["tasks"] == len(expected) else None
        total = cctest.wait_for(report)
        self.assertIsNotNone(total, "the history did not get the fixture's events")
        self.assertEqual(total["input_tokens"], sum(e["actual_input_tokens"] for e in expected))
        self.assertEqual(total["output_tokens"], sum(e["actual_output_tokens"] for e in expected))
        self.assertEqual(total["cost_usd_micros"],
                         sum(e["actual_cost_usd_micros"] for e in expected))
        self.assertEqual(self.server.events(), [])  # nothing went anywhere
        status = session.cli("status", env=offline)
        self.assertIn("pending: 0 events", status.stdout)


if __name__ == "__main__":
    cctest.main()
