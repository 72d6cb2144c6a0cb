"""The Gemini CLI hook against what the real Gemini CLI gave its hooks and wrote to its chat
files (fixtures/captured-<version>/, recorded by capture.py), and against chat files written
here for what a capture cannot show on demand: records written again, $rewindTo, a turn without
AfterAgent, a compression, an empty transcript_path, malformed lines. Every event is checked at
the reference server. Each captured payload runs with the chat file holding the lines it held
when Gemini CLI ran the hook ("_chat_lines"), at the payload's own timestamp."""
import datetime
import json
import os
import sys

import gmtest
from gmtest import CAPTURED, read_jsonl

sys.path.insert(0, gmtest.HERE)
from fake_gemini import served_totals  # noqa: E402

SESSION = "5e551014-0000-4000-8000-000000000001"
T0 = 1796289234000  # 2026-12-03T09:13:54.000Z: the written records are a few ms after it


def at_ms(payload):
    stamp = payload["timestamp"].replace("Z", "+00:00")
    return int(datetime.datetime.fromisoformat(stamp).timestamp() * 1000)


def tiered(n, base, above):
    """data/README.md, "Cost": the long-context tier prices each category's tokens past 200k."""
    return n * base if n <= 200000 else 200000 * base + (n - 200000) * above


def price(served):
    """One response of gemini-2.5-pro in micro-USD by data/prices.json: input 1.25e-6, cache
    read 1.25e-7, output 1e-5 per token; past 200k tokens 2.5e-6, 2.5e-7, 1.5e-5."""
    u = served.get("usage")
    if not u or served["kind"] not in ("text", "call"):
        return 0
    cached = u.get("cachedContentTokenCount", 0)
    output = u["candidatesTokenCount"] + u.get("thoughtsTokenCount", 0)
    return (tiered(u["promptTokenCount"] - cached, 1.25, 2.5) + tiered(cached, 0.125, 0.25) +
            tiered(output, 10, 15))


def captured_sessions():
    """The captured payloads by session, in the order they ran."""
    sessions = {}
    for p in read_jsonl(os.path.join(CAPTURED, "hooks.jsonl")):
        sessions.setdefault(p["session_id"], []).append(p)
    return list(sessions.values())


def gemini(id_, tokens, model="gemini-2.5-pro", **extra):
    record = {"id": id_, "timestamp": "2026-12-03T09:13:54.040Z", "type": "gemini",
              "content": "", "model": model}
    if tokens is not None:
        record["tokens"] = dict(zip(("input", "output", "cached", "thoughts", "tool", "total"),
                                    tokens))
    record.update(extra)
    return record


def user(id_, text):
    return {"id": id_, "timestamp": "2026-12-03T09:13:54.001Z", "type": "user",
            "content": [{"text": text}]}


META = {"sessionId": SESSION, "projectHash": "ab" * 32, "startTime": "2026-12-03T09:13:54.022Z",
        "lastUpdated": "2026-12-03T09:13:54.022Z", "kind": "main"}


class CapturedRun(gmtest.HookTestCase):
    def play_captured(self, payloads, s):
        """Each payload with the chat file revealed to its _chat_lines."""
        chats = {}
        for p in payloads:
            path = p.get("transcript_path") or ""
            name = os.path.basename(path)
            if name and name not in chats:
                chats[name] = read_jsonl(os.path.join(CAPTURED, "chats", name))
            payload = {k: v for k, v in p.items() if not k.startswith("_")}
            if name:
                payload["transcript_path"] = s.chat_path(name)
                s.reveal(chats[name], p["_chat_lines"], s.chat_path(name))
            self.assertQuiet(s.hook(payload, now_ms=at_ms(p)))

    def served_for(self, script):
        return [x for x in read_jsonl(os.path.join(CAPTURED, "served.jsonl"))
                if x["script"] == script]

    def check_tokens(self, event, served):
        prompt, cached, candidates, thoughts = served_totals(served)
        self.assertGreater(prompt, 0)
        self.assertEqual(event["actual_input_tokens"], prompt)
        self.assertEqual(event["actual_output_tokens"], candidates + thoughts)
        # Each response is priced and rounded on its own (kit_task_add_response).
        self.assertEqual(event["actual_cost_usd_micros"], sum(int(price(x) + 0.5) for x in served))

    def test_fix_resume_compress(self):
        """Three runs of one session, the second and third --resume (whose SessionStart names a
        new stub file while the turn's hooks name the first one, which gets the whole history
        again through $set.messages): three events, each with its own responses only. In the
        third, a response reporting 600k prompt tokens made Gemini CLI compress the history
        before its next call ($set.sessionId, then $set.messages with the summary): one
        compaction; the two summarising calls are in no chat file and not counted."""
        s = self.session()
        fix = captured_sessions()[0]
        self.play_captured(fix, s)
        first, second, third = self.delivered(s, 3)
        self.assertEqual(first["model"], "gemini-2.5-pro")
        self.check_tokens(first, self.served_for("please fix the tests"))
        self.assertEqual(first["quality_gates_run"], ["test"])
        self.assertEqual(first["quality_gates_failed"], [])
        self.assertEqual(first["language"], "python")
        self.assertEqual(first["outcome"], "success")
        self.assertEqual(first["task_type"], "debugging")
        self.check_tokens(second, self.served_for("rename the greeting"))
        self.assertEqual(second["outcome"], "success")
        self.assertEqual(first["context_compactions"] + second["context_compactions"], 0)
        self.check_tokens(third, self.served_for("a long task"))
        self.assertEqual(third["context_compactions"], 1)
        self.assertEqual(len(self.served_for("default")), 2)  # the summary and its check

    def test_failed_turn_ends_at_session_end(self):
        """The API refused the prompt: no AfterAgent, the history rolled back, SessionEnd."""
        s = self.session()
        broken = [p for p in captured_sessions() if p[1].get("prompt") == "this is broken"][0]
        self.play_captured(broken, s)
        event, = self.delivered(s, 1)
        self.assertEqual(event["outcome"], "failure")
        self.assertEqual(event["actual_input_tokens"], 0)

    def test_payloads_replayed_twice_make_no_second_event(self):
        s = self.session()
        fix = captured_sessions()[0][:15]
        self.play_captured(fix, s)
        for p in fix:
            self.assertQuiet(s.hook({k: v for k, v in p.items() if not k.startswith("_")} |
                                    {"transcript_path": s.chat_path(os.path.basename(
                                        p["transcript_path"]))}, now_ms=at_ms(p)))
        self.assertEqual(len(self.delivered(s, 1)), 1)


class WrittenChat(gmtest.HookTestCase):
    """Chat files written here, driven by payloads of the captured shape."""

    def setUp(self):
        super().setUp()
        self.s = self.session()
        self.chat = self.s.chat_path("session-2026-12-03T09-13-5e551014.jsonl")
        self.lines = [META]

    def write(self, *records):
        self.lines += records
        self.s.reveal(self.lines, len(self.lines), self.chat)

    def hook(self, event, at, log_lines=0, **fields):
        payload = {"session_id": SESSION, "transcript_path": self.chat, "cwd": "/w",
                   "hook_event_name": event, "timestamp": "2026-12-03T09:13:54.000Z"}
        payload.update(fields)
        return self.assertQuiet(self.s.hook(payload, now_ms=T0 + at), log_lines)

    def test_records_written_again_count_once_with_their_last_tokens(self):
        self.hook("SessionStart", 0, source="startup")
        self.write(user("u1", "explain the build"))
        self.hook("BeforeAgent", 10, prompt="explain the build")
        self.write(gemini("g1", None), gemini("g1", [900, 10, 0, 0, 0, 910]),
                   {"$set": {"lastUpdated": "x"}},
                   gemini("g1", [1000, 20, 400, 5, 0, 1025], toolCalls=[{"id": "c"}]),
                   gemini("g2", [1200, 30, 0, 0, 7, 1237]))
        self.hook("AfterAgent", 500, prompt="explain the build", prompt_response="ok")
        event, = self.delivered(self.s, 1)
        self.assertEqual(event["actual_input_tokens"], 1000 + 1200 + 7)
        self.assertEqual(event["actual_output_tokens"], 20 + 5 + 30)
        self.assertEqual(event["model"], "gemini-2.5-pro")
        self.assertEqual(event["task_duration_ms"], 490)

    def test_rewind_drops_what_it_rewinds(self):
        """A rewind between turns drops the earlier turn's messages (already counted, never
        again); one inside the task drops the task's messages from its target on, as Gemini
        CLI's own loader does."""
        self.write(user("u1", "one"))
        self.hook("BeforeAgent", 0, prompt="one")
        self.write(gemini("g1", [1000, 10, 0, 0, 0, 1010]))
        self.hook("AfterAgent", 100)
        self.write({"$rewindTo": "u1"}, user("u2", "two"))
        self.hook("BeforeAgent", 200, prompt="two")
        self.write({"$set": {"messages": [user("u2", "two"), gemini("g1", [1000, 10, 0, 0, 0,
                                                                          1010])]}},
                   gemini("g2", [2000, 20, 0, 0, 0, 2020]), gemini("g3", [3000, 30, 0, 0, 0, 3030]),
                   {"$rewindTo": "g3"})
        self.hook("AfterAgent", 300)
        first, second = self.delivered(self.s, 2)
        self.assertEqual(first["actual_input_tokens"], 1000)
        self.assertEqual(second["actual_input_tokens"], 2000)

    def test_turn_without_after_agent_is_cancelled_at_the_next_prompt(self):
        self.write(user("u1", "one"))
        self.hook("BeforeAgent", 0, prompt="one")
        self.write(gemini("g1", [1000, 10, 0, 0, 0, 1010]))
        self.hook("AfterTool", 50, tool_name="run_shell_command",
                  tool_input={"command": "pytest -q"},
                  tool_response={"llmContent": "Output: 1 failed\nExit Code: 1\n"
                                               "Process Group PGID: 7"})
        self.write({"$set": {"messages": [user("u1", "one")]}}, user("u2", "two"))
        self.hook("BeforeAgent", 900, prompt="two")
        self.write(gemini("g2", [500, 5, 0, 0, 0, 505]))
        self.hook("AfterAgent", 1000)
        first, second = self.delivered(self.s, 2)
        self.assertEqual(first["outcome"], "cancelled")
        self.assertEqual(first["actual_input_tokens"], 1000)  # rolled back, billed all the same
        self.assertEqual(first["quality_gates_failed"], ["test"])
        self.assertEqual(first["task_duration_ms"], 50)  # its last sign of life
        self.assertEqual(second["outcome"], "success")
        self.assertEqual(second["actual_input_tokens"], 500)

    def test_compression_is_a_restarted_chat(self):
        """A compression starts the chat again on the summarised history: $set.sessionId, then
        $set.messages with the summary; the old messages in it are not counted again. PreCompress
        fires before every model call and counts nothing."""
        self.write(user("u1", "one"))
        self.hook("BeforeAgent", 0, prompt="one")
        self.hook("PreCompress", 5, trigger="auto")
        self.write(gemini("g1", [600000, 10, 0, 0, 0, 600010]))
        self.hook("PreCompress", 50, trigger="auto")
        self.write({"$set": {"sessionId": SESSION}},
                   {"$set": {"messages": [user("s1", "<state_snapshot>...</state_snapshot>"),
                                          gemini("s2", None),
                                          gemini("g1", [600000, 10, 0, 0, 0, 600010])]}},
                   gemini("g2", [3000, 9, 0, 0, 0, 3009]))
        self.hook("AfterAgent", 100)
        event, = self.delivered(self.s, 1)
        self.assertEqual(event["context_compactions"], 1)
        self.assertEqual(event["actual_input_tokens"], 603000)

    def test_empty_transcript_path_finds_the_sessions_file(self):
        """transcript_path "" (seen with chat recording off): the session's own file under
        Gemini CLI's home, when there is one, else an event without tokens."""
        self.write(user("u1", "one"))
        self.hook("BeforeAgent", 0, prompt="one", transcript_path="")
        self.write(gemini("g1", [1000, 10, 0, 0, 0, 1010]))
        self.hook("AfterAgent", 100, transcript_path="")
        os.remove(self.chat)
        self.hook("BeforeAgent", 200, prompt="two", transcript_path="")
        self.hook("AfterAgent", 300, transcript_path="")
        first, second = self.delivered(self.s, 2)
        self.assertEqual(first["actual_input_tokens"], 1000)
        self.assertEqual(second["actual_input_tokens"], 0)
        self.assertEqual(second["outcome"], "success")

    def test_malformed_lines_and_payloads(self):
        self.write(user("u1", "one"))
        self.hook("BeforeAgent", 0, prompt="one")
        self.write('{"id": "g0", "type": "gemini", "tokens": {"input": 5',  # cut short
                   "not json", "", gemini("g1", [1000, 10, 0, 0, 0, 1010]))
        bad = self.s.hook(b"{not json", now_ms=T0 + 20)
        self.assertEqual(self.assertQuiet(bad, 1).count("payload"), 1)
        self.hook("AfterTool", 30, tool_name="run_shell_command", tool_input={"command": 5})
        err = self.hook("AfterAgent", 100, log_lines=1)
        self.assertIn("2 malformed line(s) skipped", err)
        event, = self.delivered(self.s, 1)
        self.assertEqual(event["actual_input_tokens"], 1000)

    def test_exit_code_in_a_commands_own_output_is_not_its_status(self):
        self.hook("BeforeAgent", 0, prompt="run the tests")
        self.hook("AfterTool", 10, tool_name="run_shell_command",
                  tool_input={"command": "pytest"},
                  tool_response={"llmContent": "<untrusted_context>\nOutput: Exit Code: 3\n"
                                               "all passed\nProcess Group PGID: 9\n"
                                               "</untrusted_context>"})
        self.hook("AfterTool", 20, tool_name="run_shell_command",
                  tool_input={"command": "cargo clippy"},
                  tool_response={"llmContent": "Output: (empty)\nSignal: SIGKILL\n"
                                               "Process Group PGID: 10"})
        self.hook("AfterTool", 30, tool_name="replace",
                  tool_input={"file_path": "src/lib.rs", "old_string": "a", "new_string": "b"})
        self.hook("AfterAgent", 100)
        event, = self.delivered(self.s, 1)
        self.assertEqual(sorted(event["quality_gates_run"]), ["lint", "test"])
        self.assertEqual(event["quality_gates_failed"], ["lint"])
        self.assertEqual(event["outcome"], "partial")
        self.assertEqual(event["language"], "rust")


if __name__ == "__main__":
    gmtest.main()
