"""A fake OpenAI Responses API on 127.0.0.1 for driving the real Codex CLI offline.

POST /v1/responses answers with a streamed (SSE) response from a script chosen by the last user
message (docs/harnesses/codex.md, "How it was observed"):

  "plain"  one answer, no tool
  "broken" a response.failed event (the model API's error)
  "delegate" spawn_agent (a subagent with the task "plain subtask"), wait_agent, the answer
  "fix"    exec_command `make test` (fails), apply_patch adding hello.py, `make test` again
           (passes), then the answer
  anything else: the plain answer

Each response carries known usage figures (USAGE, by step): input_tokens including
cached_tokens, output_tokens including reasoning_tokens, as the real API reports them. Every
request and every answer served is appended to <log dir>/requests.jsonl and served.jsonl, so a
test can add up what the "API" reported.

Usage: fake_openai.py LOG_DIR  (prints the port on stdout, then serves until killed)
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness"))
from fake_http import FakeHandler, listen  # noqa: E402

# (input_tokens, cached_tokens, output_tokens, reasoning_tokens) of the n-th response of a script.
USAGE = [(2210, 0, 61, 24), (2398, 2176, 143, 64), (2561, 2304, 37, 0), (2705, 2560, 88, 32)]

PATCH = ("*** Begin Patch\n*** Add File: hello.py\n+def hello():\n+    return 'hello'\n"
         "*** End Patch\n")


def user_text(body):
    """The text of the last user message of the request."""
    text = ""
    for item in body.get("input") or []:
        if item.get("type") == "message" and item.get("role") == "user":
            parts = item.get("content") or []
            text = " ".join(p.get("text", "") for p in parts if isinstance(p, dict))
    return text


def tool_outputs_since_user(body):
    """How many tool results follow the last user message: the step of the script."""
    n = 0
    for item in body.get("input") or []:
        kind = item.get("type")
        if kind == "message" and item.get("role") == "user":
            n = 0
        elif kind in ("function_call_output", "custom_tool_call_output"):
            n += 1
    return n


def tool_kinds(body):
    """name -> "function" or "custom", as the request offers its tools."""
    kinds = {}
    for tool in body.get("tools") or []:
        name = tool.get("name")
        if name:
            kinds[name] = tool.get("type", "function")
    return kinds


def shell_call(body, call_id, command):
    kinds = tool_kinds(body)
    if "exec_command" in kinds:
        name, args = "exec_command", {"cmd": command}
    elif "shell_command" in kinds:
        name, args = "shell_command", {"command": command}
    else:
        name, args = "shell", {"command": ["bash", "-lc", command]}
    return {"type": "function_call", "id": "fc_" + call_id, "call_id": call_id, "name": name,
            "arguments": json.dumps(args)}


def patch_call(body, call_id):
    if tool_kinds(body).get("apply_patch", "custom") == "custom":
        return {"type": "custom_tool_call", "id": "ctc_" + call_id, "call_id": call_id,
                "name": "apply_patch", "input": PATCH}
    return {"type": "function_call", "id": "fc_" + call_id, "call_id": call_id,
            "name": "apply_patch", "arguments": json.dumps({"input": PATCH})}


def message(text, n):
    return {"type": "message", "role": "assistant", "id": "msg_%d" % n,
            "content": [{"type": "output_text", "text": text, "annotations": []}]}


def last_tool_output(body):
    outputs = [i.get("output") for i in body.get("input") or []
               if i.get("type") == "function_call_output"]
    return outputs[-1] if outputs else ""


def agent_call(call_id, name, args):
    return {"type": "function_call", "id": "fc_" + call_id, "call_id": call_id, "name": name,
            "namespace": "multi_agent_v1", "arguments": json.dumps(args)}


def delegate_step(body, step):
    """"delegate": spawn a subagent with a plain task, wait for it, answer."""
    if step == 0:
        return agent_call("call_s1", "spawn_agent", {"message": "plain subtask"}), 0
    if step == 1:
        out = last_tool_output(body)
        try:
            agent = json.loads(out).get("agent_id") or json.loads(out).get("id")
        except (ValueError, AttributeError):
            agent = out.strip()
        return agent_call("call_w1", "wait_agent", {"targets": [agent], "timeout_ms": 60000}), 1
    return message("Delegated and done.", 3), 3


def script_step(body):
    """The output item of this request, and its step (which picks the usage figures)."""
    step = tool_outputs_since_user(body)
    if "delegate" in user_text(body):
        return delegate_step(body, step)
    if "fix" not in user_text(body):
        return message("Plain answer: nothing to change.", 0), 0
    if step == 0:
        return shell_call(body, "call_t1", "make test"), 0
    if step == 1:
        return patch_call(body, "call_p1"), 1
    if step == 2:
        return shell_call(body, "call_t2", "make test"), 2
    return message("Fixed: hello.py added and the tests pass.", 3), 3


class Handler(FakeHandler):
    counter = 0

    def do_GET(self):
        self.log("requests.jsonl", {"method": "GET", "path": self.path})
        self.send_json(200 if self.path.endswith("/models") else 404,
                       {"object": "list", "data": []})

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            body = {}
        self.log("requests.jsonl", {"method": "POST", "path": self.path, "body": body})
        if not self.path.endswith("/responses"):
            self.send_body(404, "text/plain", b"")
            return
        with self.lock:
            Handler.counter += 1
            rid = "resp_%04d" % Handler.counter
        if "broken" in user_text(body):
            self.log("served.jsonl", {"id": rid, "model": body.get("model"), "item": "failed"})
            self.send_sse([("response.created", {"response": {"id": rid}}),
                           ("response.failed", {"response": {"id": rid, "error": {
                               "code": "server_error", "message": "scripted failure"}}})])
            return
        item, step = script_step(body)
        inp, cached, out, reasoning = USAGE[step]
        usage = {"input_tokens": inp, "input_tokens_details": {"cached_tokens": cached},
                 "output_tokens": out, "output_tokens_details": {"reasoning_tokens": reasoning},
                 "total_tokens": inp + out}
        self.log("served.jsonl", {"id": rid, "model": body.get("model"), "item": item["type"],
                                  "usage": usage})
        events = [("response.created", {"response": {"id": rid}}),
                  ("response.output_item.added", {"output_index": 0, "item": item})]
        if item["type"] == "message":
            events.append(("response.output_text.delta",
                           {"item_id": item["id"], "output_index": 0, "content_index": 0,
                            "delta": item["content"][0]["text"]}))
        events += [("response.output_item.done", {"output_index": 0, "item": item}),
                   ("response.completed", {"response": {"id": rid, "usage": usage}})]
        self.send_sse(events)

    def send_sse(self, events):
        data = b"".join(b"event: %s\ndata: %s\n\n" % (
            name.encode(), json.dumps(dict(payload, type=name)).encode())
            for name, payload in events)
        self.send_body(200, "text/event-stream", data)


def main():
    listen(Handler, sys.argv[1])


if __name__ == "__main__":
    main()
