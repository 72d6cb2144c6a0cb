/* `track --json`: one event object from a file or stdin. Whatever the document leaves out is
 * taken from an event the builder makes (new id, current time, schema version, instance id,
 * defaults), then the merged object goes through mosaic_event_from_json, so that the document
 * meets exactly the rules (and the one-line errors) of every other event. */
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "track.h"

#define CMD           "track"
#define MAX_DOC_BYTES (1u << 20)

/* The whole document, NUL-terminated, into *out. A path that cannot be opened is bad input
 * (CLI_USAGE); a read that fails midway is a runtime failure (CLI_FAIL). */
static int read_document(const char *path, char **out)
{
    *out = NULL;
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        cli_error(CMD, "--json: cannot open %s: %s", path, strerror(errno));
        return CLI_USAGE;
    }
    char *text = malloc(MAX_DOC_BYTES + 1);
    size_t len = text ? fread(text, 1, MAX_DOC_BYTES + 1, f) : 0;
    int status = CLI_OK;
    if (!text || ferror(f)) {
        cli_error(CMD, "--json: cannot read %s: %s", path, text ? strerror(errno) : "no memory");
        status = CLI_FAIL;
    } else if (len > MAX_DOC_BYTES) {
        cli_error(CMD, "--json %s: larger than 1 MiB", path);
        status = CLI_USAGE;
    }
    if (f != stdin)
        fclose(f);
    if (status != CLI_OK) {
        free(text);
        return status;
    }
    text[len] = '\0';
    *out = text;
    return CLI_OK;
}

/* One JSON object and nothing after it but white space; NULL (printed) otherwise. */
static json_object *parse_object(const char *text, const char *path)
{
    json_tokener *tok = json_tokener_new();
    if (!tok)
        return NULL;
    size_t len = strlen(text);
    /* The NUL counts: it ends a bare top-level value ("null", "5") that would else wait for
     * more input. */
    json_object *doc = json_tokener_parse_ex(tok, text, (int)len + 1);
    enum json_tokener_error error = json_tokener_get_error(tok);
    size_t used = json_tokener_get_parse_end(tok);
    json_tokener_free(tok);
    if (error != json_tokener_success) {
        cli_error(CMD, "--json %s: not valid JSON: %s", path,
                  error == json_tokener_continue ? "unexpected end of input"
                                                 : json_tokener_error_desc(error));
        json_object_put(doc);
        return NULL;
    }
    if (!json_object_is_type(doc, json_type_object) ||
        (used < len && strspn(text + used, " \t\r\n") != len - used)) {
        cli_error(CMD, "--json %s: expected exactly one JSON object (one event)", path);
        json_object_put(doc);
        return NULL;
    }
    return doc;
}

/* The builder's event for the fields the document leaves out, as a JSON object. Its model,
 * complexity and outcome are placeholders: the document must give those three. */
static json_object *template_event(const char *instance_id)
{
    mosaic_event_builder *b = mosaic_event_builder_new(instance_id);
    mosaic_event_builder_model(b, "placeholder");
    mosaic_event_builder_complexity(b, MOSAIC_COMPLEXITY_LOW);
    mosaic_event_builder_outcome(b, MOSAIC_OUTCOME_SUCCESS);
    mosaic_event *event = NULL;
    char err[256] = "";
    if (mosaic_event_builder_build(b, &event, err, sizeof err) != MOSAIC_OK)
        cli_error(CMD, "%s", err);
    mosaic_event_builder_free(b);
    char *text = event ? mosaic_event_to_json(event) : NULL;
    json_object *object = text ? json_tokener_parse(text) : NULL;
    mosaic_free(text);
    mosaic_event_free(event);
    return object;
}

static bool has_required(json_object *doc)
{
    static const char *const required[] = {"model", "complexity", "outcome"};
    for (size_t i = 0; i < 3; i++) {
        if (!json_object_object_get_ex(doc, required[i], NULL)) {
            cli_error(CMD, "%s: required, missing from the document", required[i]);
            return false;
        }
    }
    return true;
}

/* The document over the template: its own fields win, unknown ones come along to be refused. */
static json_object *complete(json_object *doc, const char *instance_id)
{
    json_object *given = NULL;
    if (json_object_object_get_ex(doc, "instance_id", &given) &&
        json_object_is_type(given, json_type_string))
        instance_id = json_object_get_string(given);
    else if (!instance_id) {
        cli_error(CMD, "instance_id: required, not set (in the document, with --instance-id or "
                       "MOSAIC_TELEMETRY_INSTANCE_ID)");
        return NULL;
    }
    json_object *merged = template_event(instance_id);
    if (!merged)
        return NULL;
    json_object_object_foreach(doc, key, value)
    {
        json_object_object_add(merged, key, json_object_get(value));
    }
    return merged;
}

int cli_track_event_from_json(const char *path, const char *instance_id, mosaic_event **out)
{
    *out = NULL;
    char *text = NULL;
    int read_status = read_document(path, &text);
    if (read_status != CLI_OK)
        return read_status;
    json_object *doc = parse_object(text, path);
    free(text);
    json_object *merged = doc && has_required(doc) ? complete(doc, instance_id) : NULL;
    int status = CLI_USAGE;
    if (merged) {
        char err[256] = "";
        const char *merged_text = json_object_to_json_string_ext(merged, JSON_C_TO_STRING_PLAIN);
        if (mosaic_event_from_json(merged_text, out, err, sizeof err) == MOSAIC_OK)
            status = CLI_OK;
        else
            cli_error(CMD, "%s", err);
    }
    json_object_put(merged);
    json_object_put(doc);
    return status;
}
