"""Tokens and cost of the fixture sessions against ccusage (`ccusage session --json --offline`,
the npm package pinned in tests/harness/versions): the events the hook made for a fixture must
hold exactly the tokens ccusage counts in the same transcripts, and cost the same to within
0.5 %; and `report --by day` over the local history those hooks fed, against `ccusage daily`
(issue 14): once with every fixture on one day, once with fixtures moved to four days over five
(three models), each day's tokens equal and its cost within 0.5 %.

ccusage 18.0.11 prices every cache write at the 5-minute rate and keeps /btw sidechain replays,
so the fixtures with 1-hour writes or replays are left out (their steps.json says
"ccusage": false); those rules are checked exactly by test_sessions.py. Without npm or without
the package (offline and not cached) the test is skipped: exit 77, ctest's SKIP_RETURN_CODE
(tests/harness/npm_harness.py).
"""
import datetime
import json
import os
import re
import subprocess
import sys
import time

import cctest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness"))
import npm_harness  # noqa: E402

PACKAGE = "ccusage"
TOLERANCE = 0.005
DAY_MS = 86400 * 1000
# Fixtures moved by whole days: a day each, a gap on the fourth; Opus and Sonnet on the first,
# Haiku and Sonnet on the second.
SPREAD = (("multi_task", 0), ("subagent", 1), ("gates", 2), ("compaction", 4))

CCUSAGE = None  # the installed binary (main)


def ccusage(claude_dir, *args):
    env = dict(os.environ, CLAUDE_CONFIG_DIR=claude_dir, TZ="UTC", NO_COLOR="1")
    return subprocess.run([CCUSAGE, *args, "--json", "--offline", "--mode", "calculate"],
                          capture_output=True, text=True, env=env, timeout=180)


class ShiftedRun(cctest.FixtureRun):
    """A fixture played `days` later: its transcripts' timestamps and the hooks' clock moved by
    whole days, so that ccusage and the hook both see the session on that day."""

    STAMP = re.compile(rb'("timestamp":\s*")(\d{4}-\d\d-\d\d)T')

    def __init__(self, session, name, days, scratch):
        super().__init__(session, name)
        self.shift_ms = days * DAY_MS
        source, self.dir = self.dir, os.path.join(scratch, name)
        for folder, _, files in os.walk(source):
            target = os.path.join(self.dir, os.path.relpath(folder, source))
            os.makedirs(target, exist_ok=True)
            for file in files:
                with open(os.path.join(folder, file), "rb") as f:
                    text = f.read()
                if file.endswith(".jsonl"):
                    text = self.STAMP.sub(self.later, text)
                with open(os.path.join(target, file), "wb") as f:
                    f.write(text)

    def later(self, match):
        day = datetime.date.fromisoformat(match.group(2).decode())
        moved = day + datetime.timedelta(milliseconds=self.shift_ms)
        return match.group(1) + moved.isoformat().encode() + b"T"

    def step(self, step):
        if "hook" in step:
            step = dict(step, at=step["at"] + self.shift_ms)
        super().step(step)


class AgainstCcusage(cctest.HookTestCase):

    def fixtures(self):
        names = []
        for name in sorted(os.listdir(cctest.FIXTURES)):
            if not os.path.exists(os.path.join(cctest.FIXTURES, name, "steps.json")):
                continue  # not a written fixture (captured-<version>/ has its own test)
            with open(os.path.join(cctest.FIXTURES, name, "steps.json")) as f:
                if json.load(f)["ccusage"]:
                    names.append(name)
        return names

    def ours(self, root):
        """Plays each fixture into its own project directory under one CLAUDE_CONFIG_DIR;
        returns fixture -> summed tokens and cost of its stored events."""
        totals = {}
        for name in self.fixtures():
            self.server.reset()
            with open(os.path.join(cctest.FIXTURES, name, "steps.json")) as f:
                grace = json.load(f)["grace_ms"]
            session = cctest.Session(root, self.server.url, grace_ms=grace, project="-work-" + name)
            _, events = self.run_fixture(name, session=session)
            totals[name] = {
                "input": sum(e["actual_input_tokens"] for e in events),
                "output": sum(e["actual_output_tokens"] for e in events),
                "cost": sum(e["actual_cost_usd_micros"] for e in events) / 1e6,
            }
        return totals

    def theirs(self, claude_dir):
        r = ccusage(claude_dir, "session")
        self.assertEqual(r.returncode, 0, r.stderr)
        report = json.loads(r.stdout)
        totals = {}
        for entry in report["sessions"]:
            where = entry["projectPath"] + "/" + entry["sessionId"]
            name = next(n for n in self.fixtures() if "-work-" + n in where)
            t = totals.setdefault(name, {"input": 0, "output": 0, "cost": 0.0})
            t["input"] += (entry["inputTokens"] + entry["cacheCreationTokens"] +
                           entry["cacheReadTokens"])
            t["output"] += entry["outputTokens"]
            t["cost"] += entry["totalCost"]
        return totals

    def test_tokens_equal_cost_within_half_a_percent(self):
        root = os.path.join(self.tmp, "shared")
        ours = self.ours(root)
        theirs = self.theirs(os.path.join(root, "claude"))
        self.assertEqual(sorted(theirs), sorted(ours))
        for name in ours:
            with self.subTest(fixture=name):
                self.assertEqual((ours[name]["input"], ours[name]["output"]),
                                 (theirs[name]["input"], theirs[name]["output"]))
                self.assertGreater(theirs[name]["cost"], 0)
                diff = abs(ours[name]["cost"] - theirs[name]["cost"]) / theirs[name]["cost"]
                self.assertLessEqual(diff, TOLERANCE, (ours[name], theirs[name]))
                print("%-18s tokens in %7d out %6d   cost ours %.6f ccusage %.6f (%+.4f %%)" % (
                    name, ours[name]["input"], ours[name]["output"], ours[name]["cost"],
                    theirs[name]["cost"], 100 * (ours[name]["cost"] / theirs[name]["cost"] - 1)),
                    file=sys.stderr)

    def test_report_daily_against_ccusage_daily(self):
        """`mosaic-telemetry report --by day` over the history the same hooks fed (issue 14):
        per day, the tokens ccusage's daily report counts, and its cost within 0.5 %."""
        root = os.path.join(self.tmp, "daily")
        self.ours(root)
        session = cctest.Session(root, self.server.url)
        self.assertDailyAgrees(session, os.path.join(root, "claude"))

    def test_report_daily_over_several_days(self):
        """The same over fixtures moved to four days (a gap on the fourth) and three models:
        each day's tokens and cost, and the days themselves."""
        root = os.path.join(self.tmp, "days")
        models = set()
        for name, days in SPREAD:
            self.server.reset()
            session = cctest.Session(root, self.server.url, project="-work-" + name)
            run = ShiftedRun(session, name, days, os.path.join(self.tmp, "shifted"))
            for result in run.play():
                self.assertQuiet(result)
            events = self.delivered(session, len(run.expected()))
            models |= {e["model"] for e in events}
            day = time.strftime("%Y-%m-%d", time.gmtime((cctest.T0 + days * DAY_MS) / 1000))
            self.assertEqual({e["timestamp"][:10] for e in events}, {day})
        self.assertGreaterEqual(len(models), 2, models)
        days = self.assertDailyAgrees(session, os.path.join(root, "claude"))
        self.assertEqual(len(days), len(SPREAD))

    def assertDailyAgrees(self, session, claude_dir):
        """report --by day --utc --json against ccusage daily: the same days, each day's tokens
        equal and its cost within TOLERANCE. Returns the days."""
        r = session.cli("report", "--by", "day", "--utc", "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        ours = {row["key"]: row for row in json.loads(r.stdout)["rows"]}
        r = ccusage(claude_dir, "daily")
        self.assertEqual(r.returncode, 0, r.stderr)
        theirs = {d["date"]: d for d in json.loads(r.stdout)["daily"]}
        self.assertEqual(sorted(ours), sorted(theirs))
        for day, row in ours.items():
            with self.subTest(day=day):
                t = theirs[day]
                self.assertEqual((row["input_tokens"], row["output_tokens"]),
                                 (t["inputTokens"] + t["cacheCreationTokens"] +
                                  t["cacheReadTokens"], t["outputTokens"]))
                cost = row["cost_usd_micros"] / 1e6
                self.assertLessEqual(abs(cost - t["totalCost"]) / t["totalCost"], TOLERANCE)
                print("report %s: tokens in %d out %d, cost ours %.6f ccusage daily %.6f "
                      "(%+.4f %%)" % (day, row["input_tokens"], row["output_tokens"], cost,
                                      t["totalCost"], 100 * (cost / t["totalCost"] - 1)),
                      file=sys.stderr)
        return sorted(ours)


if __name__ == "__main__":
    if len(sys.argv) >= 3 and not sys.argv[1].startswith("-"):
        cctest.BIN, cctest.SERVER_SCRIPT = sys.argv[1], sys.argv[2]
        del sys.argv[1:3]
    CCUSAGE = npm_harness.skip_unless_installed(
        "ccusage", PACKAGE, npm_harness.version_of(PACKAGE, "MOSAIC_CCUSAGE_VERSION"), "ccusage")
    import unittest
    unittest.main(verbosity=2)
