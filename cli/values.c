/* Strict value parsing: strtoull alone would take "12x", " 12" and "-1" (as a huge number). */
#include "values.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "config.h"

static bool all_digits(const char *text, size_t len)
{
    if (len == 0)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!isdigit((unsigned char)text[i]))
            return false;
    return true;
}

bool cli_parse_u64(const char *cmd, const char *what, const char *text, uint64_t max, uint64_t *out)
{
    uint64_t value = 0;
    bool ok = all_digits(text, strlen(text));
    for (const char *p = text; ok && *p; p++) {
        unsigned digit = (unsigned)(*p - '0');
        ok = digit <= max && value <= (max - digit) / 10;
        value = value * 10 + digit;
    }
    if (!ok) {
        if (all_digits(text, strlen(text)))
            cli_error(cmd, "%s: must be at most %llu, got '%.40s'", what, (unsigned long long)max,
                      text);
        else
            cli_error(cmd, "%s: expected a whole number, got '%.40s'", what, text);
        return false;
    }
    *out = value;
    return true;
}

/* digits, optionally '.' and digits: the only decimal forms accepted (no sign, exponent, hex,
 * inf or nan, which strtod would all take). */
static bool plain_decimal(const char *text, size_t *int_len, size_t *frac_len)
{
    const char *dot = strchr(text, '.');
    *int_len = dot ? (size_t)(dot - text) : strlen(text);
    *frac_len = dot ? strlen(dot + 1) : 0;
    return all_digits(text, *int_len) && (!dot || all_digits(dot + 1, *frac_len));
}

bool cli_parse_decimal(const char *cmd, const char *what, const char *text, double *out)
{
    size_t int_len, frac_len;
    if (!plain_decimal(text, &int_len, &frac_len) || int_len > 15) {
        cli_error(cmd, "%s: expected a non-negative decimal number, got '%.40s'", what, text);
        return false;
    }
    *out = strtod(text, NULL);
    return true;
}

bool cli_parse_dollars(const char *cmd, const char *what, const char *text, uint64_t *micros)
{
    size_t int_len, frac_len;
    if (!plain_decimal(text, &int_len, &frac_len) || int_len > 12 || frac_len > 6) {
        cli_error(cmd, "%s: expected dollars with at most 6 decimals (e.g. 0.42), got '%.40s'",
                  what, text);
        return false;
    }
    uint64_t value = 0;
    for (size_t i = 0; i < int_len; i++)
        value = value * 10 + (uint64_t)(text[i] - '0');
    const char *fraction = text + int_len + (frac_len ? 1 : 0);
    for (size_t i = 0; i < 6; i++)
        value = value * 10 + (i < frac_len ? (uint64_t)(fraction[i] - '0') : 0);
    *micros = value;
    return true;
}

bool cli_parse_enum(const char *cmd, const char *what, const mt_enum_table *table, const char *text,
                    int *out)
{
    int value = mt_enum_parse(table, text);
    if (value < 0) {
        char allowed[320];
        mt_enum_list(table, allowed, sizeof allowed);
        cli_error(cmd, "%s: expected one of %s; got '%.40s'", what, allowed, text);
        return false;
    }
    *out = value;
    return true;
}

bool cli_parse_gates(const char *cmd, const char *what, const char *text,
                     mosaic_quality_gate *gates, size_t cap, size_t *n)
{
    *n = 0;
    const char *p = text;
    while (*p) {
        size_t len = strcspn(p, ",");
        char name[32];
        snprintf(name, sizeof name, "%.*s", (int)(len < sizeof name ? len : sizeof name - 1), p);
        int gate;
        if (*n == cap || !cli_parse_enum(cmd, what, &mt_quality_gate_table, name, &gate))
            return false;
        gates[(*n)++] = (mosaic_quality_gate)gate;
        p += len + (p[len] == ',');
    }
    return true;
}

bool cli_parse_bool(const char *cmd, const char *what, const char *text, bool *out)
{
    if (mt_parse_bool(text, out))
        return true;
    cli_error(cmd, "%s: expected true/1/yes/on or false/0/no/off, got '%.40s'", what, text);
    return false;
}
