"""The log of requests to /v1/* that GET /_control/received reports.

A request is logged when it arrives (after its body is read) and its status is filled
in when it is answered, so a hanging or dropped request still shows, with status null.
"""

import copy
import threading
import time


class RequestLog:
    def __init__(self):
        self._lock = threading.Lock()
        self._entries = []

    def arrive(self, method, path, headers, body, connection, event_count):
        """Record an arriving request; returns the entry, to pass to answered()."""
        with self._lock:
            seq = len(self._entries)  # 0-based index in the log
            entry = {
                "seq": seq,
                "method": method,
                "path": path,
                "headers": headers,
                "body": body,
                "status": None,
                "event_count": event_count,
                "connection": connection,
                "at": time.monotonic(),
            }
            self._entries.append(entry)
            return entry

    def answered(self, entry, status):
        # Updating the entry object (not an index) stays correct when a reset emptied
        # the log while the request was being handled: the orphan entry is just dropped.
        with self._lock:
            entry["status"] = status

    def snapshot(self):
        with self._lock:
            return copy.deepcopy(self._entries)

    def clear(self):
        with self._lock:
            self._entries = []
