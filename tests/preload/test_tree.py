"""A process tree becomes one task: bash, make and fake quality tools, through `run` and through
the bare LD_PRELOAD form; gates, outcome, description, parallel children, exec chains."""
import glob
import json
import os
import subprocess
import sys
import time
import unittest
import uuid

from preloadtest import RUN_CLI, PreloadTestCase, main, write_script

MAKEFILE = "test:\n\t@pytest -q\n\nlint:\n\t@ruff check .\n"

# The scenario: a passing `make test`, then a failing lint; the script exits with it.
AGENT = "#!/bin/bash\nmake test\nruff check .\n"


class TreeTest(PreloadTestCase):

    def setUp(self):
        super().setUp()
        with open(os.path.join(self.tmp, "Makefile"), "w") as f:
            f.write(MAKEFILE)
        self.agent = write_script(os.path.join(self.tmp, "agent.sh"), AGENT)

    def test_make_test_and_failing_lint_through_run(self):
        r = self.run_cmd([self.agent])
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertEqual(r.stdout, b"pytest -q\nruff check .\n")
        self.assertEqual(r.stderr, b"")
        event = self.one_event()
        self.assertGates(event, run=["test", "lint"], failed=["lint"])
        self.assertEqual(event["outcome"], "failure")

    def test_make_test_and_failing_lint_bare(self):
        r = self.bare([self.agent])
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertEqual(r.stderr, b"")
        event = self.one_event()
        self.assertGates(event, run=["test", "lint"], failed=["lint"])
        self.assertEqual(event["outcome"], "failure")

    def test_outcome_is_the_scripts_exit_status(self):
        write_script(self.agent, AGENT + "exit 0\n")
        r = self.bare([self.agent])
        self.assertEqual(r.returncode, 0, r.stderr)
        event = self.one_event()
        self.assertGates(event, run=["test", "lint"], failed=["lint"])
        self.assertEqual(event["outcome"], "success")

    def test_last_result_of_a_gate_wins(self):
        write_script(os.path.join(self.bin, "eslint"),
                     "#!/bin/sh\n[ -e fixed ] && exit 0\ntouch fixed\nexit 1\n")
        r = self.run_cmd(["bash", "-c", "eslint .; eslint ."])
        self.assertEqual(r.returncode, 0)
        self.assertGates(self.one_event(), run=["lint"], failed=[])

    def test_task_description_from_flags_and_variables(self):
        r = self.run_cmd(["true"], flags=["--task-type", "debugging", "--model",
                                          "claude-sonnet-4-5", "--complexity", "high",
                                          "--harness", "codex"])
        self.assertEqual(r.returncode, 0)
        event = self.one_event()
        self.assertEqual((event["task_type"], event["model"], event["provider"],
                          event["complexity"], event["harness"]),
                         ("debugging", "claude-sonnet-4-5", "anthropic", "high", "codex"))
        self.server.reset()
        env = self.env(MOSAIC_TELEMETRY_TASK_TYPE="testing", MOSAIC_TELEMETRY_MODEL="gpt-5",
                       MOSAIC_TELEMETRY_COMPLEXITY="low", MOSAIC_TELEMETRY_HARNESS="goose")
        self.bare(["true"], env=env)
        event = self.one_event()
        self.assertEqual((event["task_type"], event["model"], event["provider"],
                          event["complexity"], event["harness"]),
                         ("testing", "gpt-5", "openai", "low", "goose"))

    def test_the_next_run_of_a_kind_carries_the_prediction(self):
        """`run` keeps estimates as the Claude Code hook does (adapters/kit/estimates.h)."""
        flags = ["--task-type", "debugging", "--model", "claude-sonnet-4-5", "--complexity",
                 "high"]
        self.run_cmd(["true"], flags=["--model", "gpt-5"])  # any event, as a template
        template = self.one_event()
        self.server.reset()
        seeded = [dict(template, event_id=str(uuid.uuid4()), task_type="debugging",
                       model="claude-sonnet-4-5", provider="anthropic", complexity="high",
                       actual_input_tokens=1000 * i, actual_output_tokens=100 * i)
                  for i in range(1, 7)]
        self.server.call("/_control/events", {"events": seeded})

        self.run_cmd(["true"], flags=flags)
        first = self.wait_events(7)[-1]
        self.assertEqual(first["estimated_input_tokens"], 0)  # nothing known yet
        store = os.path.join(self.spool, "estimates.json")

        def answered():
            try:
                with open(store) as f:
                    return [e for e in json.load(f)["estimates"] if e.get("has_data")]
            except (OSError, ValueError):
                return []
        deadline = time.monotonic() + 15
        while not answered() and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertTrue(answered(), "the background flusher stored no prediction")
        entry = answered()[0]
        self.assertEqual((entry["task_type"], entry["model"], entry["complexity"]),
                         ("debugging", "claude-sonnet-4-5", "high"))

        self.run_cmd(["true"], flags=flags)
        second = self.wait_events(8)[-1]
        self.assertEqual(second["estimated_input_tokens"], entry["input_tokens"])
        self.assertEqual(second["estimated_output_tokens"], entry["output_tokens"])
        self.assertGreater(second["estimated_input_tokens"], 0)

    def test_harness_from_the_programs_name(self):
        claude = write_script(os.path.join(self.bin, "claude"), "#!/bin/sh\npytest\n")
        self.run_cmd(["claude", "-p", "fix it"])
        event = self.one_event()
        self.assertEqual(event["harness"], "claude_code")
        self.assertGates(event, run=["test"], failed=[])
        self.server.reset()
        self.bare([claude])
        self.assertEqual(self.one_event()["harness"], "claude_code")
        self.server.reset()
        # A CI script is no harness, but the first harness it runs is.
        write_script(os.path.join(self.bin, "aider"), "#!/bin/sh\nexit 0\n")
        self.bare(["bash", "-c", "echo setup; aider --message 'go' || true"])
        self.assertEqual(self.one_event()["harness"], "aider")

    @unittest.skipUnless(os.path.basename(RUN_CLI) == "mosaic-telemetry",
                         "`run` is not yet a command of mosaic-telemetry (tested through a stand-in)")
    def test_the_command_and_the_shim_find_each_other(self):
        # Built side by side (as installed: /usr/bin and /usr/lib/<arch>), no variable needed.
        env = self.env(MOSAIC_TELEMETRY_CLI=None, MOSAIC_TELEMETRY_PRELOAD_LIB=None)
        self.bare(["bash", "-c", "pytest"], env=env)
        self.assertGates(self.one_event(), run=["test"], failed=[])
        self.server.reset()
        self.run_cmd(["bash", "-c", "pytest"], env=env)
        self.assertGates(self.one_event(), run=["test"], failed=[])

    def test_a_bad_flag_is_a_usage_error_and_runs_nothing(self):
        r = self.run_cmd(["touch", "ran"], flags=["--complexity", "huge"])
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"--complexity", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "ran")))

    def test_fifty_children_in_parallel(self):
        script = ("#!/bin/bash\n"
                  "for i in $(seq 1 49); do pytest -q tests/t$i.py & done\n"
                  "mypy --strict src & ruff check src &\n"
                  "wait\n")
        write_script(os.path.join(self.bin, "mypy"), "#!/bin/sh\nexit 1\n")
        write_script(os.path.join(self.bin, "ruff"), "#!/bin/sh\nexit 0\n")
        agent = write_script(os.path.join(self.tmp, "parallel.sh"), script)
        env = self.env(MOSAIC_TELEMETRY_PRELOAD_KEEP="1")
        r = self.bare([agent], env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        events = self.wait_events(1)
        self.assertEqual(len(events), 1, events)
        self.assertGates(events[0], run=["test", "typecheck", "lint"], failed=["typecheck"])
        # Every child's command reached the channel, whole, and so did the end of the one that
        # failed; an exit 0 writes no end (adapters/preload/report.c).
        [channel] = glob.glob(os.path.join(self.channels, "*"))
        with open(channel) as f:
            lines = f.read().splitlines()
        execs = [line.split(" ", 3) for line in lines if line.startswith("X ")]
        tools = [x for x in execs if x[3].startswith(("pytest", "mypy", "ruff"))]
        self.assertEqual(len(tools), 51)
        reaped = {line.split(" ")[2] for line in lines if line.startswith("W ")}
        failed = {x[2] for x in tools if x[3].startswith("mypy")}
        self.assertTrue(failed <= reaped)
        self.assertEqual(({x[2] for x in tools} - failed) & reaped, set())
        self.assertTrue(all(line.split(" ")[0] in "RXEFWZ" or line.startswith("mosaic")
                            for line in lines))

    def test_what_the_root_execs_is_a_gate_that_ends_with_it(self):
        # bash -c execs its last command in place: ruff becomes the root's image, a gate whose
        # result is the root's end; bash itself, the first image, is the task.
        for form in (self.bare, self.run_cmd):
            self.server.reset()
            r = form(["bash", "-c", "pytest; exec ruff check ."])
            self.assertEqual(r.returncode, 1)
            event = self.one_event()
            self.assertGates(event, run=["test", "lint"], failed=["lint"])
            self.assertEqual(event["outcome"], "failure")

    def test_a_child_that_execs_again_is_one_process(self):
        # The fork child's command is a new process (X); what it execs next is the same one (E),
        # and both end with its parent's W.
        env = self.env(MOSAIC_TELEMETRY_PRELOAD_KEEP="1")
        r = self.bare(["bash", "-c", "sh -c 'exec ruff check .'; exit 0"], env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertGates(self.wait_events(1)[0], run=["lint"], failed=["lint"])
        [channel] = glob.glob(os.path.join(self.channels, "*"))
        with open(channel) as f:
            records = [line.split(" ", 3) for line in f.read().splitlines()[1:]]
        [sh] = [x for x in records if x[0] == "X" and x[3].startswith("sh -c")]
        self.assertIn(["E", sh[2], "ruff check ."], [[x[0], x[2], x[3]] for x in records
                                                     if x[0] == "E"])
        self.assertIn(["W", sh[2], "256"], [[x[0], x[2], x[3]] for x in records
                                            if x[0] == "W"])

    def test_a_failed_exec_is_no_gate(self):
        code = ("import subprocess\n"
                "try:\n    subprocess.run(['eslint', '.'])\nexcept FileNotFoundError:\n    pass\n"
                "subprocess.run(['pytest'])\n")
        self.run_cmd([sys.executable, "-c", code])
        self.assertGates(self.one_event(), run=["test"], failed=[])

    def test_signals_give_the_outcome_and_the_exit(self):
        r = self.run_cmd(["sh", "-c", "pytest; kill -TERM $$"])
        self.assertEqual(r.returncode, -15)
        event = self.one_event()
        self.assertEqual(event["outcome"], "cancelled")
        self.assertGates(event, run=["test"], failed=[])
        self.server.reset()
        r = self.run_cmd(["sh", "-c", "kill -SEGV $$"])
        self.assertEqual(r.returncode, -11)
        self.assertEqual(self.one_event()["outcome"], "failure")

    def test_leftover_channels_of_dead_roots_are_swept(self):
        dead = subprocess.Popen(["true"])
        dead.wait()
        old = time.time() - 2 * 86400
        names = {"dead-old": (dead.pid, old), "dead-new": (dead.pid, time.time()),
                 "alive-old": (os.getpid(), old)}
        for label, (pid, mtime) in names.items():
            path = os.path.join(self.channels, "mosaic-telemetry-task-%d-%s" % (pid, label))
            with open(path, "w") as f:
                f.write("mosaic-telemetry-preload 1\n")
            os.utime(path, (mtime, mtime))
        self.bare(["true"])
        self.assertEqual(len(self.wait_events(1)), 1)
        time.sleep(0.3)
        left = sorted(name.split("-", 4)[4] for name in os.listdir(self.channels))
        self.assertEqual(left, ["alive-old", "dead-new"])

    def test_a_bare_root_killed_by_a_signal_sends_nothing(self):
        # Documented: only `run` sees a root that a signal ends.
        r = self.bare(["sh", "-c", "pytest; kill -KILL $$"])
        self.assertEqual(r.returncode, -9)
        self.no_event()


if __name__ == "__main__":
    main()
