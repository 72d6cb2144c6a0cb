/* The plugin's text with its COMMAND line naming this binary (plugin_file.h). */
#include "plugin_file.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host.h"

extern const char oc_plugin_js[]; /* embed.cmake */

#define COMMAND_LINE "const COMMAND = "

/* path as a JavaScript string literal into out (size: 2 * strlen + 3 at least). */
static bool quoted(const char *path, char *out)
{
    *out++ = '"';
    for (; *path; path++) {
        if ((unsigned char)*path < 0x20)
            return false;
        if (*path == '"' || *path == '\\')
            *out++ = '\\';
        *out++ = *path;
    }
    *out++ = '"';
    *out = '\0';
    return true;
}

char *oc_plugin_text(const char *binary)
{
    const char *line = strstr(oc_plugin_js, "\n" COMMAND_LINE);
    size_t path_len = strlen(binary);
    char *literal = malloc(2 * path_len + 3);
    char *text = literal ? malloc(strlen(oc_plugin_js) + 2 * path_len + 64) : NULL;
    if (!line || !text || !quoted(binary, literal)) {
        kit_log("install", !line || !text ? "the plugin cannot be written (out of memory)"
                                          : "this program's path holds a control character");
        free(literal);
        free(text);
        return NULL;
    }
    line += 1;
    const char *rest = strchr(line, '\n');
    sprintf(text, "%.*s" COMMAND_LINE "%s; // written by install%s", (int)(line - oc_plugin_js),
            oc_plugin_js, literal, rest ? rest : "\n");
    free(literal);
    return text;
}
