#!/usr/bin/env python3
"""Writes the seed corpus fuzz/corpus/<parser>/ from the test fixtures (docs/fuzzing.md).

    fuzz/make_corpus.py BUILD_DIR

Hook payloads and logs come from tests/claude_code/fixtures and tests/codex/fixtures as they
are. What only a run makes (session state files, seen files, spool files) comes from playing
those fixtures through the built command (BUILD_DIR/mosaic-telemetry) with the tests' own
drivers (tests/claude_code/cctest.py, tests/codex/cxtest.py), against a loopback server that
refuses every API key (401), so that the background flusher keeps the events in the spool and
ends. The rest (server answers,
Retry-After, config, commands, channels, settings) comes from the unit tests' and the docs'
examples listed below. Seeds are named by a hash of their content; those from runs hold
random event ids, so a second run adds new names for them.
"""
import fcntl
import glob
import hashlib
import http.server
import json
import os
import shutil
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "fuzz", "corpus")
CC_FIXTURES = os.path.join(ROOT, "tests", "claude_code", "fixtures")
CX_FIXTURES = os.path.join(ROOT, "tests", "codex", "fixtures")
CP_FIXTURES = os.path.join(ROOT, "tests", "copilot_cli", "fixtures")
CL_FIXTURES = os.path.join(ROOT, "tests", "cline", "fixtures")


def seed(parser, data):
    if isinstance(data, str):
        data = data.encode()
    directory = os.path.join(CORPUS, parser)
    os.makedirs(directory, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def lines_of(path):
    return [line for line in read(path).split(b"\n") if line.strip()]


# ---- from the fixtures as they are -------------------------------------------------------------

def fixture_seeds():
    for steps in sorted(glob.glob(os.path.join(CC_FIXTURES, "*", "steps.json"))):
        for step in json.loads(read(steps))["steps"]:
            if "hook" in step:
                payload = json.dumps(step["hook"])
                seed("cc_payload", payload)
                seed("jscan", payload)
    for log in sorted(glob.glob(os.path.join(CC_FIXTURES, "**", "*.jsonl"), recursive=True)):
        seed("cc_transcript", read(log))
        for line in lines_of(log)[:8]:
            seed("jscan", line)
    for hooks in sorted(glob.glob(os.path.join(CX_FIXTURES, "*", "*hooks.jsonl"))):
        for line in lines_of(hooks):
            seed("cx_payload", line)
            seed("jscan", line)
    for log in sorted(glob.glob(os.path.join(CX_FIXTURES, "*", "*rollout.jsonl"))):
        seed("cx_rollout", read(log))
        for line in lines_of(log)[:8]:
            seed("jscan", line)
    chat_fixture_seeds()
    for payload in glob.glob(os.path.join(CORPUS, "cc_payload", "*")):
        command = json.loads(read(payload)).get("tool_input", {}).get("command")
        if command:
            seed("shell", command)
            seed("classify", command)
        prompt = json.loads(read(payload)).get("prompt")
        if prompt:
            seed("classify", prompt)


def chat_fixture_seeds():
    """The Copilot CLI's and Cline's captured payloads ({"event", "payload"} lines) and logs."""
    for parser, fixtures in (("cp_payload", CP_FIXTURES), ("cl_payload", CL_FIXTURES)):
        for hooks in sorted(glob.glob(os.path.join(fixtures, "*", "*hooks.jsonl"))):
            for line in lines_of(hooks):
                seed(parser, json.dumps(json.loads(line)["payload"]))
    for log in sorted(glob.glob(os.path.join(CP_FIXTURES, "*", "*events.jsonl"))):
        seed("cp_log", read(log))


# ---- from runs of the fixtures through the command ----------------------------------------------

class Scratch:
    """A temp directory, removed once the hook's background flusher has left it."""

    def __enter__(self):
        self.path = tempfile.mkdtemp(prefix="mosaic-corpus-")
        return self.path

    def __exit__(self, *exc):
        for _ in range(50):  # a flusher just started may make the spool again: look once more
            self.wait_for_flusher()
            shutil.rmtree(self.path, ignore_errors=True)
            time.sleep(0.3)
            if not os.path.exists(self.path):
                return

    def wait_for_flusher(self):
        try:
            with open(os.path.join(self.path, "spool", "flusher.lock")) as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
        except OSError:
            pass


def keep_run_files(state_parser, state, spool):
    try:
        keep_files(state_parser, state, spool)
    except FileNotFoundError:  # the background flusher moved a spool file on: the next step's
        pass


def keep_files(state_parser, state, spool):
    for path in glob.glob(os.path.join(state, "**", "*"), recursive=True):
        name = os.path.basename(path)
        if not os.path.isfile(path):
            continue
        if name.endswith(".seen"):
            seed("seen", read(path))
        elif name.endswith(".json"):
            seed(state_parser, read(path))
    for path in glob.glob(os.path.join(spool, "**", "*.jsonl"), recursive=True):
        seed("spool", read(path))
        seed("track_json", lines_of(path)[0])


class Refuse(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = b'{"error":"invalid API key"}'
        self.send_response(401)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def refusing_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Refuse)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return "http://127.0.0.1:%d" % server.server_address[1]


def run_seeds(cli):
    url = refusing_server()
    os.environ["MOSAIC_CLI"] = cli
    sys.path.insert(0, os.path.join(ROOT, "tests", "claude_code"))
    import cctest
    cctest.BIN = cli
    for name in ("gates", "subagent", "compaction", "multi_task"):
        with Scratch() as root:
            # A long grace keeps each task in its state file, where the seeds are taken from.
            session = cctest.Session(root, url, grace_ms=600000)
            run = cctest.FixtureRun(session, name)
            for step in run.meta["steps"]:
                run.step(step)
                keep_run_files("cc_state", session.state, session.spool)
            session.grace_ms = 0  # then the tasks end, and their events are spooled
            session.hook({"session_id": run.meta["session_id"], "hook_event_name": "SessionEnd",
                          "transcript_path": run.paths["$TRANSCRIPT"], "reason": "exit"},
                         now_ms=cctest.T0 + 10 ** 7)
            keep_run_files("cc_state", session.state, session.spool)
    sys.path.insert(0, os.path.join(ROOT, "tests", "codex"))
    import cxtest
    cxtest.BIN = cli
    captured = os.path.join(CX_FIXTURES, "captured-0.171.0")
    hooks = [json.loads(line) for line in lines_of(os.path.join(captured, "hooks.jsonl"))]
    rollout = [line.decode() for line in lines_of(os.path.join(captured, "rollout.jsonl"))]
    with Scratch() as root:
        session = cxtest.Session(root, url, grace_ms=600000)
        for index in range(len(hooks)):
            session.play(hooks, rollout, [(index, len(rollout), 1000 * (index + 1))])
            keep_run_files("cx_state", session.state, session.spool)
    chat_run_seeds(url)


def chat_run_seeds(url):
    """State files of the Copilot CLI's and Cline's captured sessions, hook by hook."""
    for sub in ("copilot_cli", "cline"):
        sys.path.insert(0, os.path.join(ROOT, "tests", sub))
    import cptest
    import cltest
    cptest.cxtest.BIN = os.environ["MOSAIC_CLI"]
    for name in ("", "subagent-"):
        hooks = cptest.read_jsonl(os.path.join(cptest.CAPTURED, name + "hooks.jsonl"))
        log = cptest.read_jsonl(os.path.join(cptest.CAPTURED, name + "events.jsonl"))
        with Scratch() as root:
            session = cptest.Session(root, url, grace_ms=600000)
            for index, record in enumerate(hooks):
                payload = record["payload"]
                path = session.log_path(payload["sessionId"])
                session.reveal(path, log, cptest.hook_start_position(log, hooks, index))
                session.hook(dict(payload, transcriptPath=path) if "transcriptPath" in payload
                             else payload, now_ms=payload["timestamp"])
                keep_run_files("cp_state", session.state, session.spool)
        hooks = cltest.read_jsonl(os.path.join(cltest.CAPTURED, name + "hooks.jsonl"))
        manifest = cltest.load(os.path.join(cltest.CAPTURED, name + "manifest.json"))
        messages = cltest.load(os.path.join(cltest.CAPTURED, name + "messages.json"))
        with Scratch() as root:
            session = cltest.Session(root, url, grace_ms=600000)
            for index in range(len(hooks)):
                session.play(hooks[index:index + 1], manifest, messages)
                keep_run_files("cl_state", session.state, session.spool)


# ---- from the unit tests' and the docs' examples ------------------------------------------------

EVENT_IDS = ["00000000-0000-4000-8000-00000000000%d" % i for i in range(1, 5)]


def answer_seeds():
    # fuzz_events_answer: the first byte picks the status (0: 202, 4: 200, 5: 400, 7: 413,
    # 9: 429), the rest is the body (docs/protocol.md, "Sending events").
    results = {"accepted": 2, "duplicates": 1, "rejected": 1, "results": [
        {"event_id": EVENT_IDS[0], "status": "accepted"},
        {"event_id": EVENT_IDS[1], "status": "duplicate"},
        {"event_id": EVENT_IDS[2], "status": "rejected",
         "error": "language: must match ^[a-z0-9+#._-]+$"},
        {"event_id": EVENT_IDS[3], "status": "accepted"}]}
    seed("events_answer", b"\x00" + json.dumps(results).encode())
    seed("events_answer", b"\x00" + json.dumps({"results": results["results"][2:]}).encode())
    seed("events_answer", b"\x05" + b'{"error":"events: at most 100"}')
    seed("events_answer", b"\x06" + b'{"error":"invalid API key"}')
    seed("events_answer", b"\x07")
    seed("events_answer", b"\x09" + b"{}")
    # fuzz_predictions: docs/protocol.md, "Predictions".
    dist = {"p10": 1000, "p25": 2000, "median": 3000, "p75": 4000, "p90": 5000}
    prediction = {"input_tokens": dist, "output_tokens": dist, "cost_usd_micros": dist,
                  "duration_ms": dist, "correction_factors": {"input": 1.07, "output": 0.93},
                  "quality": {"gate_pass_rate": 0.8, "success_rate": 0.9}}
    meta = {"sample_size": 120, "fallback_level": 0, "confidence": "high",
            "last_updated": "2026-11-20T10:00:00Z", "cache_hit": True}
    seed("predictions", json.dumps({"results": [{"prediction": prediction, "metadata": meta},
                                                {"prediction": None, "metadata": {
                                                    "sample_size": 0, "fallback_level": 3,
                                                    "confidence": "none"}}]}))
    for value in ("120", "0", "3600", "Wed, 21 Oct 2026 07:28:00 GMT",
                  "Wednesday, 21-Oct-26 07:28:00 GMT", "Wed Oct 21 07:28:00 2026", "-1", " 5 "):
        seed("retry_after", value)


def config_seeds():
    seed("config_file", "# docs/cli.md\nMOSAIC_TELEMETRY_SERVER_URL=https://telemetry.example.com/\n"
                        "MOSAIC_TELEMETRY_API_KEY=" + "k" * 64 + "\n"
                        "MOSAIC_TELEMETRY_INSTANCE_ID=3f1c9a52-7d4e-4b8a-9c21-5e6f7a8b9c0d\n"
                        "MOSAIC_TELEMETRY_ENABLED=true\nMOSAIC_TELEMETRY_LOG_LEVEL=warn\n"
                        "MOSAIC_TELEMETRY_SPOOL_MAX_EVENTS=10000\r\n\n"
                        "MOSAIC_TELEMETRY_SPOOL_MAX_AGE=7d\n")
    seed("config_file", "MOSAIC_TELEMETRY_DRY_RUN=yes\nMOSAIC_TELEMETRY_PROXY=\n"
                        "MOSAIC_TELEMETRY_ALLOW_INSECURE_HTTP=1\n"
                        "MOSAIC_TELEMETRY_SERVER_URL=http://127.0.0.1:8080\n")
    seed("config_env", "MOSAIC_TELEMETRY_SERVER_URL=https://telemetry.example.com\n"
                       "MOSAIC_TELEMETRY_INSTANCE_ID=3f1c9a52-7d4e-4b8a-9c21-5e6f7a8b9c0d\n"
                       "MOSAIC_TELEMETRY_API_KEY=" + "k" * 64 + "\nMOSAIC_TELEMETRY_ENABLED=false\n"
                       "MOSAIC_TELEMETRY_SPOOL_MAX_BYTES=64MB\nMOSAIC_TELEMETRY_LOG_LEVEL=debug\n")
    seed("config_env", "MOSAIC_TELEMETRY_SPOOL_MAX_AGE=90s\nMOSAIC_TELEMETRY_DRY_RUN=on\n"
                       "MOSAIC_TELEMETRY_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt\n"
                       "MOSAIC_TELEMETRY_SPOOL_DIR=/tmp/spool\n")


def classifier_seeds():
    for command in ("npm test", "cargo clippy -- -D warnings", "CI=1 pnpm run lint --fix",
                    "make -C build check 2>&1 | tee log", "go vet ./... && go test -race ./...",
                    "cat <<'EOF' > f\nnpm test\nEOF\nruff check .", "(cd web && npx tsc --noEmit)",
                    "bash -c 'pytest -x tests/'", "docker compose run --rm app mvn verify"):
        seed("shell", command)
        seed("classify", command)
    for text in ("src/app.tsx", "Makefile", "lib/Foo.kt", "claude-sonnet-4-5-20250929",
                 "gpt-5.5", "gemini-2.5-pro", "Refactor the parser into smaller functions",
                 "write tests for the spool"):
        seed("classify", text)
    prices = read(os.path.join(ROOT, "data", "prices.json"))
    seed("prices", prices)
    table = json.loads(prices)
    models = table.get("models", table)
    if isinstance(models, dict):  # a smaller table of the first three models, to mutate faster
        small = dict(list(models.items())[:3])
        seed("prices", json.dumps(dict(table, models=small) if "models" in table else small))


def preload_seeds():
    # The channel's records as adapters/preload/report.c writes them (version 2).
    seed("preload_channel", "mosaic-telemetry-preload 2\n"
                            "R 1000 100 /usr/bin/make\n"
                            "X 2000 101 npm test\n"
                            "W 3000 101 256\n"
                            "E 3500 102 cargo clippy\n"
                            "F 3600 102\n"
                            "Q 3700 102 0\n"
                            "Z 9000 100 0\n")
    seed("preload_channel", "mosaic-telemetry-preload 1\nR 10 7 /bin/sh\nX 20 8 pytest -q\n"
                            "W 30 8 0\nZ 40 7 256\n")


def settings_seeds():
    seed("settings", "")
    seed("settings", '{"model": "opus", "hooks": {"Stop": [{"hooks": [{"type": "command", '
                     '"command": "/usr/bin/mosaic-telemetry hook claude-code", "timeout": 30}]}], '
                     '"PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", '
                     '"command": "echo mine"}]}]}}\n')
    seed("settings", '{"version": 1, "hooks": {"stop": [{"command": "other"}]}}')
    seed("settings", '{"hooks": []}')


def long_seeds():
    # Payloads whose prompt and command end right around the adapters' 64 KiB buffers, with a
    # multi-byte character and escapes at the cut (run with -max_len=140000 to grow them).
    cut = 64 * 1024
    for pad in (cut - 2, cut - 1, cut, cut + 1):
        text = "x" * pad + "\u00e9\u2603\"\n" + "y" * 8
        seed("cc_payload", '{"session_id":"s","hook_event_name":"UserPromptSubmit","prompt":"%s"}'
             % text)
        seed("cx_payload", '{"session_id":"s","hook_event_name":"PreToolUse","tool_name":"Bash",'
             '"tool_input":{"command":"%s"}}' % text)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    cli = os.path.join(os.path.abspath(sys.argv[1]), "mosaic-telemetry")
    fixture_seeds()
    run_seeds(cli)
    answer_seeds()
    config_seeds()
    classifier_seeds()
    preload_seeds()
    settings_seeds()
    long_seeds()
    for parser in sorted(os.listdir(CORPUS)):
        print("%-16s %3d seeds" % (parser, len(os.listdir(os.path.join(CORPUS, parser)))))


if __name__ == "__main__":
    main()
