"""The facts of the wire contract (docs/protocol.md) that the reference server enforces, in
one table.

Every decision the project made itself that the server checks lives here, so that a
change to the contract is one edit in this file (and the matching edit on the C side).
"""

SCHEMA_VERSION = "1.0"

EVENTS_PATH = "/v1/events/batch"
PREDICTIONS_PATH = "/v1/predictions/batch"

MAX_BATCH_EVENTS = 100  # "Sending events": 1..100 events per request
MAX_PREDICTION_QUERIES = 50  # "Predictions": 1..50 queries per request
MAX_FUTURE_SECONDS = 24 * 3600  # "The event": timestamp not more than 24 h ahead
MAX_MODEL_CHARS = 100

# "Enums": the exact wire strings.
TASK_TYPES = (
    "planning", "architecture", "implementation", "code_review", "testing",
    "debugging", "refactoring", "documentation", "configuration",
    "security_audit", "unknown",
)
COMPLEXITIES = ("low", "medium", "high", "critical")
HARNESSES = (
    "claude_code", "codex", "gemini_cli", "cursor", "cline", "aider", "opencode",
    "goose", "copilot_cli", "amp", "kilo_code", "api_direct", "custom", "unknown",
)
PROVIDERS = (
    "anthropic", "openai", "google", "mistral", "deepseek", "xai", "openrouter",
    "ollama", "custom", "unknown",
)
OUTCOMES = ("success", "failure", "partial", "timeout", "cancelled")
QUALITY_GATES = ("build", "lint", "test", "typecheck", "format", "coverage", "security")
REPO_SIZE_CATEGORIES = ("tiny", "small", "medium", "large", "huge")

# What the Mosaic documentation shows of the enums it lists in full (docs/protocol.md, "Enums":
# the Mosaic Stack issue that defines the event). The other members above are ours.
# /_control/limits {"enums": "documented"} makes the server accept only these.
DOCUMENTED_ENUMS = {
    "outcome": ("success", "failure", "partial", "timeout"),
    "quality_gates": ("build", "lint", "test", "typecheck", "security"),
}
# The event fields each restrictable enum is checked in.
ENUM_FIELDS = {
    "task_type": ("task_type",),
    "complexity": ("complexity",),
    "harness": ("harness",),
    "provider": ("provider",),
    "outcome": ("outcome",),
    "quality_gates": ("quality_gates_run", "quality_gates_failed"),
    "repo_size_category": ("repo_size_category",),
}
CONFIDENCES = ("none", "low", "medium", "high")

# "The event": integer ranges, inclusive.
TOKENS_MAX = 100_000_000
COST_MICROS_MAX = 100_000_000_000
INT_RANGES = {
    "task_duration_ms": (0, 86_400_000),
    "estimated_input_tokens": (0, TOKENS_MAX),
    "estimated_output_tokens": (0, TOKENS_MAX),
    "actual_input_tokens": (0, TOKENS_MAX),
    "actual_output_tokens": (0, TOKENS_MAX),
    "estimated_cost_usd_micros": (0, COST_MICROS_MAX),
    "actual_cost_usd_micros": (0, COST_MICROS_MAX),
    "context_compactions": (0, 10_000),
    "context_rotations": (0, 10_000),
    "retry_count": (0, 1_000),
}

# "The event": field order; every field is required (language and repo_size_category
# may be null).
EVENT_FIELDS = (
    "event_id", "instance_id", "schema_version", "timestamp", "task_duration_ms",
    "task_type", "complexity", "harness", "model", "provider",
    "estimated_input_tokens", "estimated_output_tokens",
    "actual_input_tokens", "actual_output_tokens",
    "estimated_cost_usd_micros", "actual_cost_usd_micros",
    "quality_gate_passed", "quality_gates_run", "quality_gates_failed",
    "context_compactions", "context_rotations", "context_utilization_final",
    "outcome", "retry_count", "language", "repo_size_category",
)

# "Predictions": the four dimensions of a query.
QUERY_FIELDS = ("task_type", "model", "provider", "complexity")

# Patterns use [0-9] rather than \d: Python's \d also matches non-ASCII digits.
LOWER_UUID_PATTERN = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
UUID_PATTERN = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
TIMESTAMP_PATTERN = (
    r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})\.([0-9]{3})Z"
)
LANGUAGE_PATTERN = r"[a-z0-9+#._-]{1,32}"

# The reference server's built-in demo credentials (README demo and tests).
DEMO_API_KEY = "0123456789abcdef" * 4
DEMO_INSTANCE_ID = "12345678-1234-4234-8234-123456789abc"
