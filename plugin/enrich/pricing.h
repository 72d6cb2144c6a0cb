/* Model prices: a table shipped in data/ (compiled in) or a user file, and the cost of usage. */
#ifndef MT_PRICING_H
#define MT_PRICING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "log.h"

/* Where a model's long-context tier starts, in tokens of one category in one request. */
#define MT_PRICE_TIER_THRESHOLD 200000u

/* USD per token. A tier price of 0 means the model has no such tier. A table fills the cache
 * prices a file leaves out (see data/README.md), so every field below is usable as it is. */
typedef struct mt_price {
    double input, output;
    double cache_write_5m, cache_write_1h, cache_read;
    /* For the tokens above MT_PRICE_TIER_THRESHOLD of a category in one request, where the model
     * has such a tier (ccusage's rule; the 1-hour write tier is derived, see mt_cost_micros). */
    double input_above_200k, output_above_200k, cache_write_above_200k, cache_read_above_200k;
    uint64_t context_window; /* tokens; 0 when unknown */
} mt_price;

/* Token counts of one model call (or a sum of calls), Anthropic-style: input excludes cache
 * reads and writes. */
typedef struct mt_usage {
    uint64_t input, output, cache_write_5m, cache_write_1h, cache_read;
} mt_usage;

typedef struct mt_price_table mt_price_table;

/* The table in force: MOSAIC_TELEMETRY_PRICES names a file that replaces the compiled-in one
 * (a file that cannot be read or parsed logs one WARN and the compiled-in table is used). Loaded
 * once, on first use; thread-safe; never freed; never NULL. */
const mt_price_table *mt_prices(void);
/* A fresh copy of the compiled-in table (data/prices.json at build time); free it. */
mt_price_table *mt_price_table_default(char *err, size_t errlen);
/* Reads a table file (see data/README.md for its format); NULL with err on failure. */
mt_price_table *mt_price_table_load(const char *path, char *err, size_t errlen);
mt_price_table *mt_price_table_parse(const char *json, char *err, size_t errlen);
void mt_price_table_free(mt_price_table *table);

/* The models of a table, in the file's order: count, then the i-th price and (if name is not
 * NULL) its normalized name. NULL when i is out of range. */
size_t mt_price_table_count(const mt_price_table *table);
const mt_price *mt_price_table_get(const mt_price_table *table, size_t i, const char **name);

/* The price of a model, matched case-insensitively after normalization (mt_price_normalize):
 * the exact name first, then the longest table name that is a prefix of it followed by '-', ':',
 * '@' or '['. NULL when unknown; the first miss of each normalized name logs one WARN (up to 64
 * names, then one last WARN), so that a loop cannot flood the log. NULL or "" or names starting
 * with '<' ("<synthetic>") give NULL silently. */
const mt_price *mt_price_lookup(const mt_price_table *table, const char *model);

/* Writes the table key for model into out: lowercase, without a provider path ("anthropic/",
 * "openrouter/openai/"), a Bedrock region or vendor ("us.", "anthropic."), a version tail
 * ("-v1:0", ":0"), a date ("-20250929", "@20250929", "-2025-09-29") and "-latest" (kept when
 * keep_latest); in Claude names '.' becomes '-' ("claude-opus-4.1" is "claude-opus-4-1").
 * False (out is "") when the result is empty or does not fit. */
bool mt_price_normalize(const char *model, bool keep_latest, char *out, size_t outlen);

/* Where pricing WARNs go; by default stderr at threshold WARN. The logger is copied. */
void mt_pricing_set_logger(const mt_logger *logger);

/* The cost of ONE request's usage in micro-USD, rounded to the nearest, capped at the protocol's
 * maximum. Each category is priced on its own: tokens up to MT_PRICE_TIER_THRESHOLD at the base
 * price and the rest at the category's above-200k price where that is not 0 (ccusage's formula).
 * 1-hour cache writes use cache_write_1h, and above the threshold cache_write_1h scaled by
 * input_above_200k / input. The tier is decided per request, so callers price each call and add
 * the results up. */
uint64_t mt_cost_micros(const mt_price *price, const mt_usage *usage);

/* Around fork(): the warnings' lock held across it, so that the child's is in a known state
 * (plugin/plugin.c's fork handlers call these; a lock another thread held at the fork would be
 * held forever in the child). */
void mt_pricing_lock_for_fork(void);
void mt_pricing_unlock_after_fork(void);

#endif
