"""SQLite storage of accepted events.

One connection shared by all handler threads, serialised by a lock: the server is a
test fixture, so simplicity beats concurrency. Each row keeps the event's JSON text
exactly as stored (compact re-serialisation of what was received), its arrival
sequence number and arrival time, plus the four prediction dimensions as columns so
predictions can select rows without parsing every event.
"""

import json
import sqlite3
import threading
import time

_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    event_id      TEXT PRIMARY KEY,
    seq           INTEGER NOT NULL UNIQUE,
    arrived_at_ms INTEGER NOT NULL,
    task_type     TEXT NOT NULL,
    model         TEXT NOT NULL,
    provider      TEXT NOT NULL,
    complexity    TEXT NOT NULL,
    raw           TEXT NOT NULL
)
"""


def compact_json(obj):
    """The exact text stored for an event."""
    return json.dumps(obj, separators=(",", ":"))


class EventStore:
    def __init__(self, path=":memory:"):
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False)
        with self._lock, self._db:
            self._db.execute(_SCHEMA)

    def _next_seq(self):
        (last,) = self._db.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()
        return last + 1

    def store(self, events):
        """Store valid events atomically, in order.

        Returns one status per event: "accepted", or "duplicate" when the event_id is
        already stored (including earlier in this same list).
        """
        statuses = []
        now_ms = int(time.time() * 1000)
        with self._lock, self._db:
            seq = self._next_seq()
            for event in events:
                cursor = self._db.execute(
                    "INSERT OR IGNORE INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (event["event_id"], seq, now_ms, event["task_type"], event["model"],
                     event["provider"], event["complexity"], compact_json(event)),
                )
                if cursor.rowcount == 1:
                    statuses.append("accepted")
                    seq += 1
                else:
                    statuses.append("duplicate")
        return statuses

    def raw_events(self):
        """Stored JSON texts in arrival order."""
        with self._lock:
            rows = self._db.execute("SELECT raw FROM events ORDER BY seq").fetchall()
        return [raw for (raw,) in rows]

    def matching(self, dimensions):
        """(event dict, arrived_at_ms) of stored events whose columns equal `dimensions`.

        `dimensions` maps a subset of task_type/model/provider/complexity to values;
        the keys come from predictions.LEVELS, never from the request, so building the
        WHERE clause from them is safe.
        """
        where = " AND ".join(f"{name} = ?" for name in dimensions) or "1"
        sql = f"SELECT raw, arrived_at_ms FROM events WHERE {where} ORDER BY seq"
        with self._lock:
            rows = self._db.execute(sql, tuple(dimensions.values())).fetchall()
        return [(json.loads(raw), arrived) for raw, arrived in rows]

    def clear(self):
        with self._lock, self._db:
            self._db.execute("DELETE FROM events")
