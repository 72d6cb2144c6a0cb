"""Tests of the reference server, run against a real subprocess over HTTP.

    python3 -m unittest discover -s tests/server -p 'test_*.py'
"""

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import uuid
from collections import namedtuple
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
SERVER = os.path.join(HERE, "mosaic_server.py")
sys.path.insert(0, HERE)

import predictions  # noqa: E402  (pure functions, tested directly)

KEY = "0123456789abcdef" * 4
INSTANCE = "12345678-1234-4234-8234-123456789abc"
EVENTS = "/v1/events/batch"
PREDICTIONS = "/v1/predictions/batch"
RFC3339_MS = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z")

Response = namedtuple("Response", "status headers data raw")


def iso_ms(when):
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


def make_event(**overrides):
    event = {
        "event_id": str(uuid.uuid4()),
        "instance_id": INSTANCE,
        "schema_version": "1.0",
        "timestamp": "2026-02-15T05:29:05.123Z",
        "task_duration_ms": 1000,
        "task_type": "implementation",
        "complexity": "medium",
        "harness": "claude_code",
        "model": "claude-sonnet-4-5-20250929",
        "provider": "anthropic",
        "estimated_input_tokens": 100,
        "estimated_output_tokens": 50,
        "actual_input_tokens": 120,
        "actual_output_tokens": 40,
        "estimated_cost_usd_micros": 1000,
        "actual_cost_usd_micros": 1200,
        "quality_gate_passed": True,
        "quality_gates_run": ["build", "test"],
        "quality_gates_failed": [],
        "context_compactions": 0,
        "context_rotations": 0,
        "context_utilization_final": 0.5,
        "outcome": "success",
        "retry_count": 0,
        "language": "typescript",
        "repo_size_category": "small",
    }
    event.update(overrides)
    return event


def compact(obj):
    return json.dumps(obj, separators=(",", ":"))


class ServerProcess:
    """One server subprocess on a free loopback port (found through --port-file)."""

    def __init__(self, *args, quiet=True):
        self.dir = tempfile.TemporaryDirectory()
        port_file = os.path.join(self.dir.name, "port")
        self.stderr = open(os.path.join(self.dir.name, "stderr"), "wb")
        command = [sys.executable, SERVER, "--port-file", port_file, *args]
        self.proc = subprocess.Popen(command + (["--quiet"] if quiet else []),
                                     stdout=subprocess.PIPE, stderr=self.stderr, text=True)
        deadline = time.monotonic() + 10
        while not os.path.exists(port_file):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"server did not start: {self.stderr_text()}")
            time.sleep(0.02)
        with open(port_file) as handle:
            self.port_file_text = handle.read()
        self.port = int(self.port_file_text)
        self.banner = self.proc.stdout.readline()

    def stderr_text(self):
        self.stderr.flush()
        with open(self.stderr.name, "rb") as handle:
            return handle.read().decode(errors="replace")

    def stop(self, sig=signal.SIGTERM):
        """Stop the server; returns its exit status. Keeps its stderr in final_stderr."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.final_stderr = self.stderr_text()
        self.proc.stdout.close()
        self.stderr.close()
        self.dir.cleanup()
        return self.proc.returncode

    def connect(self, timeout=5):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method, path, body=None, headers=None, conn=None, timeout=5):
        if isinstance(body, (dict, list)):
            body = json.dumps(body)
        if isinstance(body, str):
            body = body.encode("utf-8")
        own = conn is None
        conn = conn or self.connect(timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            raw = resp.read()
        finally:
            if own:
                conn.close()
        try:
            data = json.loads(raw)
        except ValueError:
            data = None
        return Response(resp.status, resp.headers, data, raw)

    def post_events(self, events, key=KEY, **kwargs):
        headers = {"Content-Type": "application/json"}
        if key is not None:
            headers["Authorization"] = f"Bearer {key}"
        body = events if isinstance(events, (bytes, str)) else {"events": events}
        return self.request("POST", EVENTS, body, headers, **kwargs)

    def predict(self, queries, headers=None):
        return self.request("POST", PREDICTIONS, {"queries": queries}, headers)

    def control(self, method, path, body=None):
        resp = self.request(method, "/_control/" + path, body)
        assert resp.status == 200, (path, resp.status, resp.data)
        return resp.data

    def stored(self):
        return self.control("GET", "events")

    def received(self):
        return self.control("GET", "received")["requests"]


class ServerTestCase(unittest.TestCase):
    """Shares one server per test class; every test starts from a reset."""

    server_args = ()

    @classmethod
    def setUpClass(cls):
        cls.server = ServerProcess(*cls.server_args)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        # A handler exception would only show on the server's stderr.
        assert "Traceback" not in cls.server.final_stderr, cls.server.final_stderr

    def setUp(self):
        self.server.control("POST", "reset")


# ---------------------------------------------------------------------- events

class EventsTest(ServerTestCase):
    def test_missing_key_is_401(self):
        resp = self.server.post_events([make_event()], key=None)
        self.assertEqual(resp.status, 401)
        self.assertIsInstance(resp.data["error"], str)
        self.assertEqual(self.server.stored()["events"], [])

    def test_unknown_or_differently_cased_key_is_401(self):
        for key in ("f" * 64, KEY.upper(), KEY + "0"):
            self.assertEqual(self.server.post_events([make_event()], key=key).status, 401, key)
        resp = self.server.post_events([make_event()], key=None)
        self.assertEqual(resp.status, 401)
        self.assertEqual(self.server.stored()["raw"], [])

    def test_event_of_another_instance_is_403_and_nothing_stored(self):
        other = "87654321-4321-4321-8321-cba987654321"
        resp = self.server.post_events([make_event(), make_event(instance_id=other)])
        self.assertEqual(resp.status, 403)
        self.assertIn("error", resp.data)
        self.assertEqual(self.server.stored()["raw"], [])

    def test_valid_event_is_accepted_and_stored_exactly(self):
        event = make_event(language=None, repo_size_category=None)
        resp = self.server.post_events([event])
        self.assertEqual(resp.status, 202)
        self.assertEqual(resp.headers["Content-Type"], "application/json")
        self.assertEqual(resp.data, {
            "accepted": 1, "duplicates": 0, "rejected": 0,
            "results": [{"event_id": event["event_id"], "status": "accepted", "error": None}],
        })
        stored = self.server.stored()
        self.assertEqual(stored["events"], [event])
        self.assertEqual(stored["raw"], [compact(event)])

    def test_events_are_stored_in_arrival_order(self):
        first, second, third = make_event(), make_event(), make_event()
        self.server.post_events([first, second])
        self.server.post_events([third])
        ids = [e["event_id"] for e in self.server.stored()["events"]]
        self.assertEqual(ids, [first["event_id"], second["event_id"], third["event_id"]])

    def test_resent_event_is_duplicate(self):
        event = make_event()
        self.assertEqual(self.server.post_events([event]).data["accepted"], 1)
        resp = self.server.post_events([event, make_event()])
        self.assertEqual(resp.status, 202)
        self.assertEqual((resp.data["accepted"], resp.data["duplicates"]), (1, 1))
        self.assertEqual(resp.data["results"][0],
                         {"event_id": event["event_id"], "status": "duplicate", "error": None})
        self.assertEqual(len(self.server.stored()["raw"]), 2)

    def test_same_id_twice_in_one_batch_second_is_duplicate(self):
        event = make_event()
        resp = self.server.post_events([event, dict(event)])
        self.assertEqual([r["status"] for r in resp.data["results"]], ["accepted", "duplicate"])
        self.assertEqual(self.server.stored()["raw"], [compact(event)])

    def test_each_invalid_field_is_rejected_naming_the_field(self):
        future = iso_ms(datetime.now(timezone.utc) + timedelta(hours=25))
        cases = [
            ("event_id", "ABCDEF12-1234-4234-8234-123456789ABC"),
            ("event_id", "abcdef121234423482341234567890ab"),
            ("event_id", 5),
            ("instance_id", 12345),
            ("schema_version", "1.1"),
            ("schema_version", 1.0),
            ("timestamp", "2026-02-15T05:29:05Z"),
            ("timestamp", "2026-02-15T05:29:05.123456Z"),
            ("timestamp", "2026-02-15T05:29:05.123+00:00"),
            ("timestamp", "2026-02-30T05:29:05.123Z"),
            ("timestamp", future),
            ("task_duration_ms", 5.0),
            ("task_duration_ms", True),
            ("task_duration_ms", -1),
            ("task_duration_ms", 86_400_001),
            ("task_duration_ms", "1000"),
            ("task_type", "Implementation"),
            ("complexity", "extreme"),
            ("harness", "CLAUDE_CODE"),
            ("model", ""),
            ("model", "m" * 101),
            ("model", "claude\nsonnet"),
            ("model", None),
            ("provider", "Anthropic"),
            ("estimated_input_tokens", 100_000_001),
            ("estimated_output_tokens", None),
            ("actual_input_tokens", 1.5),
            ("actual_output_tokens", -5),
            ("estimated_cost_usd_micros", 100_000_000_001),
            ("actual_cost_usd_micros", False),
            ("quality_gate_passed", 1),
            ("quality_gates_run", ["build", "build"]),
            ("quality_gates_run", ["compile"]),
            ("quality_gates_run", "build"),
            ("quality_gates_failed", ["lint"]),  # not in quality_gates_run
            ("context_compactions", 10_001),
            ("context_rotations", -1),
            ("context_utilization_final", 1.5),
            ("context_utilization_final", -0.1),
            ("context_utilization_final", True),
            ("context_utilization_final", "0.5"),
            ("outcome", "succeeded"),
            ("retry_count", 1001),
            ("language", "TypeScript"),
            ("language", ""),
            ("language", "x" * 33),
            ("language", 7),
            ("repo_size_category", "giant"),
        ]
        events = [make_event(**{field: value}) for field, value in cases]
        missing = make_event()
        del missing["language"]
        extra = make_event(prompt="secret")
        events += [missing, extra]
        expected_fields = [field for field, _ in cases] + ["language", "prompt"]
        valid = make_event()
        events.append(valid)

        resp = self.server.post_events(events)
        self.assertEqual(resp.status, 202)
        self.assertEqual((resp.data["accepted"], resp.data["rejected"]), (1, len(expected_fields)))
        for event, field, result in zip(events, expected_fields, resp.data["results"]):
            with self.subTest(field=field, value=event.get(field)):
                self.assertEqual(result["status"], "rejected")
                self.assertTrue(result["error"].startswith(field + ": "), result["error"])
                self.assertNotIn("\n", result["error"])
                echoed = event["event_id"] if isinstance(event["event_id"], str) else None
                self.assertEqual(result["event_id"], echoed)
        self.assertEqual(resp.data["results"][-1]["status"], "accepted")
        self.assertEqual(self.server.stored()["events"], [valid])

    def test_boundary_values_are_accepted(self):
        near_future = iso_ms(datetime.now(timezone.utc) + timedelta(hours=23))
        events = [
            make_event(context_utilization_final=0, language="c++", repo_size_category="huge"),
            make_event(context_utilization_final=1, language="c#", timestamp=near_future),
            make_event(task_duration_ms=86_400_000, actual_input_tokens=100_000_000,
                       actual_cost_usd_micros=100_000_000_000, retry_count=1000,
                       quality_gates_run=["lint", "test"], quality_gates_failed=["test", "lint"],
                       quality_gate_passed=False, model="m" * 100, language="objective-c.x_1"),
            make_event(quality_gates_run=[], language=None, repo_size_category=None,
                       instance_id=INSTANCE.upper()),
        ]
        resp = self.server.post_events(events)
        self.assertEqual(resp.status, 202)
        self.assertEqual([r["error"] for r in resp.data["results"]], [None] * 4)
        self.assertEqual(resp.data["accepted"], 4)

    def test_malformed_bodies_are_400(self):
        bodies = [b"not json", b"\xff\xfe{}", b"[]", b'"events"', b"", b'{"events": [NaN]}',
                  b'{"events": [1,]}']
        for body in bodies:
            with self.subTest(body=body):
                resp = self.server.post_events(body)
                self.assertEqual(resp.status, 400)
                self.assertIsInstance(resp.data["error"], str)

    def test_invalid_envelopes_are_422_with_details(self):
        bodies = [{}, {"events": {}}, {"events": None}, {"events": []},
                  {"events": [make_event() for _ in range(101)]},
                  {"events": [make_event(), 1]}]
        for body in bodies:
            with self.subTest(body=str(body)[:60]):
                resp = self.server.post_events(json.dumps(body))
                self.assertEqual(resp.status, 422)
                self.assertIsInstance(resp.data["error"], str)
                self.assertTrue(resp.data["details"])
                self.assertTrue(all(d.startswith("events") for d in resp.data["details"]))
        self.assertEqual(self.server.stored()["raw"], [])

    def test_chunked_body_is_accepted(self):
        event = make_event()
        conn = self.server.connect()
        try:
            body = iter([b'{"events": [', json.dumps(event).encode(), b"]}"])
            conn.request("POST", EVENTS, body=body, encode_chunked=True,
                         headers={"Authorization": f"Bearer {KEY}",
                                  "Transfer-Encoding": "chunked"})
            resp = conn.getresponse()
            data = json.loads(resp.read())
        finally:
            conn.close()
        self.assertEqual((resp.status, data["accepted"]), (202, 1))
        self.assertEqual(self.server.stored()["events"], [event])

    def test_hundred_events_is_the_maximum(self):
        resp = self.server.post_events([make_event() for _ in range(100)])
        self.assertEqual((resp.status, resp.data["accepted"]), (202, 100))

    def test_check_order(self):
        other = make_event(instance_id="87654321-4321-4321-8321-cba987654321")
        # auth before JSON parsing
        self.assertEqual(self.server.post_events(b"{", key=None).status, 401)
        # JSON parsing before envelope, envelope before instance check
        self.assertEqual(self.server.post_events(b"{").status, 400)
        self.assertEqual(self.server.post_events([other, "x"]).status, 422)
        # instance check before per-event validation
        self.assertEqual(self.server.post_events([make_event(model=""), other]).status, 403)

    def test_wrong_method_and_unknown_path(self):
        self.assertEqual(self.server.request("GET", EVENTS).status, 405)
        self.assertEqual(self.server.request("POST", "/v1/nothing", b"{}").status, 404)
        self.assertEqual(self.server.request("GET", "/elsewhere").status, 404)


# ---------------------------------------------------------------------- faults

class FaultsTest(ServerTestCase):
    def add_faults(self, steps, path=EVENTS):
        return self.server.control("POST", "faults", {"path": path, "steps": steps})

    def test_status_steps_with_retry_after_then_normal(self):
        date = "Wed, 21 Oct 2015 07:28:00 GMT"
        self.assertEqual(self.add_faults([
            {"status": 429, "retry_after": "2"},
            {"status": 503, "retry_after": date, "body": {"error": "busy", "n": 1}},
        ])["pending"], 2)
        event = make_event()
        first = self.server.post_events([event])
        self.assertEqual((first.status, first.headers["Retry-After"]), (429, "2"))
        self.assertEqual(first.data, {"error": "injected"})
        second = self.server.post_events([event])
        self.assertEqual((second.status, second.headers["Retry-After"]), (503, date))
        self.assertEqual(second.data, {"error": "busy", "n": 1})
        self.assertEqual(self.server.stored()["raw"], [])
        third = self.server.post_events([event])
        self.assertEqual((third.status, third.data["accepted"]), (202, 1))
        self.assertIsNone(third.headers["Retry-After"])
        self.assertEqual([r["status"] for r in self.server.received()], [429, 503, 202])

    def test_drop_closes_without_response(self):
        self.add_faults([{"drop": True}])
        with self.assertRaises((http.client.RemoteDisconnected, ConnectionError)):
            self.server.post_events([make_event()])
        self.assertEqual(self.server.post_events([make_event()]).status, 202)
        log = self.server.received()
        self.assertEqual([r["status"] for r in log], [None, 202])
        self.assertEqual(log[0]["event_count"], 1)

    def test_delay_then_normal_answer_and_delay_with_status(self):
        self.add_faults([{"delay_ms": 300}, {"delay_ms": 200, "status": 500}])
        start = time.monotonic()
        resp = self.server.post_events([make_event()])
        self.assertGreaterEqual(time.monotonic() - start, 0.3)
        self.assertEqual(resp.status, 202)
        start = time.monotonic()
        self.assertEqual(self.server.post_events([make_event()]).status, 500)
        self.assertGreaterEqual(time.monotonic() - start, 0.2)
        self.assertEqual(len(self.server.stored()["raw"]), 1)

    def test_hang_holds_the_connection_until_reset(self):
        self.add_faults([{"hang": True}])
        body = json.dumps({"events": [make_event()]}).encode()
        sock = socket.create_connection(("127.0.0.1", self.server.port), timeout=0.4)
        try:
            sock.sendall(b"POST /v1/events/batch HTTP/1.1\r\nHost: x\r\n"
                         b"Authorization: Bearer " + KEY.encode() + b"\r\n"
                         b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
            with self.assertRaises(socket.timeout):
                sock.recv(100)
            log = self.server.received()
            self.assertEqual((len(log), log[0]["status"]), (1, None))
            self.server.control("POST", "reset")
            sock.settimeout(3)
            start = time.monotonic()
            self.assertEqual(sock.recv(100), b"")  # closed without a response
            self.assertLess(time.monotonic() - start, 2)
        finally:
            sock.close()
        self.assertEqual(self.server.stored()["raw"], [])

    def test_faults_are_per_path_and_fifo(self):
        self.add_faults([{"status": 502}], path=PREDICTIONS)
        self.add_faults([{}, {"status": 504}])  # {} consumes a request without changing it
        self.assertEqual(self.server.post_events([make_event()]).status, 202)
        self.assertEqual(self.server.post_events([make_event()]).status, 504)
        query = {"task_type": "testing", "model": "m", "provider": "openai", "complexity": "low"}
        self.assertEqual(self.server.predict([query]).status, 502)
        self.assertEqual(self.server.predict([query]).status, 200)
        self.assertEqual(self.server.control("GET", "faults"), {"pending": {}})

    def test_invalid_fault_requests_are_400(self):
        bad = [
            {"path": "/_control/reset", "steps": [{"status": 500}]},
            {"path": EVENTS, "steps": {"status": 500}},
            {"path": EVENTS, "steps": [{"status": "500"}]},
            {"path": EVENTS, "steps": [{"status": 500, "hang": True}]},
            {"path": EVENTS, "steps": [{"retry_after": "2"}]},
            {"path": EVENTS, "steps": [{"explode": True}]},
        ]
        for body in bad:
            with self.subTest(body=body):
                self.assertEqual(self.server.request("POST", "/_control/faults", body).status, 400)
        self.assertEqual(self.server.control("GET", "faults"), {"pending": {}})

    def test_limit_answers_413_until_cleared(self):
        self.assertEqual(self.server.control("POST", "limits", {"max_batch_events": 2}),
                         {"max_batch_events": 2})
        resp = self.server.post_events([make_event() for _ in range(3)])
        self.assertEqual(resp.status, 413)
        self.assertEqual(self.server.stored()["raw"], [])
        self.assertEqual(self.server.post_events([make_event(), make_event()]).status, 202)
        self.server.control("POST", "limits", {"max_batch_events": None})
        self.assertEqual(self.server.post_events([make_event() for _ in range(3)]).status, 202)
        self.assertEqual(len(self.server.stored()["raw"]), 5)
        self.assertEqual(self.server.request("POST", "/_control/limits",
                                             {"max_batch_events": 0}).status, 400)

    def test_documented_enums_only_rejects_our_additions_per_event_naming_the_field(self):
        answer = self.server.control("POST", "limits", {"enums": "documented"})
        self.assertEqual(answer["enums"]["outcome"], ["success", "failure", "partial", "timeout"])
        events = [make_event(outcome="cancelled"),
                  make_event(quality_gates_run=["test", "format"], quality_gates_failed=[]),
                  make_event(outcome="timeout", quality_gates_run=["security"],
                             quality_gates_failed=["security"])]
        r = self.server.post_events(events)
        self.assertEqual(r.status, 202)
        results = r.data["results"]
        self.assertEqual([x["status"] for x in results], ["rejected", "rejected", "accepted"])
        self.assertTrue(results[0]["error"].startswith("outcome: 'cancelled' is not accepted"))
        self.assertTrue(results[1]["error"].startswith("quality_gates_run: 'format' is not"))
        self.server.control("POST", "limits", {"enums": {"harness": ["claude_code", "custom"]}})
        r = self.server.post_events([make_event(harness="codex"), make_event(outcome="cancelled")])
        self.assertEqual([x["status"] for x in r.data["results"]], ["rejected", "accepted"])
        self.server.control("POST", "reset")
        self.assertNotIn("enums", self.server.control("GET", "limits"))
        for bad in ("all", {"nope": ["x"]}, {"outcome": "success"}):
            self.assertEqual(self.server.request("POST", "/_control/limits",
                                                 {"enums": bad}).status, 400)


# ----------------------------------------------------------------- predictions

def seed_event(i, **overrides):
    """The i-th (0..4) event of a sample with known statistics."""
    fields = dict(actual_input_tokens=100 * (i + 1), estimated_input_tokens=100,
                  actual_output_tokens=10 * (i + 1), estimated_output_tokens=0,
                  actual_cost_usd_micros=1000 * (i + 1), task_duration_ms=1000 * (i + 1),
                  quality_gate_passed=i < 3, outcome="success" if i < 4 else "failure",
                  model="model-a")
    fields.update(overrides)
    return make_event(**fields)


QUERY = {"task_type": "implementation", "model": "model-a", "provider": "anthropic",
         "complexity": "medium"}


class PredictionsTest(ServerTestCase):
    def seed(self, events):
        data = self.server.control("POST", "events", {"events": events})
        self.assertEqual(data["accepted"], len(events), data)

    def test_exact_match_statistics(self):
        self.seed([seed_event(i) for i in range(5)])
        resp = self.server.predict([QUERY])
        self.assertEqual(resp.status, 200)
        (result,) = resp.data["results"]
        self.assertEqual(result["query"], QUERY)
        self.assertEqual(result["prediction"], {
            "input_tokens": {"p10": 100, "p25": 200, "median": 300, "p75": 400, "p90": 500},
            "output_tokens": {"p10": 10, "p25": 20, "median": 30, "p75": 40, "p90": 50},
            "cost_usd_micros": {"p10": 1000, "p25": 2000, "median": 3000, "p75": 4000,
                                "p90": 5000},
            "duration_ms": {"p10": 1000, "p25": 2000, "median": 3000, "p75": 4000, "p90": 5000},
            "correction_factors": {"input": 3.0, "output": 1.0},
            "quality": {"gate_pass_rate": 0.6, "success_rate": 0.8},
        })
        meta = result["metadata"]
        self.assertEqual({k: meta[k] for k in ("sample_size", "fallback_level", "confidence",
                                                "cache_hit")},
                         {"sample_size": 5, "fallback_level": 0, "confidence": "low",
                          "cache_hit": False})
        self.assertRegex(meta["last_updated"], RFC3339_MS)

    def test_relaxation_levels_and_null_prediction(self):
        self.seed([seed_event(i) for i in range(5)])
        queries = [
            dict(QUERY, complexity="high"),                      # level 1
            dict(QUERY, complexity="high", model="model-b"),     # level 2
            dict(QUERY, provider="openai"),                      # level 3
            dict(QUERY, task_type="testing"),                    # nothing
            QUERY,                                               # level 0
        ]
        resp = self.server.predict(queries)
        self.assertEqual(resp.status, 200)
        results = resp.data["results"]
        self.assertEqual([r["query"] for r in results], queries)
        self.assertEqual([r["metadata"]["fallback_level"] for r in results], [1, 2, 3, 0, 0])
        self.assertEqual([r["metadata"]["sample_size"] for r in results], [5, 5, 5, 0, 5])
        self.assertEqual([r["metadata"]["confidence"] for r in results],
                         ["low", "low", "low", "none", "low"])
        self.assertIsNone(results[3]["prediction"])
        self.assertEqual(results[0]["prediction"]["input_tokens"]["median"], 300)

    def test_first_level_with_enough_samples_wins(self):
        self.seed([seed_event(i) for i in range(5)])
        # Only 4 exact matches for "high": below --min-samples 5, so level 1 (9 events).
        self.seed([seed_event(i, complexity="high", actual_input_tokens=9000) for i in range(4)])
        result = self.server.predict([dict(QUERY, complexity="high")]).data["results"][0]
        self.assertEqual((result["metadata"]["fallback_level"],
                          result["metadata"]["sample_size"]), (1, 9))
        self.seed([seed_event(4, complexity="high", actual_input_tokens=9000)])
        result = self.server.predict([dict(QUERY, complexity="high")]).data["results"][0]
        self.assertEqual((result["metadata"]["fallback_level"],
                          result["metadata"]["sample_size"]), (0, 5))
        self.assertEqual(result["prediction"]["input_tokens"]["p10"], 9000)

    def test_confidence_grows_with_samples(self):
        self.seed([seed_event(i % 5) for i in range(100)])
        meta = self.server.predict([QUERY]).data["results"][0]["metadata"]
        self.assertEqual((meta["sample_size"], meta["confidence"]), (100, "high"))
        meta = self.server.predict([dict(QUERY, complexity="low")]).data["results"][0]["metadata"]
        self.assertEqual((meta["fallback_level"], meta["confidence"]), (1, "medium"))

    def test_public_endpoint_ignores_but_records_authorization(self):
        self.assertEqual(self.server.predict([QUERY]).status, 200)
        resp = self.server.predict([QUERY], headers={"Authorization": "Bearer nonsense"})
        self.assertEqual(resp.status, 200)
        log = self.server.received()
        self.assertNotIn("authorization", log[0]["headers"])
        self.assertEqual(log[1]["headers"]["authorization"], "Bearer nonsense")
        self.assertIsNone(log[1]["event_count"])

    def test_invalid_prediction_requests(self):
        self.assertEqual(self.server.request("POST", PREDICTIONS, b"nope").status, 400)
        self.assertEqual(self.server.request("POST", PREDICTIONS, b"[]").status, 400)
        bad = [
            {},
            {"queries": []},
            {"queries": [QUERY] * 51},
            {"queries": [QUERY, "x"]},
            {"queries": [dict(QUERY, provider="Anthropic")]},
            {"queries": [dict(QUERY, model="")]},
            {"queries": [dict(QUERY, extra=1)]},
            {"queries": [{k: v for k, v in QUERY.items() if k != "complexity"}]},
        ]
        for body in bad:
            with self.subTest(body=str(body)[:60]):
                resp = self.server.request("POST", PREDICTIONS, body)
                self.assertEqual(resp.status, 422)
                self.assertTrue(resp.data["details"])
        self.assertEqual(self.server.predict([QUERY] * 50).status, 200)

    def test_rules_directly(self):
        self.assertEqual(predictions.nearest_rank([7], 90), 7)
        self.assertEqual(predictions.percentile_summary(list(range(1, 11))),
                         {"p10": 1, "p25": 3, "median": 5, "p75": 8, "p90": 9})
        self.assertEqual(predictions.confidence(0, 0), "none")
        self.assertEqual(predictions.confidence(0, 100), "high")
        self.assertEqual(predictions.confidence(0, 99), "medium")
        self.assertEqual(predictions.confidence(1, 20), "medium")
        self.assertEqual(predictions.confidence(2, 1000), "low")
        self.assertEqual(predictions.confidence(1, 19), "low")
        self.assertEqual(predictions.rfc3339_ms(1771133345123), "2026-02-15T05:29:05.123Z")


# --------------------------------------------------------------------- control

class ControlTest(ServerTestCase):
    def test_health(self):
        self.assertEqual(self.server.control("GET", "health"), {"ok": True})

    def test_received_log_records_requests_and_connections(self):
        conn = self.server.connect()
        try:
            event = make_event()
            self.server.post_events([event], conn=conn)
            self.server.post_events([event, make_event()], conn=conn)  # same keep-alive socket
        finally:
            conn.close()
        self.server.request("POST", PREDICTIONS, b"x")
        log = self.server.received()
        self.assertEqual([r["seq"] for r in log], [0, 1, 2])
        self.assertEqual([r["status"] for r in log], [202, 202, 400])
        self.assertEqual([r["event_count"] for r in log], [1, 2, None])
        self.assertEqual([r["path"] for r in log], [EVENTS, EVENTS, PREDICTIONS])
        self.assertEqual(log[0]["method"], "POST")
        self.assertEqual(log[0]["connection"], log[1]["connection"])
        self.assertNotEqual(log[1]["connection"], log[2]["connection"])
        self.assertEqual(log[0]["headers"]["authorization"], f"Bearer {KEY}")
        self.assertEqual(log[0]["headers"]["content-type"], "application/json")
        self.assertEqual(json.loads(log[0]["body"]), {"events": [event]})
        self.assertEqual(log[2]["body"], "x")
        self.assertLessEqual(log[0]["at"], log[1]["at"])
        self.assertLessEqual(log[1]["at"], log[2]["at"])

    def test_control_requests_are_not_logged(self):
        self.server.control("GET", "health")
        self.server.control("GET", "events")
        self.assertEqual(self.server.received(), [])

    def test_reset_clears_everything(self):
        self.server.post_events([make_event()])
        self.server.control("POST", "faults", {"path": EVENTS, "steps": [{"status": 500}]})
        self.server.control("POST", "limits", {"max_batch_events": 1})
        self.server.control("POST", "reset")
        self.assertEqual(self.server.stored(), {"events": [], "raw": []})
        self.assertEqual(self.server.received(), [])
        self.assertEqual(self.server.control("GET", "faults"), {"pending": {}})
        self.assertEqual(self.server.control("GET", "limits"), {"max_batch_events": None})
        self.assertEqual(self.server.post_events([make_event(), make_event()]).status, 202)

    def test_seeding_validates_events(self):
        data = self.server.control("POST", "events", {"events": [make_event(outcome="won")]})
        self.assertEqual((data["accepted"], data["rejected"]), (0, 1))
        self.assertTrue(data["results"][0]["error"].startswith("outcome: "))


# ------------------------------------------------------------------------- CLI

OTHER_KEY = "k" * 10
OTHER_INSTANCE = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee"


class CliTest(unittest.TestCase):
    def test_listening_line_and_port_file(self):
        server = ServerProcess()
        try:
            self.assertRegex(server.port_file_text, r"^[0-9]+\n$")
            expected = f"mosaic reference server listening on http://127.0.0.1:{server.port}\n"
            self.assertEqual(server.banner, expected)
        finally:
            self.assertEqual(server.stop(), 0)

    def test_request_log_goes_to_stderr_unless_quiet(self):
        for quiet in (False, True):
            server = ServerProcess(quiet=quiet)
            try:
                server.control("GET", "health")
                logged = "GET /_control/health" in server.stderr_text()
                self.assertEqual(logged, not quiet)
                self.assertTrue(server.banner.startswith("mosaic reference server listening"))
            finally:
                self.assertEqual(server.stop(signal.SIGINT), 0)

    def test_options_keys_min_samples_and_body_limit(self):
        server = ServerProcess("--key", f"{OTHER_KEY}:{OTHER_INSTANCE}", "--min-samples", "2",
                               "--max-body-bytes", "4096")
        try:
            event = make_event(instance_id=OTHER_INSTANCE, model="model-a")
            self.assertEqual(server.post_events([event]).status, 401)  # demo key not loaded
            self.assertEqual(server.post_events([event], key=OTHER_KEY).status, 202)
            self.assertEqual(server.post_events([make_event()], key=OTHER_KEY).status, 403)

            # 413 is decided on Content-Length alone, before authentication.
            big = json.dumps({"events": [event] * 6})
            self.assertGreater(len(big), 4096)
            resp = server.post_events(big, key=None)
            self.assertEqual(resp.status, 413)
            self.assertEqual(resp.headers["Connection"], "close")

            second = make_event(instance_id=OTHER_INSTANCE, model="model-a")
            self.assertEqual(server.post_events([second], key=OTHER_KEY).status, 202)
            meta = server.predict([QUERY]).data["results"][0]["metadata"]
            self.assertEqual((meta["sample_size"], meta["fallback_level"]), (2, 0))
        finally:
            server.stop()

    def test_expect_100_continue_with_oversized_body_gets_413_without_the_body(self):
        server = ServerProcess("--max-body-bytes", "100")
        try:
            with socket.create_connection(("127.0.0.1", server.port), timeout=3) as sock:
                sock.sendall(b"POST /v1/events/batch HTTP/1.1\r\nHost: x\r\n"
                             b"Expect: 100-continue\r\nContent-Length: 5000\r\n\r\n")
                reply = b""
                while b"\r\n\r\n" not in reply:
                    chunk = sock.recv(4096)
                    if not chunk:
                        break
                    reply += chunk
            self.assertTrue(reply.startswith(b"HTTP/1.1 413 "), reply[:40])
        finally:
            server.stop()

    def test_db_file_persists_and_sigterm_exits_cleanly(self):
        with tempfile.TemporaryDirectory() as tmp:
            db = os.path.join(tmp, "events.sqlite")
            event = make_event()
            server = ServerProcess("--db", db)
            try:
                self.assertEqual(server.post_events([event]).data["accepted"], 1)
            finally:
                self.assertEqual(server.stop(signal.SIGTERM), 0)
            server = ServerProcess("--db", db)
            try:
                self.assertEqual(server.post_events([event, make_event()]).data["duplicates"], 1)
                stored = server.stored()["events"]
                self.assertEqual([e["event_id"] for e in stored][0], event["event_id"])
                self.assertEqual(len(stored), 2)
            finally:
                self.assertEqual(server.stop(signal.SIGINT), 0)

    def test_refuses_non_loopback_host(self):
        for host in ("0.0.0.0", "192.0.2.1", "example.com"):
            proc = subprocess.run([sys.executable, SERVER, "--host", host, "--quiet"],
                                  capture_output=True, text=True, timeout=10)
            self.assertNotEqual(proc.returncode, 0, host)
            self.assertIn("loopback", proc.stderr)
            self.assertEqual(proc.stdout, "")


if __name__ == "__main__":
    unittest.main()
