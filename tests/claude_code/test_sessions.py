"""Fixture sessions through the real hook, to the reference server: each stored event must be
exactly the expected one (all fields but the random event_id), and no event may be made twice."""
import json
import os
import time

import cctest


class Sessions(cctest.HookTestCase):

    def check(self, name):
        run, events = self.run_fixture(name)
        self.assertEqual([cctest.without_id(e) for e in events], run.expected())
        return run, events

    def test_multi_task(self):
        """Three tasks in one session; responses split over lines count once; <synthetic> is no
        model; language from the edited files; SessionEnd removes the session's files."""
        run, _ = self.check("multi_task")
        left = [f for f in os.listdir(run.session.state) if f.startswith(run.meta["session_id"])]
        self.assertEqual(left, [])

    def test_compaction(self):
        """PreCompact and its compact_boundary are one compaction; a boundary alone is another."""
        self.check("compaction")

    def test_gates(self):
        """A failed test run then a passing one: test passed; lint failed last: partial."""
        self.check("gates")

    def test_subagent(self):
        """The subagent's transcript and tool hooks belong to the task."""
        self.check("subagent")

    def test_stop_failure(self):
        self.check("stop_failure")

    def test_interrupted(self):
        """No Stop: cancelled at the next prompt and at SessionEnd, ending at the last activity."""
        self.check("interrupted")

    def test_lagging_transcript(self):
        """The last response reaches the transcript after Stop: the event still counts it, and
        its duration still ends at Stop."""
        self.check("lagging")

    def test_old_version(self):
        """Payloads of Claude Code 1.0.x, without the newer fields."""
        self.check("old_version")

    def test_rotation(self):
        self.check("rotation")

    def test_one_hour_cache(self):
        self.check("one_hour_cache")

    def test_sidechain_replay(self):
        self.check("sidechain_replay")

    def test_noisy_transcript(self):
        self.check("noisy_transcript")

    def test_a_transcript_grown_past_the_read_budget(self):
        """70 MB came between the prompt and Stop, more than a hook reads in the foreground
        (KIT_FOREGROUND_READ_BYTES, 64 MiB): the Stop hook leaves the rest to the finisher even
        without a grace period, and the event still counts the response past the budget."""
        session = self.session(grace_ms=0)
        sid = "5f0c6a1e-2b7d-4c1a-9e3f-0000000000b1"
        path = os.path.join(session.project, sid + ".jsonl")

        def assistant(mid, inp, out):
            return json.dumps({"type": "assistant", "sessionId": sid, "isSidechain": False,
                               "timestamp": "2026-11-20T10:00:03.000Z", "message": {
                                   "id": mid, "role": "assistant", "model": "claude-sonnet-4-5",
                                   "content": [{"type": "text", "text": "ok"}],
                                   "usage": {"input_tokens": inp, "output_tokens": out,
                                             "cache_creation_input_tokens": 0,
                                             "cache_read_input_tokens": 0}}}) + "\n"

        base = {"session_id": sid, "transcript_path": path, "cwd": "/work/demo"}
        with open(path, "w") as f:
            f.write(json.dumps({"type": "user", "sessionId": sid,
                                "message": {"role": "user", "content": "go"}}) + "\n")
        self.assertQuiet(session.hook(dict(base, hook_event_name="UserPromptSubmit",
                                           prompt="go")))
        filler = json.dumps({"type": "user", "sessionId": sid, "message": {
            "role": "user", "content": "x" * 65000}}) + "\n"
        with open(path, "a") as f:
            f.write(assistant("msg_A", 10, 5))
            for _ in range(70 * 1000 * 1000 // len(filler)):
                f.write(filler)
            f.write(assistant("msg_B", 7, 3))
        self.assertQuiet(session.hook(dict(base, hook_event_name="Stop")))
        event, = self.delivered(session, 1)
        self.assertEqual(event["actual_input_tokens"], 17)
        self.assertEqual(event["actual_output_tokens"], 8)

    def test_background_flush_alone_delivers(self):
        """Without an explicit flush, the hook's own background flush sends the event."""
        session = self.session()
        run = cctest.FixtureRun(session, "stop_failure")
        run.play()
        events = cctest.wait_for(self.server.events, timeout=20)
        self.assertEqual([cctest.without_id(e) for e in events], run.expected())

    def test_overdue_task_finished_by_next_hook(self):
        """The next hook of the session after the grace period finishes an ended task whose
        finisher has not run (it died, say); the finisher, when it wakes, finds nothing to do:
        one event."""
        session = self.session(grace_ms=1500)
        run = cctest.FixtureRun(session, "stop_failure")
        run.play()
        self.assertEqual(self.server.events(), [])
        late = {"session_id": run.meta["session_id"], "hook_event_name": "SessionEnd",
                "reason": "other", "transcript_path": run.paths["$TRANSCRIPT"]}
        self.assertQuiet(session.hook(late, now_ms=cctest.T0 + 30000 + 1500))
        time.sleep(2.0)  # the finisher wakes and must not make a second event
        events = self.delivered(session, 1)
        self.assertEqual([cctest.without_id(e) for e in events], run.expected())
        self.assertEqual(os.listdir(session.state), ["hook.log"])  # SessionEnd: files gone

    def test_sweep_finishes_other_sessions(self):
        """A session that never runs another hook: the next SessionStart of any session finishes
        its ended task once the grace period has passed (the finisher then finds nothing)."""
        session = self.session(grace_ms=1500)
        run = cctest.FixtureRun(session, "stop_failure")
        run.play()
        state = os.path.join(session.state, run.meta["session_id"] + ".json")
        old = time.time() - 3600
        os.utime(state, (old, old))  # as if written an hour ago
        start = {"session_id": "another-session", "hook_event_name": "SessionStart",
                 "source": "startup", "transcript_path": os.path.join(session.project, "x.jsonl")}
        self.assertQuiet(session.hook(start, now_ms=cctest.T0 + 30000 + 1500))
        time.sleep(2.0)
        events = self.delivered(session, 1)
        self.assertEqual([cctest.without_id(e) for e in events], run.expected())

    def test_parallel_hooks_of_one_session(self):
        """Hooks of one session run in parallel: 40 concurrent PostToolUse edits all count."""
        import subprocess
        session = self.session()
        sid = "parallel-session"
        transcript = os.path.join(session.project, sid + ".jsonl")
        open(transcript, "w").close()
        base = {"session_id": sid, "transcript_path": transcript}
        self.assertQuiet(session.hook(dict(base, hook_event_name="UserPromptSubmit",
                                           prompt="Implement it"), now_ms=cctest.T0))
        procs = []
        for i in range(40):
            payload = dict(base, hook_event_name="PostToolUse", tool_name="Write",
                           tool_input={"file_path": "/w/src/f%02d.ts" % i})
            procs.append(subprocess.Popen([cctest.BIN, "hook", "claude-code"],
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                          stderr=subprocess.PIPE, env=session.env(cctest.T0 + 1)))
            procs[-1].stdin.write(json.dumps(payload).encode())
            procs[-1].stdin.close()
        for p in procs:
            self.assertEqual(p.wait(timeout=60), 0)
            self.assertEqual(p.stdout.read(), b"")
            self.assertEqual(p.stderr.read(), b"")
            p.stdout.close()
            p.stderr.close()
        self.assertQuiet(session.hook(dict(base, hook_event_name="Stop"), now_ms=cctest.T0 + 2))
        events = self.delivered(session, 1)
        self.assertEqual(events[0]["language"], "typescript")
        self.assertEqual(events[0]["complexity"], "high")  # 40 distinct files (>= 15)


if __name__ == "__main__":
    cctest.main()
