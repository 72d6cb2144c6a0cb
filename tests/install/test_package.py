"""What a user gets from an install that is not where the build configured it: `cmake --install
--prefix` into a scratch directory (relocated), or the Debian package unpacked with dpkg-deb -x
(deb). The command must run from there, find its preload shim relative to itself (a `run` whose
quality gates are seen), report a `track`, say where the shim is in `doctor`, and ship its man
page.

Usage: test_package.py relocated|deb BUILD_DIR  (MOSAIC_SERVER_SCRIPT names the reference server)
"""
import glob
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "server"))
import control  # noqa: E402

SKIP = 77


def install_relocated(build, root):
    subprocess.run(["cmake", "--install", build, "--prefix", root], check=True,
                   capture_output=True)
    return root


def install_deb(build, root):
    """Builds the package and unpacks it: the tree under root/usr, as dpkg would lay it out."""
    out = os.path.join(root, "package")
    r = subprocess.run(["cpack", "-G", "DEB", "--config", os.path.join(build, "CPackConfig.cmake"),
                        "-B", out], capture_output=True, text=True, cwd=build)
    if r.returncode != 0:
        raise AssertionError("cpack failed: " + (r.stderr or r.stdout)[-2000:])
    deb, = glob.glob(os.path.join(out, "*.deb"))
    info = subprocess.run(["dpkg-deb", "--info", deb], capture_output=True, text=True,
                          check=True).stdout
    assert "Depends:" in info and "libjson-c" in info and "libcurl" in info, info
    unpacked = os.path.join(root, "unpacked")
    subprocess.run(["dpkg-deb", "-x", deb, unpacked], check=True)
    return os.path.join(unpacked, "usr")


class Package(control.ServerTestCase):
    mode = build = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.installed = tempfile.mkdtemp(prefix="mosaic-package-")
        installer = install_deb if cls.mode == "deb" else install_relocated
        cls.pristine = installer(cls.build, os.path.join(cls.installed, "root"))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.installed, ignore_errors=True)
        super().tearDownClass()

    def setUp(self):
        super().setUp()
        # Each test gets its own copy of the installed tree (one removes the shim): moved once
        # more, which the command must not mind either.
        self.root = os.path.join(self.tmp, "copy")
        shutil.copytree(self.pristine, self.root, symlinks=True)
        self.cli = os.path.join(self.root, "bin", "mosaic-telemetry")
        self.bin = os.path.join(self.tmp, "tools")
        os.mkdir(self.bin)
        with open(os.path.join(self.bin, "pytest"), "w") as f:
            f.write("#!/bin/sh\necho 'pytest: 3 passed'\nexit 0\n")
        os.chmod(os.path.join(self.bin, "pytest"), 0o755)

    def env(self):
        env = control.configured_env(self.server.url, os.path.join(self.tmp, "spool"),
                                     drop=("LD_PRELOAD", "LD_LIBRARY_PATH"))
        env["PATH"] = self.bin + ":" + env.get("PATH", "/usr/bin:/bin")
        return env

    def run_cli(self, *args):
        return subprocess.run([self.cli, *args], env=self.env(), capture_output=True, text=True,
                              cwd=self.tmp, timeout=60)

    def events(self, count):
        for _ in range(200):
            events = self.server.events()
            if len(events) >= count:
                return events
            subprocess.run(["sleep", "0.05"])
        return self.server.events()

    def test_the_command_runs_from_where_it_landed(self):
        r = self.run_cli("version")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("mosaic-telemetry", r.stdout)
        r = self.run_cli("track", "--model", "m", "--complexity", "low", "--outcome", "success",
                         "--now")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(self.events(1)), 1)

    def test_run_finds_its_shim_and_sees_the_gates(self):
        r = self.run_cli("run", "--", "sh", "-c", "pytest -q")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertNotIn("shim", r.stderr)
        self.run_cli("flush")
        event, = self.events(1)
        self.assertEqual(event["quality_gates_run"], ["test"])
        self.assertTrue(event["quality_gate_passed"])

    def test_doctor_names_the_shim_it_found(self):
        r = self.run_cli("doctor")
        line, = [l for l in r.stdout.splitlines() if "preload shim" in l]
        self.assertTrue(line.startswith("ok"), line)
        self.assertIn(os.path.realpath(self.root), line)

    def test_a_missing_shim_is_said_once(self):
        for shim in glob.glob(os.path.join(self.root, "lib*", "**", "libmosaic-telemetry-preload.so"),
                              recursive=True):
            os.unlink(shim)
        r = self.run_cli("run", "--", "sh", "-c", "pytest -q")
        self.assertEqual(r.returncode, 0, r.stderr)
        said = [l for l in r.stderr.splitlines() if "preload shim" in l]
        self.assertEqual(len(said), 1, r.stderr)
        self.assertIn("recorded without gates", said[0])
        self.assertIn("FAIL  preload shim", self.run_cli("doctor").stdout)

    def test_the_man_page_is_there_and_renders(self):
        page, = glob.glob(os.path.join(self.root, "share", "man", "man1", "mosaic-telemetry.1*"))
        if not shutil.which("man"):
            self.skipTest("man is not installed")
        r = subprocess.run(["man", "-l", page], capture_output=True, text=True,
                           env=dict(os.environ, MANWIDTH="100", MAN_KEEP_STDERR="1"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stderr.strip(), "")
        for section in ("EXIT STATUS AND OUTPUT", "THE CONFIG FILE", "THE SPOOL"):
            self.assertIn(section, r.stdout)


def main():
    Package.mode, Package.build = sys.argv[1], sys.argv[2]
    del sys.argv[1:]
    if Package.mode == "deb" and not (shutil.which("cpack") and shutil.which("dpkg-deb")):
        print("SKIP: cpack or dpkg-deb is missing")
        return SKIP
    import unittest
    unittest.main()


if __name__ == "__main__":
    sys.exit(main())
