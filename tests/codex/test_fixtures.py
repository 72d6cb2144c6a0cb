"""The Codex adapter against what the real Codex CLI gave its hooks and wrote to its rollout
(fixtures/captured-<version>/), played through `mosaic-telemetry hook codex`, and variants of
that capture: an older rollout without token_usage_record lines, repeated and null token counts,
malformed lines, a rollout that appears late, an aborted turn, a failed turn, a compaction, a
subagent, and a session resumed into the same rollout. Each event is checked at the reference
server."""
import copy
import json
import os

import cxtest
from cxtest import CAPTURED, read_jsonl, served_usage

HOOKS = read_jsonl(os.path.join(CAPTURED, "hooks.jsonl"))
ROLLOUT = read_jsonl(os.path.join(CAPTURED, "rollout.jsonl"))
SERVED = read_jsonl(os.path.join(CAPTURED, "served.jsonl"))
FAILED_HOOKS = read_jsonl(os.path.join(CAPTURED, "failed-hooks.jsonl"))
FAILED_ROLLOUT = read_jsonl(os.path.join(CAPTURED, "failed-rollout.jsonl"))


def ordinal(kind, payload_type=None, nth=0, lines=ROLLOUT):
    """The count of lines up to and including the nth line of a kind (a reveal position)."""
    seen = 0
    for i, line in enumerate(lines):
        if isinstance(line, dict) and line["type"] == kind and (payload_type is None or
                                     line["payload"].get("type") == payload_type):
            if seen == nth:
                return i + 1
            seen += 1
    raise KeyError((kind, payload_type, nth))


def captured_steps(lines=ROLLOUT, stop_early=0):
    """When each captured hook ran, by what the rollout held then: SessionStart before the
    rollout exists; each tool hook after its call's lines; Stop after the turn's lines (or
    stop_early lines before their end)."""
    cmd = lambda n: ordinal("event_msg", "item_completed", n, lines)  # noqa: E731
    return [(0, 0, 0), (1, 0, 100),
            (2, ordinal("response_item", "function_call", 0, lines), 500),
            (3, cmd(1), 1100),
            (4, ordinal("response_item", "custom_tool_call", 0, lines), 1200),
            (5, cmd(2), 1300),
            (6, ordinal("response_item", "function_call", 1, lines), 1400),
            (7, cmd(3), 1800),
            (8, ordinal("event_msg", "task_complete", 0, lines) - stop_early, 1900),
            (9, len(lines), 2000)]


class CapturedSession(cxtest.HookTestCase):

    def check_capture(self, event, served=SERVED, compactions=0):
        inp, cached, out = served_usage(served)
        self.assertEqual(event["harness"], "codex")
        self.assertEqual(event["model"], "gpt-5.5")
        self.assertEqual(event["provider"], "openai")
        self.assertEqual(event["actual_input_tokens"], inp)
        self.assertEqual(event["actual_output_tokens"], out)
        # gpt-5.5 in data/prices.json: input 5e-6, cache read 5e-7, output 3e-5 per token.
        cost = round((inp - cached) * 5 + cached * 0.5 + out * 30)
        self.assertEqual(event["actual_cost_usd_micros"], cost)
        self.assertEqual(event["quality_gates_run"], ["test"])
        self.assertEqual(event["quality_gates_failed"], [])
        self.assertTrue(event["quality_gate_passed"])
        self.assertEqual(event["language"], "python")
        self.assertEqual(event["outcome"], "success")
        self.assertEqual(event["context_compactions"], compactions)
        # The last response's prompt over the window the rollout reports (258400), not the
        # price table's (1 000 000).
        self.assertAlmostEqual(event["context_utilization_final"], 2705 / 258400, places=5)

    def test_captured_session(self):
        s = self.session()
        for result in s.play(HOOKS, ROLLOUT, captured_steps()):
            self.assertQuiet(result)
        event, = self.delivered(s, 1)
        self.check_capture(event)
        self.assertEqual(event["task_type"], "debugging")  # "please fix the tests"
        self.assertEqual(event["task_duration_ms"], 1800)

    def test_finisher_reads_the_lines_written_after_stop(self):
        s = self.session(grace_ms=300)
        for result in s.play(HOOKS, ROLLOUT, captured_steps(stop_early=3)[:9]):
            self.assertQuiet(result)
        s.reveal(ROLLOUT, len(ROLLOUT))
        event, = self.delivered(s, 1)
        self.check_capture(event)

    def test_older_rollout_without_records(self):
        """Without token_usage_record lines the change of total_token_usage counts; token_count
        lines repeated (a rate-limit update repeats last_token_usage) and info: null add
        nothing."""
        lines = []
        for line in ROLLOUT:
            if line["type"] == "token_usage_record":
                continue
            lines.append(line)
            if line["type"] == "event_msg" and line["payload"].get("type") == "token_count":
                lines.append(line)
                lines.append({"timestamp": line["timestamp"], "type": "event_msg",
                              "payload": {"type": "token_count", "info": None}})
        s = self.session()
        for result in s.play(HOOKS, lines, captured_steps(lines)):
            self.assertQuiet(result)
        event, = self.delivered(s, 1)
        self.check_capture(event)

    def test_malformed_lines_are_skipped(self):
        lines = list(ROLLOUT)
        lines.insert(ordinal("token_usage_record", nth=1), '{"type":"token_usage_record","pay')
        lines.insert(3, "not json at all")
        s = self.session()
        results = s.play(HOOKS, lines, captured_steps(lines))
        logged = [r for r in results if r.stderr]
        self.assertTrue(logged)
        for r in results:
            self.assertEqual(r.returncode, 0)
            self.assertEqual(r.stdout, b"")
            self.assertLessEqual(len(r.stderr.decode().splitlines()), 1, r.stderr)
            if r.stderr:
                self.assertIn("malformed line", r.stderr.decode())
        event, = self.delivered(s, 1)
        self.check_capture(event)

    def test_compaction_counted_once(self):
        """PostCompact and the compacted line it wrote are one compaction; a compacted line
        without the hook (hooks not installed for it) is another."""
        lines = list(ROLLOUT)
        at = ordinal("event_msg", "token_count", 1)
        compacted = {"timestamp": lines[at - 1]["timestamp"], "type": "compacted",
                     "payload": {"message": "summary"}}
        lines[at:at] = [compacted, compacted]
        hooks = HOOKS + [{"session_id": HOOKS[0]["session_id"], "hook_event_name": "PostCompact",
                          "transcript_path": "x", "cwd": "/tmp", "model": "gpt-5.5",
                          "trigger": "auto"}]
        steps = captured_steps(lines)
        steps.insert(5, (len(hooks) - 1, at + 2, 1250))
        s = self.session()
        for result in s.play(hooks, lines, steps):
            self.assertQuiet(result)
        event, = self.delivered(s, 1)
        self.check_capture(event, compactions=2)

    def test_subagent_tokens_count_into_the_task(self):
        sub_path = os.path.join(self.tmp, "agent-rollout.jsonl")
        records = [copy.deepcopy(l) for l in ROLLOUT if l["type"] == "token_usage_record"][:2]
        for i, r in enumerate(records):
            r["payload"]["response_id"] = "resp_sub_%d" % i
        cxtest.write_jsonl(sub_path, records)
        hooks = HOOKS + [{"session_id": HOOKS[0]["session_id"], "hook_event_name": "SubagentStop",
                          "transcript_path": "x", "cwd": "/tmp", "model": "gpt-5.5",
                          "agent_id": "a1", "agent_type": "worker",
                          "agent_transcript_path": sub_path}]
        steps = captured_steps()
        steps.insert(8, (len(hooks) - 1, steps[7][1], 1850))
        s = self.session()
        for result in s.play(hooks, ROLLOUT, steps):
            self.assertQuiet(result)
        event, = self.delivered(s, 1)
        inp, cached, out = served_usage(SERVED)
        extra = [r["payload"]["usage"] for r in records]
        self.assertEqual(event["actual_input_tokens"], inp + sum(u["input_tokens"] for u in extra))
        self.assertEqual(event["actual_output_tokens"],
                         out + sum(u["output_tokens"] for u in extra))
        # The subagent's prompt is not the session's context.
        self.assertAlmostEqual(event["context_utilization_final"], 2705 / 258400, places=5)

    def test_resumed_session_counts_per_task(self):
        """`codex exec resume` appends to the same rollout: the second task counts only its
        own responses."""
        second = []
        for line in ROLLOUT[1:]:
            line = copy.deepcopy(line)
            if line["type"] == "token_usage_record":
                line["payload"]["response_id"] += "_again"
            p = line["payload"]
            if line["type"] == "event_msg" and p.get("type") == "token_count":
                for key in p["info"]["total_token_usage"]:
                    p["info"]["total_token_usage"][key] *= 2
            second.append(line)
        lines = ROLLOUT + second
        steps = captured_steps()
        n = len(ROLLOUT)
        steps += [(1, n, 5000)] + [(i, n + v - 1, 5000 + at) for i, v, at in
                                   captured_steps(ROLLOUT)[2:]]
        s = self.session()
        for result in s.play(HOOKS, lines, steps):
            self.assertQuiet(result)
        first, again = self.delivered(s, 2)
        self.check_capture(first)
        self.check_capture(again)


class CapturedSubagent(cxtest.HookTestCase):
    """A subagent (spawn_agent, then wait_agent) as Codex 0.171.0 ran it: inside it Codex fires
    SubagentStart and a UserPromptSubmit of its own, both with the parent's session_id, an
    agent_id and the subagent's rollout as transcript_path; the subagent's responses are only in
    that rollout. They all count into the parent's one task."""

    def test_subagent_counts_into_the_parents_task(self):
        hooks = read_jsonl(os.path.join(CAPTURED, "subagent-hooks.jsonl"))
        parent = read_jsonl(os.path.join(CAPTURED, "subagent-rollout.jsonl"))
        child = read_jsonl(os.path.join(CAPTURED, "subagent-agent-rollout.jsonl"))
        served = read_jsonl(os.path.join(CAPTURED, "subagent-served.jsonl"))
        s = self.session()
        child_path = os.path.join(os.path.dirname(s.rollout), "rollout-child.jsonl")
        paths = {hooks[0]["transcript_path"]: s.rollout,
                 next(h["transcript_path"] for h in hooks if h.get("agent_id")): child_path}
        for i, hook in enumerate(hooks):
            if i >= 2:
                s.reveal(parent, len(parent))
            if hook["hook_event_name"] == "SubagentStart":
                s.reveal(child, len(child), child_path)
            payload = dict(hook)
            for key in ("transcript_path", "agent_transcript_path"):
                if payload.get(key):
                    payload[key] = paths[payload[key]]
            self.assertQuiet(s.hook(payload, now_ms=cxtest.T0 + 100 * i))
        event, = self.delivered(s, 1)
        inp, cached, out = served_usage(served)
        self.assertEqual(event["actual_input_tokens"], inp)
        self.assertEqual(event["actual_output_tokens"], out)
        self.assertEqual(event["model"], "gpt-5.1-codex")
        self.assertEqual(event["outcome"], "success")
        self.assertEqual(event["task_duration_ms"], 800)  # parent's UserPromptSubmit to Stop
        # The parent's last response over the window its rollout reports.
        self.assertAlmostEqual(event["context_utilization_final"], 2210 / 258400, places=5)


class UnfinishedTurns(cxtest.HookTestCase):

    def test_failed_turn_is_a_failure(self):
        """The model API failed: Codex ran no Stop hook; the rollout's task_complete carries the
        error; SessionEnd ends the task."""
        s = self.session()
        steps = [(0, 0, 0), (1, 0, 100), (2, len(FAILED_ROLLOUT), 600)]
        for result in s.play(FAILED_HOOKS, FAILED_ROLLOUT, steps):
            self.assertQuiet(result)
        event, = self.delivered(s, 1)
        self.assertEqual(event["outcome"], "failure")
        self.assertEqual(event["actual_input_tokens"], 0)
        self.assertEqual(event["task_duration_ms"], 0)

    def test_aborted_turn_is_cancelled(self):
        """A turn interrupted (turn_aborted) ends without Stop; the next prompt begins a task."""
        cut = ordinal("event_msg", "item_completed", 1)
        lines = ROLLOUT[:cut] + [{"timestamp": ROLLOUT[cut - 1]["timestamp"], "type": "event_msg",
                                  "payload": {"type": "turn_aborted", "reason": "interrupted"}}]
        s = self.session()
        steps = captured_steps()[:3] + [(1, len(lines), 3000), (8, len(lines), 3500)]
        for result in s.play(HOOKS, lines, steps):
            self.assertQuiet(result)
        aborted, second = self.delivered(s, 2)
        self.assertEqual(aborted["outcome"], "cancelled")
        self.assertEqual(aborted["actual_input_tokens"], 2210)
        self.assertEqual(aborted["quality_gates_failed"], ["test"])  # it ran before the abort
        # Its last sign of life: the response at 07:36:37.534 (the rollout's clock), after the
        # last hook (PreToolUse, 400 ms in).
        self.assertEqual(aborted["task_duration_ms"], 434)
        self.assertEqual(second["outcome"], "success")
        self.assertEqual(second["actual_input_tokens"], 0)

    def test_gate_that_failed_last_is_partial(self):
        """Only the first (failing) run of the test command: the task is partial."""
        cut = ordinal("event_msg", "item_completed", 2)
        s = self.session()
        steps = captured_steps()[:4] + [(8, cut, 1500)]
        for result in s.play(HOOKS, ROLLOUT, steps):
            self.assertQuiet(result)
        event, = self.delivered(s, 1)
        self.assertEqual(event["outcome"], "partial")
        self.assertEqual(event["quality_gates_failed"], ["test"])
        self.assertFalse(event["quality_gate_passed"])


if __name__ == "__main__":
    cxtest.main()
