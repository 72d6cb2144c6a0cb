"""The shim never harms its host: exit statuses, stdout and stderr are byte-identical with and
without it (signals and crashes included); setuid and static programs simply go unseen; an
unwritable spool is silent; the watched processes load neither libcurl nor json-c and start no
thread; a cleared environment stays cleared unless asked otherwise."""
import os
import pwd
import shutil
import subprocess
import unittest

from preloadtest import NODE, PYTHON, PreloadTestCase, main, write_script

# Commands whose outputs must not change; none prints a pid or a time.
COMMANDS = [
    ["sh", "-c", "echo out; echo err >&2; exit 3"],
    ["sh", "-c", "kill -TERM $$"],
    ["sh", "-c", "kill -KILL $$"],
    [PYTHON, "-c", "import os; print('bye', flush=True); os.abort()"],
    [PYTHON, "-c", "import ctypes; ctypes.string_at(0)"],
    ["bash", "-c", "for i in $(seq 1 3000); do echo line $i; done; ls /nonexistent-dir"],
    ["bash", "-c", "sh -c 'exit 7'; echo status $?; nonexistent-command-xyz"],
    ["bash", "-c", "pytest | tr a-z A-Z; ruff check . 2>&1 | wc -l; exit 4"],
    ["make", "-f", "/dev/null", "no-such-target"],
    ["env", "-i", "/bin/sh", "-c", "echo cleared; exit 5"],
    [PYTHON, "-c", "import subprocess, sys; sys.exit(subprocess.call(['mypy', 'x']) + 8)"],
]
if NODE:
    COMMANDS.append([NODE, "-e", "process.stdout.write('x'); process.stderr.write('y'); "
                     "process.exitCode = 6"])


def outputs(result):
    return result.returncode, result.stdout, result.stderr


class IdenticalOutputTest(PreloadTestCase):

    def test_commands_behave_the_same_with_and_without_the_shim(self):
        for argv in COMMANDS:
            with self.subTest(argv=argv):
                plain = outputs(self.plain(argv))
                self.assertEqual(outputs(self.bare(argv)), plain)
                self.assertEqual(outputs(self.run_cmd(argv)), plain)

    def test_a_static_child_runs_unseen(self):
        cc = os.environ.get("MOSAIC_CC") or shutil.which("cc")
        source = write_script(os.path.join(self.tmp, "static.c"),
                              '#include <stdio.h>\nint main(void) { puts("static"); '
                              'return 9; }\n', 0o644)
        program = os.path.join(self.bin, "static-tool")
        if not cc or subprocess.run([cc, "-static", "-o", program, source],
                                    capture_output=True).returncode != 0:
            self.skipTest("no static C library to link a static program with")
        argv = ["bash", "-c", "static-tool; echo status $?; pytest"]
        plain = outputs(self.plain(argv))
        self.assertEqual(outputs(self.bare(argv)), plain)
        self.assertGates(self.one_event(), run=["test"], failed=[])

    @unittest.skipUnless(os.geteuid() == 0 and shutil.which("setpriv"),
                         "needs root and setpriv to run a setuid program as another user")
    def test_a_setuid_child_runs_unseen(self):
        # As an unprivileged user, the setuid passwd runs in secure-execution mode: ld.so does
        # not load a preload path with a slash, and says nothing about it.
        nobody = pwd.getpwnam("nobody")
        argv = ["setpriv", "--reuid=%d" % nobody.pw_uid, "--regid=%d" % nobody.pw_gid,
                "--clear-groups", "--", "bash", "-c", "/usr/bin/passwd --help; echo $?"]
        plain = outputs(self.plain(argv))
        self.assertEqual(outputs(self.bare(argv)), plain)


class SilenceTest(PreloadTestCase):

    def test_an_unwritable_spool_is_silent(self):
        blocker = os.path.join(self.tmp, "file")
        open(blocker, "w").close()
        env = self.env(MOSAIC_TELEMETRY_SPOOL_DIR=os.path.join(blocker, "spool"))
        argv = ["bash", "-c", "pytest; ruff check .; echo done"]
        plain = outputs(self.plain(argv, env=env))
        self.assertEqual(outputs(self.bare(argv, env=env)), plain)
        self.assertEqual(outputs(self.run_cmd(argv, env=env)), plain)
        self.no_event()
        self.assertNoChannelLeft()

    def test_disabled_telemetry_makes_no_task(self):
        env = self.env(MOSAIC_TELEMETRY_ENABLED="false")
        argv = ["bash", "-c", "pytest"]
        self.assertEqual(outputs(self.bare(argv, env=env)), outputs(self.plain(argv, env=env)))
        self.assertEqual(outputs(self.run_cmd(argv, env=env)), outputs(self.plain(argv, env=env)))
        self.no_event(wait=0.5)
        self.assertEqual(os.listdir(self.channels), [])


class FootprintTest(PreloadTestCase):

    def test_watched_processes_load_no_engine_and_start_no_thread(self):
        # The root (bash) and a child (cat) both: maps and thread counts of the processes.
        argv = ["bash", "-c", "cat /proc/$$/maps /proc/$$/status; "
                "cat /proc/self/maps /proc/self/status"]
        for form in (self.bare, self.run_cmd):
            out = form(argv).stdout.decode()
            self.assertIn("libmosaic-telemetry-preload.so", out)
            for library in ("libcurl", "libjson-c", "libmosaic-telemetry.so", "libssl"):
                self.assertNotIn(library, out)
            threads = [line.split()[1] for line in out.splitlines()
                       if line.startswith("Threads:")]
            self.assertEqual(threads, ["1", "1"])

    def test_only_libc_names_are_exported(self):
        out = subprocess.run(["nm", "-D", "--defined-only", os.environ["MOSAIC_PRELOAD_SHIM"]],
                             capture_output=True, text=True)
        if out.returncode != 0:
            self.skipTest("nm is not available")
        names = sorted(line.split()[-1] for line in out.stdout.splitlines() if line.strip())
        self.assertEqual(names, sorted([
            "_Exit", "_exit", "execl", "execle", "execlp", "execv", "execve", "execvp",
            "execvpe", "posix_spawn", "posix_spawnp", "system", "wait", "wait3", "wait4",
            "waitid", "waitpid"]))


class EnvironmentTest(PreloadTestCase):

    def setUp(self):
        super().setUp()
        # What steps.sh runs is seen only by a shim loaded in the shell that runs it.
        write_script(os.path.join(self.tmp, "steps.sh"), "%s/mypy src\nenv\n" % self.bin)
        self.argv = ["bash", "-c", "env -i /bin/sh steps.sh; echo end"]

    def test_a_cleared_environment_stays_cleared(self):
        r = self.bare(self.argv)
        self.assertEqual(r.stdout.decode().split("\n")[1:], ["PWD=" + self.tmp, "end", ""])
        self.assertGates(self.one_event(), run=[], failed=[])

    def test_reinjection_brings_the_shim_back_when_asked(self):
        self.bare(self.argv, env=self.env(MOSAIC_TELEMETRY_PRELOAD_REINJECT="1"))
        self.assertGates(self.one_event(), run=["typecheck"], failed=[])

    def test_an_environment_that_keeps_the_shim_stays_in_the_task(self):
        # A child given LD_PRELOAD but not the task's variable would start a second task.
        code = ("import os, subprocess\n"
                "env = {'PATH': os.environ['PATH'], 'LD_PRELOAD': os.environ['LD_PRELOAD']}\n"
                "subprocess.run(['bash', '-c', 'pytest'], env=env)\n")
        self.bare([PYTHON, "-c", code])
        self.assertGates(self.one_event(), run=["test"], failed=[])


if __name__ == "__main__":
    main()
