"""`report` and `history import|export|prune` on a generated history whose figures this test
computes itself (docs/cli.md, "report"; docs/history.md): every --by key, --since/--until in
local time and with --utc, the three filters, --json's exact shape, the table's totals row, its
colour only on a terminal (NO_COLOR honoured), duplicates and bad lines on import, the export
round trip, prune and the retention bound, and an import killed halfway."""
import datetime
import json
import os
import pty
import random
import re
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import histtest  # noqa: E402
from histtest import HistoryTestCase, clitest  # noqa: E402

TZ = "EST5EDT,M3.2.0,M11.1.0"  # a POSIX rule: no tzdata needed, a clock change inside the range
OUTCOMES = ["success", "failure", "partial", "timeout", "cancelled"]
MODELS = ["claude-sonnet-4-5", "gpt-5", "gemini-2.5-pro"]
HARNESSES = ["claude_code", "codex", "aider"]
TASK_TYPES = ["implementation", "debugging", "refactoring"]
LANGUAGES = ["python", "rust", None]
GATES = ["build", "lint", "test"]  # in the protocol's order, which the wire keeps
N_EVENTS = 600
DAYS = 120
MANY = 60_000  # events of the import that is killed


def generate(rng, now):
    events = []
    for _ in range(N_EVENTS):
        when = now - datetime.timedelta(seconds=rng.uniform(0, DAYS * 86400))
        run = sorted(rng.sample(GATES, rng.randint(0, 2)), key=GATES.index)
        failed = [g for g in run if rng.random() < 0.3]
        estimated = rng.random() < 0.4
        events.append(clitest.make_event(
            timestamp=when.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (when.microsecond // 1000),
            task_duration_ms=rng.randint(1, 3_600_000), model=rng.choice(MODELS),
            harness=rng.choice(HARNESSES), task_type=rng.choice(TASK_TYPES),
            language=rng.choice(LANGUAGES), outcome=rng.choice(OUTCOMES),
            actual_input_tokens=rng.randint(0, 2_000_000),
            actual_output_tokens=rng.randint(0, 200_000),
            actual_cost_usd_micros=rng.randint(0, 30_000_000),
            estimated_input_tokens=rng.randint(1, 2_000_000) if estimated else 0,
            estimated_output_tokens=rng.randint(0, 200_000) if estimated else 0,
            quality_gates_run=run, quality_gates_failed=failed, quality_gate_passed=not failed))
    return events


def moment(event):
    return datetime.datetime.strptime(event["timestamp"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(
        tzinfo=datetime.timezone.utc)


def calendar(event, utc):
    """The event's moment as a time.struct_time in UTC or in TZ (set for this process)."""
    seconds = moment(event).timestamp()
    return time.gmtime(seconds) if utc else time.localtime(seconds)


def key_of(event, by, utc=False):
    if by in ("day", "week", "month"):
        fmt = {"day": "%Y-%m-%d", "week": "%G-W%V", "month": "%Y-%m"}[by]
        return time.strftime(fmt, calendar(event, utc))
    value = event[{"task-type": "task_type"}.get(by, by)]
    return "(none)" if value is None else value


def median(values):
    values = sorted(values)
    n = len(values)
    return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) // 2


def figures(events):
    gated = [e for e in events if e["quality_gates_run"]]
    return {
        "tasks": len(events),
        "outcomes": {o: sum(e["outcome"] == o for e in events) for o in OUTCOMES},
        "input_tokens": sum(e["actual_input_tokens"] for e in events),
        "output_tokens": sum(e["actual_output_tokens"] for e in events),
        "cost_usd_micros": sum(e["actual_cost_usd_micros"] for e in events),
        "gate_pass_rate": (sum(e["quality_gate_passed"] for e in gated) / len(gated)
                           if gated else None),
        "median_duration_ms": median([e["task_duration_ms"] for e in events]) if events else 0,
    }


def expected(events, by, utc=False):
    groups = {}
    for e in events:
        groups.setdefault(key_of(e, by, utc), []).append(e)
    rows = [dict(key=k, **figures(groups[k])) for k in sorted(groups, key=lambda k: k.encode())]
    return {"by": by, "rows": rows, "total": figures(events)}


class Report(HistoryTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        os.environ["TZ"] = TZ
        time.tzset()
        seed = int(os.environ.get("MOSAIC_TEST_SEED", "14"))
        cls.events = generate(random.Random(seed), datetime.datetime.now(datetime.timezone.utc))

    def setUp(self):
        super().setUp()
        self.lines = os.path.join(self.tmp, "events.jsonl")
        with open(self.lines, "w") as f:
            for e in self.events:
                f.write(json.dumps(e) + "\n")
        r = self.run_cli("history", "import", self.lines)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "added %d, already there 0, bad lines 0\n" % N_EVENTS)

    def env(self, **overrides):
        return super().env(TZ=TZ, **overrides)

    def report_json(self, *args):
        r = self.run_cli("report", "--json", *args)
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)

    def assertReport(self, got, want):
        """Equal, the gate pass rates to 1e-9 (JSON doubles)."""
        def rates_apart(report):
            rates = [row.pop("gate_pass_rate") for row in report["rows"] + [report["total"]]]
            return report, rates
        got, got_rates = rates_apart(got)
        want, want_rates = rates_apart(want)
        self.assertEqual(got, want)
        for g, w in zip(got_rates, want_rates):
            if w is None:
                self.assertIsNone(g)
            else:
                self.assertAlmostEqual(g, w, places=9)

    def test_every_key(self):
        for by in ["day", "week", "month", "model", "task-type", "harness", "outcome",
                   "language"]:
            with self.subTest(by=by):
                self.assertReport(self.report_json("--by", by), expected(self.events, by))

    def test_default_is_by_day(self):
        self.assertReport(self.report_json(), expected(self.events, "day"))

    def test_since_until_local_and_utc(self):
        days = sorted({key_of(e, "day") for e in self.events})
        since, until = days[len(days) // 4], days[len(days) // 2]
        inside = [e for e in self.events if since <= key_of(e, "day") <= until]
        self.assertReport(self.report_json("--since", since, "--until", until),
                          expected(inside, "day"))
        inside_utc = [e for e in self.events if since <= key_of(e, "day", True) <= until]
        self.assertNotEqual(len(inside), len(inside_utc) + 10**6)
        self.assertReport(self.report_json("--since", since.replace("-", ""), "--until", until,
                                           "--utc"), expected(inside_utc, "day", utc=True))

    def test_filters(self):
        chosen = [e for e in self.events if e["harness"] == "codex" and e["model"] == "gpt-5"
                  and e["task_type"] == "debugging"]
        self.assertGreater(len(chosen), 5)
        self.assertReport(self.report_json("--by", "outcome", "--harness", "codex", "--model",
                                           "gpt-5", "--task-type", "debugging"),
                          expected(chosen, "outcome"))

    def test_bad_options_are_one_line(self):
        for args, fragment in [(("--by", "year"), "--by: expected day, week"),
                               (("--since", "2026-02-30"), "--since: expected a date"),
                               (("--harness", "emacs"), "--harness"),
                               (("--task-type", "x"), "--task-type")]:
            with self.subTest(args=args):
                self.assertUsage(self.run_cli("report", *args), fragment)

    def test_table_totals_row(self):
        r = self.run_cli("report", "--by", "model")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("\033[", r.stdout)  # not a terminal: no colour
        lines = r.stdout.splitlines()
        self.assertTrue(lines[0].startswith("Model"))
        total = figures(self.events)
        last = lines[-1].split()
        self.assertEqual(last[0], "Total")
        self.assertEqual(last[1], "{:,}".format(total["tasks"]))
        self.assertIn("{:,}".format(total["input_tokens"]), last)
        self.assertIn("${:,.2f}".format(round(total["cost_usd_micros"] / 1e6, 2)), last)
        self.assertEqual(len(lines), 2 + len(MODELS) + 2)
        widths = {len(line) for line in lines}
        self.assertEqual(len(widths), 1, "the columns line up")

    def test_colour_only_on_a_terminal(self):
        def on_terminal(**env):
            pid, fd = pty.fork()
            if pid == 0:
                os.execve(clitest.BIN, [clitest.BIN, "report"], self.env(**env))
            out = b""
            while True:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                out += chunk
            os.waitpid(pid, 0)
            return out.decode()
        self.assertIn("\033[1m", on_terminal(NO_COLOR=None))
        self.assertNotIn("\033[", on_terminal(NO_COLOR="1"))

    def test_import_duplicates_and_bad_lines(self):
        extra = clitest.make_event()
        with open(self.lines, "a") as f:
            f.write("\n{not json\n")
            f.write(json.dumps(dict(extra, outcome="won")) + "\n")
            f.write(json.dumps(extra) + "\n")
        r = self.run_cli("history", "import", self.lines)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "added 1, already there %d, bad lines 2\n" % N_EVENTS)
        lines = r.stderr.splitlines()
        self.assertEqual(len(lines), 2)
        self.assertIn("events.jsonl:%d: " % (N_EVENTS + 2), lines[0])
        self.assertIn("events.jsonl:%d: outcome: expected one of" % (N_EVENTS + 3), lines[1])
        self.assertIsNone(self.rows()[extra["event_id"]]["delivery"])  # imported: not known

    def test_import_from_stdin_names_bad_lines_in_order(self):
        """Lines are read a batch of 1024 at a time on a thread of their own: the bad ones are
        still named in order with their own numbers, blank lines counted, across batches."""
        bad_at = {1, 1023, 1024, 1025, 2048, 2049, 3001}
        lines, good = [], 0
        for number in range(1, 3002):
            if number in bad_at:
                lines.append("{\"event_id\": %d}" % number)
            elif number % 500 == 0:
                lines.append("")
            else:
                lines.append(json.dumps(clitest.make_event()))
                good += 1
        r = self.run_cli("history", "import", "-", input="\n".join(lines) + "\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "added %d, already there 0, bad lines %d\n"
                         % (good, len(bad_at)))
        named = [int(re.search(r" -:(\d+): ", line).group(1)) for line in r.stderr.splitlines()]
        self.assertEqual(named, sorted(bad_at))

    def test_export_round_trip(self):
        r = self.run_cli("history", "export")
        self.assertEqual(r.returncode, 0, r.stderr)
        exported = [json.loads(line) for line in r.stdout.splitlines()]
        self.assertEqual(sorted(exported, key=lambda e: e["event_id"]),
                         sorted(self.events, key=lambda e: e["event_id"]))
        self.assertEqual([e["timestamp"] for e in exported],
                         sorted(e["timestamp"] for e in self.events))
        days = sorted({key_of(e, "day") for e in self.events})
        r = self.run_cli("history", "export", "--since", days[10], "--until", days[20])
        self.assertEqual(len(r.stdout.splitlines()),
                         sum(days[10] <= key_of(e, "day") <= days[20] for e in self.events))

    def test_prune_before(self):
        days = sorted({key_of(e, "day") for e in self.events})
        cut = days[len(days) // 2]
        r = self.run_cli("history", "prune", "--before", cut)
        self.assertEqual(r.returncode, 0, r.stderr)
        kept = [e for e in self.events if key_of(e, "day") >= cut]
        self.assertEqual(r.stdout, "deleted %d events\n" % (N_EVENTS - len(kept)))
        self.assertReport(self.report_json(), expected(kept, "day"))
        self.assertUsage(self.run_cli("history", "prune"), "--before DATE is required")

    def test_retention_drops_what_is_400_days_old(self):
        old = clitest.make_event(timestamp="2020-01-01T00:00:00.000Z")
        with open(self.lines, "w") as f:
            f.write(json.dumps(old) + "\n")
        self.run_cli("history", "import", self.lines)
        self.assertIn(old["event_id"], self.rows())
        self.assertEqual(self.run_cli("flush").returncode, 0)  # a flush applies the bound
        self.assertNotIn(old["event_id"], self.rows())
        self.assertEqual(len(self.rows()), N_EVENTS)

    def test_no_history_yet(self):
        r = self.run_cli("report", env=self.env(MOSAIC_TELEMETRY_HISTORY=self.tmp + "/none.db"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("none.db", r.stderr)
        self.assertEqual(len(r.stderr.splitlines()), 1)

    def test_killed_import_then_again(self):
        """An import killed halfway loses nothing it committed and doubles nothing when run
        again (event_id is the key)."""
        rng = random.Random(7)
        many = os.path.join(self.tmp, "many.jsonl")
        with open(many, "w") as f:
            for _ in range(MANY):
                f.write(json.dumps(clitest.make_event(
                    actual_input_tokens=rng.randint(0, 1000))) + "\n")
        importer = subprocess.Popen([clitest.BIN, "history", "import", many], env=self.env(),
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Killed once its first commit is in (every 10 000 lines), well before its last.
        deadline = time.monotonic() + 60
        while len(self.rows()) == N_EVENTS and time.monotonic() < deadline:
            time.sleep(0.02)
        importer.send_signal(signal.SIGKILL)
        importer.wait()
        partial = len(self.rows())
        self.assertGreater(partial, N_EVENTS)
        self.assertLess(partial, N_EVENTS + MANY)
        r = self.run_cli("history", "import", many, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        added = int(r.stdout.split()[1].rstrip(","))
        self.assertEqual(len(self.rows()), N_EVENTS + MANY)
        self.assertEqual(partial + added, N_EVENTS + MANY)


if __name__ == "__main__":
    histtest.main()
