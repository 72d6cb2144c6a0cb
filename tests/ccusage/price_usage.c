/* Prices usage with the library's table, for tests/ccusage/check.sh.
 *
 * Reads lines "MODEL INPUT OUTPUT CACHE_WRITE_5M CACHE_WRITE_1H CACHE_READ" (one request each;
 * blank lines and lines starting with '#' are skipped) and prints the total cost in micro-USD.
 * Each line is priced on its own, as the library prices a request. Exits 1 on a line it cannot
 * read or a model the table does not have. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "pricing.h"

int main(void)
{
    char line[1024];
    uint64_t total = 0;
    unsigned long number = 0;
    while (fgets(line, sizeof line, stdin)) {
        number++;
        char model[256];
        mt_usage usage = {0};
        const char *start = line + strspn(line, " \t");
        if (*start == '#' || *start == '\n' || *start == '\0')
            continue;
        if (sscanf(start, "%255s %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64 " %" SCNu64, model,
                   &usage.input, &usage.output, &usage.cache_write_5m, &usage.cache_write_1h,
                   &usage.cache_read) != 6) {
            fprintf(stderr, "price_usage: line %lu: expected a model and five token counts\n",
                    number);
            return 1;
        }
        const mt_price *price = mt_price_lookup(mt_prices(), model);
        if (!price) {
            fprintf(stderr, "price_usage: line %lu: no price for %s\n", number, model);
            return 1;
        }
        total += mt_cost_micros(price, &usage);
    }
    printf("%" PRIu64 "\n", total);
    return 0;
}
