"""`hook opencode` driven with the plugin's payloads directly (docs/harnesses/opencode.md, "What
the plugin sends"): the plugin spawns each payload detached, so an end may come before its begin;
a task OpenCode never ended is reported cancelled when the next one begins; bad input is one line
on stderr and nothing else. And `install opencode` / `uninstall opencode`."""
import json
import os

import octest

T0 = 1796289176000


def begin(message="msg_1", session="ses_1", at=T0, prompt="fix the failing test"):
    return {"hook_event_name": "begin", "session_id": session, "message_id": message,
            "time_ms": at, "model": "claude-sonnet-4-5", "provider": "anthropic",
            "prompt": prompt}


def end(message="msg_1", session="ses_1", start=T0, duration=4000, error=None):
    return {"hook_event_name": "end", "session_id": session, "message_id": message,
            "start_ms": start, "end_ms": start + duration, "error": error, "compactions": 0,
            "responses": [{"model": "claude-sonnet-4-5", "provider": "anthropic",
                           "subagent": False, "input": 100, "output": 20, "reasoning": 5,
                           "cache_read": 1000, "cache_write": 50, "cost_micros": 4321,
                           "completed_ms": start + 3000, "error": None}],
            "tools": [{"tool": "bash", "command": "cargo test", "exit": 0},
                      {"tool": "edit", "file": "/w/src/lib.rs"}]}


class Hook(octest.HookTestCase):
    def setUp(self):
        super().setUp()
        self.h = self.home()

    def quiet(self, payload, now_ms=None, lines=0):
        r = self.h.hook(payload, now_ms)
        self.assertEqual(r.returncode, 0)
        self.assertEqual(r.stdout, b"")
        err = r.stderr.decode()
        self.assertEqual(len(err.splitlines()), lines, err)
        return err

    def test_begin_then_end(self):
        self.quiet(begin())
        self.quiet(end())
        [e] = self.delivered(self.h, 1)
        self.assertEqual((e["actual_input_tokens"], e["actual_output_tokens"]), (1150, 25))
        self.assertEqual(e["actual_cost_usd_micros"], 4321)
        self.assertEqual((e["provider"], e["task_type"], e["language"]),
                         ("anthropic", "debugging", "rust"))
        self.assertEqual((e["quality_gates_run"], e["outcome"]), (["test"], "success"))
        self.assertEqual(e["task_duration_ms"], 4000)

    def test_an_end_that_overtook_its_begin(self):
        self.quiet(end())
        self.quiet(begin())  # late: the task is reported already
        self.quiet(end())  # twice: nothing more
        [e] = self.delivered(self.h, 1)
        self.assertEqual(e["task_type"], "unknown")

    def test_ends_without_a_message_id_are_each_a_task(self):
        for _ in range(2):
            payload = end()
            del payload["message_id"]
            self.quiet(payload)
        self.delivered(self.h, 2)

    def test_a_task_never_ended_is_cancelled_at_the_next_begin(self):
        self.quiet(begin("msg_1"))
        self.quiet(begin("msg_2", at=T0 + 60000))
        self.quiet(end("msg_2", start=T0 + 60000, error="APIError"))
        events = self.delivered(self.h, 2)
        self.assertEqual([e["outcome"] for e in events], ["cancelled", "failure"])
        self.assertEqual(events[0]["actual_input_tokens"], 0)

    def test_a_task_of_a_killed_opencode_is_ended_by_the_sweep_after_a_day(self):
        """OpenCode killed mid-task sends no end, and its session no other begin: the sweep that
        a begin of another session runs ends the task once it has been open a day."""
        self.quiet(begin("msg_1", session="ses_killed"))
        hour_ago = T0 / 1000 - 3600
        for name in os.listdir(self.h.state):  # the session's files, and the last sweep's stamp
            os.utime(os.path.join(self.h.state, name), (hour_ago, hour_ago))
        day = 24 * 3600 * 1000
        self.quiet(begin("msg_1", session="ses_other", at=T0 + day + 60000),
                   now_ms=T0 + day + 60000)
        [e] = self.delivered(self.h, 1)
        self.assertEqual(e["outcome"], "cancelled")
        self.assertEqual((e["actual_input_tokens"], e["model"]), (0, "claude-sonnet-4-5"))

    def test_bad_input_is_one_line(self):
        err = self.quiet("not json", lines=1)
        self.assertIn("not a JSON object", err)
        err = self.quiet({"hook_event_name": "middle", "session_id": "s"}, lines=1)
        self.assertIn("unknown event 'middle'", err)
        err = self.quiet({"hook_event_name": "begin"}, lines=1)
        self.assertIn("session_id", err)


class Install(octest.HookTestCase):
    def setUp(self):
        super().setUp()
        self.h = self.home()
        self.path = os.path.join(self.h.project, ".opencode", "plugins", "mosaic-telemetry.js")

    def test_install_and_uninstall(self):
        dry = self.h.cli("install", "opencode", "--scope", "project", "--dry-run")
        self.assertEqual(dry.returncode, 0, dry.stderr)
        self.assertIn("+const COMMAND = %s; // written by install" % json.dumps(octest.BIN),
                      dry.stdout)
        self.assertFalse(os.path.exists(self.path))
        for expected in ("wrote", "already installed"):
            r = self.h.cli("install", "opencode", "--scope", "project")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn(expected, r.stdout)
        self.assertEqual(oct(os.stat(self.path).st_mode & 0o777), "0o644")
        r = self.h.cli("uninstall", "opencode", "--scope", "project")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertFalse(os.path.exists(self.path))
        self.assertIn("nothing changed", self.h.cli("uninstall", "opencode", "--scope",
                                                    "project").stdout)

    def test_user_scope_follows_xdg_config_home(self):
        self.assertEqual(self.h.install(), os.path.join(self.h.config, "opencode", "plugins",
                                                        "mosaic-telemetry.js"))
        self.assertTrue(os.path.exists(self.h.plugin))

    def test_a_file_not_ours_is_left_alone(self):
        os.makedirs(os.path.dirname(self.path))
        with open(self.path, "w") as f:
            f.write("export const Mine = async () => ({})\n")
        for verb in ("install", "uninstall"):
            r = self.h.cli(verb, "opencode", "--scope", "project")
            self.assertNotEqual(r.returncode, 0)
            self.assertIn("is not ours", r.stderr)
        with open(self.path) as f:
            self.assertEqual(f.read(), "export const Mine = async () => ({})\n")


if __name__ == "__main__":
    octest.main()
