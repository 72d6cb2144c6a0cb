"""The config file and `config set|get|unset|list|path`: real files, the real binary, the
reference server. A hook whose harness filtered its environment finds everything in the file;
the environment wins over it; the key is never printed in full; an unsafe file is refused."""
import json
import os
import stat
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clitest  # noqa: E402
from clitest import INSTANCE, KEY, CliTestCase  # noqa: E402

MINIMAL = ["--model", "claude-sonnet-4-5", "--complexity", "medium", "--outcome", "success"]


class ConfigTestCase(CliTestCase):
    def setUp(self):
        super().setUp()
        # configured_env points XDG_CONFIG_HOME here.
        self.config_home = os.path.join(self.tmp, "config-home")
        self.path = os.path.join(self.config_home, "mosaic-telemetry", "config")

    def config(self, *args, env=None, input=None):
        return self.run_cli("config", *args, env=env, input=input)

    def config_ok(self, *args, env=None, input=None):
        r = self.config(*args, env=env, input=input)
        self.assertEqual(r.returncode, 0, r.stderr)
        return r.stdout

    def hook_env(self, **settings):
        """What a hook gets from a harness that filters the environment: no MOSAIC_TELEMETRY_*
        variable at all, and none whose name holds KEY."""
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("MOSAIC_TELEMETRY_") and "KEY" not in k
               and not k.startswith("XDG_")}
        env["XDG_CONFIG_HOME"] = self.config_home
        env["HOME"] = os.path.join(self.tmp, "hook-home")  # default spool and state: not the user's
        env.update(settings)
        return env

    def write(self, text, mode=0o600, path=None):
        path = path or self.path
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, mode)
        return path

    def read(self):
        with open(self.path) as f:
            return f.read()

    def configure_file(self, server_url=None):
        """server url, key (from stdin), instance id and spool dir, all in the file."""
        self.config_ok("set", "server_url", server_url or self.server.url)
        self.config_ok("set", "api_key", "-", input=KEY + "\n")
        self.config_ok("set", "instance_id", INSTANCE)
        self.config_ok("set", "spool_dir", self.spool)


class SetGetUnsetList(ConfigTestCase):
    def test_path_follows_xdg_then_home_then_file_flag(self):
        self.assertEqual(self.config_ok("path"), self.path + "\n")
        home = os.path.join(self.tmp, "home")
        env = self.env(XDG_CONFIG_HOME=None, HOME=home)
        self.assertEqual(self.config_ok("path", env=env),
                         home + "/.config/mosaic-telemetry/config\n")
        other = os.path.join(self.tmp, "other.conf")
        self.assertEqual(self.config_ok("path", "--file", other), other + "\n")
        self.assertFalse(os.path.exists(self.config_home))  # looking creates nothing

    def test_set_get_unset_list(self):
        self.config_ok("set", "server_url", "https://tel.example.com")
        self.config_ok("set", "MOSAIC_TELEMETRY_INSTANCE_ID", INSTANCE)
        self.config_ok("set", "Dry-Run", "yes")
        self.assertEqual(self.config_ok("get", "server_url"), "https://tel.example.com\n")
        self.assertEqual(self.config_ok("get", "instance_id"), INSTANCE + "\n")
        self.assertEqual(self.config_ok("list"),
                         "MOSAIC_TELEMETRY_SERVER_URL=https://tel.example.com\n"
                         "MOSAIC_TELEMETRY_INSTANCE_ID=%s\n"
                         "MOSAIC_TELEMETRY_DRY_RUN=yes\n" % INSTANCE)
        self.config_ok("set", "server_url", "https://other.example.com")  # replaced in place
        self.assertEqual(self.config_ok("list").splitlines()[0],
                         "MOSAIC_TELEMETRY_SERVER_URL=https://other.example.com")
        self.config_ok("unset", "server_url")
        r = self.config("get", "server_url")
        self.assertEqual((r.returncode, r.stdout), (1, ""))
        self.assertEqual(r.stderr, "mosaic-telemetry config get: MOSAIC_TELEMETRY_SERVER_URL: "
                                   "not set in %s\n" % self.path)
        self.config_ok("unset", "server_url")  # absent: nothing to do
        self.assertEqual(len(self.config_ok("list").splitlines()), 2)

    def test_missing_file(self):
        self.assertEqual(self.config_ok("list"), "")
        self.assertEqual(self.config("get", "api_key").returncode, 1)
        self.config_ok("unset", "api_key")
        self.assertFalse(os.path.exists(self.config_home))  # unset creates nothing

    def test_file_flag(self):
        other = os.path.join(self.tmp, "elsewhere", "config")
        self.config_ok("set", "log_level", "debug", "--file", other)
        self.config_ok("--file=" + other, "set", "enabled", "off")
        self.assertEqual(self.config_ok("list", "--file", other),
                         "MOSAIC_TELEMETRY_LOG_LEVEL=debug\nMOSAIC_TELEMETRY_ENABLED=off\n")
        self.assertFalse(os.path.exists(self.path))

    def test_modes_0600_and_0700_and_no_temp_file_left(self):
        self.config_ok("set", "instance_id", INSTANCE)
        self.assertEqual(stat.S_IMODE(os.stat(self.path).st_mode), 0o600)
        self.assertEqual(stat.S_IMODE(os.stat(os.path.dirname(self.path)).st_mode), 0o700)
        self.assertEqual(stat.S_IMODE(os.stat(self.config_home).st_mode), 0o700)
        self.assertEqual(os.listdir(os.path.dirname(self.path)), ["config"])

    def test_other_lines_and_comments_kept_in_order(self):
        self.write("# mine\n\nMOSAIC_TELEMETRY_SERVER_URL=https://a.example.com\n"
                   "  # indented\nMOSAIC_TELEMETRY_DRY_RUN=no\n")
        self.config_ok("set", "server_url", "https://b.example.com")
        self.config_ok("set", "log_level", "info")
        self.config_ok("unset", "dry_run")
        self.assertEqual(self.read(),
                         "# mine\n\nMOSAIC_TELEMETRY_SERVER_URL=https://b.example.com\n"
                         "  # indented\nMOSAIC_TELEMETRY_LOG_LEVEL=info\n")

    def test_concurrent_sets_lose_nothing(self):
        names = ["server_url", "instance_id", "enabled", "dry_run", "log_level", "spool_dir",
                 "spool_max_events", "spool_max_bytes"]
        values = ["https://x.example.com", INSTANCE, "true", "false", "warn", "/tmp/s", "99",
                  "100000"]
        procs = [subprocess.Popen([clitest.BIN, "config", "set", n, v], env=self.env(),
                                  stderr=subprocess.PIPE) for n, v in zip(names, values)]
        for p in procs:
            self.assertEqual(p.wait(timeout=30), 0, p.stderr.read())
            p.stderr.close()
        self.assertEqual(len(self.config_ok("list").splitlines()), len(names))


class TheKey(ConfigTestCase):
    def assertMasked(self, text):
        self.assertNotIn(KEY, text)
        self.assertNotIn(KEY[:-4], text)

    def test_never_printed_in_full(self):
        r = self.config("set", "api_key", "-", input=KEY + "\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("MOSAIC_TELEMETRY_API_KEY=%s\n" % KEY, self.read())
        outputs = [r.stdout + r.stderr]
        for args in [("get", "api_key"), ("list",), ("get", "MOSAIC_TELEMETRY_API_KEY")]:
            r = self.config(*args)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("****" + KEY[-4:], r.stdout)
            outputs.append(r.stdout + r.stderr)
        env = self.env(MOSAIC_TELEMETRY_API_KEY=None)
        for command in ("status", "doctor"):
            r = self.run_cli(command, env=env)
            self.assertIn("****" + KEY[-4:], r.stdout)
            outputs.append(r.stdout + r.stderr)
        for text in outputs:
            self.assertMasked(text)

    def test_set_from_argv_also_masked_back(self):
        r = self.config("set", "api_key", KEY, env=self.hook_env())
        self.assertEqual((r.returncode, r.stdout, r.stderr), (0, "", ""))
        self.assertEqual(self.config_ok("get", "api_key"), "****%s\n" % KEY[-4:])

    def test_a_key_of_another_shape_is_kept_with_a_note_never_echoed(self):
        r = self.config("set", "api_key", "-", input=KEY[:-1] + "\n", env=self.hook_env())
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr, "mosaic-telemetry config set: note: api_key: expected 64 hex "
                                   "characters, got 63; kept as given: the server decides\n")
        self.assertMasked(r.stderr)
        self.assertEqual(self.config_ok("get", "api_key"), "****%s\n" % KEY[-5:-1])

    def test_a_key_no_header_can_carry_refused_without_echo(self):
        r = self.config("set", "api_key", "-", input=KEY[:20] + " " + KEY[21:] + "\n")
        self.assertUsage(r, "config set: api_key: must be printable ASCII without spaces "
                            "(position 21 is not)")
        self.assertMasked(r.stderr)
        self.assertFalse(os.path.exists(self.path))


class BadInput(ConfigTestCase):
    def test_values_checked_before_writing(self):
        cases = [
            (("enabled", "maybe"), "config set: MOSAIC_TELEMETRY_ENABLED: expected "
                                   "true/1/yes/on or false/0/no/off, got 'maybe'"),
            (("spool_max_events", "12x"), "MOSAIC_TELEMETRY_SPOOL_MAX_EVENTS: expected a whole "
                                          "number, got '12x'"),
            (("spool_max_events", "0"), "spool_limits: at least 1 event"),
            (("instance_id", "no pe"), "instance_id: expected a UUID (at most 64 printable"),
            (("server_url", "ftp://x.example.com"), "server_url: expected http(s)://"),
            (("log_level", "loud"), "MOSAIC_TELEMETRY_LOG_LEVEL: expected debug, info"),
            (("server_url", ""), "VALUE: must not be empty"),
            (("colour", "red"), "NAME: unknown setting 'colour' (one of server_url, api_key,"),
        ]
        for args, message in cases:
            with self.subTest(args):
                r = self.config("set", *args)
                self.assertUsage(r, message)
                self.assertEqual(len(r.stderr.splitlines()), 1)
        self.assertFalse(os.path.exists(self.config_home))

    def test_usage(self):
        r = self.config("--help")
        self.assertEqual(r.returncode, 0)
        self.assertTrue(r.stdout.startswith("usage: mosaic-telemetry config set NAME VALUE"))
        self.assertIn("config set api_key -", r.stdout)
        self.assertUsage(self.config(), "config: expected set, get, unset, list or path")
        self.assertUsage(self.config("frob"), "unknown action 'frob'")
        self.assertUsage(self.config("set", "api_key"), "expected set NAME VALUE")
        self.assertUsage(self.config("list", "extra"), "list takes no argument")
        self.assertUsage(self.config("get", "a", "b", "c"), "unexpected argument 'c'")
        self.assertUsage(self.config("list", "--file"), "--file: missing value PATH")
        self.assertUsage(self.config("list", "--frob"), "config: unknown flag --frob")

    def test_a_bad_file_is_not_edited(self):
        self.write("MOSAIC_TELEMETRY_SERVER_URL=https://a.example.com\nMOSAIC_TELEMETRY_KEY=x\n")
        before = self.read()
        r = self.config("set", "dry_run", "true")
        self.assertUsage(r, "%s:2: unknown setting 'MOSAIC_TELEMETRY_KEY'" % self.path)
        self.assertEqual(self.read(), before)


class HookReadsTheFile(ConfigTestCase):
    def test_track_with_everything_from_the_file_alone(self):
        self.configure_file()
        env = self.hook_env()
        self.assertFalse([k for k in env if k.startswith("MOSAIC_TELEMETRY_")])
        r = self.run_cli("track", *MINIMAL, "--now", env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        event_id = r.stdout.strip()
        self.assertEqual(self.server.event_ids(), [event_id])
        self.assertEqual(self.server.events()[0]["instance_id"], INSTANCE)
        self.assertTrue(os.path.isdir(os.path.join(self.spool, "pending")))  # the file's spool

    def test_flush_from_the_file_alone(self):
        self.configure_file()
        ids = [self.track(env=self.hook_env()) for _ in range(3)]
        r = self.run_cli("flush", env=self.hook_env())
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "sent 3, duplicate 0, rejected 0, dropped 0, kept 0\n")
        self.assertEqual(sorted(self.server.event_ids()), sorted(ids))

    def test_environment_wins_over_the_file(self):
        self.configure_file(server_url=clitest.dead_url())
        env = self.hook_env(MOSAIC_TELEMETRY_SERVER_URL=self.server.url)
        r = self.run_cli("track", *MINIMAL, "--now", env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.server.event_ids(), [r.stdout.strip()])
        values, origins = self.status(env=env, origins=True)
        self.assertEqual(values["server_url"], self.server.url)
        self.assertEqual(origins["server_url"], "environment")
        self.assertEqual(origins["api_key"], self.path)
        self.assertEqual(origins["spool_dir"], self.path)
        self.assertEqual(values["config_file"], self.path)

    def test_empty_variable_counts_as_unset(self):
        self.configure_file()
        env = self.hook_env(MOSAIC_TELEMETRY_SERVER_URL="", MOSAIC_TELEMETRY_INSTANCE_ID="")
        r = self.run_cli("track", *MINIMAL, "--now", env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.server.event_ids(), [r.stdout.strip()])

    def test_set_says_when_the_environment_wins(self):
        r = self.config("set", "server_url", "https://file.example.com")
        self.assertEqual(r.returncode, 0)
        self.assertEqual(r.stderr, "mosaic-telemetry config set: note: "
                                   "MOSAIC_TELEMETRY_SERVER_URL is set in the environment, "
                                   "which wins over the file\n")


class UnsafeFile(ConfigTestCase):
    def test_group_readable_file_refused(self):
        self.configure_file()
        os.chmod(self.path, 0o640)
        for args in (["track", *MINIMAL], ["flush"], ["config", "list"]):
            with self.subTest(args[0]):
                r = self.run_cli(*args, env=self.hook_env())
                self.assertUsage(r, "%s: readable by others (mode 0640); run chmod 600 %s"
                                 % (self.path, self.path))
                self.assertEqual(len(r.stderr.splitlines()), 1)
        self.assertEqual(self.server.events(), [])

    def test_world_readable_file_refused_even_with_the_environment_set(self):
        self.write("MOSAIC_TELEMETRY_DRY_RUN=false\n", mode=0o644)
        r = self.run_cli("track", *MINIMAL)
        self.assertUsage(r, "readable by others (mode 0644); run chmod 600")

    def test_symbolic_link_refused(self):
        real = self.write("MOSAIC_TELEMETRY_INSTANCE_ID=%s\n" % INSTANCE,
                          path=os.path.join(self.tmp, "real-config"))
        os.makedirs(os.path.dirname(self.path))
        os.symlink(real, self.path)
        r = self.run_cli("track", *MINIMAL, env=self.hook_env())
        self.assertUsage(r, "%s: a symbolic link" % self.path)

    def test_bad_value_names_the_variable_and_the_file(self):
        self.write("MOSAIC_TELEMETRY_INSTANCE_ID=%s\nMOSAIC_TELEMETRY_ENABLED=maybe\n" % INSTANCE)
        r = self.run_cli("track", *MINIMAL, env=self.hook_env())
        self.assertUsage(r, "track: MOSAIC_TELEMETRY_ENABLED: expected true/1/yes/on or "
                            "false/0/no/off, got 'maybe' (in %s)" % self.path)

    def test_status_and_doctor_show_the_refusal(self):
        self.write("MOSAIC_TELEMETRY_DRY_RUN=false\n", mode=0o604)
        values = self.status()
        self.assertIn("readable by others (mode 0604)", values["config_error"])
        self.assertEqual(values["config_file"], self.path + " (refused, see config_error)")
        r = self.run_cli("doctor")
        self.assertEqual(r.returncode, 1)
        self.assertIn("FAIL  config: %s: readable by others" % self.path, r.stdout)


class StatusAndDoctorOrigins(ConfigTestCase):
    def test_doctor_shows_origins_and_passes_from_the_file(self):
        self.configure_file()
        env = self.hook_env(MOSAIC_TELEMETRY_INSTANCE_ID=INSTANCE)
        r = self.run_cli("doctor", env=env)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        values, origins = clitest.parse_status(
            "\n".join(line for line in r.stdout.splitlines() if line.startswith("      ")))
        self.assertEqual(values["api_key"], "****" + KEY[-4:])
        self.assertEqual(origins, {"server_url": self.path, "api_key": self.path,
                                   "instance_id": "environment", "enabled": "default",
                                   "history": "default"})
        self.assertIn("ok    spool: %s (from %s) is writable" % (self.spool, self.path), r.stdout)
        self.assertNotIn(KEY, r.stdout + r.stderr)

    def test_doctor_fix_points_where_the_value_came_from(self):
        self.write("MOSAIC_TELEMETRY_API_KEY=ab\tc\n")
        r = self.run_cli("doctor", env=self.hook_env(MOSAIC_TELEMETRY_SERVER_URL=self.server.url))
        self.assertIn("FAIL  config: api_key: must be printable ASCII without spaces (position 3 "
                      "is not)", r.stdout)
        self.assertIn("fix: correct it in %s: mosaic-telemetry config set api_key -" % self.path,
                      r.stdout)
        r = self.run_cli("doctor", env=self.env(MOSAIC_TELEMETRY_API_KEY="abc"))
        self.assertIn("warn  config: api_key: expected 64 hex characters, got 3; sent as given: "
                      "the server decides", r.stdout)
        self.assertIn("if it is wrong: set MOSAIC_TELEMETRY_API_KEY to your key (64 hex "
                      "characters) (the environment wins over the config file)", r.stdout)


if __name__ == "__main__":
    clitest.main()


class ClaudeCodeHookReadsTheFile(ConfigTestCase):
    """The reason for the file: a harness runs the hook in an environment it filtered. The hook
    installed the way a user would finds server, key and instance id in the file, and install
    writes no key into the harness's settings."""

    def setUp(self):
        super().setUp()
        self.home = os.path.join(self.tmp, "home")
        os.makedirs(self.home)

    def hook(self, payload, env):
        r = subprocess.run([clitest.BIN, "hook", "claude-code"], input=json.dumps(payload),
                           env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual((r.returncode, r.stdout, r.stderr), (0, "", ""))

    def test_install_writes_no_key_and_the_hook_sends_from_the_file(self):
        self.configure_file()
        env = self.env(HOME=self.home, CLAUDE_CONFIG_DIR=None)  # the key is in it too
        r = self.run_cli("install", "claude-code", env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(os.path.join(self.home, ".claude", "settings.json")) as f:
            settings = f.read()
        self.assertIn(" hook claude-code", settings)
        self.assertNotIn(KEY, settings)
        self.assertNotIn("MOSAIC_TELEMETRY", settings)

        transcript = os.path.join(self.tmp, "transcript.jsonl")
        open(transcript, "w").close()
        hook_env = self.hook_env(HOME=self.home, MOSAIC_TELEMETRY_CLAUDE_GRACE_MS="0")
        base = {"session_id": "file-session", "transcript_path": transcript, "cwd": self.tmp}
        self.hook(dict(base, hook_event_name="UserPromptSubmit", prompt="fix the failing test"),
                  hook_env)
        self.hook(dict(base, hook_event_name="Stop", stop_hook_active=False), hook_env)
        deadline = time.monotonic() + 20  # the background flusher sends it
        while not self.server.events() and time.monotonic() < deadline:
            time.sleep(0.05)
        events = self.server.events()
        self.assertEqual(len(events), 1, "the hook's event never reached the server")
        event = events[0]
        self.assertEqual(event["harness"], "claude_code")
        self.assertEqual(event["instance_id"], INSTANCE)
        self.assertEqual(event["task_type"], "bugfix")
