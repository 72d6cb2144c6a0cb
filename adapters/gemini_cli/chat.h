/* Gemini CLI's chat file (the JSONL file `transcript_path` names), one record at a time, reduced
 * to what the adapter uses (docs/harnesses/gemini-cli.md, "What the chat file holds"). */
#ifndef GM_CHAT_H
#define GM_CHAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "line_reader.h"
#include "payload.h"

#define GM_MODEL_MAX 128

typedef enum gm_rec_kind {
    GM_REC_MESSAGE, /* a message record, on its own line or inside $set.messages */
    GM_REC_REWIND,  /* {"$rewindTo": id}: that message and every later one are dropped */
    GM_REC_RESTART, /* {"$set": {"sessionId": ...}}: the chat restarted on a history it was given
                       (a resume, or a compression's new history) */
} gm_rec_kind;

/* A message's tokens as Gemini CLI writes them (the API's usageMetadata): cached inside input;
 * thoughts and tool apart from output and input. */
typedef struct gm_tokens {
    uint64_t input, output, cached, thoughts, tool;
} gm_tokens;

typedef struct gm_chat_rec {
    gm_rec_kind kind;
    char id[GM_ID_MAX]; /* the message's id (MESSAGE), the rewind's target (REWIND) */
    bool gemini;        /* type "gemini": a model response */
    bool has_tokens;
    gm_tokens tokens;
    char model[GM_MODEL_MAX];
    int64_t at_ms; /* the message's timestamp; 0: none */
} gm_chat_rec;

typedef void (*gm_rec_fn)(const gm_chat_rec *rec, void *user);

/* Calls fn for each record of one chat-file line (without its newline): none for a line of no
 * use (the session's metadata, $set of other members), several for a $set.messages. False when
 * the line is malformed (fn may have been called for records before the fault). */
bool gm_chat_line(const char *text, size_t len, gm_rec_fn fn, void *user);

/* Calls fn for each record of path from pos (line_reader.h), counting malformed lines into
 * *malformed. False with err when the file cannot be read. bytes (may be NULL) gets the bytes
 * scanned. */
bool gm_chat_read(const char *path, kit_file_pos *pos, gm_rec_fn fn, void *user,
                  uint64_t *malformed, uint64_t *bytes, char *err, size_t errlen);

#endif
