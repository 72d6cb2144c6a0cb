/* Strict JSON parsing through json-c, shared by every reader of the server's answers. */
#ifndef MT_JSON_H
#define MT_JSON_H

#include <json-c/json.h>
#include <stddef.h>

/* One JSON document, no trailing bytes, valid UTF-8; NULL and a one-line err on failure. */
json_object *mt_json_parse(const char *text, size_t len, char *err, size_t errlen);

/* A JSON number written as the shortest decimal that reads back as the same double ("0.72",
 * "1.07", not "1.0700000000000001"). */
json_object *mt_json_new_double(double value);

#endif
