"""Predictions computed from stored events (docs/protocol.md, "Predictions").

Rules (the real server's statistics are not public; these are ours and simple on purpose):

* Relaxation: level 0 matches all four dimensions; level 1 task_type+model+provider;
  level 2 task_type+provider; level 3 task_type only. The first level with at least
  `min_samples` events (and at least 1) is used. If none qualifies the answer is
  `prediction: null`, confidence "none", sample_size 0, fallback_level 0.
* Percentiles use the nearest-rank method on the sorted values: the p-th percentile is
  the value at 1-based rank ceil(p/100 * n). It always returns a stored integer.
* correction_factors.input = mean(actual_input_tokens) / mean(estimated_input_tokens)
  over the events with estimated_input_tokens > 0 (1.0 when there are none); output
  likewise. Rounded to 3 decimals, as are the quality rates.
* quality.gate_pass_rate = fraction of events with quality_gate_passed true;
  quality.success_rate = fraction with outcome "success".
* metadata.last_updated = arrival time of the newest event in the sample (now when none).
"""

import datetime
import time

LEVELS = (
    ("task_type", "model", "provider", "complexity"),
    ("task_type", "model", "provider"),
    ("task_type", "provider"),
    ("task_type",),
)

PERCENTILES = (("p10", 10), ("p25", 25), ("median", 50), ("p75", 75), ("p90", 90))

# prediction key -> event field whose distribution it describes
DISTRIBUTIONS = (
    ("input_tokens", "actual_input_tokens"),
    ("output_tokens", "actual_output_tokens"),
    ("cost_usd_micros", "actual_cost_usd_micros"),
    ("duration_ms", "task_duration_ms"),
)


def rfc3339_ms(epoch_ms):
    """Format epoch milliseconds as 2026-02-15T05:29:05.123Z."""
    when = datetime.datetime.fromtimestamp(epoch_ms // 1000, tz=datetime.timezone.utc)
    return when.strftime("%Y-%m-%dT%H:%M:%S") + f".{epoch_ms % 1000:03d}Z"


def nearest_rank(sorted_values, percent):
    """Nearest-rank percentile of a non-empty ascending list (integer arithmetic, no floats)."""
    rank = max(1, -(-percent * len(sorted_values) // 100))  # ceil(percent * n / 100)
    return sorted_values[rank - 1]


def percentile_summary(values):
    ordered = sorted(values)
    return {name: nearest_rank(ordered, percent) for name, percent in PERCENTILES}


def correction_factor(events, actual_field, estimated_field):
    sample = [e for e in events if e[estimated_field] > 0]
    if not sample:
        return 1.0
    # mean(actual) / mean(estimated) over the same events == sum / sum
    return round(sum(e[actual_field] for e in sample) / sum(e[estimated_field] for e in sample), 3)


def confidence(level, sample_size):
    """Confidence from the sample size and how far the query was relaxed.

    none: no prediction; high: exact match (level 0) and n >= 100;
    medium: level <= 1 and n >= 20; low: anything else with a prediction.
    """
    if sample_size == 0:
        return "none"
    if level == 0 and sample_size >= 100:
        return "high"
    if level <= 1 and sample_size >= 20:
        return "medium"
    return "low"


def summarise(events):
    """The `prediction` object for a non-empty list of events."""
    n = len(events)
    prediction = {key: percentile_summary([e[field] for e in events])
                  for key, field in DISTRIBUTIONS}
    prediction["correction_factors"] = {
        "input": correction_factor(events, "actual_input_tokens", "estimated_input_tokens"),
        "output": correction_factor(events, "actual_output_tokens", "estimated_output_tokens"),
    }
    prediction["quality"] = {
        "gate_pass_rate": round(sum(1 for e in events if e["quality_gate_passed"]) / n, 3),
        "success_rate": round(sum(1 for e in events if e["outcome"] == "success") / n, 3),
    }
    return prediction


def choose_sample(store, query, min_samples):
    """(level, [(event, arrived_at_ms)]) of the first level with enough events, or (0, [])."""
    needed = max(1, min_samples)
    for level, dimensions in enumerate(LEVELS):
        rows = store.matching({name: query[name] for name in dimensions})
        if len(rows) >= needed:
            return level, rows
    return 0, []


def predict(store, query, min_samples):
    """One result object (docs/protocol.md, "Predictions") for a validated query."""
    level, rows = choose_sample(store, query, min_samples)
    events = [event for event, _ in rows]
    newest_ms = max((arrived for _, arrived in rows), default=int(time.time() * 1000))
    return {
        "query": {name: query[name] for name in ("task_type", "model", "provider", "complexity")},
        "prediction": summarise(events) if events else None,
        "metadata": {
            "sample_size": len(events),
            "fallback_level": level,
            "confidence": confidence(level, len(events)),
            "last_updated": rfc3339_ms(newest_ms),
            "cache_hit": False,
        },
    }
