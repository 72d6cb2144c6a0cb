"""The Copilot CLI adapter against what the real Copilot CLI gave its hooks and wrote to its
session log (fixtures/captured-<version>/), played through `mosaic-telemetry hook copilot-cli`,
and variants of that capture: the last request's line written after agentStop, a gate whose
last run failed, a request's line repeated, malformed lines, a session that ends without
agentStop, a task never ended, a subagent, a model API failure, and payloads the adapter cannot
use. Each
event is checked at the reference server."""
import copy
import os

import cptest
from cptest import CAPTURED, MODEL, check_fixed, check_tokens, line_position, read_jsonl

HOOKS = read_jsonl(os.path.join(CAPTURED, "hooks.jsonl"))
LOG = read_jsonl(os.path.join(CAPTURED, "events.jsonl"))
SERVED = read_jsonl(os.path.join(CAPTURED, "served.jsonl"))
FAILED_HOOKS = read_jsonl(os.path.join(CAPTURED, "failed-hooks.jsonl"))
FAILED_LOG = read_jsonl(os.path.join(CAPTURED, "failed-events.jsonl"))
SUBAGENT_HOOKS = read_jsonl(os.path.join(CAPTURED, "subagent-hooks.jsonl"))
SUBAGENT_LOG = read_jsonl(os.path.join(CAPTURED, "subagent-events.jsonl"))
SUBAGENT_SERVED = read_jsonl(os.path.join(CAPTURED, "subagent-served.jsonl"))


def index_of(event, hooks=HOOKS):
    return [h["event"] for h in hooks].index(event)


def ms(event, hooks=HOOKS):
    return hooks[index_of(event, hooks)]["payload"]["timestamp"]


class CapturedSession(cptest.HookTestCase):

    def test_captured_session(self):
        s = self.session()
        for result in s.play(HOOKS, LOG):
            self.assertQuiet(result)
        event, = self.delivered(s, 1)
        check_fixed(self, event, SERVED, "copilot_cli")
        self.assertEqual(event["task_duration_ms"],
                         ms("agentStop") - ms("userPromptSubmitted"))
        # The last request's prompt (1200) over the maxPromptTokens Copilot cut it to (64000),
        # not the price table's window (1 000 000).
        self.assertAlmostEqual(event["context_utilization_final"], 1200 / 64000, places=5)
        # sessionEnd removed the session's files.
        self.assertEqual([f for f in os.listdir(s.state) if f.endswith((".json", ".seen"))], [])

    def test_finisher_reads_the_lines_written_after_agent_stop(self):
        """agentStop sees the log without its last request; the deferred finisher, after the
        grace period, reads it."""
        s = self.session(grace_ms=300)
        stop = index_of("agentStop")
        last_usage = line_position(LOG, "session.usage_record", 3) - 1
        for result in s.play(HOOKS, LOG, upto={stop: last_usage}, until=stop + 1):
            self.assertQuiet(result)
        s.reveal(s.log_path(HOOKS[0]["payload"]["sessionId"]), LOG, len(LOG))
        event, = self.delivered(s, 1)
        check_tokens(self, event, SERVED)
        self.assertEqual(event["outcome"], "success")

    def test_gate_whose_last_run_failed_is_partial(self):
        log = copy.deepcopy(LOG)
        done = [l for l in log if l["type"] == "tool.execution_complete" and
                "shellExecution" in l["data"]]
        self.assertEqual(len(done), 2)
        done[1]["data"]["shellExecution"]["exitCode"] = 1
        s = self.session()
        for result in s.play(HOOKS, log):
            self.assertQuiet(result)
        event, = self.delivered(s, 1)
        self.assertEqual(event["quality_gates_failed"], ["test"])
        self.assertFalse(event["quality_gate_passed"])
        self.assertEqual(event["outcome"], "partial")

    def test_repeated_and_malformed_lines(self):
        """A usage record written twice counts once; a malformed line is skipped, logged once
        per hook run, and the rest still counts."""
        log = list(LOG)
        first = line_position(log, "session.usage_record") - 1
        cut = '{"type": "session.usage_record", "data": {"usage": {'
        log[first + 1:first + 1] = [copy.deepcopy(log[first]), cut]
        s = self.session()
        results = s.play(HOOKS, log)
        logged = [r.stderr.decode() for r in results if r.stderr]
        self.assertTrue(logged and all("1 malformed line(s) skipped" in e for e in logged),
                        logged)
        for r in results:
            self.assertEqual(r.returncode, 0)
            self.assertEqual(r.stdout, b"")
        event, = self.delivered(s, 1)
        check_tokens(self, event, SERVED)

    def test_session_end_without_agent_stop_is_cancelled(self):
        hooks = [h for h in HOOKS if h["event"] != "agentStop"]
        s = self.session()
        for result in s.play(hooks, LOG):
            self.assertQuiet(result)
        event, = self.delivered(s, 1)
        self.assertEqual(event["outcome"], "cancelled")
        check_tokens(self, event, SERVED)
        self.assertEqual(event["quality_gates_run"], ["test"])

    def test_next_prompt_ends_a_task_never_ended(self):
        """Copilot killed mid-task: no agentStop, no sessionEnd; the session's next prompt ends
        the old task (cancelled) before its own begins."""
        s = self.session()
        for result in s.play(HOOKS, LOG, until=index_of("agentStop")):
            self.assertQuiet(result)
        s.reveal(s.log_path(HOOKS[0]["payload"]["sessionId"]), LOG, len(LOG))
        prompt = copy.deepcopy(HOOKS[index_of("userPromptSubmitted")]["payload"])
        prompt["timestamp"] = ms("sessionEnd") + 1000
        prompt["prompt"] = "what does app.py do?"
        self.assertQuiet(s.hook(prompt, now_ms=prompt["timestamp"]))
        event, = self.delivered(s, 1)
        self.assertEqual(event["outcome"], "cancelled")
        check_tokens(self, event, SERVED)

    def test_subagent_counts_into_the_task(self):
        """The task tool's subagent: its hooks come with its own id as sessionId (and the
        parent's as parentAgentId), its requests and commands are in the parent's log. One
        task: the subagent's userPromptSubmitted and agentStop are steps of it, its gates
        (make test failing, then passing) and its edit count into it. Every hook is played,
        subagentStart and subagentStop too (ignored)."""
        s = self.session()
        for result in s.play(SUBAGENT_HOOKS, SUBAGENT_LOG):
            self.assertQuiet(result)
        event, = self.delivered(s, 1)
        self.assertEqual(len(SUBAGENT_SERVED), 6)  # 2 of the parent's, 4 of the subagent's
        check_tokens(self, event, SUBAGENT_SERVED)
        self.assertEqual(event["quality_gates_run"], ["test"])
        self.assertEqual(event["quality_gates_failed"], [])
        self.assertEqual(event["language"], "python")
        self.assertEqual(event["outcome"], "success")

    def test_model_api_failure(self):
        s = self.session()
        for result in s.play(FAILED_HOOKS, FAILED_LOG):
            self.assertQuiet(result)
        event, = self.delivered(s, 1)
        self.assertEqual(event["outcome"], "failure")
        self.assertEqual(event["actual_input_tokens"], 0)
        self.assertEqual(event["model"], MODEL)  # the session's selected model

    def test_unusable_payloads(self):
        s = self.session()
        cases = {b"not json": "not a",
                 b'{"sessionId": "x", "timestamp": 1}': "none of the members",
                 b'{"prompt": "hi", "timestamp": 1}': "no sessionId",
                 b'{"hookName": "somethingNew", "sessionId": "x"}': "unknown event"}
        for payload, message in cases.items():
            err = self.assertQuiet(s.hook(payload), log_lines=1)
            self.assertIn("hook copilot-cli", err)
            self.assertIn(message, err)
        # An event we have no use for is skipped quietly.
        permission = [h for h in HOOKS if h["event"] == "permissionRequest"][0]["payload"]
        self.assertQuiet(s.hook(permission))
        self.assertEqual(self.server.events(), [])


if __name__ == "__main__":
    cptest.main()
