"""What every fake model API of the tests shares (fake_chat.py, tests/codex/fake_openai.py,
tests/claude_code/fake_anthropic.py, tests/gemini_cli/fake_gemini.py): a quiet HTTP/1.1 handler
that appends JSON records to files in the server's log directory and answers JSON, and the
command line's end: listen on a free loopback port, print it, serve until killed."""
import http.server
import json
import os
import threading


class FakeHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    lock = threading.Lock()

    def log_message(self, fmt, *args):
        pass  # the test reads requests.jsonl and served.jsonl instead

    def log(self, name, record):
        """Appends record as one JSON line to <log dir>/<name>."""
        with self.lock, open(os.path.join(self.server.log_dir, name), "a") as f:
            f.write(json.dumps(record) + "\n")

    def send_body(self, status, content_type, data, headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def send_json(self, status, payload):
        self.send_body(status, "application/json", json.dumps(payload).encode())


def listen(handler, log_dir, **attributes):
    """Serves handler on 127.0.0.1 (a free port, printed first) until killed; attributes are
    set on the server, where handlers read them (self.server.config, ...)."""
    os.makedirs(log_dir, exist_ok=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.log_dir = log_dir
    for name, value in attributes.items():
        setattr(server, name, value)
    print(server.server_address[1], flush=True)
    server.serve_forever()
