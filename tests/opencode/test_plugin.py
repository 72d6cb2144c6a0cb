"""The plugin (adapters/opencode/mosaic-telemetry.js, as `install opencode` writes it) under Node
with a test double of OpenCode's plugin host (replay.mjs), fed the hook sequence the real OpenCode
gave a recording plugin (fixtures/recorded-<version>/task.jsonl: `opencode run` against the fake
chat API; a failing then passing `python3 -m unittest`, a written calc.py) and sequences derived
from it; the events are checked at the reference server. Skipped (77) without Node."""
import copy
import json
import os
import shutil
import subprocess
import sys

import octest
from octest import RECORDED, read_jsonl

NODE = shutil.which("node")
REPLAY = os.path.join(octest.HERE, "replay.mjs")
SEQUENCE = read_jsonl(os.path.join(RECORDED, "task.jsonl"))


def final_responses(sequence):
    """The last message.updated of each assistant message: what OpenCode counted."""
    last = {}
    for r in sequence:
        if r["hook"] == "event" and r["input"]["type"] == "message.updated":
            info = r["input"]["properties"]["info"]
            if info["role"] == "assistant":
                last[info["id"]] = info
    return list(last.values())


def by_token_rule(responses):
    """(input, output) of the event: OpenCode leaves the cache out of input, reasoning out of
    output."""
    t = [r["tokens"] for r in responses]
    return (sum(x["input"] + x["cache"]["read"] + x["cache"]["write"] for x in t),
            sum(x["output"] + x["reasoning"] for x in t))


def event(kind, **properties):
    return {"hook": "event", "input": {"type": kind, "properties": properties}}


def retagged(sequence, session_id, message_prefix):
    """The sequence as another session's, with its own message ids."""
    old = next(r["input"]["sessionID"] for r in SEQUENCE if r["hook"] == "chat.message")
    text = json.dumps(sequence).replace(old, session_id)
    return json.loads(text.replace('"msg_', '"' + message_prefix))


class PluginUnderNode(octest.HookTestCase):
    @classmethod
    def setUpClass(cls):
        if not NODE:
            print("SKIP: node is not installed")
            sys.exit(77)
        super().setUpClass()

    def setUp(self):
        super().setUp()
        self.h = self.home()
        self.plugin = self.h.install()

    def replay(self, sequence, plugin=None, **env):
        path = os.path.join(self.tmp, "sequence.jsonl")
        with open(path, "w") as f:
            for r in sequence:
                f.write(json.dumps(r) + "\n")
        r = subprocess.run([NODE, REPLAY, plugin or self.plugin, path], env=self.h.env(**env),
                           capture_output=True, text=True, timeout=60, cwd=self.h.project)
        self.assertEqual((r.returncode, r.stdout, r.stderr), (0, "", ""))
        return r

    def test_recorded_task(self):
        self.replay(SEQUENCE)
        [e] = self.delivered(self.h, 1)
        responses = final_responses(SEQUENCE)
        self.assertEqual(len(responses), 4)
        self.assertEqual((e["actual_input_tokens"], e["actual_output_tokens"]),
                         by_token_rule(responses))
        # What the fake chat API served in the recording (served-script.json): prompt tokens
        # (cached included) and completion tokens (reasoning included).
        self.assertEqual((e["actual_input_tokens"], e["actual_output_tokens"]), (4200, 150))
        self.assertEqual(e["actual_cost_usd_micros"],
                         round(sum(r["cost"] for r in responses) * 1e6))
        self.assertEqual((e["harness"], e["model"], e["provider"]),
                         ("opencode", "fake-model", "unknown"))
        self.assertEqual((e["quality_gates_run"], e["quality_gates_failed"]), (["test"], []))
        self.assertEqual((e["language"], e["outcome"], e["task_type"]),
                         ("python", "success", "debugging"))

    def test_a_failing_last_gate_is_partial(self):
        sequence = copy.deepcopy(SEQUENCE)
        after = [r for r in sequence if r["hook"] == "tool.execute.after"
                 and r["input"]["tool"] == "bash"]
        after[-1]["output"]["metadata"]["exit"] = 1
        self.replay(sequence)
        [e] = self.delivered(self.h, 1)
        self.assertEqual((e["outcome"], e["quality_gates_failed"]), ("partial", ["test"]))

    def test_provider_named_by_opencode(self):
        text = json.dumps(SEQUENCE).replace('"providerID": "fakechat"', '"providerID": "openai"')
        self.replay(json.loads(text.replace('"providerID":"fakechat"', '"providerID":"openai"')))
        [e] = self.delivered(self.h, 1)
        self.assertEqual(e["provider"], "openai")

    def test_user_abort_is_cancelled_and_an_error_is_failure(self):
        session = next(r["input"]["sessionID"] for r in SEQUENCE if r["hook"] == "chat.message")
        idle = next(i for i, r in enumerate(SEQUENCE) if r["hook"] == "event" and
                    r["input"]["type"] == "session.status" and
                    r["input"]["properties"]["status"]["type"] == "idle")
        aborted = SEQUENCE[:idle] + [event("session.error", sessionID=session,
                                           error={"name": "MessageAbortedError", "data": {}})] + \
            SEQUENCE[idle:]
        failed = retagged(SEQUENCE[:idle], "ses_other", "msgB_") + [
            event("session.error", sessionID="ses_other",
                  error={"name": "APIError", "data": {"message": "no"}})] + \
            retagged(SEQUENCE[idle:], "ses_other", "msgB_")
        self.replay(aborted + failed)
        events = self.delivered(self.h, 2)
        self.assertEqual(sorted(e["outcome"] for e in events), ["cancelled", "failure"])

    def test_subagent_work_counts_in_the_parent_task(self):
        session = next(r["input"]["sessionID"] for r in SEQUENCE if r["hook"] == "chat.message")
        child = "ses_child"
        reply = final_responses(SEQUENCE)[0]
        child_reply = dict(reply, id="msg_child_reply", sessionID=child, modelID="small-model")
        subagent = [
            event("session.created", sessionID=child, info={"id": child, "parentID": session}),
            {"hook": "chat.message", "input": {"sessionID": child},
             "output": {"message": {"id": "msg_child_user", "sessionID": child},
                        "parts": [{"type": "text", "text": "look around"}]}},
            event("message.updated", sessionID=child, info=child_reply),
            event("session.status", sessionID=child, status={"type": "idle"}),
            event("session.idle", sessionID=child),
        ]
        idle = next(i for i, r in enumerate(SEQUENCE) if r["hook"] == "event" and
                    r["input"]["type"] == "session.status" and
                    r["input"]["properties"]["status"]["type"] == "idle")
        self.replay(SEQUENCE[:idle] + subagent + SEQUENCE[idle:])
        [e] = self.delivered(self.h, 1)
        responses = final_responses(SEQUENCE) + [child_reply]
        self.assertEqual((e["actual_input_tokens"], e["actual_output_tokens"]),
                         by_token_rule(responses))
        self.assertEqual(e["model"], "fake-model")

    def test_nothing_breaks_opencode(self):
        """Malformed events, hooks without output, and a command that cannot start: the plugin
        throws nothing, prints nothing, and the process ends on its own."""
        junk = [{"hook": "event", "input": None}, {"hook": "event", "input": {"type": 7}},
                {"hook": "chat.message", "input": {}, "output": None},
                {"hook": "tool.execute.after", "input": None, "output": None},
                event("message.updated"), event("session.status", status=None)]
        self.replay(junk + SEQUENCE)
        with open(self.plugin) as f:
            text = f.read()
        broken = os.path.join(self.tmp, "broken.js")
        with open(broken, "w") as f:
            f.write(text.replace(octest.BIN, os.path.join(self.tmp, "no-such-command")))
        self.replay(SEQUENCE, plugin=broken)
        [e] = self.delivered(self.h, 1)  # the first replay's task only
        self.assertEqual(e["outcome"], "success")


if __name__ == "__main__":
    octest.main()
