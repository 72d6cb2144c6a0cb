"""The shared fake chat-completions API (fake_chat.py) answers as its script says: the trigger
picks the script, the assistant turns since it pick the step, streamed and plain answers carry
the scripted usage, an error step is an HTTP error, and served_totals adds up what was served."""
import json
import os
import sys
import tempfile
import unittest
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from fake_chat import FakeChat, served_totals  # noqa: E402

SCRIPT = {"model": "m1", "scripts": [
    {"system": "title", "steps": [{"text": "A title", "usage": [10, 0, 2, 0]}]},
    {"user": "fix", "steps": [
        {"tool": "bash", "arguments": {"command": "make test"}, "usage": [900, 0, 40, 0]},
        {"text": "Fixed.", "usage": [1200, 800, 30, 10]}]},
    {"user": "broken", "steps": [{"error": 503, "message": "scripted failure"}]},
    {"user": "refused", "steps": [{"error": 400, "message": "no", "type": "invalid_request"}]}]}


class FakeChatTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.api = FakeChat(SCRIPT, os.path.join(self.tmp.name, "api"))

    def tearDown(self):
        self.api.stop()
        self.tmp.cleanup()

    def post(self, messages, **extra):
        body = json.dumps(dict({"model": "m1", "messages": messages}, **extra)).encode()
        req = urllib.request.Request(self.api.url + "/chat/completions", body,
                                     {"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.read().decode()

    def test_steps_walk_with_the_conversation(self):
        user = {"role": "user", "content": [{"type": "text", "text": "please fix it"}]}
        first = json.loads(self.post([user]))
        call = first["choices"][0]["message"]["tool_calls"][0]
        self.assertEqual(call["function"]["name"], "bash")
        self.assertEqual(json.loads(call["function"]["arguments"]), {"command": "make test"})
        second = json.loads(self.post([user, first["choices"][0]["message"],
                                       {"role": "tool", "content": "FAIL"}]))
        self.assertEqual(second["choices"][0]["message"]["content"], "Fixed.")
        self.assertEqual(second["usage"]["prompt_tokens_details"]["cached_tokens"], 800)
        self.assertEqual(served_totals(self.api.served()), (2100, 800, 70, 10))

    def test_stream_carries_usage_in_a_last_chunk(self):
        raw = self.post([{"role": "system", "content": "write a title"},
                         {"role": "user", "content": "fix"}], stream=True,
                        stream_options={"include_usage": True})
        chunks = [json.loads(line[6:]) for line in raw.splitlines()
                  if line.startswith("data: ") and line != "data: [DONE]"]
        self.assertTrue(raw.rstrip().endswith("data: [DONE]"))
        self.assertEqual("".join(c["choices"][0]["delta"].get("content") or ""
                                 for c in chunks if c["choices"]), "A title")
        self.assertEqual(chunks[-1]["choices"], [])
        self.assertEqual(chunks[-1]["usage"]["prompt_tokens"], 10)

    def test_error_step(self):
        with self.assertRaises(urllib.error.HTTPError) as caught:
            self.post([{"role": "user", "content": "this is broken"}])
        self.assertEqual(caught.exception.code, 503)
        self.assertEqual(self.api.served()[0]["kind"], "error")
        self.assertEqual(json.load(caught.exception)["error"]["type"], "server_error")

    def test_error_step_of_another_type(self):
        with self.assertRaises(urllib.error.HTTPError) as caught:
            self.post([{"role": "user", "content": "request refused"}])
        self.assertEqual(caught.exception.code, 400)
        self.assertEqual(json.load(caught.exception)["error"],
                         {"message": "no", "type": "invalid_request"})

    def test_models_lists_the_model(self):
        with urllib.request.urlopen(self.api.url + "/models", timeout=10) as r:
            self.assertEqual(json.load(r)["data"][0]["id"], "m1")


if __name__ == "__main__":
    unittest.main()
