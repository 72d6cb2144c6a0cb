"""track -> spool -> flush -> the reference server: exact events, --now, retries, holds,
timeouts, --background, and predict."""
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clitest  # noqa: E402
from clitest import INSTANCE, KEY, OTHER_KEY, CliTestCase  # noqa: E402

FULL = ["--task-type", "implementation", "--model", "claude-sonnet-4-5-20250929",
        "--provider", "anthropic", "--harness", "claude_code", "--complexity", "high",
        "--outcome", "partial", "--duration-ms", "183250", "--tokens-in", "118342",
        "--tokens-out", "39871", "--estimated-tokens-in", "105000",
        "--estimated-tokens-out", "45000", "--cost-usd", "0.952113",
        "--estimated-cost-micros", "630000", "--gates-run", "build,lint,test",
        "--gates-failed", "test", "--compactions", "2", "--rotations", "1",
        "--context-utilization", "0.72", "--language", "typescript", "--repo-size", "medium",
        "--retry-count", "1", "--timestamp-ms", "1771133345123"]


def flush_counts(stdout):
    """{"sent": n, "duplicate": n, ...} from flush's line."""
    return {k: int(v) for k, v in (part.split() for part in stdout.strip().split(", "))}


class Delivery(CliTestCase):
    def test_track_then_flush_stores_exactly_that_event(self):
        r = self.run_cli("track", *FULL)
        self.assertEqual(r.returncode, 0, r.stderr)
        event_id = r.stdout.strip()
        self.assertEqual(self.server.events(), [])  # appended, not sent
        r = self.run_cli("flush")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "sent 1, duplicate 0, rejected 0, dropped 0, kept 0\n")
        self.assertEqual(self.server.events(), [{
            "event_id": event_id, "instance_id": INSTANCE, "schema_version": "1.0",
            "timestamp": "2026-02-15T05:29:05.123Z", "task_duration_ms": 183250,
            "task_type": "implementation", "complexity": "high", "harness": "claude_code",
            "model": "claude-sonnet-4-5-20250929", "provider": "anthropic",
            "estimated_input_tokens": 105000, "estimated_output_tokens": 45000,
            "actual_input_tokens": 118342, "actual_output_tokens": 39871,
            "estimated_cost_usd_micros": 630000, "actual_cost_usd_micros": 952113,
            "quality_gate_passed": False, "quality_gates_run": ["build", "lint", "test"],
            "quality_gates_failed": ["test"], "context_compactions": 2, "context_rotations": 1,
            "context_utilization_final": 0.72, "outcome": "partial", "retry_count": 1,
            "language": "typescript", "repo_size_category": "medium"}])
        self.assertEqual(self.status()["pending"].split()[0], "0")
        # A second flush has nothing left to send.
        r = self.run_cli("flush")
        self.assertEqual(flush_counts(r.stdout)["sent"], 0)

    def test_many_events_in_batches(self):
        ids = [self.track() for _ in range(5)]
        ids += [e["event_id"] for e in (clitest.make_event() for _ in range(250))
                if clitest.write_pending(self.spool, [e])]
        r = self.run_cli("flush")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(flush_counts(r.stdout)["sent"], 255)
        self.assertEqual(sorted(self.server.event_ids()), sorted(ids))
        self.assertTrue(all(req["event_count"] <= 100 for req in self.server.received()))

    def test_now_sends_at_once(self):
        r = self.run_cli("track", "--model", "m", "--complexity", "low", "--outcome", "success",
                         "--now")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.server.event_ids(), [r.stdout.strip()])
        self.assertEqual(r.stderr, "")

    def test_now_with_the_server_down_keeps_the_event(self):
        env = self.env(MOSAIC_TELEMETRY_SERVER_URL=clitest.dead_url())
        started = time.monotonic()
        r = self.run_cli("track", "--model", "m", "--complexity", "low", "--outcome", "success",
                         "--now", env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertLess(time.monotonic() - started, 15)  # bounded by the request timeout
        self.assertIn("not sent now", r.stderr)
        self.assertIn("kept in the spool", r.stderr)
        self.assertEqual(self.status()["pending"].split()[0], "1")
        r = self.run_cli("flush")  # with the right URL
        self.assertEqual(flush_counts(r.stdout)["sent"], 1)
        self.assertEqual(len(self.server.event_ids()), 1)

    def test_flush_retries_503_then_succeeds(self):
        ids = [self.track() for _ in range(3)]
        self.server.faults([{"status": 503}, {"status": 503, "retry_after": "1"}])
        r = self.run_cli("flush")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(flush_counts(r.stdout), {"sent": 3, "duplicate": 0, "rejected": 0,
                                                  "dropped": 0, "kept": 0})
        self.assertEqual(sorted(self.server.event_ids()), sorted(ids))
        self.assertEqual([q["status"] for q in self.server.received()], [503, 503, 202])

    def test_flush_with_the_server_down_keeps_everything(self):
        self.track()
        self.track()
        r = self.run_cli("flush", "--timeout", "2",
                         env=self.env(MOSAIC_TELEMETRY_SERVER_URL=clitest.dead_url()))
        self.assertEqual(r.returncode, 1)
        self.assertEqual(flush_counts(r.stdout)["kept"], 2)
        self.assertIn("stays in the spool", r.stderr)
        status = self.status()
        self.assertEqual(status["pending"].split()[0], "2")
        self.assertIn("2 events kept", status["last_error"])
        r = self.run_cli("flush")
        self.assertEqual(r.returncode, 0)
        self.assertEqual(len(self.server.event_ids()), 2)
        self.assertEqual(self.status()["last_error"], "none")

    def test_flush_with_a_refused_key_keeps_and_says_why(self):
        self.track()
        r = self.run_cli("flush", env=self.env(MOSAIC_TELEMETRY_API_KEY=OTHER_KEY))
        self.assertEqual(r.returncode, 1)
        self.assertEqual(flush_counts(r.stdout)["kept"], 1)
        self.assertIn("401", r.stderr)
        self.assertNotIn(OTHER_KEY, r.stderr + r.stdout)
        self.assertIn("401", self.status()["last_error"])

    def test_rejected_and_dropped_are_settled_not_kept(self):
        rejected = self.track()
        self.server.faults([{"status": 202, "body": {
            "accepted": 0, "duplicates": 0, "rejected": 1,
            "results": [{"event_id": rejected, "status": "rejected", "error": "model: no"}]}}])
        r = self.run_cli("flush")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(flush_counts(r.stdout)["rejected"], 1)
        self.track()
        self.server.faults([{"status": 422, "body": {"error": "bad", "details": []}}])
        r = self.run_cli("flush")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(flush_counts(r.stdout)["dropped"], 1)
        self.assertEqual(self.status()["pending"].split()[0], "0")
        self.assertEqual(self.server.events(), [])

    def test_our_enum_members_reach_a_documented_only_server_as_documented_ones(self):
        """docs/protocol.md, "Enums": refused for `cancelled` and `format`, the event is sent
        again once with `failure` and `lint`; the line says so, and stderr names the change."""
        self.server.call("/_control/limits", {"enums": "documented"})
        self.track("--outcome", "cancelled", "--gates-run", "build,format",
                   "--gates-failed", "format")
        r = self.run_cli("flush")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "sent 1, duplicate 0, rejected 0, dropped 0, kept 0 "
                                   "(1 sent again with documented values)\n")
        self.assertIn("outcome cancelled -> failure, quality_gates format -> lint", r.stderr)
        [event] = self.server.events()
        self.assertEqual((event["outcome"], event["quality_gates_run"],
                          event["quality_gates_failed"]), ("failure", ["build", "lint"], ["lint"]))

    def test_flush_timeout_keeps_what_is_left(self):
        for _ in range(3):
            clitest.write_pending(self.spool, [clitest.make_event() for _ in range(100)])
        self.server.faults([{"delay_ms": 3000}])
        started = time.monotonic()
        r = self.run_cli("flush", "--timeout", "1")
        self.assertLess(time.monotonic() - started, 3)
        self.assertEqual(r.returncode, 1)
        counts = flush_counts(r.stdout)
        self.assertEqual(counts["sent"] + counts["kept"], 100)  # one batch claimed, then late
        self.assertIn("timeout", r.stderr)

    def test_background_detaches_and_runs_alone(self):
        self.track()
        self.server.faults([{"delay_ms": 1500}])
        started = time.monotonic()
        r = self.run_cli("flush", "--background")
        self.assertEqual((r.returncode, r.stdout), (0, ""), r.stderr)
        self.assertLess(time.monotonic() - started, 1.0)  # did not wait for the slow server
        r = self.run_cli("flush", "--background")
        self.assertEqual((r.returncode, r.stdout), (0, "a flusher is already running\n"))
        deadline = time.monotonic() + 20
        while not self.server.event_ids() and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual(len(self.server.event_ids()), 1)
        # The lock goes with the child: a new background flush may start.
        while time.monotonic() < deadline:
            r = self.run_cli("flush", "--background")
            if r.stdout == "":
                break
            time.sleep(0.05)
        self.assertEqual((r.returncode, r.stdout), (0, ""))

    def test_the_background_flusher_sends_what_a_task_left_while_it_ran(self):
        """A task that ends while the background flusher runs finds its lock taken and leaves its
        event to it; the flusher looks again once it has let go of the lock. It is kept busy
        here by a slow answer to the predictions it fetches after sending."""
        first = self.track()
        wanted = {"task_type": "implementation", "model": "claude-sonnet-4-5",
                  "provider": "anthropic", "complexity": "medium"}
        with open(os.path.join(self.spool, "estimates.json"), "w") as f:
            json.dump({"estimates": [], "wanted": [wanted]}, f)
        self.server.faults([{"delay_ms": 2000}], path="/v1/predictions/batch")
        r = self.run_cli("flush", "--background")
        self.assertEqual((r.returncode, r.stdout), (0, ""), r.stderr)
        deadline = time.monotonic() + 20
        while first not in self.server.event_ids() and time.monotonic() < deadline:
            time.sleep(0.02)
        second = self.track()  # while the flusher waits for the predictions
        r = self.run_cli("flush", "--background")
        self.assertEqual(r.stdout, "a flusher is already running\n")
        while second not in self.server.event_ids() and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual(sorted(self.server.event_ids()), sorted([first, second]))

    def test_dry_run_sends_nothing(self):
        self.track()
        r = self.run_cli("flush", env=self.env(MOSAIC_TELEMETRY_DRY_RUN="true",
                                               MOSAIC_TELEMETRY_LOG_LEVEL="info"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.server.received(), [])
        self.assertNotIn(KEY, r.stderr)


class Predict(CliTestCase):
    QUERY = ["--task-type", "implementation", "--model", "claude-sonnet-4-5",
             "--provider", "anthropic", "--complexity", "medium"]

    def seed(self):
        events = [clitest.make_event(actual_input_tokens=1000 * (i + 1),
                                     actual_output_tokens=100 * (i + 1),
                                     actual_cost_usd_micros=4200 * (i + 1),
                                     task_duration_ms=30000 * (i + 1),
                                     quality_gate_passed=i != 0,
                                     outcome="success" if i < 4 else "failure")
                  for i in range(5)]
        self.server.call("/_control/events", {"events": events})

    def test_table(self):
        self.seed()
        r = self.run_cli("predict", *self.QUERY)
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        self.assertEqual(lines[0], "implementation / claude-sonnet-4-5 / anthropic / medium")
        rows = {line[:16].strip(): line[16:].split() for line in lines[1:]}
        self.assertEqual(rows[""], ["p10", "median", "p90"])
        self.assertEqual(rows["input tokens"], ["1000", "3000", "5000"])
        self.assertEqual(rows["output tokens"], ["100", "300", "500"])
        self.assertEqual(rows["cost"], ["$0.0042", "$0.0126", "$0.0210"])
        self.assertEqual(rows["duration"], ["30.0", "s", "1", "min", "30", "s", "2", "min", "30",
                                            "s"])
        self.assertEqual(rows["gate pass rate"], ["80%"])
        self.assertEqual(rows["success rate"], ["80%"])
        self.assertEqual(rows["confidence"], ["low", "(fallback", "level", "0)"])
        self.assertEqual(rows["sample size"], ["5"])

    def test_json(self):
        self.seed()
        r = self.run_cli("predict", *self.QUERY, "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        import json
        answer = json.loads(r.stdout)
        self.assertEqual(answer["prediction"]["input_tokens"]["median"], 3000)
        self.assertEqual(answer["metadata"]["sample_size"], 5)

    def test_no_data(self):
        r = self.run_cli("predict", *self.QUERY)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("no prediction", r.stdout)
        r = self.run_cli("predict", *self.QUERY, "--json")
        self.assertIn('"prediction":null', r.stdout)

    def test_server_down(self):
        r = self.run_cli("predict", *self.QUERY,
                         env=self.env(MOSAIC_TELEMETRY_SERVER_URL=clitest.dead_url()))
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stdout, "")
        self.assertIn("no answer from the server", r.stderr)


if __name__ == "__main__":
    clitest.main()
