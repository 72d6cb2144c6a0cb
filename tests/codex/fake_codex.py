#!/usr/bin/env python3
"""A stand-in for `codex app-server` that knows only what `install codex` asks of it: initialize,
then hooks/list for the hooks of $CODEX_HOME/hooks.json, keyed and trusted as Codex 0.171.0 does
(docs/harnesses/codex.md, "Trust"): key `<hooks.json>:<event in snake_case>:<group>:<handler>`,
trusted when config.toml holds `[hooks.state."<key>"] trusted_hash` equal to the handler's hash
(here a sha256 of the handler as written: Codex's own hash is its business)."""
import hashlib
import json
import os
import re
import sys
import tomllib


def snake(name):
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def hooks_list():
    home = os.environ["CODEX_HOME"]
    path = os.path.join(home, "hooks.json")
    try:
        with open(os.path.join(home, "config.toml"), "rb") as f:
            state = tomllib.load(f).get("hooks", {}).get("state", {})
    except FileNotFoundError:
        state = {}
    hooks = []
    with open(path) as f:
        settings = json.load(f)
    for event, groups in settings.get("hooks", {}).items():
        for g, group in enumerate(groups):
            for h, handler in enumerate(group.get("hooks", [])):
                key = "%s:%s:%d:%d" % (path, snake(event), g, h)
                digest = "sha256:" + hashlib.sha256(
                    json.dumps([event, group.get("matcher"), handler], sort_keys=True).encode()
                ).hexdigest()
                trusted = state.get(key, {}).get("trusted_hash") == digest
                hooks.append({"key": key, "command": handler.get("command"), "sourcePath": path,
                              "currentHash": digest,
                              "trustStatus": "trusted" if trusted else "untrusted"})
    return hooks


def main():
    if sys.argv[1:] != ["app-server"]:
        return 2
    for line in sys.stdin:
        msg = json.loads(line)
        if msg.get("id") == 1:
            answer = {"id": 1, "result": {"userAgent": "fake"}}
        elif msg.get("method") == "hooks/list":
            print(json.dumps({"method": "configWarning", "params": {}}), flush=True)
            answer = {"id": msg["id"], "result": {"data": [{"cwd": msg["params"]["cwds"][0],
                                                            "hooks": hooks_list()}]}}
        else:
            continue
        print(json.dumps(answer), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
