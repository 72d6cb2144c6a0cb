#include "json.h"

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

