"""A fake OpenAI-compatible chat-completions API on 127.0.0.1, scripted per test, for driving a
real harness offline (OpenCode, Copilot CLI, Cline, ...).

POST .../chat/completions answers from a script file (JSON) that the test writes:

  {"model": "fake-model",
   "scripts": [
     {"system": "title", "steps": [{"text": "A title"}]},
     {"user": "fix", "steps": [
        {"tool": "bash", "arguments": {"command": "make test"}, "usage": [900, 0, 40, 0]},
        {"text": "Fixed.", "usage": [1200, 800, 30, 10]}]},
     {"user": "broken", "steps": [{"error": 500, "message": "scripted failure"}]}],
   "default": {"steps": [{"text": "Plain answer."}]}}

The first script whose "user" is a substring of a user message of the request (and whose
"system", when given, is a substring of its system text) answers; else "default". The step is
the number of assistant messages after the first user message that matched, so a harness that
replays the whole conversation on each call walks through the steps; past the last step the last
one repeats. A step is a text answer, a tool call ("tool", "arguments"), or an HTTP error ("error": status,
"message", and the error's "type", "server_error" unless given: harnesses retry server errors).
"usage" is [prompt_tokens (incl. cached), cached_tokens, completion_tokens (incl. reasoning),
reasoning_tokens], as the real API reports them; DEFAULT_USAGE when omitted.

Streamed requests get SSE chunks (usage in a last chunk with no choices when
stream_options.include_usage is set, else on the finishing chunk). Every request and every answer
is appended to <log dir>/requests.jsonl and served.jsonl; served_totals() adds up what was served.

Usage: fake_chat.py SCRIPT.json LOG_DIR  (prints the port, then serves until killed). Tests use
FakeChat, which starts and stops it.
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fake_http import FakeHandler, listen  # noqa: E402

DEFAULT_USAGE = [1000, 0, 50, 0]


def text_of(content):
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(p.get("text", "") for p in content if isinstance(p, dict))
    return ""


def matches(script, messages):
    """The index of the first user message the script's trigger matches, or None."""
    system = " ".join(text_of(m.get("content")) for m in messages if m.get("role") == "system")
    if "system" in script and script["system"] not in system:
        return None
    for i, m in enumerate(messages):
        if m.get("role") == "user" and script.get("user", "") in text_of(m.get("content")):
            return i
    return None


def choose_step(config, body):
    """(script name, step index, step) for this request."""
    messages = body.get("messages") or []
    for n, script in enumerate(config.get("scripts", [])):
        first = matches(script, messages)
        if first is not None:
            name = script.get("user") or script.get("system") or str(n)
            break
    else:
        script, first, name = config.get("default", {"steps": [{"text": "Plain answer."}]}), 0, "default"
    step = sum(1 for m in messages[first:] if m.get("role") == "assistant")
    steps = script["steps"]
    return name, step, steps[min(step, len(steps) - 1)]


def usage_object(step):
    prompt, cached, completion, reasoning = step.get("usage", DEFAULT_USAGE)
    return {"prompt_tokens": prompt, "completion_tokens": completion,
            "total_tokens": prompt + completion,
            "prompt_tokens_details": {"cached_tokens": cached},
            "completion_tokens_details": {"reasoning_tokens": reasoning}}


def assistant_message(step, call_id):
    if "tool" in step:
        return {"role": "assistant", "content": None, "tool_calls": [{
            "id": call_id, "type": "function",
            "function": {"name": step["tool"], "arguments": json.dumps(step.get("arguments", {}))}}]}
    return {"role": "assistant", "content": step.get("text", "")}


class Handler(FakeHandler):
    counter = 0

    def do_GET(self):
        self.log("requests.jsonl", {"method": "GET", "path": self.path})
        if self.path.rstrip("/").endswith("/models"):
            model = self.server.config.get("model", "fake-model")
            self.send_json(200, {"object": "list", "data": [
                {"id": model, "object": "model", "owned_by": "fake"}]})
        else:
            self.send_json(404, {"error": {"message": "not found"}})

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            body = {}
        self.log("requests.jsonl", {"method": "POST", "path": self.path, "body": body})
        if not self.path.rstrip("/").endswith("/chat/completions"):
            self.send_json(404, {"error": {"message": "not found"}})
            return
        with self.lock:
            Handler.counter += 1
            rid = "chatcmpl-%04d" % Handler.counter
        script, index, step = choose_step(self.server.config, body)
        model = body.get("model") or self.server.config.get("model", "fake-model")
        if "error" in step:
            self.log("served.jsonl", {"id": rid, "model": model, "script": script,
                                      "step": index, "kind": "error"})
            self.send_json(step["error"], {"error": {"message": step.get("message", "error"),
                                                     "type": step.get("type", "server_error")}})
            return
        usage = usage_object(step)
        message = assistant_message(step, "call_%04d" % Handler.counter)
        self.log("served.jsonl", {"id": rid, "model": model, "script": script, "step": index,
                                  "kind": "tool" if "tool" in step else "text", "usage": usage})
        finish = "tool_calls" if "tool" in step else "stop"
        if body.get("stream"):
            include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
            self.send_stream(rid, model, message, finish, usage, include_usage)
        else:
            self.send_json(200, {"id": rid, "object": "chat.completion", "model": model,
                                 "choices": [{"index": 0, "message": message,
                                              "finish_reason": finish}],
                                 "usage": usage})

    def send_stream(self, rid, model, message, finish, usage, include_usage):
        def chunk(delta, finish_reason=None, **extra):
            c = {"id": rid, "object": "chat.completion.chunk", "model": model,
                 "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}]}
            c.update(extra)
            return c

        chunks = [chunk({"role": "assistant", "content": ""})]
        if message.get("tool_calls"):
            call = message["tool_calls"][0]
            chunks.append(chunk({"tool_calls": [dict(call, index=0)]}))
        else:
            chunks.append(chunk({"content": message["content"]}))
        if include_usage:
            chunks += [chunk({}, finish), {"id": rid, "object": "chat.completion.chunk",
                                           "model": model, "choices": [], "usage": usage}]
        else:
            chunks.append(chunk({}, finish, usage=usage))
        data = b"".join(b"data: " + json.dumps(c).encode() + b"\n\n" for c in chunks)
        data += b"data: [DONE]\n\n"
        self.send_body(200, "text/event-stream", data)


def read_jsonl(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def served_totals(served):
    """What the fake API reported, added up: (prompt incl. cached, cached, completion incl.
    reasoning, reasoning)."""
    total = [0, 0, 0, 0]
    for s in served:
        u = s.get("usage")
        if u:
            total[0] += u["prompt_tokens"]
            total[1] += u["prompt_tokens_details"]["cached_tokens"]
            total[2] += u["completion_tokens"]
            total[3] += u["completion_tokens_details"]["reasoning_tokens"]
    return tuple(total)


class FakeChat:
    """The fake API in a child process: FakeChat(script_dict, log_dir); .url, .served(),
    .requests(), .stop(). Another fake built on this file's Handler and serve() (a harness with
    another wire API) subclasses it with its own program and url_path."""

    program = os.path.abspath(__file__)
    url_path = "/v1"

    def __init__(self, config, log_dir):
        os.makedirs(log_dir, exist_ok=True)
        self.log_dir = log_dir
        script = os.path.join(log_dir, "script.json")
        with open(script, "w") as f:
            json.dump(config, f)
        self.proc = subprocess.Popen([sys.executable, self.program, script, log_dir],
                                     stdout=subprocess.PIPE, text=True)
        self.port = int(self.proc.stdout.readline())
        self.url = "http://127.0.0.1:%d%s" % (self.port, self.url_path)

    def served(self):
        return read_jsonl(os.path.join(self.log_dir, "served.jsonl"))

    def requests(self):
        return read_jsonl(os.path.join(self.log_dir, "requests.jsonl"))

    def stop(self):
        self.proc.kill()
        self.proc.wait(timeout=10)
        self.proc.stdout.close()


def serve(handler):
    """The command line of a fake: SCRIPT.json LOG_DIR; prints the port, serves until killed."""
    script, log_dir = sys.argv[1], sys.argv[2]
    with open(script) as f:
        config = json.load(f)
    listen(handler, log_dir, config=config)


if __name__ == "__main__":
    serve(Handler)
