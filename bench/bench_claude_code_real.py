"""What our hooks add to a real Claude Code task's wall time: the same `claude -p` task (the fake
Anthropic API's "fix" scenario: 4 requests, 3 tools, about 10 hook runs) without hooks, with the
hooks `mosaic-telemetry install claude-code` adds, and with the same hooks running `cat >
/dev/null` instead (what any command hook costs in Claude Code: its shell, its pipes), runs
alternating so that the machine's load falls on all alike; and the time Claude Code reports
waiting on each hook run (its debug file's "finished with status 0 (N ms)"). Figures are
printed, never judged.

    python3 bench/bench_claude_code_real.py BUILD_DIR [ROUNDS]

Needs the real Claude Code (npm, version pinned in tests/harness/versions); exits 77 when it
cannot be installed, like the tests."""
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.join(HERE, "..", "tests")
sys.path[:0] = [os.path.join(TESTS, "claude_code"), os.path.join(TESTS, "harness"),
                os.path.join(TESTS, "server")]
import control  # noqa: E402
import npm_harness  # noqa: E402
from test_real import MAKEFILE, MODEL, PACKAGE, VERSION, FakeAnthropic  # noqa: E402


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    cli = os.path.join(os.path.abspath(sys.argv[1]), "mosaic-telemetry")
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    claude = npm_harness.skip_unless_installed("Claude Code", PACKAGE, VERSION, "claude")
    server = control.ReferenceServer()
    tmp = tempfile.mkdtemp(prefix="mosaic-bench-cc-")
    work = os.path.join(tmp, "work")
    os.makedirs(work)
    with open(os.path.join(work, "Makefile"), "w") as f:
        f.write(MAKEFILE)
    api = FakeAnthropic(os.path.join(tmp, "api"), work)
    try:
        return run(cli, claude, server, api, tmp, work, rounds)
    finally:
        api.stop()
        server.stop()


def environment(server, api, tmp, name):
    root = os.path.join(tmp, name)
    for d in ("home", "claude", "scratch"):
        os.makedirs(os.path.join(root, d), exist_ok=True)
    return control.configured_env(
        server.url, os.path.join(root, "spool"), HOME=os.path.join(root, "home"),
        CLAUDE_CONFIG_DIR=os.path.join(root, "claude"), TMPDIR=os.path.join(root, "scratch"),
        MOSAIC_TELEMETRY_STATE_DIR=os.path.join(root, "state"), IS_SANDBOX="1",
        DISABLE_TELEMETRY="1", DISABLE_AUTOUPDATER="1",
        CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC="1", ANTHROPIC_BASE_URL=api.url,
        ANTHROPIC_API_KEY="sk-fake-key")


def one_task(claude, env, work, debug):
    passed = os.path.join(work, ".passed")
    if os.path.exists(passed):
        os.remove(passed)
    start = time.monotonic()
    subprocess.run([claude, "-p", "--output-format", "json", "--dangerously-skip-permissions",
                    "--model", MODEL, "--debug-file", debug,
                    "scenario: fix please fix the failing tests"], cwd=work, env=env,
                   stdin=subprocess.DEVNULL, capture_output=True, timeout=240, check=True)
    return time.monotonic() - start


def hook_waits(debug):
    with open(debug, errors="replace") as f:
        return [int(ms) for ms in re.findall(
            r"\[(?:[^\]]*mosaic-telemetry hook claude-code|cat > /dev/null)\] finished with "
            r"status 0 \((\d+)ms\)", f.read())]


def install_noop(hooked, noop):
    """The installed settings with every command replaced by a no-op that reads its stdin."""
    with open(os.path.join(hooked["CLAUDE_CONFIG_DIR"], "settings.json")) as f:
        text = f.read()
    text = re.sub(r'"command": "[^"]*hook claude-code"', '"command": "cat > /dev/null"', text)
    with open(os.path.join(noop["CLAUDE_CONFIG_DIR"], "settings.json"), "w") as f:
        f.write(text)


def run(cli, claude, server, api, tmp, work, rounds):
    envs = {name: environment(server, api, tmp, name) for name in ("without", "ours", "no-op")}
    subprocess.run([cli, "install", "claude-code"], env=envs["ours"], check=True,
                   capture_output=True)
    install_noop(envs["ours"], envs["no-op"])
    one_task(claude, envs["without"], work, os.path.join(tmp, "warm.log"))  # caches warm
    walls = {name: [] for name in envs}
    waits = {"ours": [], "no-op": []}
    for i in range(rounds):
        for name, env in envs.items():
            debug = os.path.join(tmp, "%s-%d.log" % (name, i))
            walls[name].append(one_task(claude, env, work, debug))
            if name in waits:
                waits[name].append(hook_waits(debug))
    wall = {name: statistics.median(w) * 1000 for name, w in walls.items()}
    print("claude -p %s, one task (4 requests, 3 tools), %d rounds alternating, medians:"
          % (VERSION, rounds))
    print("  wall time: without hooks %.0f ms; with our hooks %.0f ms (x%.3f); with no-op "
          "hooks %.0f ms (x%.3f); ours over no-op x%.3f"
          % (wall["without"], wall["ours"], wall["ours"] / wall["without"], wall["no-op"],
             wall["no-op"] / wall["without"], wall["ours"] / wall["no-op"]))
    for name, runs in waits.items():
        each = sorted(ms for w in runs for ms in w)
        print("  Claude Code waited on the %s hook runs: %d a task, %d ms a task; each p50 "
              "%d ms, max %d ms" % (name, len(runs[0]), statistics.median(sum(w) for w in runs),
                             each[len(each) // 2], each[-1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
