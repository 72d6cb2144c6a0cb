"""Scripted faults and limits for the /v1/* endpoints (the /_control/ API's state).

A test queues steps per path; each request to that path takes the next step (FIFO)
before normal handling. Waits (delay, hang) sleep on an event that `reset()` and
`close()` set, so a reset or a server shutdown ends them promptly instead of leaving
threads asleep for minutes.
"""

import collections
import threading
from dataclasses import dataclass

HANG_SECONDS = 120.0
MAX_DELAY_MS = 120_000
STEP_KEYS = ("status", "retry_after", "delay_ms", "hang", "drop", "body")


@dataclass(frozen=True)
class FaultStep:
    status: int | None = None
    retry_after: str | None = None
    delay_ms: int = 0
    hang: bool = False
    drop: bool = False
    body: object = None  # custom JSON body for `status`; None means {"error": "injected"}

    def response_body(self):
        return {"error": "injected"} if self.body is None else self.body


def _is_int(value):
    return type(value) is int


def parse_step(obj):
    """Build a FaultStep from its JSON object, or raise ValueError with the reason."""
    if not isinstance(obj, dict):
        raise ValueError("each step must be an object")
    unknown = sorted(set(obj) - set(STEP_KEYS))
    if unknown:
        raise ValueError(f"unknown step key {unknown[0]!r} (known: {', '.join(STEP_KEYS)})")
    status = obj.get("status")
    if status is not None and (not _is_int(status) or not 200 <= status <= 599):
        raise ValueError("status must be an integer in 200..599")
    retry_after = obj.get("retry_after")
    if _is_int(retry_after) and retry_after >= 0:
        retry_after = str(retry_after)  # convenience: 2 means "2"
    if retry_after is not None and (not isinstance(retry_after, str) or not retry_after
                                    or any(c in retry_after for c in "\r\n")):
        raise ValueError("retry_after must be a non-empty one-line string (seconds or HTTP-date)")
    delay_ms = obj.get("delay_ms", 0)
    if not _is_int(delay_ms) or not 0 <= delay_ms <= MAX_DELAY_MS:
        raise ValueError(f"delay_ms must be an integer in 0..{MAX_DELAY_MS}")
    hang, drop = obj.get("hang", False), obj.get("drop", False)
    if type(hang) is not bool or type(drop) is not bool:
        raise ValueError("hang and drop must be booleans")
    if sum([status is not None, hang, drop]) > 1:
        raise ValueError("status, hang and drop are mutually exclusive")
    if status is None and (retry_after is not None or "body" in obj):
        raise ValueError("retry_after and body need a status")
    return FaultStep(status, retry_after, delay_ms, hang, drop, obj.get("body"))


class FaultBook:
    def __init__(self):
        self._lock = threading.Lock()
        self._steps = collections.defaultdict(collections.deque)
        self._max_batch_events = None
        self._enums = {}
        self._wake = threading.Event()
        self._closed = False

    def add(self, path, steps):
        """Append steps (already parsed) to the path's queue; returns how many are pending."""
        with self._lock:
            self._steps[path].extend(steps)
            return len(self._steps[path])

    def take(self, path):
        """The next step for `path`, or None when nothing is scripted."""
        with self._lock:
            queue = self._steps.get(path)
            return queue.popleft() if queue else None

    def pending(self):
        with self._lock:
            return {path: len(q) for path, q in self._steps.items() if q}

    @property
    def max_batch_events(self):
        with self._lock:
            return self._max_batch_events

    def set_max_batch_events(self, limit):
        with self._lock:
            self._max_batch_events = limit

    @property
    def enums(self):
        """Enum name -> the members the server accepts now ({}: all of protocol.py's)."""
        with self._lock:
            return dict(self._enums)

    def set_enums(self, enums):
        with self._lock:
            self._enums = dict(enums)

    def sleep(self, seconds):
        """Sleep up to `seconds`; returns early (True) on reset or shutdown."""
        with self._lock:
            if self._closed:
                return True
            wake = self._wake
        return wake.wait(seconds)

    def reset(self):
        """Forget every step and limit, and wake every sleeping handler."""
        with self._lock:
            self._steps.clear()
            self._max_batch_events = None
            self._enums = {}
            self._wake.set()
            self._wake = threading.Event()  # sleeps that start after the reset wait again

    def close(self):
        with self._lock:
            self._closed = True
            self._wake.set()
