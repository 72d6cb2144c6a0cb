"""Tokens of the captured Codex session against ccusage's Codex report (`ccusage-codex session
--json --offline`, the npm package pinned in tests/harness/versions) over the same rollout: the
event the hook made must hold exactly the input (cached included) and output tokens ccusage
counts. The cost is not compared: ccusage 18.0.11 has no gpt-5.5 price and bills it as gpt-5
(data/README.md has gpt-5.5's own). Without npm or the package the test is skipped (exit 77)."""
import json
import os
import subprocess
import sys

import cxtest
import test_fixtures as fx

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness"))
import npm_harness  # noqa: E402

PACKAGE = "@ccusage/codex"
CCUSAGE = None  # the installed binary (main)


class AgainstCcusage(cxtest.HookTestCase):

    def ccusage_totals(self, lines):
        home = os.path.join(self.tmp, "ccusage-home")
        day = os.path.join(home, "sessions", "2026", "12", "03")
        os.makedirs(day)
        cxtest.write_jsonl(os.path.join(day, "rollout-2026-12-03T07-36-37-test.jsonl"), lines)
        r = subprocess.run([CCUSAGE, "session", "--json", "--offline"],
                           env=dict(os.environ, CODEX_HOME=home), capture_output=True, text=True,
                           timeout=300)
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)["totals"]

    def ours(self, lines):
        s = self.session()
        for result in s.play(fx.HOOKS, lines, fx.captured_steps(lines)):
            self.assertQuiet(result)
        event, = self.delivered(s, 1)
        return event

    def test_captured_session(self):
        theirs = self.ccusage_totals(fx.ROLLOUT)
        event = self.ours(fx.ROLLOUT)
        self.assertEqual(event["actual_input_tokens"], theirs["inputTokens"])
        self.assertEqual(event["actual_output_tokens"], theirs["outputTokens"])
        inp, cached, out = cxtest.served_usage(fx.SERVED)
        self.assertEqual((theirs["inputTokens"], theirs["cachedInputTokens"],
                          theirs["outputTokens"]), (inp, cached, out))


if __name__ == "__main__":
    CCUSAGE = npm_harness.skip_unless_installed(
        "ccusage for Codex", PACKAGE,
        npm_harness.version_of(PACKAGE, "MOSAIC_CCUSAGE_VERSION"), "ccusage-codex")
    cxtest.main()
