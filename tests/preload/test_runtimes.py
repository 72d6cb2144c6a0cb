"""How runtimes start commands: Python's subprocess (vfork, posix_spawn and fork+exec paths, plus
os.system and os.posix_spawnp) and Node's child_process (fork + execvp through libuv). Each
path runs a different fake tool, so each gate in the event proves that path was seen."""
import os
import unittest

from preloadtest import NODE, PYTHON, PreloadTestCase, main, write_script

# vfork: the default (close_fds=True, no preexec_fn) on Linux since Python 3.10.
# posix_spawn: close_fds=False and a path with a directory (Python 3.8+).
# fork + exec: a preexec_fn forbids both.
PYTHON_AGENT = r"""
import os, shutil, subprocess, sys
tool = shutil.which
subprocess.run(["pytest", "-q"])                                        # vfork
subprocess.run([tool("ruff"), "check", "."], close_fds=False)          # posix_spawn
subprocess.run(["mypy", "src"], preexec_fn=lambda: None)               # fork + exec
os.system("cargo build --release")                                     # system()
pid = os.posix_spawnp("prettier", ["prettier", "--check", "."], os.environ)
os.waitpid(pid, 0)                                                     # posix_spawnp
out = subprocess.run(["pytest", "-q"], capture_output=True).stdout     # pipes, vfork
sys.stdout.write(out.decode())
sys.exit(3)
"""

NODE_AGENT = r"""
const cp = require("child_process");
cp.spawnSync("pytest", ["-q"], {stdio: "inherit"});
try { cp.execSync("ruff check .", {stdio: "pipe"}); } catch (e) {}
cp.execFileSync("mypy", ["src"]);
const child = cp.spawn("prettier", ["--check", "."]);
child.on("exit", (code) => {
  cp.exec("cargo build", (err) => { process.exitCode = code; });
});
"""

ALL_GATES = ["test", "lint", "typecheck", "build", "format"]
FAILED = ["lint", "format"]  # ruff exits 1, prettier 2


class PythonTest(PreloadTestCase):

    def setUp(self):
        super().setUp()
        self.agent = write_script(os.path.join(self.tmp, "agent.py"), PYTHON_AGENT)

    def check(self, result):
        self.assertEqual(result.returncode, 3, result.stderr)
        self.assertEqual(result.stderr, b"")
        event = self.one_event()
        self.assertGates(event, run=ALL_GATES, failed=FAILED)
        self.assertEqual(event["outcome"], "failure")
        return result

    def test_every_spawn_path_through_run(self):
        plain = self.plain([PYTHON, self.agent])
        self.assertEqual(self.check(self.run_cmd([PYTHON, self.agent])).stdout, plain.stdout)

    def test_every_spawn_path_bare(self):
        plain = self.plain([PYTHON, self.agent])
        self.assertEqual(self.check(self.bare([PYTHON, self.agent])).stdout, plain.stdout)


@unittest.skipUnless(NODE, "node is not installed")
class NodeTest(PreloadTestCase):

    def setUp(self):
        super().setUp()
        self.agent = write_script(os.path.join(self.tmp, "agent.js"), NODE_AGENT)

    def check(self, result, plain):
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertEqual((result.stdout, result.stderr), (plain.stdout, plain.stderr))
        event = self.one_event()
        self.assertGates(event, run=ALL_GATES, failed=FAILED)
        self.assertEqual(event["outcome"], "failure")

    def test_child_process_through_run(self):
        self.check(self.run_cmd([NODE, self.agent]), self.plain([NODE, self.agent]))

    def test_child_process_bare(self):
        self.check(self.bare([NODE, self.agent]), self.plain([NODE, self.agent]))


if __name__ == "__main__":
    main()
