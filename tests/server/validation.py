"""Validation of request bodies against docs/protocol.md: "Sending events", "The event",
"Enums" and "Predictions".

Each check returns None when the value is valid, or a short rule text; callers
prefix the field name so every message reads "<field>: <rule>" on one line.
"""

import datetime
import json
import math
import re
import time

import protocol as P

_LOWER_UUID = re.compile(P.LOWER_UUID_PATTERN)
_UUID = re.compile(P.UUID_PATTERN)
_TIMESTAMP = re.compile(P.TIMESTAMP_PATTERN)
_LANGUAGE = re.compile(P.LANGUAGE_PATTERN)


# ---------------------------------------------------------------- JSON parsing

def _refuse_constant(name):
    # Python's json accepts NaN/Infinity; they are not JSON, so the server refuses them.
    raise ValueError(f"non-standard JSON constant {name}")


def parse_json_body(raw):
    """Decode a request body as strict UTF-8 JSON.

    Returns (value, None) or (None, error text). Any failure is a 400 for the caller.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, f"body is not valid UTF-8 ({exc.reason} at byte {exc.start})"
    try:
        return json.loads(text, parse_constant=_refuse_constant), None
    except RecursionError:
        return None, "body is not valid JSON (nested too deeply)"
    except ValueError as exc:  # JSONDecodeError, huge integers, NaN
        return None, f"body is not valid JSON ({exc})"


# ------------------------------------------------------------ value checkers

def _is_int(value):
    return type(value) is int  # bool is a subclass of int and is refused


def _int_range(lo, hi):
    def check(value):
        if not _is_int(value) or not lo <= value <= hi:
            return f"must be an integer in {lo}..{hi}"
        return None
    return check


def _enum(name, values):
    def check(value):
        if not isinstance(value, str) or value not in values:
            return f"must be a {name} wire string ({', '.join(values)})"
        return None
    return check


def _nullable(check):
    def nullable_check(value):
        return None if value is None else check(value)
    return nullable_check


_CONTROL_CHAR = re.compile("[\x00-\x1f\x7f-\x9f]")  # C0 controls, DEL and C1 controls


def _has_control_char(text):
    return _CONTROL_CHAR.search(text) is not None


def check_model(value):
    if (not isinstance(value, str) or not 1 <= len(value) <= P.MAX_MODEL_CHARS
            or _has_control_char(value)):
        return f"must be a string of 1..{P.MAX_MODEL_CHARS} characters without control characters"
    return None


def _check_event_id(value):
    if not isinstance(value, str) or not _LOWER_UUID.fullmatch(value):
        return "must be a lowercase hyphenated 36-character UUID"
    return None


def check_uuid(value):
    if not isinstance(value, str) or not _UUID.fullmatch(value):
        return "must be a hyphenated 36-character UUID"
    return None


def _check_schema_version(value):
    if value != P.SCHEMA_VERSION or not isinstance(value, str):
        return f'must be "{P.SCHEMA_VERSION}"'
    return None


def _check_timestamp(value, now):
    rule = "must be RFC 3339 UTC with 3 fractional digits and Z, e.g. 2026-02-15T05:29:05.123Z"
    match = _TIMESTAMP.fullmatch(value) if isinstance(value, str) else None
    if not match:
        return rule
    parts = [int(g) for g in match.groups()]
    try:
        when = datetime.datetime(*parts[:6], parts[6] * 1000, tzinfo=datetime.timezone.utc)
    except ValueError:
        return rule + " (not a real date/time)"
    if when.timestamp() > now + P.MAX_FUTURE_SECONDS:
        return "must not be more than 24 h in the future"
    return None


def _check_bool(value):
    return None if type(value) is bool else "must be a boolean"


def _check_gates(value):
    rule = f"must be an array of distinct QualityGate strings ({', '.join(P.QUALITY_GATES)})"
    if not isinstance(value, list):
        return rule
    if any(not isinstance(g, str) or g not in P.QUALITY_GATES for g in value):
        return rule
    if len(set(value)) != len(value):
        return "must not contain duplicates"
    return None


def _check_utilization(value):
    if (type(value) not in (int, float) or not math.isfinite(value)
            or not 0.0 <= value <= 1.0):
        return "must be a number in 0.0..1.0"
    return None


def _check_language(value):
    if not isinstance(value, str) or not _LANGUAGE.fullmatch(value):
        return "must be null or 1..32 characters of [a-z0-9+#._-]"
    return None


def _event_rules():
    """Field -> checker, in the order of docs/protocol.md, "The event" (the first failing field
    is reported). Built once: the server checks every event of every batch with them."""
    rules = {
        "event_id": _check_event_id,
        "instance_id": check_uuid,
        "schema_version": _check_schema_version,
        "timestamp": None,  # the one check that needs the time: see validate_event
        "task_type": _enum("TaskType", P.TASK_TYPES),
        "complexity": _enum("Complexity", P.COMPLEXITIES),
        "harness": _enum("Harness", P.HARNESSES),
        "model": check_model,
        "provider": _enum("Provider", P.PROVIDERS),
        "quality_gate_passed": _check_bool,
        "quality_gates_run": _check_gates,
        "quality_gates_failed": _check_gates,
        "context_utilization_final": _check_utilization,
        "outcome": _enum("Outcome", P.OUTCOMES),
        "language": _nullable(_check_language),
        "repo_size_category": _nullable(_enum("RepoSizeCategory", P.REPO_SIZE_CATEGORIES)),
    }
    for name, (lo, hi) in P.INT_RANGES.items():
        rules[name] = _int_range(lo, hi)
    return [(name, rules[name]) for name in P.EVENT_FIELDS]


_EVENT_RULES = _event_rules()
_KNOWN_FIELDS = frozenset(P.EVENT_FIELDS)


# -------------------------------------------------------------- whole objects

def validate_event(event, now=None):
    """Return None if `event` is a valid schema-1.0 TaskCompletionEvent, else "<field>: <rule>"."""
    if not isinstance(event, dict):
        return "event: must be a JSON object"
    unknown = event.keys() - _KNOWN_FIELDS
    if unknown:
        return f"{min(unknown)}: unknown field"
    now = time.time() if now is None else now
    for name, check in _EVENT_RULES:
        if name not in event:
            return f"{name}: required field missing"
        rule = check(event[name]) if check else _check_timestamp(event[name], now)
        if rule:
            return f"{name}: {rule}"
    if not set(event["quality_gates_failed"]) <= set(event["quality_gates_run"]):
        return "quality_gates_failed: must be a subset of quality_gates_run"
    return None


def _list_envelope(body, key, max_items, what):
    """Shared 422 checks for {"<key>": [object, ...]} with 1..max_items items.

    `what` is the (singular, plural) noun used in messages.
    """
    if key not in body:
        return [f"{key}: required field missing"]
    items = body[key]
    if not isinstance(items, list):
        return [f"{key}: must be an array"]
    if not items:
        return [f"{key}: must contain at least 1 {what[0]}"]
    if len(items) > max_items:
        return [f"{key}: at most {max_items} {what[1]} per request, got {len(items)}"]
    return [f"{key}[{i}]: must be an object" for i, item in enumerate(items)
            if not isinstance(item, dict)]


def validate_events_envelope(body, max_items=P.MAX_BATCH_EVENTS):
    """Details for a 422 on an events batch body (a dict), or [] when the envelope is valid.

    Unknown top-level keys are tolerated; only `events` is checked.
    """
    return _list_envelope(body, "events", max_items, ("event", "events"))


def validate_query(query, index):
    """Details for one PredictionQuery: exactly the four dimensions, each valid."""
    prefix = f"queries[{index}]"
    details = [f"{prefix}.{name}: unknown field"
               for name in sorted(set(query) - set(P.QUERY_FIELDS))]
    checks = {
        "task_type": _enum("TaskType", P.TASK_TYPES),
        "model": check_model,
        "provider": _enum("Provider", P.PROVIDERS),
        "complexity": _enum("Complexity", P.COMPLEXITIES),
    }
    for name in P.QUERY_FIELDS:
        if name not in query:
            details.append(f"{prefix}.{name}: required field missing")
            continue
        rule = checks[name](query[name])
        if rule:
            details.append(f"{prefix}.{name}: {rule}")
    return details


def validate_queries_envelope(body):
    """Details for a 422 on a predictions body (a dict), or [] when every query is valid."""
    details = _list_envelope(body, "queries", P.MAX_PREDICTION_QUERIES, ("query", "queries"))
    if details:
        return details
    for i, query in enumerate(body["queries"]):
        details.extend(validate_query(query, i))
    return details


def check_restricted_enums(event, allowed):
    """None when every restricted enum field of a (valid) event holds an allowed member, else
    "<field>: <rule>" naming the first that does not. allowed: enum name -> members, as
    /_control/limits {"enums": ...} set it."""
    for enum, members in allowed.items():
        for field in P.ENUM_FIELDS[enum]:
            value = event.get(field)
            values = value if isinstance(value, list) else [value]
            bad = [v for v in values if v is not None and v not in members]
            if bad:
                return (f"{field}: '{bad[0]}' is not accepted by this server "
                        f"(accepted: {', '.join(members)})")
    return None

