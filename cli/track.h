/* The two ways `track` gets its event: from flags, or from a JSON document. */
#ifndef MT_CLI_TRACK_H
#define MT_CLI_TRACK_H

#include "args.h"
#include "cli.h"

/* Builds the event from the field flags through the public builder. CLI_OK, or CLI_USAGE after
 * printing the one line that names the flag or the field. */
int cli_track_event_from_flags(const cli_args *args, const char *instance_id, mosaic_event **out);

/* Reads one event object from path ("-": stdin). A document with every field is taken as it is
 * (its event_id and timestamp kept); fields it leaves out take the builder's values: a new
 * event_id, the current time, schema_version, instance_id from the config, and the builder's
 * defaults; model, complexity and outcome are required. CLI_OK, CLI_USAGE (bad JSON or event),
 * or CLI_FAIL (the file cannot be read). */
int cli_track_event_from_json(const char *path, const char *instance_id, mosaic_event **out);

#endif
