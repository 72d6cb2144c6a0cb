"""The real Claude Code (npm @anthropic-ai/claude-code at the version pinned in
tests/harness/versions) running `claude -p` against a fake Anthropic Messages API on 127.0.0.1
(fake_anthropic.py, a test double), with our hooks installed by `mosaic-telemetry install
claude-code`. Each test checks the events at the reference server against Claude Code's own
accounting in its `-p` result (modelUsage, total_cost_usd): tokens, cost, model, gates, language,
outcome, duration, one event per user task; and that every run of our hook exited 0 (Claude
Code's debug file says so for each).

MOSAIC_CC_CAPTURE=<dir> also records what Claude Code handed the hooks and wrote to its
transcript into <dir>/<test>/ (capture_hook.py), to refresh fixtures/captured-<version>/.

The package is installed once, outside the clone, by tests/harness/npm_harness.py. When npm or
the package cannot be had, the test says why and exits 77 (skipped)."""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import time

import cctest

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))  # its .claude-plugin/marketplace.json
sys.path.insert(0, os.path.join(HERE, "..", "harness"))
import npm_harness  # noqa: E402  (tests/harness/npm_harness.py)

PACKAGE = "@anthropic-ai/claude-code"
VERSION = npm_harness.version_of(PACKAGE, "MOSAIC_CLAUDE_VERSION")
MODEL = "claude-sonnet-4-5"
MAKEFILE = "test:\n\t@test -f .passed || { touch .passed; echo FAIL; exit 1; }\n\t@echo ok\n"
# The hooks that run while Claude Code exits in -p mode, which it may kill.
SHUTDOWN_EVENTS = ("StopFailure", "SessionEnd")
# How often the failing-API run is repeated, each in a fresh session: the race it guards
# against (hooks killed while Claude Code exits) is intermittent.
FAILURE_RUNS = int(os.environ.get("MOSAIC_CC_FAILURE_RUNS", "5"))


class FakeAnthropic:
    """fake_anthropic.py as a child process (a test double of the Messages API)."""

    def __init__(self, log_dir, work):
        self.log_dir = log_dir
        self.proc = subprocess.Popen([sys.executable, os.path.join(HERE, "fake_anthropic.py"),
                                      log_dir, work], stdout=subprocess.PIPE, text=True)
        self.url = "http://127.0.0.1:%d" % int(self.proc.stdout.readline())

    def served(self):
        path = os.path.join(self.log_dir, "served.jsonl")
        return cctest.read_jsonl(path) if os.path.exists(path) else []

    def stop(self):
        self.proc.kill()
        self.proc.wait(timeout=10)
        self.proc.stdout.close()


class Run:
    """One `claude -p` run: its stream-json records, its final result, its debug file."""

    def __init__(self, proc, debug_file, wall_s):
        self.proc, self.wall_s = proc, wall_s
        self.records = [json.loads(line) for line in proc.stdout.splitlines()
                        if line.startswith("{")]
        results = [r for r in self.records if r.get("type") == "result"]
        self.result = results[-1] if results else None
        with open(debug_file, errors="replace") as f:
            self.debug = f.read()

    def our_hook_statuses(self):
        """(event, status, during shutdown) for every run of our hook the debug file reports;
        during shutdown: reported after Claude Code began to exit."""
        shutdown = self.debug.find("[uds-messaging] Shutting down")
        found = re.finditer(r"(\w+)(?::[^ \[]*)? \[[^\]]*mosaic-telemetry[^\]]* hook claude-code\]"
                            r"(?: \(plugin [^)]*\))? (?:finished|completed) with status (-?\d+)",
                            self.debug)
        return [(m.group(1), int(m.group(2)), 0 <= shutdown < m.start()) for m in found]


def usage_totals(result):
    """Claude Code's own accounting of the run, by the project's token rule: (input incl.
    cache reads and writes, output, cost in micro-dollars, models)."""
    inp = out = 0
    for u in result["modelUsage"].values():
        inp += u["inputTokens"] + u["cacheReadInputTokens"] + u["cacheCreationInputTokens"]
        out += u["outputTokens"]
    return inp, out, round(result["total_cost_usd"] * 1e6), sorted(result["modelUsage"])


class RealClaudeCode(cctest.HookTestCase):
    claude = None

    def setUp(self):
        super().setUp()
        self.s = self.session(grace_ms=3000)
        self.work = os.path.join(self.tmp, "work")
        os.makedirs(self.work)
        with open(os.path.join(self.work, "Makefile"), "w") as f:
            f.write(MAKEFILE)
        self.api = FakeAnthropic(os.path.join(self.tmp, "api"), self.work)
        self.scratch = os.path.join(self.tmp, "scratch")
        os.makedirs(self.scratch)
        self.runs = 0
        self.killed = 0
        self.results = []

    def tearDown(self):
        self.api.stop()
        if getattr(self, "capture_dir", None):
            self.save_capture()
        super().tearDown()

    # The bulky lines that hold no usage (system prompt snapshots, request shapes): left out of
    # captured fixtures, which keep every other line.
    BULKY = ("attachment", "api-request-shape", "api-request-blob")

    def save_capture(self):
        """The session's transcripts (without BULKY lines), what the fake API served, and
        Claude Code's -p results, with the temp directory's path made $ROOT."""
        def scrub(text):
            return text.replace(self.tmp, "$ROOT")
        keep = {}
        for path in glob.glob(os.path.join(self.s.claude, "projects", "*", "*.jsonl")) + \
                glob.glob(os.path.join(self.s.claude, "projects", "*", "*", "subagents", "*.jsonl")):
            with open(path) as f:
                lines = f.read().splitlines()
            kept = [i for i, line in enumerate(lines) if json.loads(line).get("type")
                    not in self.BULKY]
            keep[os.path.basename(path)] = kept
            with open(os.path.join(self.capture_dir, os.path.basename(path)), "w") as f:
                f.write("".join(scrub(lines[i]) + "\n" for i in kept))
        hooks = cctest.read_jsonl(os.path.join(self.capture_dir, "hooks.jsonl"))
        with open(os.path.join(self.capture_dir, "hooks.jsonl"), "w") as f:
            for h in hooks:  # line counts of the kept lines
                h["lines"] = {name: sum(1 for i in keep.get(name, []) if i < n)
                              for name, n in h["lines"].items()}
                f.write(scrub(json.dumps(h)) + "\n")
        shutil.copy(os.path.join(self.api.log_dir, "served.jsonl"), self.capture_dir)
        with open(os.path.join(self.capture_dir, "results.json"), "w") as f:
            json.dump(self.results, f, indent=1)

    def install_hooks(self):
        r = self.s.cli("install", "claude-code", env=self.env())
        self.assertEqual(r.returncode, 0, r.stderr)
        capture = os.environ.get("MOSAIC_CC_CAPTURE")
        if capture:
            self.add_capture_hooks(os.path.join(capture, self.id().rsplit(".", 1)[-1]))

    def add_capture_hooks(self, into):
        os.makedirs(into, exist_ok=True)
        path = os.path.join(self.s.claude, "settings.json")
        with open(path) as f:
            settings = json.load(f)
        command = "%s %s %s" % (sys.executable, os.path.join(HERE, "capture_hook.py"), into)
        for event in settings["hooks"]:
            settings["hooks"][event].append({"hooks": [{"type": "command", "command": command}]})
        with open(path, "w") as f:
            json.dump(settings, f, indent=1)
        self.capture_dir = into

    def env(self, **extra):
        return self.s.env(
            TMPDIR=self.scratch, IS_SANDBOX="1", DISABLE_TELEMETRY="1",
            DISABLE_AUTOUPDATER="1", CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC="1",
            ANTHROPIC_BASE_URL=self.api.url, ANTHROPIC_API_KEY="sk-fake-key", **extra)

    def claude_p(self, prompt, *args, env=None):
        self.runs += 1
        debug = os.path.join(self.tmp, "debug-%d.log" % self.runs)
        cmd = [self.claude, "-p", "--output-format", "stream-json", "--verbose",
               "--include-hook-events", "--dangerously-skip-permissions", "--model", MODEL,
               "--debug-file", debug, *args, prompt]
        start = time.monotonic()
        proc = subprocess.run(cmd, cwd=self.work, env=env or self.env(), capture_output=True,
                              text=True, timeout=240, stdin=subprocess.DEVNULL)
        run = Run(proc, debug, time.monotonic() - start)
        self.assertIsNotNone(run.result, proc.stderr[-2000:])
        self.results.append(run.result)
        return run

    def assertHooksExitedZero(self, run, events):
        """Every run of our hook exited 0, except those Claude Code killed while it exited: in
        -p mode it kills hooks still running some 30-100 ms into its shutdown and reports them
        as status 1 (a `sleep 0.02` hook is killed too, now and then, on a loaded machine).
        Those are counted in self.killed; the work of StopFailure and SessionEnd is done by a
        detached child by then, which the events check."""
        statuses = run.our_hook_statuses()
        seen = {event for event, _, _ in statuses}
        for event in events:
            self.assertIn(event, seen, "our %s hook did not run" % event)
        killed = [s for s in statuses if s[1] == 1 and s[2] and s[0] in SHUTDOWN_EVENTS]
        self.killed += len(killed)
        self.assertEqual([s for s in statuses if s[1] != 0 and s not in killed], [])

    def assertMatchesAccounting(self, event, run):
        inp, out, cost, models = usage_totals(run.result)
        self.assertGreater(inp, 0)
        self.assertEqual(event["actual_input_tokens"], inp)
        self.assertEqual(event["actual_output_tokens"], out)
        self.assertEqual(event["actual_cost_usd_micros"], cost)
        self.assertEqual([event["model"]], models)
        self.assertEqual(event["provider"], "anthropic")
        self.assertEqual(event["harness"], "claude_code")
        self.assertGreater(event["task_duration_ms"], 0)
        self.assertLess(event["task_duration_ms"], run.wall_s * 1000)

    def only_event(self, wait=30):
        events = self.delivered(self.s, 1, wait=wait)
        time.sleep(0.5)  # a second event would be a task split in two
        events = self.delivered(self.s, 1, wait=0)
        self.assertEqual(len(events), 1, events)
        if os.environ.get("MOSAIC_TEST_VERBOSE"):
            print(json.dumps(events[0], indent=1))
        return events[0]

    # ---- the tests ------------------------------------------------------------------------

    def test_fix_the_tests(self):
        """A failing then passing `make test`, a Write of a Python file: one event, equal to
        Claude Code's accounting; the gate's last run passed."""
        self.install_hooks()
        run = self.claude_p("scenario: fix please fix the failing tests")
        self.assertFalse(run.result["is_error"], run.result)
        event = self.only_event()
        self.assertMatchesAccounting(event, run)
        self.assertEqual(event["quality_gates_run"], ["test"])
        self.assertEqual(event["quality_gates_failed"], [])
        self.assertTrue(event["quality_gate_passed"])
        self.assertEqual(event["language"], "python")
        self.assertEqual(event["outcome"], "success")
        self.assertNotEqual(event["task_type"], "unknown")  # the classifier said what
        self.assertGreater(event["context_utilization_final"], 0)
        self.assertHooksExitedZero(run, ["SessionStart", "UserPromptSubmit", "PreToolUse",
                                         "PostToolUse", "PostToolUseFailure", "Stop",
                                         "SessionEnd"])

    def test_api_failure_in_fresh_sessions(self):
        """The API refuses the request: StopFailure fires while Claude Code exits, and hooks
        still running then are killed. Every run, in a fresh session each, is one failed
        event."""
        self.install_hooks()
        for i in range(FAILURE_RUNS):
            run = self.claude_p("scenario: broken this request will fail")
            self.assertTrue(run.result["is_error"])
            self.assertHooksExitedZero(run, ["UserPromptSubmit"])
            events = self.delivered(self.s, i + 1, wait=30)
            self.assertEqual(len(events), i + 1)
            self.assertEqual([e["outcome"] for e in events], ["failure"] * (i + 1), "run %d" % i)
            self.assertEqual(events[-1]["actual_input_tokens"], 0)
            self.assertEqual(events[-1]["model"], MODEL)  # the model the failed request asked
        print("\n%d failing runs: our StopFailure/SessionEnd hook killed by Claude Code in %d, "
              "one failed event each all the same" % (FAILURE_RUNS, self.killed))

    def test_background_agent_is_one_task(self):
        """The Agent tool runs in the background: Stop fires while the subagent works, then
        Claude Code starts a <task-notification> turn of its own. One user task, one event,
        with the subagent's responses in it."""
        self.install_hooks()
        run = self.claude_p("scenario: delegate have a helper count the files")
        self.assertTrue(any(r.get("subtype") == "task_notification" for r in run.records))
        event = self.only_event()
        self.assertMatchesAccounting(event, run)
        subagent = [s for s in self.api.served() if s["scenario"] == "sub"]
        self.assertEqual(len(subagent), 2)
        self.assertEqual(event["outcome"], "success")
        self.assertHooksExitedZero(run, ["SubagentStop", "Stop"])

    def test_compaction_is_counted_with_its_tokens(self):
        """The context fills; the next request is refused as too long, and Claude Code compacts
        in a forked request no transcript line records. The event counts that request (from
        the transcript's cost-state line) and the compaction, once."""
        self.install_hooks()
        run = self.claude_p("scenario: compact list the files")
        self.assertFalse(run.result["is_error"], run.result)
        self.assertEqual([s["kind"] for s in self.api.served()].count("compact"), 1)
        event = self.only_event()
        self.assertMatchesAccounting(event, run)
        self.assertEqual(event["context_compactions"], 1)
        self.assertEqual(event["outcome"], "success")
        self.assertHooksExitedZero(run, ["PostCompact", "Stop"])

    def test_resumed_session_is_a_second_task(self):
        """`claude -p --resume`: the session's state went at the first run's SessionEnd, so the
        second task starts afresh on an old transcript, whose last cost-state line is its base.
        Claude Code's -p result counts the whole session (it carries the sum on), so the second
        event must equal the difference."""
        self.install_hooks()
        first = self.claude_p("scenario: compact list the files")
        sid = first.result["session_id"]
        second = self.claude_p("scenario: plain what is in there", "--resume", sid)
        events = self.delivered(self.s, 2, wait=30)
        self.assertEqual(len(events), 2)
        self.assertMatchesAccounting(events[0], first)
        inp1, out1, cost1, _ = usage_totals(first.result)
        inp2, out2, cost2, _ = usage_totals(second.result)
        self.assertEqual((events[1]["actual_input_tokens"], events[1]["actual_output_tokens"]),
                         (inp2 - inp1, out2 - out1))
        self.assertAlmostEqual(events[1]["actual_cost_usd_micros"], cost2 - cost1, delta=1)
        self.assertEqual(events[1]["context_compactions"], 0)

    def test_plugin_route(self):
        """The hooks as a Claude Code plugin: `claude plugin marketplace add <this repository>`,
        `claude plugin install`; Claude Code loads it, its hooks run `mosaic-telemetry` from
        PATH, and the task is one event as with `install claude-code`."""
        env = self.env(PATH=os.path.dirname(os.path.abspath(cctest.BIN)) + os.pathsep +
                       os.environ.get("PATH", ""))
        for args in (["marketplace", "add", REPO], ["install", "mosaic-telemetry@mosaic-telemetry"]):
            r = subprocess.run([self.claude, "plugin", *args], env=env, capture_output=True,
                               text=True, timeout=120, stdin=subprocess.DEVNULL, cwd=self.work)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.s.claude, "settings.json")) and
                         "hook claude-code" in open(os.path.join(self.s.claude,
                                                                 "settings.json")).read())
        run = self.claude_p("scenario: fix please fix the failing tests", env=env)
        event = self.only_event()
        self.assertMatchesAccounting(event, run)
        self.assertEqual(event["quality_gates_run"], ["test"])
        self.assertEqual(event["language"], "python")
        self.assertHooksExitedZero(run, ["SessionStart", "UserPromptSubmit", "PreToolUse",
                                         "PostToolUse", "Stop"])


def main():
    if not os.environ.get("MOSAIC_CLI"):
        print("set MOSAIC_CLI and MOSAIC_SERVER_SCRIPT")
        return 1
    RealClaudeCode.claude = npm_harness.skip_unless_installed(
        "Claude Code", PACKAGE, VERSION, "claude")
    cctest.main()


if __name__ == "__main__":
    sys.exit(main())
