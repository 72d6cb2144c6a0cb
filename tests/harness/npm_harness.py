"""Installs a harness's npm package at a pinned version, once, for the real-harness tests.

Each package goes into ${MOSAIC_NPM_CACHE:-~/.cache/mosaic-telemetry-npm}/<name>-<version>,
outside the clone, so a second run needs no network; when that directory cannot be made, into a
temp directory. A test that cannot get its harness prints why and exits SKIP (77): see
skip_unless_installed.

Versions are pinned in tests/harness/versions (one "npm-package version" a line): the one place
a harness's version is chosen. MOSAIC_<NAME>_VERSION (e.g. MOSAIC_GEMINI_VERSION) runs a test
once against another version.
"""
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
HERE = os.path.dirname(os.path.abspath(__file__))
VERSIONS_FILE = os.path.join(HERE, "versions")


def pinned(package):
    """The version of package pinned in tests/harness/versions."""
    with open(VERSIONS_FILE) as f:
        for line in f:
            fields = line.split("#", 1)[0].split()
            if len(fields) == 2 and fields[0] == package:
                return fields[1]
    raise KeyError("%s is not pinned in %s" % (package, VERSIONS_FILE))


def version_of(package, override_env):
    return os.environ.get(override_env) or pinned(package)


def _cache_dir(package, version):
    root = os.environ.get("MOSAIC_NPM_CACHE") or os.path.join(
        os.path.expanduser("~"), ".cache", "mosaic-telemetry-npm")
    name = package.rsplit("/", 1)[-1] + "-" + version
    path = os.path.join(root, name)
    try:
        os.makedirs(path, exist_ok=True)
        return path, False
    except OSError:
        return tempfile.mkdtemp(prefix="mosaic-npm-%s-" % name), True


def _npm_install(path, package, version, timeout):
    """npm install package@version into path: None, or why it failed."""
    npm = shutil.which("npm")
    if not npm:
        return "npm is not installed"
    try:
        r = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--prefix", path,
                            "%s@%s" % (package, version)], capture_output=True, text=True,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        return "npm install %s@%s timed out" % (package, version)
    if r.returncode != 0:
        tail = (r.stderr or r.stdout).strip().splitlines()[-3:]
        return "npm install %s@%s failed: %s" % (package, version, " | ".join(tail))
    return None


def install(package, version, binary_name, version_check=True, timeout=900):
    """The path of binary_name from package@version, installed when missing: (path, None) or
    (None, why not). With version_check, `binary --version` must print the version."""
    path, temporary = _cache_dir(package, version)
    binary = os.path.join(path, "node_modules", ".bin", binary_name)
    if not os.access(binary, os.X_OK):
        why = _npm_install(path, package, version, timeout)
        if why:
            return None, why
    if version_check:
        try:
            v = subprocess.run([binary, "--version"], capture_output=True, text=True,
                               timeout=120, stdin=subprocess.DEVNULL)
        except (OSError, subprocess.TimeoutExpired) as e:
            return None, "%s does not run: %s" % (binary, e)
        if v.returncode != 0 or version not in v.stdout + v.stderr:
            return None, "%s --version said %r" % (binary, (v.stdout + v.stderr).strip()[:200])
    if temporary:
        print("note: the npm cache could not be made; installed into %s" % path)
    return binary, None


def skip_unless_installed(label, package, version, binary_name, **kwargs):
    """The binary, or exit SKIP with a one-line reason."""
    binary, why = install(package, version, binary_name, **kwargs)
    if not binary:
        print("SKIP: the real %s %s is not available: %s" % (label, version, why))
        sys.exit(SKIP)
    return binary


def install_library(package, version, timeout=900):
    """The node_modules folder holding package@version (a package without a binary, e.g. a
    harness's plugin API), installed into the cache when missing: (path, None) or (None, why)."""
    path, temporary = _cache_dir(package, version)
    modules = os.path.join(path, "node_modules")
    if not os.path.exists(os.path.join(modules, *package.split("/"), "package.json")):
        why = _npm_install(path, package, version, timeout)
        if why:
            return None, why
    if temporary:
        print("note: the npm cache could not be made; installed into %s" % path)
    return modules, None
