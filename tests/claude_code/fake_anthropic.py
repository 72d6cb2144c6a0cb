"""A test double of the Anthropic Messages API for the real Claude Code (tests/claude_code/
test_real.py): `POST /v1/messages` answered as a stream of server-sent events, with scripted
content and known usage. Python stdlib only.

Run as `fake_anthropic.py <log dir>`: it binds 127.0.0.1 on a free port, prints the port on one
line, and serves until killed. Every answer is appended to <log dir>/served.jsonl as
{"model", "usage", "scenario", "step", "kind"}, so a test adds up what was billed.

Stateless scripting: each request is answered from its own messages, so retries and Claude
Code's side requests need no bookkeeping.
- The scenario is the first word after "scenario:" in the first user text of the request
  (the prompt; a subagent's prompt names its own scenario).
- The step is the number of tool_result blocks in the request: step 0 answers the prompt, step 1
  answers the first tool's result, and so on.
- A request without tools (a title, a topic check) gets a short text answer, kind "side".
- A request whose last user text asks for a conversation summary (compaction) gets a summary,
  kind "compact".

Usage: input_tokens = 100 + step, output_tokens = 40 + step, cache_read_input_tokens = 2000,
cache_creation_input_tokens = 300 (split 200 five-minute, 100 one-hour), unless a step says
otherwise. The scenario's steps are in SCENARIOS.
"""
import json
import os
import re
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness"))
from fake_http import FakeHandler, listen  # noqa: E402

SUMMARY = "The user asked for a listing; it ran."
SUMMARY_HINTS = ("detailed summary of the conversation", "create a detailed summary",
                 "summary of the conversation so far")

# Each step is one answer: ("text", words) or ("tool", name, input); a step may carry "usage".
SCENARIOS = {
    # A failing then passing test command, an edit, a passing test: partial → success.
    "fix": [
        ("tool", "Bash", {"command": "make test", "description": "run the tests"}),
        ("tool", "Write", {"file_path": "$WORK/app.py", "content": "print('fixed')\n"}),
        ("tool", "Bash", {"command": "make test", "description": "run the tests again"}),
        ("text", "The tests pass now."),
    ],
    # A plain answer with no tools.
    "plain": [("text", "Here is the answer.")],
    # The API fails: Claude Code gives up (StopFailure).
    "broken": [("error", 400, "invalid_request_error", "the fake API refuses this request")],
    # A background subagent: the main turn starts it and stops; the subagent runs a command.
    "delegate": [
        ("tool", "Agent", {"description": "count files", "subagent_type": "general-purpose",
                           "prompt": "scenario: sub please count the files",
                           "run_in_background": True}),
        ("text", "A helper is on it."),
        ("text", "The helper is done."),
    ],
    "sub": [
        ("slow", 1.5),
        ("tool", "Bash", {"command": "ls", "description": "list files"}),
        ("text", "There are a few files."),
    ],
    # A context nearly full after the first answer; the next call is refused as too long, so
    # Claude Code compacts (a forked request of its own) and asks again with the summary.
    "compact": [
        ("tool", "Bash", {"command": "ls", "description": "list files"},
         {"input_tokens": 5, "cache_read_input_tokens": 199000, "cache_creation_input_tokens": 0,
          "output_tokens": 30}),
        ("error", 400, "invalid_request_error", "prompt is too long: 210000 tokens > 200000 maximum"),
    ],
    "compacted": [("text", "Done after compacting.")],
}


def base_usage(step):
    return {"input_tokens": 100 + step, "output_tokens": 40 + step,
            "cache_read_input_tokens": 2000, "cache_creation_input_tokens": 300,
            "cache_creation": {"ephemeral_5m_input_tokens": 200,
                               "ephemeral_1h_input_tokens": 100}}


def texts_of(message):
    content = message.get("content")
    if isinstance(content, str):
        return [content]
    return [b.get("text", "") for b in content or [] if b.get("type") == "text"]


def scenario_of(messages):
    if any(SUMMARY in t for m in messages if m.get("role") == "user" for t in texts_of(m)):
        return "compacted"
    for m in messages:
        if m.get("role") != "user":
            continue
        for text in texts_of(m):
            found = re.search(r"scenario:\s*(\w+)", text)
            if found:
                return found.group(1)
    return "plain"


def tool_results(messages):
    return sum(1 for m in messages if m.get("role") == "user" and isinstance(m.get("content"), list)
               for b in m["content"] if b.get("type") == "tool_result")


def is_compaction(messages):
    last = messages[-1] if messages else {}
    text = " ".join(texts_of(last)).lower()
    return any(h in text for h in SUMMARY_HINTS)


def sse(event, data):
    return ("event: %s\ndata: %s\n\n" % (event, json.dumps(data))).encode()


class Handler(FakeHandler):
    counter = [0]
    work = ""

    def next_id(self):
        with self.lock:
            self.counter[0] += 1
            return self.counter[0]

    def record(self, entry):
        self.log("served.jsonl", entry)

    def do_HEAD(self):
        self.send_body(200, "text/plain", b"")

    def do_GET(self):
        self.send_json(404, {"type": "error", "error": {"type": "not_found_error",
                                                        "message": "no such path"}})

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        if not self.path.startswith("/v1/messages") or self.path.startswith(
                "/v1/messages/count_tokens"):
            return self.send_json(404, {"type": "error", "error": {
                "type": "not_found_error", "message": "not served by the fake"}})
        messages = body.get("messages") or []
        model = body.get("model", "claude-sonnet-4-5")
        scenario, step = scenario_of(messages), tool_results(messages)
        if is_compaction(messages):
            kind, answer = "compact", ("text", "<summary>%s</summary>" % SUMMARY,
                                       {"input_tokens": 7, "cache_read_input_tokens": 150000,
                                        "cache_creation_input_tokens": 0, "output_tokens": 60})
        elif not body.get("tools"):
            kind, answer = "side", ("text", "ok")
        else:
            kind = "main"
            steps = SCENARIOS.get(scenario, SCENARIOS["plain"])
            while steps and steps[0][0] == "slow":
                time.sleep(steps[0][1])
                steps = steps[1:]
            answer = steps[min(step, len(steps) - 1)]
        if answer[0] == "error":
            self.record({"model": model, "usage": None, "scenario": scenario, "step": step,
                         "kind": "error"})
            return self.send_json(answer[1], {"type": "error", "error": {
                "type": answer[2], "message": answer[3]}})
        usage = base_usage(step)
        if len(answer) > (3 if answer[0] == "tool" else 2):
            usage = dict(answer[-1])
        self.record({"model": model, "usage": usage, "scenario": scenario, "step": step,
                     "kind": kind})
        self.stream(model, answer, usage)

    def stream(self, model, answer, usage):
        n = self.next_id()
        start_usage = dict(usage, output_tokens=1)
        events = [sse("message_start", {"type": "message_start", "message": {
            "id": "msg_fake%06d" % n, "type": "message", "role": "assistant", "model": model,
            "content": [], "stop_reason": None, "stop_sequence": None, "usage": start_usage}})]
        if answer[0] == "text":
            events += [
                sse("content_block_start", {"type": "content_block_start", "index": 0,
                                            "content_block": {"type": "text", "text": ""}}),
                sse("content_block_delta", {"type": "content_block_delta", "index": 0,
                                            "delta": {"type": "text_delta", "text": answer[1]}}),
                sse("content_block_stop", {"type": "content_block_stop", "index": 0})]
            stop = "end_turn"
        else:
            tool_input = json.loads(json.dumps(answer[2]).replace("$WORK", self.work))
            events += [
                sse("content_block_start", {"type": "content_block_start", "index": 0,
                                            "content_block": {"type": "text", "text": ""}}),
                sse("content_block_delta", {"type": "content_block_delta", "index": 0,
                                            "delta": {"type": "text_delta",
                                                      "text": "Let me do that."}}),
                sse("content_block_stop", {"type": "content_block_stop", "index": 0}),
                sse("content_block_start", {"type": "content_block_start", "index": 1,
                                            "content_block": {"type": "tool_use",
                                                              "id": "toolu_fake%06d" % n,
                                                              "name": answer[1], "input": {}}}),
                sse("content_block_delta", {"type": "content_block_delta", "index": 1, "delta": {
                    "type": "input_json_delta", "partial_json": json.dumps(tool_input)}}),
                sse("content_block_stop", {"type": "content_block_stop", "index": 1})]
            stop = "tool_use"
        events += [sse("message_delta", {"type": "message_delta",
                                         "delta": {"stop_reason": stop, "stop_sequence": None},
                                         "usage": usage}),
                   sse("message_stop", {"type": "message_stop"})]
        data = b"".join(events)
        self.send_body(200, "text/event-stream", data, [("request-id", "req_fake%06d" % n)])


def main():
    Handler.work = sys.argv[2] if len(sys.argv) > 2 else ""
    listen(Handler, sys.argv[1])


if __name__ == "__main__":
    main()
