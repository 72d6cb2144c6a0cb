"""The task every chat-completions harness's real test runs (tests/copilot_cli, tests/cline): a
work directory whose `make test` fails once then passes and an app.py to edit, the fake API's
script for it (tests/harness/fake_chat.py), the checks of the event it must become at the
reference server, and the real tests that read the same for every harness (RealTaskTests).
Only the harness's tool calls differ: its shell tool running `make test`, and its edit of
app.py."""
import os

import fake_chat

MODEL = "gpt-4.1"
MAKEFILE = "test:\n\t@test -f .passed || { touch .passed; echo FAIL; exit 1; }\n\t@echo ok\n"


def prepare_work(work):
    os.makedirs(work, exist_ok=True)
    with open(os.path.join(work, "Makefile"), "w") as f:
        f.write(MAKEFILE)
    with open(os.path.join(work, "app.py"), "w") as f:
        f.write("x = 1\n")


def script(run_tests, edit):
    """Fix the tests: run_tests (they fail), edit, run_tests (they pass), an answer. A prompt with
    "broken" gets a model API error; any other a plain answer. usage: [prompt incl. cached,
    cached, completion incl. reasoning, reasoning]."""
    return {"model": MODEL, "scripts": [
        {"user": "fix the tests", "steps": [
            dict(run_tests, usage=[900, 100, 40, 0]), dict(edit, usage=[1000, 200, 30, 5]),
            dict(run_tests, usage=[1100, 300, 20, 0]),
            {"text": "Fixed.", "usage": [1200, 400, 10, 3]}]},
        {"user": "broken", "steps": [{"error": 400, "message": "scripted failure"}]}],
        "default": {"steps": [{"text": "Plain answer.", "usage": [700, 0, 15, 0]}]}}


def delegation_scripts(run_tests, edit, delegate):
    """The scripts of a task done in one go and of a task handed to a subagent, to go before
    script()'s: "make app.py pass" runs the tests (failing), edits, runs them again (passing)
    and answers; "please delegate" calls delegate (the harness's subagent tool), whose agent
    gets the steps of the first script, then answers. usage as in script()."""
    return [
        {"user": "make app.py pass", "steps": [
            dict(run_tests, usage=[400, 0, 20, 0]), dict(edit, usage=[450, 50, 20, 0]),
            dict(run_tests, usage=[480, 60, 20, 0]), {"text": "Fixed.", "usage": [500, 0, 7, 0]}]},
        {"user": "please delegate", "steps": [dict(delegate, usage=[900, 0, 40, 0]),
                                              {"text": "Done.", "usage": [1000, 0, 10, 0]}]}]


def served_totals(served):
    """(prompt incl. cached, cached, completion incl. reasoning) the fake API reported."""
    return fake_chat.served_totals(served)[:3]


def expected_cost(served):
    """gpt-4.1 in data/prices.json: input 2e-6, cache read 5e-7, output 8e-6 per token, in
    micro-dollars."""
    inp, cached, out = served_totals(served)
    return round((inp - cached) * 2 + cached * 0.5 + out * 8)


def check_tokens(tc, event, served):
    """The event's tokens and cost are the API's figures by the token rule."""
    inp, cached, out = served_totals(served)
    tc.assertGreater(inp, 0)
    tc.assertEqual(event["actual_input_tokens"], inp)
    tc.assertEqual(event["actual_output_tokens"], out)
    tc.assertEqual(event["actual_cost_usd_micros"], expected_cost(served))


def check_fixed(tc, event, served, harness, task_type="debugging"):
    """The event of the fixed task: harness, model, tokens, the test gate passing last, the edited
    file's language, success, and the task type ("please fix the tests": debugging; None: not
    checked)."""
    tc.assertEqual(event["harness"], harness)
    tc.assertEqual(event["model"], MODEL)
    tc.assertEqual(event["provider"], "openai")
    check_tokens(tc, event, served)
    tc.assertEqual(event["quality_gates_run"], ["test"])
    tc.assertEqual(event["quality_gates_failed"], [])
    tc.assertTrue(event["quality_gate_passed"])
    tc.assertEqual(event["language"], "python")
    tc.assertEqual(event["outcome"], "success")
    if task_type:
        tc.assertEqual(event["task_type"], task_type)


class RealTaskTests:
    """Real-harness test cases every chat-completions harness shares, mixed into its test case,
    which has run_ (the harness's run: .work, .run(prompt), .api) and s (its hook session), and
    delivered() (tests/codex/cxtest.py)."""

    def test_tests_still_failing_is_partial(self):
        with open(os.path.join(self.run_.work, "Makefile"), "w") as f:
            f.write("test:\n\t@echo FAIL; exit 3\n")
        r = self.run_.run("please fix the tests")
        self.assertEqual(r.returncode, 0, r.stderr[-2000:])
        event, = self.delivered(self.s, 1, wait=30)
        self.assertEqual(event["quality_gates_failed"], ["test"])
        self.assertEqual(event["outcome"], "partial")
        self.assertEqual(event["actual_input_tokens"], served_totals(self.run_.api.served())[0])

    def test_model_api_failure(self):
        r = self.run_.run("this is broken")
        self.assertNotEqual(r.returncode, 0)
        event, = self.delivered(self.s, 1, wait=30)
        self.assertEqual(event["outcome"], "failure")
        self.assertEqual(event["actual_input_tokens"], 0)
        self.assertEqual(event["model"], MODEL)
