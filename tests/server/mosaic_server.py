#!/usr/bin/env python3
"""Reference server for Mosaic Stack Telemetry API v1 (tests and README demo).

Implements the wire contract of docs/protocol.md exactly (POST /v1/events/batch and
POST /v1/predictions/batch), plus a /_control/ API that lets tests script faults,
set limits and inspect what was received. Loopback only; standard library only.
See README.md next to this file.
"""

import argparse
import ipaddress
import itertools
import json
import os
import signal
import socket
import socketserver
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # sibling modules

import protocol as P  # noqa: E402
from faults import HANG_SECONDS, FaultBook, parse_step  # noqa: E402
from predictions import predict  # noqa: E402
from received import RequestLog  # noqa: E402
from store import EventStore  # noqa: E402
from validation import (  # noqa: E402
    check_restricted_enums, check_uuid, parse_json_body, validate_event, validate_events_envelope,
    validate_queries_envelope,
)

DEFAULT_MAX_BODY_BYTES = 1024 * 1024
CONTROL_MAX_BODY_BYTES = 64 * 1024 * 1024  # seeding predictions may post many events
CONTROL_MAX_EVENTS = 100_000


@dataclass
class Config:
    keys: dict = field(default_factory=lambda: {P.DEMO_API_KEY: P.DEMO_INSTANCE_ID})
    min_samples: int = 5
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    quiet: bool = False


class BodyError(Exception):
    """The request body could not be read; the connection cannot be reused after it."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status
        self.message = message


# ------------------------------------------------------------------ ingestion

def ingest_events(store, events, enums=None):
    """Validate each event, store the valid ones, and build the 202 body (docs/protocol.md,
    "Sending events"). enums: the restricted enum members (/_control/limits), if any."""
    now = time.time()
    results = [None] * len(events)
    valid = []
    for i, event in enumerate(events):
        error = validate_event(event, now)
        if not error and enums:
            error = check_restricted_enums(event, enums)
        if error:
            event_id = event.get("event_id") if isinstance(event, dict) else None
            results[i] = {"event_id": event_id if isinstance(event_id, str) else None,
                          "status": "rejected", "error": error}
        else:
            valid.append(i)
    statuses = store.store([events[i] for i in valid])
    for i, status in zip(valid, statuses):
        results[i] = {"event_id": events[i]["event_id"], "status": status, "error": None}
    return {
        "accepted": statuses.count("accepted"),
        "duplicates": statuses.count("duplicate"),
        "rejected": len(events) - len(valid),
        "results": results,
    }


def parse_enum_limits(value):
    """"documented" -> the documented members; {name: [members]} checked; None when invalid."""
    if value == "documented":
        return {name: list(members) for name, members in P.DOCUMENTED_ENUMS.items()}
    if not isinstance(value, dict):
        return None
    for name, members in value.items():
        if name not in P.ENUM_FIELDS or not isinstance(members, list) or not all(
                isinstance(m, str) for m in members):
            return None
    return value


def count_events(body):
    """Number of items in a parsed body's `events` array, or None if it has none (for the log)."""
    if isinstance(body, dict) and isinstance(body.get("events"), list):
        return len(body["events"])
    return None


# -------------------------------------------------------------------- handler

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: clients may reuse one connection
    server_version = "MosaicReferenceServer/1"

    # Headers and body go out in two writes; with Nagle on, the second waits for the client's
    # delayed ACK (~40 ms a request on keep-alive connections).
    disable_nagle_algorithm = True

    def version_string(self):
        return self.server_version  # no Python version in the Server header

    def setup(self):
        super().setup()
        self.connection_id = self.server.new_connection_id()

    # ---- plumbing

    def log_message(self, fmt, *args):
        if not self.server.config.quiet:
            super().log_message(fmt, *args)  # stderr; stdout carries only the listening line

    def send_error(self, code, message=None, explain=None):
        # Parse errors and unsupported methods answer JSON like everything else.
        self.log_error("code %d, message %s", code, message)
        self._must_close = True
        self._entry = None  # not a logged /v1/ request (or a stale one from keep-alive)
        self._send_json(code, {"error": message or HTTPStatus(code).phrase})

    def handle_expect_100(self):
        # Refuse an oversized body before the client sends it: skip "100 Continue" and
        # let the handler answer 413 (and close) without reading it.
        if self._declared_length() > self._body_limit(self._route_path()):
            return True
        return super().handle_expect_100()

    def _send_json(self, status, obj, headers=None):
        body = json.dumps(obj).encode("utf-8")
        # Recorded before the answer leaves: a client that reads /_control/received as soon as
        # it has its answer must find the status there.
        entry = getattr(self, "_entry", None)
        if entry is not None:
            self.server.log.answered(entry, status)
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if getattr(self, "_must_close", False):
            self.send_header("Connection", "close")  # also sets close_connection
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _close_without_response(self, why):
        self.close_connection = True
        self.log_message('"%s" closed without response (%s)', self.requestline, why)

    def _route_path(self):
        return urllib.parse.urlsplit(self.path).path

    def _body_limit(self, path):
        if path.startswith("/_control/"):
            return CONTROL_MAX_BODY_BYTES
        return self.server.config.max_body_bytes

    def _declared_length(self):
        try:
            return int(self.headers.get("Content-Length", "0"))
        except ValueError:
            return 0

    def _read_body(self, limit):
        """The request body (Content-Length or chunked), or raise BodyError."""
        if self.headers.get("Transfer-Encoding"):
            if self.headers["Transfer-Encoding"].strip().lower() != "chunked":
                raise BodyError(501, "only chunked Transfer-Encoding is supported")
            return self._read_chunked(limit)
        declared = self.headers.get("Content-Length")
        if declared is None:
            return b""
        if not declared.strip().isdigit():
            raise BodyError(400, "invalid Content-Length")
        length = int(declared)
        if length > limit:  # decided on the header alone; the body is never read
            raise BodyError(413, f"body of {length} bytes exceeds the limit of {limit}")
        body = self.rfile.read(length)
        if len(body) != length:
            raise BodyError(400, "body shorter than Content-Length")
        return body

    def _read_chunked(self, limit):
        chunks, total = [], 0
        while True:
            line = self.rfile.readline(1024)
            try:
                size = int(line.split(b";", 1)[0].strip(), 16)
            except ValueError:
                raise BodyError(400, "invalid chunk size") from None
            if size == 0:
                break
            total += size
            if total > limit:
                raise BodyError(413, f"body exceeds the limit of {limit} bytes")
            chunks.append(self.rfile.read(size))
            self.rfile.readline(1024)  # CRLF after the chunk
        while self.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
            pass  # trailers
        return b"".join(chunks)

    def _read_body_or_error(self, path):
        """(body, None) or (b"", BodyError); after an error the connection must close."""
        try:
            return self._read_body(self._body_limit(path)), None
        except BodyError as error:
            self._must_close = True
            return b"", error

    def _parse_object(self, raw, parsed=None):
        """The JSON object in the body, or None after answering 400. parsed: what
        parse_json_body(raw) gave already (a batch of events is parsed once, not twice)."""
        body, error = parsed if parsed is not None else parse_json_body(raw)
        if error is None and not isinstance(body, dict):
            error = "body must be a JSON object"
        if error:
            self._send_json(400, {"error": error})
            return None
        return body

    # ---- routing

    def _route(self):
        self._must_close = False
        self._entry = None
        path = self._route_path()
        if path.startswith("/v1/"):
            self._api(path)
        elif path.startswith("/_control/"):
            self._control(path)
        else:
            self._read_body_or_error(path)  # drain (or mark the connection for closing)
            self._send_json(404, {"error": f"no such path {path}"})

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _route

    def _method_not_allowed(self, allowed):
        self._send_json(405, {"error": f"method {self.command} not allowed"},
                        {"Allow": ", ".join(allowed)})

    # ---- /v1/*

    def _api(self, path):
        raw, body_error = self._read_body_or_error(path)
        headers = {}
        for name, value in self.headers.items():
            name = name.lower()
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        parsed = parse_json_body(raw) if path == P.EVENTS_PATH else None
        self._entry = self.server.log.arrive(
            self.command, self.path, headers, raw.decode("utf-8", errors="replace"),
            self.connection_id, count_events(parsed[0]) if parsed else None)

        step = self.server.faults.take(path)
        if step is not None and self._apply_fault(step):
            return
        if body_error is not None:
            self._send_json(body_error.status, {"error": body_error.message})
        elif path not in (P.EVENTS_PATH, P.PREDICTIONS_PATH):
            self._send_json(404, {"error": f"no such path {path}"})
        elif self.command != "POST":
            self._method_not_allowed(["POST"])
        elif path == P.EVENTS_PATH:
            self._events(raw, parsed)
        else:
            self._predictions(raw)

    def _apply_fault(self, step):
        """Carry out a scripted step; True when it answered (or refused to answer)."""
        faults = self.server.faults
        if step.delay_ms:
            faults.sleep(step.delay_ms / 1000.0)
        if step.drop:
            self._close_without_response("injected drop")
            return True
        if step.hang:
            faults.sleep(HANG_SECONDS)  # ends early on reset or shutdown
            self._close_without_response("injected hang")
            return True
        if step.status is not None:
            extra = {"Retry-After": step.retry_after} if step.retry_after is not None else {}
            self._send_json(step.status, step.response_body(), extra)
            return True
        return False

    def _authenticate(self):
        """The instance_id bound to the Bearer key, or None after answering 401."""
        value = self.headers.get("Authorization")
        if value is None:
            self._send_json(401, {"error": "missing Authorization: Bearer <api key> header"})
            return None
        scheme, _, key = value.strip().partition(" ")
        instance = self.server.config.keys.get(key.strip()) if scheme.lower() == "bearer" else None
        if instance is None:
            self._send_json(401, {"error": "unknown API key"})
        return instance

    def _events(self, raw, parsed):
        """docs/protocol.md, "Sending events". Check order: size (done), auth, JSON, envelope,
        limit, instance, events."""
        instance = self._authenticate()
        if instance is None:
            return
        body = self._parse_object(raw, parsed)
        if body is None:
            return
        details = validate_events_envelope(body)
        if details:
            self._send_json(422, {"error": "invalid events batch", "details": details})
            return
        events = body["events"]
        limit = self.server.faults.max_batch_events
        if limit is not None and len(events) > limit:
            self._send_json(413, {"error": f"batch of {len(events)} events exceeds the "
                                           f"limit of {limit} (set by /_control/limits)"})
            return
        for event in events:
            # UUIDs compare case-insensitively (RFC 4122); the per-event check still
            # requires a well-formed UUID.
            claimed = event.get("instance_id")
            if isinstance(claimed, str) and claimed.lower() != instance.lower():
                self._send_json(403, {"error": "API key is not bound to instance_id "
                                               f"{claimed[:64]!r}"})
                return
        self._send_json(202, ingest_events(self.server.store, events, self.server.faults.enums))

    def _predictions(self, raw):
        """docs/protocol.md, "Predictions". Public: any Authorization header is ignored (but
        logged by the caller)."""
        body = self._parse_object(raw)
        if body is None:
            return
        details = validate_queries_envelope(body)
        if details:
            self._send_json(422, {"error": "invalid predictions batch", "details": details})
            return
        results = [predict(self.server.store, q, self.server.config.min_samples)
                   for q in body["queries"]]
        self._send_json(200, {"results": results})

    # ---- /_control/*

    CONTROL_ROUTES = {
        "/_control/health": {"GET": "_ctl_health"},
        "/_control/faults": {"GET": "_ctl_get_faults", "POST": "_ctl_add_faults"},
        "/_control/limits": {"GET": "_ctl_get_limits", "POST": "_ctl_set_limits"},
        "/_control/received": {"GET": "_ctl_received"},
        "/_control/events": {"GET": "_ctl_get_events", "POST": "_ctl_seed_events"},
        "/_control/reset": {"POST": "_ctl_reset"},
    }

    def _control(self, path):
        raw, body_error = self._read_body_or_error(path)
        methods = self.CONTROL_ROUTES.get(path)
        if body_error is not None:
            self._send_json(body_error.status, {"error": body_error.message})
        elif methods is None:
            self._send_json(404, {"error": f"no such control path {path}"})
        elif self.command not in methods:
            self._method_not_allowed(sorted(methods))
        elif self.command == "GET":
            getattr(self, methods["GET"])()
        else:
            body = self._parse_object(raw or b"{}")  # an empty POST body means {}
            if body is not None:
                getattr(self, methods[self.command])(body)

    def _ctl_health(self):
        self._send_json(200, {"ok": True})

    def _ctl_get_faults(self):
        self._send_json(200, {"pending": self.server.faults.pending()})

    def _ctl_add_faults(self, body):
        path, steps = body.get("path"), body.get("steps")
        if not isinstance(path, str) or not path.startswith("/v1/"):
            self._send_json(400, {"error": 'path must be a string starting with "/v1/"'})
            return
        if not isinstance(steps, list):
            self._send_json(400, {"error": "steps must be an array of step objects"})
            return
        try:
            parsed = [parse_step(step) for step in steps]
        except ValueError as exc:
            self._send_json(400, {"error": str(exc)})
            return
        pending = self.server.faults.add(path, parsed)
        self._send_json(200, {"path": path, "pending": pending})

    def _ctl_get_limits(self):
        faults = self.server.faults
        limits = {"max_batch_events": faults.max_batch_events}
        if faults.enums:
            limits["enums"] = faults.enums
        self._send_json(200, limits)

    def _ctl_set_limits(self, body):
        """{"max_batch_events": n or null} and/or {"enums": "documented" | {name: [members]} |
        {}}: what the server accepts from now on (until /_control/reset)."""
        limit = body.get("max_batch_events")
        enums = parse_enum_limits(body.get("enums", {}))
        if set(body) - {"max_batch_events", "enums"} or enums is None or not (
                limit is None or (type(limit) is int and limit >= 1)):
            self._send_json(400, {"error": "expected {\"max_batch_events\": integer >= 1 or null, "
                                           "\"enums\": \"documented\" or {name: [members]}}"})
            return
        answer = {}
        if "max_batch_events" in body or not body:
            self.server.faults.set_max_batch_events(limit)
            answer["max_batch_events"] = limit
        if "enums" in body:
            self.server.faults.set_enums(enums)
            answer["enums"] = enums
        self._send_json(200, answer)

    def _ctl_received(self):
        self._send_json(200, {"requests": self.server.log.snapshot()})

    def _ctl_get_events(self):
        raw = self.server.store.raw_events()
        self._send_json(200, {"events": [json.loads(text) for text in raw], "raw": raw})

    def _ctl_seed_events(self, body):
        """Store events without auth or instance binding (still validated per docs/protocol.md,
        "The event")."""
        details = validate_events_envelope(body, max_items=CONTROL_MAX_EVENTS)
        if details:
            self._send_json(422, {"error": "invalid events batch", "details": details})
            return
        self._send_json(200, ingest_events(self.server.store, body["events"]))

    def _ctl_reset(self, _body):
        server = self.server
        server.faults.reset()  # wakes hanging and delayed handlers first
        server.store.clear()
        server.log.clear()
        self._send_json(200, {"ok": True})


# --------------------------------------------------------------------- server

class MosaicServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address, config, store):
        self.config = config
        self.store = store
        self.faults = FaultBook()
        self.log = RequestLog()
        self._connection_ids = itertools.count(1)
        self._id_lock = threading.Lock()
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, Handler)

    def server_bind(self):
        # HTTPServer.server_bind calls socket.getfqdn(), a DNS lookup that can stall.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def new_connection_id(self):
        with self._id_lock:
            return next(self._connection_ids)

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], ConnectionError):
            return  # the client went away (often on purpose in fault tests)
        super().handle_error(request, client_address)

    def url(self):
        host, port = self.server_address[:2]
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


# ------------------------------------------------------------------------ CLI

def loopback_host(host):
    """The literal address to bind, refusing anything that is not loopback."""
    if host == "localhost":
        return "127.0.0.1"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--host must be a loopback address, not {host!r}")
    if not address.is_loopback:
        raise argparse.ArgumentTypeError(f"--host must be a loopback address, not {host!r}")
    return str(address)


def key_binding(text):
    """KEY:INSTANCE_ID -> (key, instance_id)."""
    key, sep, instance = text.partition(":")
    if not sep or not key or check_uuid(instance):
        raise argparse.ArgumentTypeError(f"expected KEY:INSTANCE_ID (a UUID), got {text!r}")
    return key, instance


def non_negative(text):
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be >= 0")
    return value


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", type=loopback_host, default="127.0.0.1")
    parser.add_argument("--port", type=non_negative, default=0, help="0 picks a free port")
    parser.add_argument("--db", default=":memory:", help="SQLite path (default :memory:)")
    parser.add_argument("--port-file", help="write the bound port here (atomically)")
    parser.add_argument("--key", type=key_binding, action="append", metavar="KEY:INSTANCE_ID",
                        help="accepted API key and its instance (repeatable; default: demo key)")
    parser.add_argument("--min-samples", type=non_negative, default=5)
    parser.add_argument("--max-body-bytes", type=non_negative, default=DEFAULT_MAX_BODY_BYTES)
    parser.add_argument("--quiet", action="store_true", help="no per-request log on stderr")
    return parser.parse_args(argv)


def write_port_file(path, port):
    """Write "PORT\\n" so a reader never sees a partial file (temp file + rename)."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".port-", dir=directory)
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(f"{port}\n")
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def main(argv=None):
    args = parse_args(argv)
    config = Config(min_samples=args.min_samples, max_body_bytes=args.max_body_bytes,
                    quiet=args.quiet)
    if args.key:
        config.keys = dict(args.key)
    try:
        server = MosaicServer((args.host, args.port), config, EventStore(args.db))
    except OSError as exc:  # port in use, unwritable --db directory, ...
        print(f"mosaic_server: cannot start: {exc}", file=sys.stderr)
        return 1

    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                              name="serve", daemon=True)
    thread.start()

    if args.port_file:
        write_port_file(args.port_file, server.server_address[1])
    print(f"mosaic reference server listening on {server.url()}", flush=True)

    while not stop.wait(0.2):  # a timed wait keeps the main thread responsive to signals
        pass
    server.faults.close()  # release hanging handlers
    server.shutdown()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
