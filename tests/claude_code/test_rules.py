"""The rules the adapter follows for today's Claude Code (docs/harnesses/claude-code.md), each on
a small session written from the formats 2.1.332 was seen to use (fixtures/captured-2.1.332):
hook payloads run through the real command, transcript lines written as Claude Code writes
them, events checked at the reference server."""
import json
import os

import cctest
from cctest import T0

SID = "5f0c6a1e-2b7d-4c1a-9e3f-0000000000aa"
MODEL = "claude-sonnet-4-5"
# data/prices.json, claude-sonnet-4-5, in micro-dollars per token
PRICE = {"input": 3, "output": 15, "write_5m": 3.75, "write_1h": 6, "read": 0.3}


def reply(n, usage, at=1000, request=None, sidechain=False, model=MODEL):
    return {"type": "assistant", "isSidechain": sidechain, "requestId": request or "req_%d" % n,
            "timestamp": "2026-11-20T10:00:%02d.000Z" % (at // 1000),
            "message": {"id": "msg_%d" % n, "model": model, "role": "assistant",
                        "content": [{"type": "text", "text": "x"}], "usage": usage}}


def usage(inp=10, out=20, read=0, write=0, w5=None, w1=None):
    u = {"input_tokens": inp, "output_tokens": out, "cache_read_input_tokens": read,
         "cache_creation_input_tokens": write}
    if w5 is not None:
        u["cache_creation"] = {"ephemeral_5m_input_tokens": w5, "ephemeral_1h_input_tokens": w1}
    return u


def cost_state(inp, out, read=0, write=0, w5=0, w1=0):
    return {"type": "cost-state", "sessionId": SID, "modelUsage": {MODEL: {
        "inputTokens": inp, "outputTokens": out, "cacheReadInputTokens": read,
        "cacheCreationInputTokens": write, "cacheCreationEphemeral5mInputTokens": w5,
        "cacheCreationEphemeral1hInputTokens": w1}}}


class Rules(cctest.HookTestCase):

    def setUp(self):
        super().setUp()
        self.s = self.session()
        self.transcript = os.path.join(self.s.project, SID + ".jsonl")
        open(self.transcript, "w").close()

    def write(self, *lines):
        with open(self.transcript, "a") as f:
            for line in lines:
                f.write(json.dumps(line) + "\n")

    def hook(self, event, at, **fields):
        payload = {"session_id": SID, "transcript_path": self.transcript, "cwd": "/work/demo",
                   "hook_event_name": event, **fields}
        self.assertQuiet(self.s.hook(payload, now_ms=T0 + at))

    def prompt(self, at=0, text="fix the failing test in parser.py"):
        self.hook("UserPromptSubmit", at, prompt=text, prompt_id="p1",
                  permission_mode="bypassPermissions")

    def event(self):
        event, = self.delivered(self.s, 1)
        return event

    def test_cache_write_parts_when_the_total_says_zero(self):
        """Before 2.1.152 a line could say cache_creation_input_tokens: 0 beside non-zero
        5-minute and 1-hour parts: the larger of the total and the parts' sum counts."""
        self.prompt()
        self.write(reply(1, usage(inp=10, out=20, write=0, w5=100, w1=50)))
        self.hook("Stop", 2000, background_tasks=[])
        event = self.event()
        self.assertEqual(event["actual_input_tokens"], 10 + 150)
        self.assertEqual(event["actual_cost_usd_micros"],
                         round(10 * 3 + 20 * 15 + 100 * 3.75 + 50 * 6))

    def test_placeholder_usage_counts_each_field_at_its_largest(self):
        """Before 2.1.98 the first lines of a response held streaming placeholder usage; each
        field of a response counts at its largest over its lines."""
        self.prompt()
        self.write(reply(1, usage(inp=10, out=1, read=500)), reply(1, usage(inp=10, out=1, read=500)),
                   reply(1, usage(inp=10, out=70, read=500)))
        self.hook("Stop", 2000)
        event = self.event()
        self.assertEqual((event["actual_input_tokens"], event["actual_output_tokens"]), (510, 70))

    def test_gates_from_powershell_and_monitor(self):
        self.prompt()
        self.hook("PreToolUse", 100, tool_name="PowerShell", tool_use_id="t1",
                  tool_input={"command": "npm test"})
        self.hook("PostToolUseFailure", 200, tool_name="PowerShell", tool_use_id="t1",
                  tool_input={"command": "npm test"}, error="Exit code 1\nFAIL", is_interrupt=False)
        self.hook("PreToolUse", 300, tool_name="Monitor", tool_use_id="t2",
                  tool_input={"command": "npx eslint src"})
        self.hook("PostToolUse", 400, tool_name="Monitor", tool_use_id="t2",
                  tool_input={"command": "npx eslint src"}, tool_response={})
        self.hook("Stop", 1000)
        event = self.event()
        self.assertEqual(sorted(event["quality_gates_run"]), ["lint", "test"])
        self.assertEqual(event["quality_gates_failed"], ["test"])
        self.assertEqual(event["outcome"], "partial")

    def test_a_command_of_several_gates(self):
        """Passed: each gate ran and passed. Failed: only the classifier's gate for the whole
        command (its last) counts, failed; which one failed cannot be told."""
        command = {"command": "npx eslint src && npm test"}
        self.prompt()
        self.hook("PreToolUse", 100, tool_name="Bash", tool_use_id="t1", tool_input=command)
        self.hook("PostToolUse", 200, tool_name="Bash", tool_use_id="t1", tool_input=command)
        self.hook("Stop", 1000)
        self.prompt(2000)
        self.hook("PreToolUse", 2100, tool_name="Bash", tool_use_id="t2", tool_input=command)
        self.hook("PostToolUseFailure", 2200, tool_name="Bash", tool_use_id="t2",
                  tool_input=command, error="Exit code 1", is_interrupt=False)
        self.hook("Stop", 3000)
        first, second = self.delivered(self.s, 2)
        self.assertEqual((sorted(first["quality_gates_run"]), first["quality_gates_failed"]),
                         (["lint", "test"], []))
        self.assertEqual((second["quality_gates_run"], second["quality_gates_failed"]),
                         (["test"], ["test"]))

    def test_trailing_api_error_line_is_a_failure(self):
        """StopFailure never came (Claude Code killed its hook); the transcript ends in the
        line Claude Code made up for the failed request: SessionEnd makes a failed task."""
        self.hook("SessionStart", 0, source="startup")
        self.prompt(10)
        error = reply(9, usage(inp=0, out=0), at=3000, model="<synthetic>")
        error.update(isApiErrorMessage=True, error="unknown", apiErrorStatus=400)
        self.write(error)
        self.hook("SessionEnd", 5000, reason="other")
        event = self.event()
        self.assertEqual(event["outcome"], "failure")
        self.assertEqual(event["task_duration_ms"], 3000 - 10)

    def test_an_error_then_a_retry_that_worked_is_no_failure(self):
        self.prompt()
        error = reply(9, usage(inp=0, out=0), model="<synthetic>")
        error["isApiErrorMessage"] = True
        self.write(error, reply(1, usage()))
        self.hook("SessionEnd", 5000, reason="other")
        self.assertEqual(self.event()["outcome"], "cancelled")

    def test_compactions_at_post_compact_and_boundaries_once_each(self):
        """PreCompact does not count (a hook may block the compaction); PostCompact and the
        compact_boundary line report the same compaction; a subagent's does not count."""
        self.prompt()
        self.hook("PreCompact", 100, trigger="auto")
        self.write({"type": "system", "subtype": "compact_boundary", "compactMetadata": {}})
        self.hook("PostCompact", 200, trigger="auto", compact_summary="s")
        self.hook("PreCompact", 300, trigger="auto")  # blocked by another hook: no PostCompact
        self.hook("PostCompact", 400, trigger="auto", agent_id="a1", compact_summary="s")
        self.hook("Stop", 1000)
        self.assertEqual(self.event()["context_compactions"], 1)

    def test_cost_state_adds_what_no_line_records(self):
        """A resumed session: the cost-state line of the earlier run is the base; the new one
        less the responses counted since is a request no line records (a compaction)."""
        self.write(reply(1, usage(inp=5, out=5)), cost_state(5, 5))
        self.prompt()
        self.write(reply(2, usage(inp=10, out=20, read=100)),
                   cost_state(5 + 10 + 7, 5 + 20 + 60, read=100 + 150000))
        self.hook("SessionEnd", 3000, reason="other")
        event = self.event()
        self.assertEqual(event["actual_input_tokens"], 10 + 100 + 7 + 150000)
        self.assertEqual(event["actual_output_tokens"], 20 + 60)

    def test_background_work_past_the_bound_ends_the_task(self):
        """Stop with background work running keeps the task open; a hook more than 30 minutes
        later ends it as it stood at Stop (success), and the late notification turn is no task
        of its own."""
        self.prompt()
        self.write(reply(1, usage()))
        running = [{"id": "a1", "type": "subagent", "status": "running"}]
        self.hook("Stop", 1000, background_tasks=running)
        self.assertEqual(self.server.events(), [])
        self.hook("UserPromptSubmit", 31 * 60 * 1000 + 2000,
                  prompt="<task-notification>\n<task-id>a1</task-id>\n</task-notification>")
        self.hook("Stop", 31 * 60 * 1000 + 3000, background_tasks=[])
        event = self.event()
        self.assertEqual(event["outcome"], "success")
        self.assertEqual(event["actual_output_tokens"], 20)


if __name__ == "__main__":
    cctest.main()
