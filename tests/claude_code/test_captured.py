"""Sessions of the real Claude Code, captured by test_real.py (MOSAIC_CC_CAPTURE) into
fixtures/captured-<version>/, played back through the real command against the reference server,
without Claude Code: each hook's payload in the order the hooks ran, after the transcripts were
revealed up to the lines they held when it ran. The events must equal Claude Code's own
accounting in its -p result (results.json), and what the task did.

A capture holds hooks.jsonl ({"payload", "lines": {transcript file: complete lines}} per hook
run), the transcripts (the session's and its subagents', without the bulky lines that carry no
usage), served.jsonl (what the fake API answered) and results.json (Claude Code's -p results).
$ROOT in them is the capturing test's temp directory."""
import json
import os
import time

import cctest

HERE = os.path.dirname(os.path.abspath(__file__))
VERSION = "2.1.332"
CAPTURED = os.path.join(HERE, "fixtures", "captured-" + VERSION)


class Replay:
    def __init__(self, case, name):
        self.case, self.dir = case, os.path.join(CAPTURED, name)
        self.hooks = cctest.read_jsonl(os.path.join(self.dir, "hooks.jsonl"))
        with open(os.path.join(self.dir, "results.json")) as f:
            self.result = json.load(f)[-1]

    def payload(self, hook):
        return json.loads(json.dumps(hook["payload"]).replace("$ROOT", self.case.tmp))

    def reveal(self, session, payload, lines):
        transcript = payload["transcript_path"]
        for name, n in lines.items():
            target = (transcript if transcript.endswith("/" + name) else os.path.join(
                transcript[:-len(".jsonl")], "subagents", name))
            session.reveal(os.path.join(self.dir, name), target, n)

    def play(self, session, extra=None):
        """Runs every hook; extra: (index, payload) of a hook to run before hook index."""
        for i, hook in enumerate(self.hooks):
            payload = self.payload(hook)
            self.reveal(session, payload, hook["lines"])
            if extra and extra[0] == i:
                self.case.assertQuiet(session.hook(dict(payload, **extra[1])))
            self.case.assertQuiet(session.hook(payload))


class Captured(cctest.HookTestCase):

    def replay(self, name, extra=None):
        r = Replay(self, name)
        session = self.session(grace_ms=500)
        r.play(session, extra)
        events = self.delivered(session, 1, wait=20)
        time.sleep(1.0)  # the finisher's turn: a second event would be a task split in two
        events = self.delivered(session, 1, wait=0)
        self.assertEqual(len(events), 1, events)
        return r, events[0]

    def assertAccounting(self, event, result):
        inp = out = 0
        for u in result["modelUsage"].values():
            inp += u["inputTokens"] + u["cacheReadInputTokens"] + u["cacheCreationInputTokens"]
            out += u["outputTokens"]
        self.assertEqual(event["actual_input_tokens"], inp)
        self.assertEqual(event["actual_output_tokens"], out)
        self.assertEqual(event["actual_cost_usd_micros"], round(result["total_cost_usd"] * 1e6))
        if result["modelUsage"]:
            self.assertEqual([event["model"]], sorted(result["modelUsage"]))

    def test_fix(self):
        r, event = self.replay("fix")
        self.assertAccounting(event, r.result)
        self.assertEqual((event["quality_gates_run"], event["quality_gates_failed"]), (["test"], []))
        self.assertEqual((event["language"], event["outcome"]), ("python", "success"))

    def test_background_agent(self):
        """Stop with background_tasks running, the subagent's hooks, the <task-notification>
        turn: one event with the subagent's responses."""
        r, event = self.replay("background_agent")
        self.assertAccounting(event, r.result)
        self.assertEqual(event["outcome"], "success")

    def test_compaction(self):
        """The compaction request is in no transcript line; the cost-state line has it."""
        r, event = self.replay("compaction")
        self.assertAccounting(event, r.result)
        self.assertEqual(event["context_compactions"], 1)

    def test_api_failure_without_stop_failure(self):
        """As captured: the StopFailure hook (here the capturing one) was killed by Claude Code
        before it ran; SessionEnd finds the transcript ending in an API error line."""
        self.assertNotIn("StopFailure", [h["payload"]["hook_event_name"]
                                         for h in Replay(self, "api_failure").hooks])
        r, event = self.replay("api_failure")
        self.assertEqual((event["outcome"], event["actual_input_tokens"]), ("failure", 0))
        self.assertEqual(event["model"], "claude-sonnet-4-5")  # the api-request lines' model

    def test_api_failure_with_stop_failure(self):
        """StopFailure (as Claude Code 2.1.332 sends it) just before SessionEnd."""
        stop_failure = {"hook_event_name": "StopFailure", "error": "unknown",
                        "last_assistant_message": "API Error: 400 the fake API refuses this"}
        r, event = self.replay("api_failure", extra=(2, stop_failure))
        self.assertEqual((event["outcome"], event["actual_input_tokens"]), ("failure", 0))
        self.assertEqual(event["model"], "claude-sonnet-4-5")


if __name__ == "__main__":
    cctest.main()
