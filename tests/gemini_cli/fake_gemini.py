"""A fake Gemini API (generativelanguage v1beta) on 127.0.0.1, scripted per test: a test double
for driving the real Gemini CLI offline (GOOGLE_GEMINI_BASE_URL points it here).

POST .../models/<model>:generateContent and :streamGenerateContent?alt=sse answer from a script
file (JSON) that the test writes:

  {"scripts": [
     {"user": "fix the tests", "steps": [
        {"call": "run_shell_command", "args": {"command": "make test"}, "usage": [900, 0, 40, 0]},
        {"text": "Fixed.", "usage": [1200, 800, 30, 10]}]},
     {"user": "broken", "steps": [{"error": 500, "message": "scripted failure"}]}],
   "default": {"steps": [{"text": "Plain answer."}]}}

The first script whose "user" is a substring of the last user turn with text (the prompt) answers;
else "default". The step is the number of model turns after that turn, so a harness that replays
the conversation on each call walks through the steps; past the last step the last one
repeats. A step is a text answer, a function call ("call", "args"), or an HTTP error.
"usage" is [promptTokenCount (incl. cached), cachedContentTokenCount, candidatesTokenCount,
thoughtsTokenCount], as the real API reports them (totalTokenCount is their sum less cached);
DEFAULT_USAGE when omitted.

A request that asks for JSON (generationConfig.responseMimeType application/json: Gemini CLI's
model router and its next-speaker check) gets a fixed JSON answer that names the flash model and
the user as next speaker; it is logged as kind "json" with its usage, so that a test can tell
side calls from the task's own.

Streamed answers come as two SSE chunks: the first with part of the text and a running usage of
the prompt only, the last with the rest and the final usage, as the real API streams. Every
request and every answer is appended to <log dir>/requests.jsonl and served.jsonl.

Usage: fake_gemini.py SCRIPT.json LOG_DIR  (prints the port, then serves until killed). Tests use
FakeGemini, which starts and stops it.
"""
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "harness"))
import fake_chat  # noqa: E402  (tests/harness/fake_chat.py: the server's scaffolding)
from fake_chat import read_jsonl  # noqa: E402,F401

DEFAULT_USAGE = [1000, 0, 50, 0]
JSON_USAGE = [300, 0, 12, 0]
JSON_ANSWER = {"reasoning": "A fake answer.", "model_choice": "flash", "next_speaker": "user"}
MODEL_PATH = re.compile(r"/models/([^/:]+):(generateContent|streamGenerateContent|countTokens)")


def text_of(content):
    return " ".join(p.get("text", "") for p in content.get("parts") or []
                    if isinstance(p, dict) and isinstance(p.get("text"), str))


def choose_step(config, contents):
    """(script name, step index, step) for this request: the script of the last user turn with
    text (a prompt; tool results are user turns without text)."""
    last = max((i for i, c in enumerate(contents) if c.get("role") == "user" and
                text_of(c).strip()), default=0)
    prompt = text_of(contents[last]) if contents else ""
    for n, script in enumerate(config.get("scripts", [])):
        if script.get("user", "") in prompt:
            name = script.get("user") or str(n)
            break
    else:
        script, name = config.get("default", {"steps": [{"text": "Plain answer."}]}), "default"
    step = sum(1 for c in contents[last:] if c.get("role") == "model")
    steps = script["steps"]
    return name, step, steps[min(step, len(steps) - 1)]


def usage_metadata(figures):
    prompt, cached, candidates, thoughts = figures
    u = {"promptTokenCount": prompt, "candidatesTokenCount": candidates,
         "totalTokenCount": prompt + candidates + thoughts}
    if cached:
        u["cachedContentTokenCount"] = cached
    if thoughts:
        u["thoughtsTokenCount"] = thoughts
    return u


def answer_parts(step):
    if "call" in step:
        return [{"functionCall": {"name": step["call"], "args": step.get("args", {})}}]
    return [{"text": step.get("text", "")}]


def candidate(parts, finish=None):
    c = {"content": {"role": "model", "parts": parts}, "index": 0}
    if finish:
        c["finishReason"] = finish
    return c


class Handler(fake_chat.Handler):
    """fake_chat's handler (its logs, send_json) answering Gemini's API instead."""

    def do_GET(self):
        self.log("requests.jsonl", {"method": "GET", "path": self.path})
        self.send_json(404, {"error": {"code": 404, "message": "not found", "status": "NOT_FOUND"}})

    def do_POST(self):
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            body = {}
        self.log("requests.jsonl", {"method": "POST", "path": self.path, "body": body})
        match = MODEL_PATH.search(self.path)
        if not match:
            self.send_json(404, {"error": {"code": 404, "message": "not found",
                                           "status": "NOT_FOUND"}})
            return
        model, method = match.group(1), match.group(2)
        if method == "countTokens":
            self.send_json(200, {"totalTokens": len(raw) // 4})
            return
        with self.lock:
            Handler.counter += 1
            rid = "resp-%04d" % Handler.counter
        config = (body.get("generationConfig") or {})
        if config.get("responseMimeType") == "application/json":
            name, index, step = "json", 0, {"text": json.dumps(JSON_ANSWER), "usage": JSON_USAGE}
        else:
            name, index, step = choose_step(self.server.config, body.get("contents") or [])
        if "error" in step:
            self.log("served.jsonl", {"id": rid, "model": model, "script": name, "step": index,
                                      "kind": "error"})
            self.send_json(step["error"], {"error": {"code": step["error"],
                                                     "message": step.get("message", "error"),
                                                     "status": "INTERNAL"}})
            return
        figures = step.get("usage", DEFAULT_USAGE)
        kind = "json" if name == "json" else "call" if "call" in step else "text"
        self.log("served.jsonl", {"id": rid, "model": model, "script": name, "step": index,
                                  "kind": kind, "usage": usage_metadata(figures)})
        if method == "generateContent":
            self.send_json(200, {"candidates": [candidate(answer_parts(step), "STOP")],
                                 "usageMetadata": usage_metadata(figures),
                                 "modelVersion": model, "responseId": rid})
        else:
            self.send_stream(rid, model, step, figures)

    def send_stream(self, rid, model, step, figures):
        parts = answer_parts(step)
        chunks = []
        if "text" in parts[0] and len(parts[0]["text"]) > 1:
            text = parts[0]["text"]
            half = len(text) // 2
            chunks.append({"candidates": [candidate([{"text": text[:half]}])],
                           "usageMetadata": usage_metadata([figures[0], figures[1], 0, 0]),
                           "modelVersion": model, "responseId": rid})
            parts = [{"text": text[half:]}]
        chunks.append({"candidates": [candidate(parts, "STOP")],
                       "usageMetadata": usage_metadata(figures), "modelVersion": model,
                       "responseId": rid})
        data = b"".join(b"data: " + json.dumps(c).encode() + b"\r\n\r\n" for c in chunks)
        self.send_body(200, "text/event-stream", data)


def served_totals(served, kinds=("text", "call")):
    """What the fake API reported for answers of these kinds, added up: (prompt incl. cached,
    cached, candidates, thoughts)."""
    total = [0, 0, 0, 0]
    for s in served:
        u = s.get("usage")
        if u and s.get("kind") in kinds:
            total[0] += u["promptTokenCount"]
            total[1] += u.get("cachedContentTokenCount", 0)
            total[2] += u["candidatesTokenCount"]
            total[3] += u.get("thoughtsTokenCount", 0)
    return tuple(total)


class FakeGemini(fake_chat.FakeChat):
    """The fake API in a child process: FakeGemini(script_dict, log_dir); .url (the base URL
    for GOOGLE_GEMINI_BASE_URL), .served(), .requests(), .stop()."""

    program = os.path.abspath(__file__)
    url_path = ""


if __name__ == "__main__":
    fake_chat.serve(Handler)
