"""`hook cursor` driven with payload sequences written from Cursor's documented hook payloads
(docs/harnesses/cursor.md, "What the hooks receive"): Cursor is closed source and cannot be
installed here, so no sequence was captured from a real Cursor; the events are checked at the
reference server. Also `install cursor` / `uninstall cursor`, and `hook claude-code` leaving
Cursor's payloads (Cursor runs Claude Code's hooks too) to `hook cursor`."""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "server"))
import control  # noqa: E402  (tests/server/control.py)

BIN = os.environ.get("MOSAIC_CLI", "")
T0 = 1796289176000
CONVERSATION = "3f0c1c52-8d2e-4c4b-9f43-0a1d2b3c4d5e"


def payload(event, **fields):
    """The fields every Cursor hook payload carries, and the event's own."""
    p = {"conversation_id": CONVERSATION, "generation_id": "gen-1", "hook_event_name": event,
         "model": "claude-sonnet-4-5", "cursor_version": "2.3.41",
         "workspace_roots": ["/work/app"], "user_email": None,
         "transcript_path": "/home/u/.cursor/projects/work-app/agent-transcripts/%s.jsonl"
                            % CONVERSATION}
    p.update(fields)
    return p


def prompt(text="fix the failing test in the parser", **kw):
    return payload("beforeSubmitPrompt", prompt=text, attachments=[], **kw)


def shell(command, output="ok"):
    return payload("afterShellExecution", command=command, output=output, duration=1200)


def shell_failed(command):
    return payload("postToolUseFailure", tool_name="Shell", tool_input={"command": command},
                   error_message="exit status 1", failure_type="error")


def stop(status="completed", tokens=True, **kw):
    p = payload("stop", status=status, loop_count=0, **kw)
    if tokens:
        p.update(input_tokens=1200, output_tokens=300, cache_read_tokens=20000,
                 cache_write_tokens=500)
    return p


class CursorHooks(control.ServerTestCase):
    required_env = ("MOSAIC_CLI", "MOSAIC_SERVER_SCRIPT")
    tmp_prefix = "mosaic-cu-test-"

    def env(self, now_ms=None):
        extra = {"HOME": os.path.join(self.tmp, "home"),
                 "MOSAIC_TELEMETRY_STATE_DIR": os.path.join(self.tmp, "state")}
        if now_ms is not None:
            extra["MOSAIC_TELEMETRY_CURSOR_NOW_MS"] = str(now_ms)
            extra["MOSAIC_TELEMETRY_CLAUDE_NOW_MS"] = str(now_ms)
        return control.configured_env(self.server.url, os.path.join(self.tmp, "spool"),
                                      drop=("XDG_STATE_HOME",), **extra)

    def hook(self, p, at_s=0, harness="cursor", lines=0):
        r = subprocess.run([BIN, "hook", harness], input=json.dumps(p).encode(),
                           env=self.env(T0 + int(at_s * 1000)), capture_output=True, timeout=30)
        self.assertEqual((r.returncode, r.stdout), (0, b""))
        self.assertEqual(len(r.stderr.decode().splitlines()), lines, r.stderr.decode())
        return r.stderr.decode()

    def play(self, steps):
        for at, p in steps:
            self.hook(p, at)

    def cli(self, *args, cwd=None):
        return subprocess.run([BIN, *args], env=self.env(), capture_output=True, text=True,
                              timeout=60, cwd=cwd)

    def delivered(self, count):
        return self.delivered_after_flush(lambda: self.cli("flush"), count)

    def test_a_task_with_a_failing_then_passing_test(self):
        self.play([(0, prompt()), (5, shell("npm test", "1 failing")),
                   (6, shell_failed("npm test")),
                   (9, payload("afterFileEdit", file_path="/work/app/src/parser.ts",
                               edits=[{"old_string": "a", "new_string": "b"}])),
                   (12, shell("npm test", "all passing")), (15, stop())])
        [e] = self.delivered(1)
        self.assertEqual((e["harness"], e["outcome"], e["model"], e["provider"]),
                         ("cursor", "success", "claude-sonnet-4-5", "anthropic"))
        self.assertEqual((e["actual_input_tokens"], e["actual_output_tokens"]),
                         (1200 + 20000 + 500, 300))
        self.assertGreater(e["actual_cost_usd_micros"], 0)
        self.assertEqual((e["quality_gates_run"], e["quality_gates_failed"]), (["test"], []))
        self.assertEqual((e["language"], e["task_duration_ms"]), ("typescript", 15000))
        self.assertEqual(e["task_type"], "debugging")

    def test_a_failing_last_gate_is_partial(self):
        self.play([(0, prompt()), (5, shell("npm run lint")), (6, shell_failed("npm run lint")),
                   (9, stop())])
        [e] = self.delivered(1)
        self.assertEqual((e["outcome"], e["quality_gates_failed"]), ("partial", ["lint"]))

    def test_stop_status_model_default_and_no_tokens(self):
        self.play([(0, prompt(model="default")), (3, stop("aborted", tokens=False,
                                                          model="default")),
                   (10, prompt()), (13, stop("error"))])
        aborted, failed = self.delivered(2)
        self.assertEqual((aborted["outcome"], aborted["model"]), ("cancelled", "unknown"))
        self.assertEqual((aborted["actual_input_tokens"], aborted["actual_output_tokens"]), (0, 0))
        self.assertEqual(failed["outcome"], "failure")

    def test_compaction_and_a_prompt_without_stop(self):
        self.play([(0, prompt()), (4, payload("preCompact", trigger="auto",
                                              context_usage_percent=92)),
                   (8, prompt("add a health endpoint")), (12, stop())])
        first, second = self.delivered(2)
        self.assertEqual((first["outcome"], first["context_compactions"]), ("cancelled", 1))
        self.assertEqual(first["task_duration_ms"], 4000)
        self.assertEqual((second["outcome"], second["context_compactions"]), ("success", 0))

    def test_session_end_cancels_an_open_task(self):
        self.play([(0, prompt()), (7, payload("sessionEnd", reason="window_close"))])
        [e] = self.delivered(1)
        self.assertEqual(e["outcome"], "cancelled")

    def test_bad_input_is_one_line(self):
        self.assertIn("conversation_id", self.hook({"hook_event_name": "stop"}, lines=1))
        self.assertIn("unknown event", self.hook(payload("afterSomething"), lines=1))
        self.assertIn("not a JSON object", self.hook([1], lines=1))

    def test_claude_code_hooks_leave_cursor_payloads_to_cursor(self):
        state = os.path.join(self.tmp, "state")  # MOSAIC_TELEMETRY_STATE_DIR: the hook's own
        cursor_shaped = {"session_id": CONVERSATION, "hook_event_name": "UserPromptSubmit",
                         "prompt": "hi", "cwd": "/work/app"}
        for marker in ({"cursor_version": "2.3.41"}, {"conversation_id": CONVERSATION},
                       {"transcript_path": "/home/u/.cursor/projects/a/t.jsonl"}):
            self.hook(dict(cursor_shaped, **marker), harness="claude-code")
            self.assertFalse(os.path.isdir(state) and os.listdir(state), marker)
        # The same payload without Cursor's marks is Claude Code's own (the control).
        self.hook(dict(cursor_shaped, transcript_path="/home/u/.claude/projects/a/t.jsonl"),
                  harness="claude-code")
        self.assertTrue(os.listdir(state))

    def test_install_and_uninstall(self):
        project = os.path.join(self.tmp, "project")
        path = os.path.join(project, ".cursor", "hooks.json")
        os.makedirs(os.path.dirname(path))
        with open(path, "w") as f:
            json.dump({"version": 1, "hooks": {"stop": [{"command": "./mine.sh"}]}}, f)
        for _ in range(2):
            r = self.cli("install", "cursor", "--scope", "project", cwd=project)
            self.assertEqual(r.returncode, 0, r.stderr)
        with open(path) as f:
            hooks = json.load(f)
        self.assertEqual(hooks["version"], 1)
        ours = "%s hook cursor" % BIN
        self.assertEqual(hooks["hooks"]["stop"], [{"command": "./mine.sh"}, {"command": ours}])
        self.assertEqual(sorted(hooks["hooks"]), sorted([
            "beforeSubmitPrompt", "stop", "preCompact", "afterShellExecution",
            "postToolUseFailure", "afterFileEdit", "sessionEnd"]))
        r = self.cli("uninstall", "cursor", "--scope", "project", cwd=project)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(path) as f:
            self.assertEqual(json.load(f),
                             {"version": 1, "hooks": {"stop": [{"command": "./mine.sh"}]}})
        user = self.cli("install", "cursor", "--dry-run")
        self.assertIn(os.path.join(self.tmp, "home", ".cursor", "hooks.json"), user.stdout)


if __name__ == "__main__":
    if len(sys.argv) >= 3 and not sys.argv[1].startswith("-"):
        BIN = sys.argv[1]
        os.environ["MOSAIC_CLI"], os.environ["MOSAIC_SERVER_SCRIPT"] = sys.argv[1], sys.argv[2]
        del sys.argv[1:3]
    import unittest
    unittest.main(verbosity=2)
