"""Whatever the hook is given, it exits 0, writes nothing to stdout and says what was wrong in
one stderr line (docs/harnesses/claude-code.md, "Never in Claude Code's way": any other exit
status or stdout text would disturb Claude Code). Where a session can go on, it does."""
import json
import os
import subprocess

import cctest

SID = "0d6f0a55-8c1e-4c3b-a1a0-5e1f00000001"


class Malformed(cctest.HookTestCase):

    def setUp(self):
        super().setUp()
        self.s = self.session()
        self.transcript = os.path.join(self.s.project, SID + ".jsonl")
        open(self.transcript, "w").close()

    def payload(self, event, **fields):
        p = {"session_id": SID, "transcript_path": self.transcript, "hook_event_name": event}
        p.update(fields)
        return p

    def one_line(self, stdin, fragment, env=None):
        result = self.s.hook(stdin, now_ms=cctest.T0, env=env)
        err = self.assertQuiet(result, log_lines=1)
        self.assertIn(fragment, err)
        self.assertTrue(err.startswith("mosaic-telemetry hook claude-code: "), err)

    def test_payload_text_never_reaches_the_terminal_raw(self):
        """An escape sequence in a payload field is written as \\x1b in the log line."""
        self.one_line(self.payload("Stop\x1b[2J\x1b]0;owned\x07"), "unknown event")
        err = self.s.hook(self.payload("Stop\x1b[2J"), now_ms=cctest.T0).stderr
        self.assertNotIn(b"\x1b", err)
        self.assertIn(b"'Stop\\x1b[2J'", err)

    def test_garbage(self):
        self.one_line(b"\x00\xffnot json at all{{{", "not a JSON object")

    def test_empty(self):
        self.one_line(b"", "empty payload")

    def test_blank(self):
        self.one_line(b"  \n\t ", "not a JSON object")

    def test_not_an_object(self):
        for text in (b"[1,2,3]", b"42", b'"UserPromptSubmit"', b"null", b"true"):
            with self.subTest(text=text):
                self.one_line(text, "not a JSON object")

    def test_truncated(self):
        text = json.dumps(self.payload("UserPromptSubmit", prompt="Fix the crash"))
        for cut in (1, len(text) // 2, len(text) - 1):
            with self.subTest(cut=cut):
                self.one_line(text[:cut].encode(), "well-formed")

    def test_trailing_garbage(self):
        self.one_line(json.dumps(self.payload("Stop")) + "}{", "well-formed")

    def test_deeply_nested(self):
        nested = '{"session_id":"%s","hook_event_name":"PostToolUse","tool_input":%s}' % (
            SID, "[" * 200000 + "]" * 200000)
        self.one_line(nested, "well-formed")

    def test_huge(self):
        huge = b'{"session_id":"x","hook_event_name":"PostToolUse","tool_response":"' + \
            b"a" * (20 << 20) + b'"}'
        self.one_line(huge, "larger than 16 MiB")

    def test_large_payload_still_counts(self):
        """A 4 MiB tool response is read (skipped in place) and the gate still counts."""
        self.assertQuiet(self.s.hook(self.payload("UserPromptSubmit", prompt="x"), now_ms=cctest.T0))
        big = self.payload("PostToolUse", tool_name="Bash", tool_input={"command": "make test"},
                           tool_response={"stdout": "ok\n" * ((4 << 20) // 3), "stderr": ""})
        self.assertQuiet(self.s.hook(big, now_ms=cctest.T0 + 1))
        self.assertQuiet(self.s.hook(self.payload("Stop"), now_ms=cctest.T0 + 2))
        event = self.delivered(self.s, 1)[0]
        self.assertEqual(event["quality_gates_run"], ["test"])

    def test_unknown_event(self):
        self.one_line(self.payload("TeleportStart"), "unknown event 'TeleportStart'")

    def test_no_event_name(self):
        p = self.payload("Stop")
        del p["hook_event_name"]
        self.one_line(p, "no hook_event_name")

    def test_wrong_types(self):
        self.one_line({"session_id": 17, "hook_event_name": "Stop"}, "no session_id")
        self.one_line({"session_id": SID, "hook_event_name": ["Stop"]}, "no hook_event_name")

    def test_no_session_id(self):
        p = self.payload("UserPromptSubmit", prompt="x")
        del p["session_id"]
        self.one_line(p, "no session_id")

    def test_ignored_events_are_silent(self):
        for event in ("Notification", "PostCompact", "SubagentStart", "PermissionRequest"):
            with self.subTest(event=event):
                self.assertQuiet(self.s.hook(self.payload(event), now_ms=cctest.T0))

    def test_events_without_a_task_are_silent(self):
        """Hooks installed mid-session: events before the first prompt change nothing."""
        for event in ("Stop", "StopFailure", "PreCompact", "SubagentStop", "PostToolUse"):
            with self.subTest(event=event):
                self.assertQuiet(self.s.hook(self.payload(event, tool_name="Bash",
                                                          tool_input={"command": "make"}),
                                             now_ms=cctest.T0))
        self.assertEqual(self.server.events(), [])

    def test_session_id_is_not_a_path(self):
        """A session id with path characters stays a file name inside the state directory."""
        for sid in ("../../escape", "a/b", "\u00e9\u00e9", "x" * 100):
            with self.subTest(sid=sid):
                p = self.payload("UserPromptSubmit", prompt="x")
                p["session_id"] = sid
                self.assertQuiet(self.s.hook(p, now_ms=cctest.T0))
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "escape.json")))
        names = os.listdir(self.s.state)
        self.assertTrue(all("/" not in n and ".." not in n.split(".")[0] for n in names), names)
        self.one_line(dict(self.payload("Stop"), session_id="x" * 101), "not usable")

    def test_invalid_utf8(self):
        text = json.dumps(self.payload("UserPromptSubmit", prompt="PLACEHOLDER")).encode()
        text = text.replace(b"PLACEHOLDER", b"fix \xff\xfe the \xc3 crash")
        self.assertQuiet(self.s.hook(text, now_ms=cctest.T0))
        self.assertQuiet(self.s.hook(self.payload("Stop"), now_ms=cctest.T0 + 5))
        self.assertEqual(self.delivered(self.s, 1)[0]["task_duration_ms"], 5)

    def test_missing_transcript(self):
        """One line at Stop; the event is still made, without tokens."""
        p = self.payload("UserPromptSubmit", prompt="Fix the crash when the config file is missing")
        p["transcript_path"] = os.path.join(self.tmp, "nowhere.jsonl")
        self.assertQuiet(self.s.hook(p, now_ms=cctest.T0))
        stop = dict(p, hook_event_name="Stop")
        del stop["prompt"]
        self.one_line(stop, "cannot open the transcript")
        event = self.delivered(self.s, 1)[0]
        self.assertEqual((event["model"], event["provider"], event["actual_input_tokens"]),
                         ("unknown", "unknown", 0))
        self.assertEqual(event["task_type"], "debugging")

    def test_unreadable_transcript(self):
        p = self.payload("UserPromptSubmit", prompt="x")
        p["transcript_path"] = self.tmp  # a directory
        self.assertQuiet(self.s.hook(p, now_ms=cctest.T0))
        self.one_line(dict(p, hook_event_name="Stop"), "cannot read the transcript")
        self.delivered(self.s, 1)

    def test_a_transcript_that_never_ends_does_not_hold_the_hook(self):
        """A FIFO with no writer, or /dev/zero, as the transcript: one line at Stop, at once,
        and the task still gets its event (a blocking read would hang Claude Code)."""
        fifo = os.path.join(self.tmp, "fifo.jsonl")
        os.mkfifo(fifo)
        for n, path in enumerate((fifo, "/dev/zero")):
            with self.subTest(path=path):
                p = self.payload("UserPromptSubmit", prompt="x", session_id="endless-%d" % n)
                p["transcript_path"] = path
                self.assertQuiet(self.s.hook(p, now_ms=cctest.T0))
                self.one_line(dict(p, hook_event_name="Stop"), "not a regular file")
        self.delivered(self.s, 2)

    def test_no_transcript_path(self):
        """Older payloads without transcript_path: the task still gets its event."""
        p = self.payload("UserPromptSubmit", prompt="x")
        del p["transcript_path"]
        self.assertQuiet(self.s.hook(p, now_ms=cctest.T0))
        self.assertQuiet(self.s.hook(dict(p, hook_event_name="Stop"), now_ms=cctest.T0 + 3))
        self.assertEqual(self.delivered(self.s, 1)[0]["task_duration_ms"], 3)

    def test_unwritable_state_dir(self):
        blocker = os.path.join(self.tmp, "a-file")
        open(blocker, "w").close()
        env = self.s.env(cctest.T0, MOSAIC_TELEMETRY_STATE_DIR=os.path.join(blocker, "state"))
        self.one_line(self.payload("UserPromptSubmit", prompt="x"), "state directory", env=env)

    def test_corrupt_state_file(self):
        """A state file that is not ours: one line, and the session starts afresh."""
        os.makedirs(self.s.state, exist_ok=True)
        with open(os.path.join(self.s.state, SID + ".json"), "w") as f:
            f.write("{garbage")
        self.one_line(self.payload("UserPromptSubmit", prompt="x"), "starting afresh")
        self.assertQuiet(self.s.hook(self.payload("Stop"), now_ms=cctest.T0 + 1))
        self.delivered(self.s, 1)

    def test_unsendable_config(self):
        """No server configured and the local history off: the event waits in the spool (one
        line), nothing fails."""
        env = self.s.env(cctest.T0, MOSAIC_TELEMETRY_SERVER_URL=None,
                         MOSAIC_TELEMETRY_HISTORY="off")
        self.assertQuiet(self.s.hook(self.payload("UserPromptSubmit", prompt="x"), env=env))
        err = self.assertQuiet(self.s.hook(self.payload("Stop"), env=env), log_lines=1)
        self.assertIn("waits in the spool", err)
        self.delivered(self.s, 1, wait=0)  # a later flush with a config sends it

    def test_no_server_with_the_history(self):
        """No server configured, the history on (docs/history.md): the hook is quiet, and its
        background flusher moves the event from the spool into the history."""
        env = self.s.env(cctest.T0, MOSAIC_TELEMETRY_SERVER_URL=None)
        self.assertQuiet(self.s.hook(self.payload("UserPromptSubmit", prompt="x"), env=env))
        self.assertQuiet(self.s.hook(self.payload("Stop"), env=env))
        history = os.path.join(os.path.dirname(self.s.spool), "data-home", "mosaic-telemetry",
                               "history.sqlite3")

        def recorded():
            r = self.s.cli("report", "--json", env=env)
            return r.returncode == 0 and json.loads(r.stdout)["total"]["tasks"] == 1
        self.assertTrue(cctest.wait_for(recorded), history)
        self.assertIn("pending: 0 events", self.s.cli("status", env=env).stdout)

    def test_invalid_config(self):
        env = self.s.env(cctest.T0, MOSAIC_TELEMETRY_ENABLED="maybe")
        self.one_line(self.payload("UserPromptSubmit", prompt="x"), "MOSAIC_TELEMETRY_ENABLED",
                      env=env)

    def test_disabled(self):
        env = self.s.env(cctest.T0, MOSAIC_TELEMETRY_ENABLED="false")
        self.assertQuiet(self.s.hook(self.payload("UserPromptSubmit", prompt="x"), env=env))
        self.assertFalse(os.path.exists(self.s.state))

    def test_other_harness_or_none(self):
        for args, fragment in ((["hook", "gemini-cli"], "unknown harness 'gemini-cli'"),
                               (["hook"], "no harness named")):
            with self.subTest(args=args):
                r = subprocess.run([cctest.BIN, *args], input=b"{}", capture_output=True,
                                   env=self.s.env())
                err = self.assertQuiet(r, log_lines=1)
                self.assertIn(fragment, err)

    def test_failure_kinds(self):
        """PostToolUseFailure: a non-zero exit or a timeout failed the gate; an interrupt or a
        denial ran nothing; "Exit code 0" passed."""
        cases = (("Exit code 1\nFAILED", ["test"], ["test"]),
                 ("Command timed out after 2m 0.0s", ["test"], ["test"]),
                 ("Exit code 0", ["test"], []),
                 ("The user doesn't want to proceed with this tool use.", [], []))
        for at, (error, run, failed) in enumerate(cases):
            with self.subTest(error=error):
                self.server.reset()
                base = cctest.T0 + 10 * at
                self.assertQuiet(self.s.hook(self.payload("UserPromptSubmit", prompt="x"),
                                             now_ms=base))
                self.assertQuiet(self.s.hook(self.payload(
                    "PostToolUseFailure", tool_name="Bash", tool_input={"command": "pytest"},
                    error=error), now_ms=base + 1))
                self.assertQuiet(self.s.hook(self.payload("Stop"), now_ms=base + 2))
                event = self.delivered(self.s, 1)[0]
                self.assertEqual((event["quality_gates_run"], event["quality_gates_failed"]),
                                 (run, failed))
        interrupted = self.payload("PostToolUseFailure", tool_name="Bash",
                                   tool_input={"command": "pytest"}, error="Exit code 130",
                                   is_interrupt=True)
        self.server.reset()
        self.assertQuiet(self.s.hook(self.payload("UserPromptSubmit", prompt="x"), now_ms=cctest.T0 + 100))
        self.assertQuiet(self.s.hook(interrupted, now_ms=cctest.T0 + 101))
        self.assertQuiet(self.s.hook(self.payload("Stop"), now_ms=cctest.T0 + 102))
        self.assertEqual(self.delivered(self.s, 1)[0]["quality_gates_run"], [])

    def test_transcript_shrinks(self):
        """A transcript replaced by a shorter file is read from its start; nothing counts twice."""
        line = {"type": "assistant", "timestamp": "2026-11-20T10:00:01.000Z", "requestId": "req_1",
                "message": {"id": "msg_1", "model": "claude-sonnet-4-5-20250929",
                            "usage": {"input_tokens": 10, "output_tokens": 20}}}
        self.assertQuiet(self.s.hook(self.payload("UserPromptSubmit", prompt="x"), now_ms=cctest.T0))
        with open(self.transcript, "w") as f:
            f.write((json.dumps(line) + "\n") * 3)
        self.assertQuiet(self.s.hook(self.payload("Stop", stop_hook_active=False), now_ms=cctest.T0 + 1))
        self.assertQuiet(self.s.hook(self.payload("UserPromptSubmit", prompt="y"), now_ms=cctest.T0 + 2))
        with open(self.transcript, "w") as f:
            f.write(json.dumps(line) + "\n")
            line["requestId"], line["message"]["id"] = "req_2", "msg_2"
            f.write(json.dumps(line) + "\n")
        self.assertQuiet(self.s.hook(self.payload("Stop"), now_ms=cctest.T0 + 3))
        events = self.delivered(self.s, 2)
        self.assertEqual([e["actual_output_tokens"] for e in events], [20, 20])


if __name__ == "__main__":
    cctest.main()
