"""Every subcommand's surface: --help, exit codes, flag and value errors, --json input, version."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clitest  # noqa: E402
from clitest import INSTANCE, CliTestCase  # noqa: E402

SUBCOMMANDS = ["track", "flush", "predict", "status", "doctor", "config", "version"]
MINIMAL = ["--model", "m", "--complexity", "low", "--outcome", "success"]


class Help(CliTestCase):
    def test_global_help(self):
        r = self.run_cli("--help")
        self.assertEqual(r.returncode, 0)
        for name in SUBCOMMANDS:
            self.assertIn(name, r.stdout)
        self.assertEqual(r.stderr, "")

    def test_every_subcommand_has_help(self):
        for name in SUBCOMMANDS:
            with self.subTest(name):
                r = self.run_cli(name, "--help")
                self.assertEqual(r.returncode, 0, r.stderr)
                self.assertTrue(r.stdout.startswith("usage: mosaic-telemetry " + name), r.stdout)
                self.assertEqual(r.stderr, "")

    def test_no_command_is_usage(self):
        r = self.run_cli()
        self.assertEqual(r.returncode, 2)
        self.assertIn("usage:", r.stderr)
        self.assertEqual(r.stdout, "")

    def test_unknown_command(self):
        self.assertUsage(self.run_cli("frobnicate"), "unknown command 'frobnicate'")

    def test_unknown_global_flag(self):
        self.assertUsage(self.run_cli("--frob", "status"), "mosaic-telemetry: unknown flag --frob")

    def test_version(self):
        r = self.run_cli("version")
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout, r"^mosaic-telemetry \d+\.\d+\.\d+ \(Telemetry API v1, "
                                   r"event schema 1\.0, libcurl [^)]+\)\n$")


class BadFlags(CliTestCase):
    def test_unknown_flag_on_every_subcommand(self):
        for name in SUBCOMMANDS:
            with self.subTest(name):
                r = self.run_cli(name, "--foo")
                self.assertUsage(r)
                self.assertEqual(r.stderr, "mosaic-telemetry %s: unknown flag --foo\n" % name)

    def test_unknown_flag_with_value_syntax(self):
        self.assertUsage(self.run_cli("flush", "--foo=3"), "flush: unknown flag --foo")

    def test_stray_argument(self):
        self.assertUsage(self.run_cli("status", "extra"), "unexpected argument 'extra'")

    def test_missing_value(self):
        self.assertUsage(self.run_cli("track", "--model"), "--model: missing value")
        self.assertUsage(self.run_cli("track", "--model", "--outcome", "success"),
                         "--model: missing value")

    def test_switch_with_value(self):
        self.assertUsage(self.run_cli("flush", "--background=yes"), "--background takes no value")

    def test_equals_form(self):
        r = self.run_cli("track", "--model=m", "--complexity=low", "--outcome=success",
                         "--duration-ms=5")
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_numbers_are_strict(self):
        for text in ["12x", "-5", "1.5", "", " 12", "0x10", "1e3"]:
            with self.subTest(text):
                r = self.run_cli("track", *MINIMAL, "--duration-ms=" + text)
                self.assertUsage(r, "--duration-ms: expected a whole number, got '%s'" % text)
        self.assertUsage(self.run_cli("track", *MINIMAL, "--compactions", "99999999999"),
                         "--compactions: must be at most 4294967295")

    def test_range_errors_name_the_field(self):
        self.assertUsage(self.run_cli("track", *MINIMAL, "--duration-ms", "90000000"),
                         "task_duration_ms: must be 0 to 86400000")
        self.assertUsage(self.run_cli("track", *MINIMAL, "--context-utilization", "1.5"),
                         "context_utilization_final")
        self.assertUsage(self.run_cli("track", *MINIMAL, "--context-utilization", "-0.1"),
                         "--context-utilization: expected a non-negative decimal")
        self.assertUsage(self.run_cli("track", *MINIMAL, "--language", "Type Script"), "language")

    def test_enum_errors_list_the_values(self):
        r = self.run_cli("track", "--model", "m", "--complexity", "huge", "--outcome", "success")
        self.assertUsage(r, "--complexity: expected one of low, medium, high, critical; got 'huge'")
        self.assertUsage(self.run_cli("track", *MINIMAL, "--provider", "acme"),
                         "--provider: expected one of anthropic, openai")
        self.assertUsage(self.run_cli("track", *MINIMAL, "--gates-run", "build,fuzz"),
                         "--gates-run: expected one of build, lint, test")

    def test_required_fields(self):
        self.assertUsage(self.run_cli("track", "--complexity", "low", "--outcome", "success"),
                         "model: required")
        self.assertUsage(self.run_cli("track", "--model", "m", "--outcome", "success"),
                         "complexity: required")

    def test_gate_rules_come_from_the_builder(self):
        self.assertUsage(self.run_cli("track", *MINIMAL, "--gates-run", "build",
                                      "--gates-failed", "lint"), "quality_gates_failed")
        self.assertUsage(self.run_cli("track", *MINIMAL, "--gates-run", "build,build"),
                         "quality_gates_run: duplicate gate 'build'")

    def test_cost_given_twice(self):
        self.assertUsage(self.run_cli("track", *MINIMAL, "--cost-usd", "1", "--cost-micros", "5"),
                         "--cost-usd and --cost-micros")
        self.assertUsage(self.run_cli("track", *MINIMAL, "--cost-usd", "0.1234567"), "--cost-usd")

    def test_missing_instance_id(self):
        r = self.run_cli("track", *MINIMAL, env=self.env(MOSAIC_TELEMETRY_INSTANCE_ID=None))
        self.assertUsage(r, "instance_id: required")
        r = self.run_cli("track", *MINIMAL, "--instance-id", "not a uuid")
        self.assertUsage(r, "instance_id: expected 1 to 64 printable ASCII characters")
        # Another shape is sent as given: the server decides (docs/protocol.md, "Transport").
        r = self.run_cli("track", *MINIMAL, "--instance-id", "host-1")
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_track_needs_only_an_instance_id(self):
        env = self.env(MOSAIC_TELEMETRY_SERVER_URL=None, MOSAIC_TELEMETRY_API_KEY=None,
                       MOSAIC_TELEMETRY_INSTANCE_ID=None)
        r = self.run_cli("track", *MINIMAL, "--instance-id", INSTANCE, env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"^[0-9a-f-]{36}\n$")

    def test_config_errors_are_usage(self):
        env = self.env(MOSAIC_TELEMETRY_ENABLED="maybe")
        self.assertUsage(self.run_cli("track", *MINIMAL, env=env), "MOSAIC_TELEMETRY_ENABLED")
        env = self.env(MOSAIC_TELEMETRY_API_KEY="no such key")  # no header can carry it
        for name in ["flush", "track --now"]:
            with self.subTest(name):
                r = self.run_cli(*name.split(), *(MINIMAL if "track" in name else []), env=env)
                self.assertUsage(r, "api_key: must be printable ASCII without spaces")
                self.assertNotIn("such", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.spool, "pending")) and
                         os.listdir(os.path.join(self.spool, "pending")))

    def test_a_key_of_another_shape_is_a_warning_and_the_server_decides(self):
        """The Python SDK's rule (docs/protocol.md, "Transport"): msk_... is sent; the server's
        401 keeps the event in the spool; the key is never echoed."""
        env = self.env(MOSAIC_TELEMETRY_API_KEY="msk_live_secret")
        r = self.run_cli("track", *MINIMAL, "--now", env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("track: warning: api_key: expected 64 hex characters, got 15; sent as "
                      "given: the server decides", r.stderr)
        self.assertIn("kept in the spool", r.stderr)
        self.assertNotIn("secret", r.stderr + r.stdout)
        self.assertEqual(self.server.events(), [])
        r = self.run_cli("flush")  # the right key: the kept event goes
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(self.server.events()), 1)

    def test_bad_spool_bound_variable(self):
        r = self.run_cli("track", *MINIMAL, env=self.env(MOSAIC_TELEMETRY_SPOOL_MAX_EVENTS="ten"))
        self.assertUsage(r, "MOSAIC_TELEMETRY_SPOOL_MAX_EVENTS: expected a whole number")

    def test_flush_timeout_value(self):
        self.assertUsage(self.run_cli("flush", "--timeout", "soon"), "--timeout")

    def test_predict_needs_its_four_dimensions(self):
        self.assertUsage(self.run_cli("predict", "--model", "m"), "--task-type: required")
        self.assertUsage(self.run_cli("predict", "--task-type", "testing", "--provider", "x",
                                      "--complexity", "low", "--model", "m"),
                         "--provider: expected one of")

    def test_disabled_track_records_nothing(self):
        r = self.run_cli("track", *MINIMAL, env=self.env(MOSAIC_TELEMETRY_ENABLED="false"))
        self.assertEqual(r.returncode, 0)
        self.assertEqual(r.stdout, "")
        self.assertIn("disabled", r.stderr)
        self.assertFalse(os.path.exists(self.spool))


class JsonInput(CliTestCase):
    def track_json(self, text):
        return self.run_cli("track", "--json", "-", input=text)

    def test_bad_json(self):
        cases = {
            '{"model": "m",': "not valid JSON",
            "": "not valid JSON",
            "[1, 2]": "expected exactly one JSON object",
            '{"model":"m","complexity":"low","outcome":"success"} {}':
                "expected exactly one JSON object",
            "null": "expected exactly one JSON object",
            '{"model":"m","complexity":"low","outcome":"success","colour":"red"}':
                "colour: unknown field",
            '{"model":"m","complexity":"low","outcome":"success","task_duration_ms":"5"}':
                "task_duration_ms: expected an integer",
            '{"model":"m","complexity":"low","outcome":"great"}': "outcome: expected one of",
            '{"model":"m","complexity":"low"}': "outcome: required",
        }
        for text, message in cases.items():
            with self.subTest(text):
                self.assertUsage(self.track_json(text), message)
        self.assertFalse(os.path.isdir(os.path.join(self.spool, "pending")) and
                         os.listdir(os.path.join(self.spool, "pending")))

    def test_missing_file(self):
        self.assertUsage(self.run_cli("track", "--json", os.path.join(self.tmp, "nope.json")),
                         "cannot open")

    def test_json_and_flags_do_not_mix(self):
        self.assertUsage(self.run_cli("track", "--json", "-", "--model", "m", input="{}"),
                         "--json and --model")

    def test_complete_event_is_kept_as_given(self):
        event = clitest.make_event(language="rust", quality_gates_run=["build"])
        path = os.path.join(self.tmp, "event.json")
        with open(path, "w") as f:
            json.dump(event, f)
        r = self.run_cli("track", "--json", path)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.strip(), event["event_id"])
        self.assertEqual(self.run_cli("flush").returncode, 0)
        self.assertEqual(self.server.events(), [event])

    def test_partial_event_is_completed(self):
        r = self.track_json('{"model": "gpt-5", "complexity": "high", "outcome": "partial", '
                            '"provider": "openai", "actual_input_tokens": 7}')
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.run_cli("flush").returncode, 0)
        [stored] = self.server.events()
        self.assertEqual(stored["event_id"], r.stdout.strip())
        self.assertEqual(stored["instance_id"], INSTANCE)
        self.assertEqual(stored["schema_version"], "1.0")
        self.assertEqual((stored["model"], stored["provider"], stored["actual_input_tokens"]),
                         ("gpt-5", "openai", 7))
        self.assertEqual((stored["task_type"], stored["harness"]), ("unknown", "unknown"))


if __name__ == "__main__":
    clitest.main()
