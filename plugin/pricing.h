/* Model prices: a table shipped in data/ (compiled in) or a user file, and the cost of usage. */
#ifndef MT_PRICING_H
#define MT_PRICING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* USD per token. A tier price of 0 means the model has no such tier. */
typedef struct mt_price {
    double input, output;
    double cache_write_5m, cache_write_1h, cache_read;
    /* Above 200 000 input tokens in one request, where the model has such a tier. */
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
 * (a file that cannot be read logs one WARN and the compiled-in table is used). Loaded once;
 * thread-safe; never freed. */
const mt_price_table *mt_prices(void);
/* Reads a table file (see data/README.md for its format); NULL with err on failure. */
mt_price_table *mt_price_table_load(const char *path, char *err, size_t errlen);
mt_price_table *mt_price_table_parse(const char *json, char *err, size_t errlen);
void mt_price_table_free(mt_price_table *table);

/* The price of a model, matched after stripping provider prefixes ("anthropic/",
 * "bedrock/...", "us.") and date suffixes ("-20250929", "@20250929"); NULL when unknown. */
const mt_price *mt_price_lookup(const mt_price_table *table, const char *model);

/* The cost of ONE request's usage in micro-USD, rounded to the nearest (the long-context tier is
 * decided per request, so callers price each call and add the results up). */
uint64_t mt_cost_micros(const mt_price *price, const mt_usage *usage);

#endif
