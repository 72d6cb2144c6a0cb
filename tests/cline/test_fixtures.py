"""The Cline adapter against what the real Cline CLI gave its hook files and wrote to its session
files (fixtures/captured-<version>/), played through `mosaic-telemetry hook cline`, and
variants: the messages file rewritten after TaskComplete, a gate whose last run failed, a
cancelled task, a second task in the same session, a spawned agent (captured), a model API
failure, and payloads the adapter cannot use. Each event is checked at the reference server."""
import copy
import os

import cltest
from cltest import CAPTURED, MODEL, at_ms, check_fixed, check_tokens, load, read_jsonl

HOOKS = read_jsonl(os.path.join(CAPTURED, "hooks.jsonl"))
MANIFEST = load(os.path.join(CAPTURED, "manifest.json"))
MESSAGES = load(os.path.join(CAPTURED, "messages.json"))
SERVED = read_jsonl(os.path.join(CAPTURED, "served.jsonl"))
SUBAGENT_HOOKS = read_jsonl(os.path.join(CAPTURED, "subagent-hooks.jsonl"))
SUBAGENT_MANIFEST = load(os.path.join(CAPTURED, "subagent-manifest.json"))
SUBAGENT_MESSAGES = load(os.path.join(CAPTURED, "subagent-messages.json"))
SUBAGENT_AGENT = load(os.path.join(CAPTURED, "subagent-agent.messages.json"))
SUBAGENT_SERVED = read_jsonl(os.path.join(CAPTURED, "subagent-served.jsonl"))
FAILED_HOOKS = read_jsonl(os.path.join(CAPTURED, "failed-hooks.jsonl"))
FAILED_MANIFEST = load(os.path.join(CAPTURED, "failed-manifest.json"))
FAILED_MESSAGES = load(os.path.join(CAPTURED, "failed-messages.json"))


def index_of(event, hooks=HOOKS, nth=0):
    return [i for i, h in enumerate(hooks) if h["event"] == event][nth]


class CapturedSession(cltest.HookTestCase):

    def test_captured_session(self):
        s = self.session()
        for result in s.play(HOOKS, MANIFEST, MESSAGES):
            self.assertQuiet(result)
        event, = self.delivered(s, 1)
        check_fixed(self, event, SERVED, "cline")
        self.assertEqual(event["task_duration_ms"],
                         at_ms(HOOKS[-1]["payload"]) - at_ms(HOOKS[0]["payload"]))

    def test_finisher_reads_the_file_rewritten_after_task_complete(self):
        s = self.session(grace_ms=300)
        last = len(HOOKS) - 1
        before_answer = MESSAGES["messages"][-1]["ts"] - 1
        for result in s.play(HOOKS, MANIFEST, MESSAGES, messages_at={last: before_answer}):
            self.assertQuiet(result)
        sid = HOOKS[0]["payload"]["sessionContext"]["rootSessionId"]
        s.write_session(sid, MANIFEST, MESSAGES, 2 ** 62)
        event, = self.delivered(s, 1)
        check_tokens(self, event, SERVED)

    def test_gate_whose_last_run_failed_is_partial(self):
        hooks = copy.deepcopy(HOOKS)
        post = hooks[index_of("PostToolUse", hooks, 2)]["payload"]["tool_result"]["output"][0]
        post.update(success=False, error="Command exited with code 2")
        s = self.session()
        for result in s.play(hooks, MANIFEST, MESSAGES):
            self.assertQuiet(result)
        event, = self.delivered(s, 1)
        self.assertEqual(event["quality_gates_failed"], ["test"])
        self.assertEqual(event["outcome"], "partial")

    def test_cancelled_task(self):
        hooks = copy.deepcopy(HOOKS)
        hooks[-1]["event"] = "TaskCancel"
        hooks[-1]["payload"]["hookName"] = "agent_abort"
        s = self.session()
        for result in s.play(hooks, MANIFEST, MESSAGES):
            self.assertQuiet(result)
        event, = self.delivered(s, 1)
        self.assertEqual(event["outcome"], "cancelled")
        check_tokens(self, event, SERVED)

    def test_second_task_counts_only_its_own_responses(self):
        """A resumed session: the messages file still holds the first task's responses."""
        s = self.session()
        for result in s.play(HOOKS, MANIFEST, MESSAGES):
            self.assertQuiet(result)
        self.delivered(s, 1)
        later = at_ms(HOOKS[-1]["payload"]) + 60000
        messages = copy.deepcopy(MESSAGES)
        messages["messages"].append({"id": "msg_second", "role": "assistant", "ts": later + 500,
                                     "content": [], "modelInfo": {"id": MODEL},
                                     "metrics": {"inputTokens": 700, "outputTokens": 15,
                                                 "cacheReadTokens": 0, "cacheWriteTokens": 0}})
        resume, done = copy.deepcopy(HOOKS[0]), copy.deepcopy(HOOKS[-1])
        resume["payload"]["hookName"] = "agent_resume"
        for record, when in ((resume, later), (done, later + 1000)):
            sid = record["payload"]["sessionContext"]["rootSessionId"]
            s.write_session(sid, MANIFEST, messages, when)
            self.assertQuiet(s.hook(record["payload"], now_ms=when))
        events = self.delivered(s, 2)
        self.assertEqual(events[1]["actual_input_tokens"], 700)
        self.assertEqual(events[1]["actual_output_tokens"], 15)
        self.assertEqual(events[1]["quality_gates_run"], [])

    def test_spawned_agent_counts_into_the_task(self):
        """spawn_agent: the agent's hooks (TaskStart, PostToolUse, TaskComplete) carry
        parent_agent_id; its responses are in agent_<id>.messages.json beside the session's.
        One task: the agent's tests failing then passing, its editor edit, all six responses
        (the agent's not as the task's context)."""
        s = self.session()
        for result in s.play(SUBAGENT_HOOKS, SUBAGENT_MANIFEST, SUBAGENT_MESSAGES,
                             agent=SUBAGENT_AGENT):
            self.assertQuiet(result)
        event, = self.delivered(s, 1)
        self.assertEqual(len(SUBAGENT_SERVED), 6)  # 2 of the session's, 4 of the agent's
        check_tokens(self, event, SUBAGENT_SERVED)
        self.assertEqual(event["quality_gates_run"], ["test"])
        self.assertEqual(event["quality_gates_failed"], [])
        self.assertEqual(event["language"], "python")
        self.assertEqual(event["outcome"], "success")
        # The last main-thread response's prompt (1000) over gpt-4.1's window in the price table.
        self.assertAlmostEqual(event["context_utilization_final"], 1000 / 1000000, places=7)

    def test_model_api_failure(self):
        s = self.session()
        for result in s.play(FAILED_HOOKS, FAILED_MANIFEST, FAILED_MESSAGES):
            self.assertQuiet(result)
        event, = self.delivered(s, 1)
        self.assertEqual(event["outcome"], "failure")
        self.assertEqual(event["actual_input_tokens"], 0)
        self.assertEqual(event["model"], MODEL)  # the manifest's

    def test_unusable_payloads(self):
        s = self.session()
        cases = {b"not json": "not a well-formed JSON object",
                 b'{"taskId": "x"}': "no hookName",
                 b'{"hookName": "agent_end"}': "no sessionContext.rootSessionId",
                 b'{"hookName": "something_new", "sessionContext": {"rootSessionId": "x"}}':
                 "unknown event"}
        for payload, message in cases.items():
            err = self.assertQuiet(s.hook(payload), log_lines=1)
            self.assertIn("hook cline", err)
            self.assertIn(message, err)
        pre = HOOKS[index_of("PreToolUse")]["payload"]
        self.assertQuiet(s.hook(pre))  # an event we have no use for is skipped quietly
        self.assertEqual(self.server.events(), [])


if __name__ == "__main__":
    cltest.main()
