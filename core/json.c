#include "json.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "err.h"

json_object *mt_json_parse(const char *text, size_t len, char *err, size_t errlen)
{
    json_tokener *tokener = json_tokener_new();
    if (!tokener) {
        mt_set_error(err, errlen, "json: out of memory");
        return NULL;
    }
    json_tokener_set_flags(tokener, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
    json_object *root = json_tokener_parse_ex(tokener, text, (int)len);
    enum json_tokener_error error = json_tokener_get_error(tokener);
    size_t consumed = json_tokener_get_parse_end(tokener);
    if (!root || error != json_tokener_success || consumed != len) {
        mt_set_error(err, errlen, "json: %s at byte %zu",
                     root ? "unexpected bytes after the document"
                          : json_tokener_error_desc(error == json_tokener_continue
                                                        ? json_tokener_error_parse_eof
                                                        : error),
                     consumed);
        json_object_put(root);
        root = NULL;
    }
    json_tokener_free(tokener);
    return root;
}

/* Writes value as "0.72" when six decimals hold it exactly (utilizations nearly always); false
 * otherwise. Exact because both integers are representable and IEEE division rounds correctly,
 * which is also what strtod does with the decimal text. */
static bool format_short_decimal(double value, char *text, size_t len)
{
    if (!(value >= 0.0 && value < 1e9))
        return false;
    double scaled = nearbyint(value * 1e6);
    if (scaled / 1e6 != value)
        return false;
    long long micros = (long long)scaled;
    int n = snprintf(text, len, "%lld.", micros / 1000000);
    for (long long place = 100000, rest = micros % 1000000; place > 0; place /= 10) {
        text[n++] = (char)('0' + rest / place);
        rest %= place;
    }
    while (text[n - 1] == '0' && text[n - 2] != '.') /* "0.720000" -> "0.72", "1.000000" -> "1.0" */
        n--;
    text[n] = '\0';
    return true;
}

/* The shortest decimal that reads back as the same double, so 0.72 is written "0.72". */
json_object *mt_json_new_double(double value)
{
    char text[40];
    if (!format_short_decimal(value, text, sizeof text)) {
        for (int digits = 15; digits <= 17; digits++) {
            snprintf(text, sizeof text, "%.*g", digits, value);
            if (strtod(text, NULL) == value)
                break;
        }
    }
    return json_object_new_double_s(value, text);
}
