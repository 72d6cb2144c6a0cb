/* The plugin file `install opencode` writes: mosaic-telemetry.js as compiled in, with the
 * command's absolute path in it. */
#ifndef OC_PLUGIN_FILE_H
#define OC_PLUGIN_FILE_H

/* The file's text for the command at binary (malloc'd); NULL (logged) when memory runs out or
 * the path holds a control character. */
char *oc_plugin_text(const char *binary);

#endif
