"""Trusting hooks the way Codex itself records trust (docs/harnesses/codex.md, "Trust"): ask
`codex app-server` for `hooks/list`, then append a `[hooks.state."<key>"] trusted_hash` table to
config.toml for each hook whose command matches.

Usage: codex_trust.py CODEX_BIN CWD SUBSTRING  (CODEX_HOME from the environment)
"""
import json
import os
import subprocess
import sys


def list_hooks(codex, cwd, env=None, timeout=60):
    """The hooks Codex sees for cwd, as hooks/list reports them."""
    proc = subprocess.Popen([codex, "app-server"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, cwd=cwd, env=env, text=True)
    try:
        def send(msg):
            proc.stdin.write(json.dumps(msg) + "\n")
            proc.stdin.flush()

        def answer(want):
            for line in proc.stdout:
                msg = json.loads(line)
                if msg.get("id") == want:
                    if "error" in msg:
                        raise RuntimeError("app-server: %s" % msg["error"])
                    return msg["result"]
            raise RuntimeError("app-server closed its output")

        send({"id": 1, "method": "initialize",
              "params": {"clientInfo": {"name": "mosaic-telemetry-tests", "version": "1"}}})
        answer(1)
        send({"method": "initialized"})
        send({"id": 2, "method": "hooks/list", "params": {"cwds": [cwd]}})
        result = answer(2)
    finally:
        proc.kill()
        proc.wait(timeout=timeout)
        proc.stdin.close()
        proc.stdout.close()
    return [h for entry in result.get("data", []) for h in entry.get("hooks", [])]


def trust(codex, cwd, substring, codex_home, env=None):
    """Appends trust records for the matching untrusted hooks; returns how many."""
    todo = [h for h in list_hooks(codex, cwd, env) if substring in (h.get("command") or "")
            and h.get("trustStatus") != "trusted"]
    with open(os.path.join(codex_home, "config.toml"), "a") as f:
        for h in todo:
            f.write('\n[hooks.state."%s"]\ntrusted_hash = "%s"\n' % (h["key"], h["currentHash"]))
    return len(todo)


if __name__ == "__main__":
    home = os.environ.get("CODEX_HOME") or os.path.expanduser("~/.codex")
    print(trust(sys.argv[1], sys.argv[2], sys.argv[3], home))
