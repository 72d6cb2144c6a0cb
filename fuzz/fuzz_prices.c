/* The price table (data/README.md): a user's MOSAIC_TELEMETRY_PRICES file parsed, every model of
 * it normalized and looked up again, and the input's first line looked up as a model name. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_support.h"
#include "pricing.h"

static void discard(mosaic_log_level level, const char *message, void *user)
{
    (void)level, (void)message, (void)user;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const mt_logger log = {MOSAIC_LOG_DEBUG, discard, NULL};
    mt_pricing_set_logger(&log);
    char *json = fuzz_cstring(data, size);
    char err[256], normalized[256];
    mt_price_table *table = mt_price_table_parse(json, err, sizeof err);
    for (size_t i = 0; table && i < mt_price_table_count(table); i++) {
        const char *name;
        mt_price_table_get(table, i, &name);
        if (!mt_price_lookup(table, name))
            abort(); /* every model of a table is found by its own name */
    }
    char *nl = strchr(json, '\n');
    if (nl)
        *nl = '\0';
    mt_price_normalize(json, false, normalized, sizeof normalized);
    mt_price_normalize(json, true, normalized, sizeof normalized);
    mt_price_lookup(table ? table : mt_prices(), json);
    mt_price_table_free(table);
    free(json);
    return 0;
}
