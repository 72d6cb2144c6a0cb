/* The price table: parsing data/prices.json-style text, normalizing model names, looking them up,
 * and pricing one request's usage. */
#include "pricing.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "event.h"
#include "json.h"

/* The compiled-in table: data/prices.json, embedded by plugin/pricing.cmake. */
extern const char mt_prices_default_json[];
extern const size_t mt_prices_default_json_len;

#define NAME_MAX_LEN   128           /* a normalized model name, without the NUL */
#define FILE_MAX_BYTES (4u << 20)    /* a price file larger than this is a mistake */
#define PRICE_MAX      0.01          /* USD per token; more is a per-million figure */
#define WINDOW_MAX     1000000000ull /* tokens */
#define WARNED_MAX     64            /* distinct unknown names warned about */

typedef struct price_entry {
    char name[NAME_MAX_LEN + 1];
    mt_price price;
} price_entry;

struct mt_price_table {
    price_entry *entries;
    size_t n;
};

/* ---------------------------------------------------------------------------------------------
 * Names
 * ------------------------------------------------------------------------------------------- */

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return false;
    return true;
}

/* Leading "segment." parts that Bedrock and Vertex put before a model id. */
static const char *const DOT_PREFIXES[] = {"us",      "eu",       "apac",      "global", "jp",
                                           "au",      "ca",       "anthropic", "openai", "google",
                                           "mistral", "deepseek", NULL};

static size_t strip_dot_prefix(const char *s, size_t n)
{
    for (const char *const *p = DOT_PREFIXES; *p; p++) {
        size_t len = strlen(*p);
        if (n > len + 1 && strncmp(s, *p, len) == 0 && s[len] == '.')
            return len + 1;
    }
    return 0;
}

/* Removes one trailing version or date form from s[0..*n); true when something was removed. */
static bool strip_tail(const char *s, size_t *n)
{
    size_t len = *n;
    /* ":0" (Bedrock's "-v1:0", "-v2:0"), then the "-vN" before it. */
    if (len > 2 && s[len - 2] == ':' && isdigit((unsigned char)s[len - 1])) {
        size_t i = len - 2;
        size_t j = i;
        while (j > 0 && isdigit((unsigned char)s[j - 1]))
            j--;
        if (j >= 2 && j < i && s[j - 1] == 'v' && s[j - 2] == '-')
            i = j - 2;
        *n = i;
        return true;
    }
    /* "-20250929" or "@20250929" */
    if (len > 9 && (s[len - 9] == '-' || s[len - 9] == '@') && all_digits(s + len - 8, 8) &&
        s[len - 8] == '2') {
        *n = len - 9;
        return true;
    }
    /* "-2025-09-29" */
    if (len > 11 && s[len - 11] == '-' && all_digits(s + len - 10, 4) && s[len - 6] == '-' &&
        all_digits(s + len - 5, 2) && s[len - 3] == '-' && all_digits(s + len - 2, 2)) {
        *n = len - 11;
        return true;
    }
    return false;
}

bool mt_price_normalize(const char *model, bool keep_latest, char *out, size_t outlen)
{
    if (outlen)
        out[0] = '\0';
    if (!model || !out || outlen == 0)
        return false;
    /* Trimmed, then only the part after the last '/' (provider paths). */
    const char *s = model;
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        n--;
    for (size_t i = n; i > 0; i--) {
        if (s[i - 1] == '/') {
            s += i;
            n -= i;
            break;
        }
    }
    char buf[NAME_MAX_LEN * 2 + 1];
    if (n >= sizeof buf)
        return false;
    for (size_t i = 0; i < n; i++)
        buf[i] = (char)tolower((unsigned char)s[i]);
    buf[n] = '\0';
    /* "us.anthropic.claude-..." -> "claude-...": at most a region and a vendor. */
    size_t start = 0;
    for (int round = 0; round < 2; round++)
        start += strip_dot_prefix(buf + start, n - start);
    size_t len = n - start;
    char *name = buf + start;
    /* OpenRouter writes "claude-sonnet-4.5" for Anthropic's "claude-sonnet-4-5". */
    if (len > 7 && memcmp(name, "claude-", 7) == 0)
        for (size_t i = 7; i < len; i++)
            if (name[i] == '.')
                name[i] = '-';
    /* Tails come off from the end: "-20250929-v1:0", then "-latest". */
    while (strip_tail(name, &len)) {
    }
    if (!keep_latest && len > 7 && memcmp(name + len - 7, "-latest", 7) == 0)
        len -= 7;
    if (len == 0 || len > NAME_MAX_LEN || len >= outlen)
        return false;
    memcpy(out, name, len);
    out[len] = '\0';
    return true;
}

/* ---------------------------------------------------------------------------------------------
 * Parsing
 * ------------------------------------------------------------------------------------------- */

typedef enum field_kind { FIELD_PRICE, FIELD_WINDOW } field_kind;

typedef struct field {
    const char *key;
    field_kind kind;
    size_t offset;
} field;

/* The fields of a model's entry; a bit set of these indexes records which a file gave. */
enum {
    F_INPUT,
    F_OUTPUT,
    F_CACHE_WRITE_5M,
    F_CACHE_WRITE_1H,
    F_CACHE_READ,
    F_INPUT_ABOVE,
    F_OUTPUT_ABOVE,
    F_CACHE_WRITE_ABOVE,
    F_CACHE_READ_ABOVE,
    F_CONTEXT_WINDOW,
    N_FIELDS
};

#define PRICE_FIELD(name)                                                                          \
    {                                                                                              \
#name, FIELD_PRICE, offsetof(mt_price, name)                                               \
    }

static const field FIELDS[N_FIELDS] = {
    [F_INPUT] = PRICE_FIELD(input),
    [F_OUTPUT] = PRICE_FIELD(output),
    [F_CACHE_WRITE_5M] = PRICE_FIELD(cache_write_5m),
    [F_CACHE_WRITE_1H] = PRICE_FIELD(cache_write_1h),
    [F_CACHE_READ] = PRICE_FIELD(cache_read),
    [F_INPUT_ABOVE] = PRICE_FIELD(input_above_200k),
    [F_OUTPUT_ABOVE] = PRICE_FIELD(output_above_200k),
    [F_CACHE_WRITE_ABOVE] = PRICE_FIELD(cache_write_above_200k),
    [F_CACHE_READ_ABOVE] = PRICE_FIELD(cache_read_above_200k),
    [F_CONTEXT_WINDOW] = {"context_window", FIELD_WINDOW, offsetof(mt_price, context_window)},
};

static const field *find_field(const char *key)
{
    for (size_t i = 0; i < N_FIELDS; i++)
        if (strcmp(FIELDS[i].key, key) == 0)
            return &FIELDS[i];
    return NULL;
}

static bool parse_field(const char *model, const field *f, json_object *value, mt_price *price,
                        char *err, size_t errlen)
{
    char *slot = (char *)price + f->offset;
    if (f->kind == FIELD_WINDOW) {
        int64_t tokens =
            json_object_is_type(value, json_type_int) ? json_object_get_int64(value) : -1;
        if (tokens < 0 || (uint64_t)tokens > WINDOW_MAX) {
            mt_set_error(err, errlen,
                         "model \"%s\": context_window must be a whole number of tokens from 0 "
                         "to %llu",
                         model, WINDOW_MAX);
            return false;
        }
        *(uint64_t *)(void *)slot = (uint64_t)tokens;
        return true;
    }
    double usd = NAN;
    if (json_object_is_type(value, json_type_double) || json_object_is_type(value, json_type_int))
        usd = json_object_get_double(value);
    if (!(usd >= 0.0 && usd <= PRICE_MAX)) {
        mt_set_error(err, errlen,
                     "model \"%s\": %s must be a number of USD per token from 0 to %g (got %s)",
                     model, f->key, PRICE_MAX, json_object_to_json_string(value));
        return false;
    }
    *(double *)(void *)slot = usd;
    return true;
}

/* Fills what a file may leave out: cache prices default to the input price (a provider without a
 * separate cache price bills those tokens as input), and a 1-hour write to Anthropic's 2x
 * input. Their long-context tiers follow the input's. */
static void fill_defaults(mt_price *p, unsigned given)
{
#define GIVEN(i) (given & (1u << (i)))
    if (!GIVEN(F_CACHE_WRITE_5M)) {
        p->cache_write_5m = p->input;
        if (!GIVEN(F_CACHE_WRITE_ABOVE))
            p->cache_write_above_200k = p->input_above_200k;
    }
    if (!GIVEN(F_CACHE_WRITE_1H))
        p->cache_write_1h = 2.0 * p->input;
    if (!GIVEN(F_CACHE_READ)) {
        p->cache_read = p->input;
        if (!GIVEN(F_CACHE_READ_ABOVE))
            p->cache_read_above_200k = p->input_above_200k;
    }
#undef GIVEN
}

static bool parse_model(const char *key, json_object *value, price_entry *entry, char *err,
                        size_t errlen)
{
    if (!mt_price_normalize(key, true, entry->name, sizeof entry->name)) {
        mt_set_error(err, errlen, "model \"%s\": not a usable model name", key);
        return false;
    }
    if (!json_object_is_type(value, json_type_object)) {
        mt_set_error(err, errlen, "model \"%s\": expected an object of prices", key);
        return false;
    }
    memset(&entry->price, 0, sizeof entry->price);
    unsigned given = 0;
    json_object_object_foreach(value, field_key, field_value)
    {
        const field *f = find_field(field_key);
        if (!f) {
            mt_set_error(err, errlen, "model \"%s\": unknown field \"%s\"", key, field_key);
            return false;
        }
        if (!parse_field(key, f, field_value, &entry->price, err, errlen))
            return false;
        given |= 1u << (unsigned)(f - FIELDS);
    }
    if (!(given & (1u << F_INPUT)) || !(given & (1u << F_OUTPUT))) {
        mt_set_error(err, errlen, "model \"%s\": missing %s", key,
                     !(given & (1u << F_INPUT)) ? "input" : "output");
        return false;
    }
    fill_defaults(&entry->price, given);
    return true;
}

static bool parse_header(json_object *root, json_object **models, char *err, size_t errlen)
{
    if (!json_object_is_type(root, json_type_object)) {
        mt_set_error(err, errlen, "expected a JSON object with \"version\" and \"models\"");
        return false;
    }
    json_object *version = NULL;
    *models = NULL;
    json_object_object_foreach(root, key, value)
    {
        if (strcmp(key, "version") == 0) {
            version = value;
        } else if (strcmp(key, "models") == 0) {
            *models = value;
        } else if (strcmp(key, "source") == 0 || strcmp(key, "updated") == 0) {
            if (!json_object_is_type(value, json_type_string)) {
                mt_set_error(err, errlen, "\"%s\" must be a string", key);
                return false;
            }
        } else {
            mt_set_error(err, errlen, "unknown top-level field \"%s\"", key);
            return false;
        }
    }
    if (!version || !json_object_is_type(version, json_type_int) ||
        json_object_get_int64(version) != 1) {
        mt_set_error(err, errlen, "\"version\" must be 1 (got %s)",
                     version ? json_object_to_json_string(version) : "nothing");
        return false;
    }
    if (!*models || !json_object_is_type(*models, json_type_object)) {
        mt_set_error(err, errlen, "\"models\" must be an object of model name to prices");
        return false;
    }
    if (json_object_object_length(*models) == 0) {
        mt_set_error(err, errlen, "\"models\" is empty");
        return false;
    }
    return true;
}

static mt_price_table *parse_text(const char *json, size_t len, char *err, size_t errlen)
{
    json_object *root = mt_json_parse(json, len, err, errlen);
    if (!root)
        return NULL;
    mt_price_table *table = NULL;
    json_object *models = NULL;
    if (!parse_header(root, &models, err, errlen))
        goto done;
    size_t count = (size_t)json_object_object_length(models);
    table = calloc(1, sizeof *table);
    if (table)
        table->entries = calloc(count, sizeof *table->entries);
    if (!table || !table->entries) {
        mt_set_error(err, errlen, "out of memory");
        goto fail;
    }
    json_object_object_foreach(models, key, value)
    {
        price_entry *entry = &table->entries[table->n];
        if (!parse_model(key, value, entry, err, errlen))
            goto fail;
        for (size_t i = 0; i < table->n; i++) {
            if (strcmp(table->entries[i].name, entry->name) == 0) {
                mt_set_error(err, errlen, "model \"%s\": a second entry for \"%s\"", key,
                             entry->name);
                goto fail;
            }
        }
        table->n++;
    }
    goto done;
fail:
    mt_price_table_free(table);
    table = NULL;
done:
    json_object_put(root);
    return table;
}

mt_price_table *mt_price_table_parse(const char *json, char *err, size_t errlen)
{
    if (!json) {
        mt_set_error(err, errlen, "no text to parse");
        return NULL;
    }
    return parse_text(json, strlen(json), err, errlen);
}

mt_price_table *mt_price_table_default(char *err, size_t errlen)
{
    return parse_text(mt_prices_default_json, mt_prices_default_json_len, err, errlen);
}

mt_price_table *mt_price_table_load(const char *path, char *err, size_t errlen)
{
    if (!path || !*path) {
        mt_set_error(err, errlen, "no file name");
        return NULL;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        mt_set_error(err, errlen, "%s: %s", path, strerror(errno));
        return NULL;
    }
    char *text = malloc(FILE_MAX_BYTES + 1);
    size_t len = text ? fread(text, 1, FILE_MAX_BYTES + 1, f) : 0;
    bool read_error = ferror(f) != 0;
    fclose(f);
    mt_price_table *table = NULL;
    char why[256] = "";
    if (!text)
        snprintf(why, sizeof why, "out of memory");
    else if (read_error)
        snprintf(why, sizeof why, "read error");
    else if (len > FILE_MAX_BYTES)
        snprintf(why, sizeof why, "larger than %u bytes", FILE_MAX_BYTES);
    else if ((table = parse_text(text, len, why, sizeof why)) == NULL && !why[0])
        snprintf(why, sizeof why, "not a price table");
    free(text);
    if (!table)
        mt_set_error(err, errlen, "%s: %s", path, why);
    return table;
}

void mt_price_table_free(mt_price_table *table)
{
    if (!table)
        return;
    free(table->entries);
    free(table);
}

size_t mt_price_table_count(const mt_price_table *table)
{
    return table ? table->n : 0;
}

const mt_price *mt_price_table_get(const mt_price_table *table, size_t i, const char **name)
{
    if (!table || i >= table->n)
        return NULL;
    if (name)
        *name = table->entries[i].name;
    return &table->entries[i].price;
}

/* ---------------------------------------------------------------------------------------------
 * The table in force, and warnings
 * ------------------------------------------------------------------------------------------- */

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static mt_logger pricing_logger = {MOSAIC_LOG_WARN, NULL, NULL};
static char warned[WARNED_MAX][NAME_MAX_LEN + 1];
static size_t n_warned;
static bool warned_overflow;

void mt_pricing_set_logger(const mt_logger *logger)
{
    pthread_mutex_lock(&log_lock);
    pricing_logger = logger ? *logger : (mt_logger){MOSAIC_LOG_WARN, NULL, NULL};
    pthread_mutex_unlock(&log_lock);
}

void mt_pricing_lock_for_fork(void)
{
    pthread_mutex_lock(&log_lock);
}

void mt_pricing_unlock_after_fork(void)
{
    pthread_mutex_unlock(&log_lock);
}

static void warn_unknown(const char *model, const char *name)
{
    pthread_mutex_lock(&log_lock);
    for (size_t i = 0; i < n_warned; i++) {
        if (strcmp(warned[i], name) == 0) {
            pthread_mutex_unlock(&log_lock);
            return;
        }
    }
    if (n_warned < WARNED_MAX) {
        snprintf(warned[n_warned++], sizeof warned[0], "%s", name);
        mt_log(&pricing_logger, MOSAIC_LOG_WARN,
               "pricing: no price for model \"%s\"; its cost counts as 0 (set "
               "MOSAIC_TELEMETRY_PRICES to a price file that has it)",
               model);
    } else if (!warned_overflow) {
        warned_overflow = true;
        mt_log(&pricing_logger, MOSAIC_LOG_WARN,
               "pricing: no price for model \"%s\"; more than %d unknown models, no further "
               "warnings",
               model, WARNED_MAX);
    }
    pthread_mutex_unlock(&log_lock);
}

static const mt_price_table *table_in_force;

static void load_prices(void)
{
    char err[512] = "";
    mt_price_table *table = mt_price_table_default(err, sizeof err);
    if (!table) {
        pthread_mutex_lock(&log_lock);
        mt_log(&pricing_logger, MOSAIC_LOG_ERROR, "pricing: the compiled-in price table: %s", err);
        pthread_mutex_unlock(&log_lock);
        static mt_price_table empty;
        table = &empty;
    }
    const char *path = getenv("MOSAIC_TELEMETRY_PRICES");
    if (path && *path) {
        mt_price_table *user = mt_price_table_load(path, err, sizeof err);
        if (user) {
            if (table->entries) /* not the static empty table */
                mt_price_table_free(table);
            table = user;
        } else {
            pthread_mutex_lock(&log_lock);
            mt_log(&pricing_logger, MOSAIC_LOG_WARN,
                   "pricing: MOSAIC_TELEMETRY_PRICES: %s; using the compiled-in prices", err);
            pthread_mutex_unlock(&log_lock);
        }
    }
    table_in_force = table;
}

const mt_price_table *mt_prices(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, load_prices);
    return table_in_force;
}

/* ---------------------------------------------------------------------------------------------
 * Lookup
 * ------------------------------------------------------------------------------------------- */

static const price_entry *find_exact(const mt_price_table *table, const char *name)
{
    for (size_t i = 0; i < table->n; i++)
        if (strcmp(table->entries[i].name, name) == 0)
            return &table->entries[i];
    return NULL;
}

static bool is_boundary(char c)
{
    return c == '-' || c == ':' || c == '@' || c == '[';
}

/* The longest entry whose name is a prefix of name up to a boundary: "claude-sonnet-4-5-foo"
 * finds "claude-sonnet-4-5", but "gpt-5.1" does not find "gpt-5". */
static const price_entry *find_prefix(const mt_price_table *table, const char *name)
{
    const price_entry *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < table->n; i++) {
        size_t len = strlen(table->entries[i].name);
        if (len > best_len && strncmp(table->entries[i].name, name, len) == 0 &&
            is_boundary(name[len])) {
            best = &table->entries[i];
            best_len = len;
        }
    }
    return best;
}

const mt_price *mt_price_lookup(const mt_price_table *table, const char *model)
{
    if (!model || !*model || *model == '<')
        return NULL;
    char full[NAME_MAX_LEN + 1], name[NAME_MAX_LEN + 1];
    if (!mt_price_normalize(model, true, full, sizeof full) ||
        !mt_price_normalize(model, false, name, sizeof name)) {
        warn_unknown(model, "");
        return NULL;
    }
    const price_entry *entry = NULL;
    if (table) {
        entry = find_exact(table, full);
        if (!entry && strcmp(full, name) != 0)
            entry = find_exact(table, name);
        if (!entry)
            entry = find_prefix(table, name);
    }
    if (!entry) {
        warn_unknown(model, name);
        return NULL;
    }
    return &entry->price;
}

/* ---------------------------------------------------------------------------------------------
 * Cost
 * ------------------------------------------------------------------------------------------- */

static long double tiered(uint64_t tokens, double base, double above)
{
    if (above > 0.0 && tokens > MT_PRICE_TIER_THRESHOLD)
        return (long double)MT_PRICE_TIER_THRESHOLD * base +
               (long double)(tokens - MT_PRICE_TIER_THRESHOLD) * above;
    return (long double)tokens * base;
}

uint64_t mt_cost_micros(const mt_price *price, const mt_usage *usage)
{
    if (!price || !usage)
        return 0;
    double write_1h_above = 0.0;
    if (price->input_above_200k > 0.0 && price->input > 0.0)
        write_1h_above = price->cache_write_1h * (price->input_above_200k / price->input);
    long double usd =
        tiered(usage->input, price->input, price->input_above_200k) +
        tiered(usage->output, price->output, price->output_above_200k) +
        tiered(usage->cache_write_5m, price->cache_write_5m, price->cache_write_above_200k) +
        tiered(usage->cache_write_1h, price->cache_write_1h, write_1h_above) +
        tiered(usage->cache_read, price->cache_read, price->cache_read_above_200k);
    long double micros = usd * 1e6L;
    if (!(micros > 0.0L)) /* 0, or NaN from a hand-built price */
        return 0;
    if (micros >= (long double)MT_COST_MAX)
        return MT_COST_MAX;
    return (uint64_t)floorl(micros + 0.5L);
}
