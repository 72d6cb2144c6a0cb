"""Tokens and cost of the fixture sessions against ccusage (npx ccusage@18.0.11 session --json
--offline): the events the hook made for a fixture must hold exactly the tokens ccusage counts
in the same transcripts, and cost the same to within 0.5 %; and `report --by day` over the
local history those hooks fed, against `ccusage daily` (issue 14).

ccusage 18.0.11 prices every cache write at the 5-minute rate and keeps /btw sidechain replays,
so the fixtures with 1-hour writes or replays are left out (their steps.json says
"ccusage": false); those rules are checked exactly by test_sessions.py. Without npx or without
the package (offline and not cached) the test is skipped: exit 77, ctest's SKIP_RETURN_CODE.
"""
import json
import os
import shutil
import subprocess
import sys

import cctest

CCUSAGE = "ccusage@18.0.11"
TOLERANCE = 0.005


def ccusage_available():
    npx = shutil.which("npx")
    if not npx:
        return None
    try:
        r = subprocess.run([npx, "--yes", CCUSAGE, "--version"], capture_output=True, text=True,
                           timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return npx if r.returncode == 0 else None


NPX = None


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
        env = dict(os.environ, CLAUDE_CONFIG_DIR=claude_dir, TZ="UTC", NO_COLOR="1")
        r = subprocess.run([NPX, "--yes", CCUSAGE, "session", "--json", "--offline", "--mode",
                            "calculate"], capture_output=True, text=True, env=env, timeout=180)
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
        r = session.cli("report", "--by", "day", "--utc", "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        ours = {row["key"]: row for row in json.loads(r.stdout)["rows"]}
        env = dict(os.environ, CLAUDE_CONFIG_DIR=os.path.join(root, "claude"), TZ="UTC",
                   NO_COLOR="1")
        r = subprocess.run([NPX, "--yes", CCUSAGE, "daily", "--json", "--offline", "--mode",
                            "calculate"], capture_output=True, text=True, env=env, timeout=180)
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


if __name__ == "__main__":
    if len(sys.argv) >= 3 and not sys.argv[1].startswith("-"):
        cctest.BIN, cctest.SERVER_SCRIPT = sys.argv[1], sys.argv[2]
        del sys.argv[1:3]
    NPX = ccusage_available()
    if not NPX:
        print("test_ccusage: cannot run %s through npx; skipped" % CCUSAGE, file=sys.stderr)
        sys.exit(77)
    import unittest
    unittest.main(verbosity=2)
