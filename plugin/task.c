/* The hooks of a task: each adds what it reports to the task's record, under the task's lock.
 * A NULL task is a no-op everywhere. */
#include "task.h"

#include <stdlib.h>
#include <stdatomic.h>
#include <string.h>

#include "classify.h"
#include "clock.h"
#include "err.h"

/* Copies the caller's info, which may be older (smaller) or newer (larger) than ours: missing
 * members read as zero, unknown members must be zero (they would change the meaning). */
static bool read_info(const mosaic_task_info *given, mosaic_task_info *out)
{
    memset(out, 0, sizeof *out);
    if (!given)
        return true;
    size_t size = given->struct_size;
    if (size < offsetof(mosaic_task_info, harness))
        return false;
    const unsigned char *bytes = (const unsigned char *)given;
    for (size_t i = sizeof *out; i < size; i++)
        if (bytes[i] != 0)
            return false;
    memcpy(out, given, size < sizeof *out ? size : sizeof *out);
    out->struct_size = sizeof *out;
    return true;
}

static void copy_text(char *dst, size_t cap, const char *text)
{
    size_t len = strnlen(text, cap - 1);
    memcpy(dst, text, len);
    dst[len] = '\0';
}

/* Drops the members of info that break a rule, naming the first in err. */
static void drop_invalid_members(mosaic_task_info *info, char *err, size_t errlen)
{
    static const struct {
        uint32_t bit;
        const char *name;
    } ENUMS[] = {{MOSAIC_TASK_INFO_HARNESS, "harness"},
                 {MOSAIC_TASK_INFO_PROVIDER, "provider"},
                 {MOSAIC_TASK_INFO_TASK_TYPE, "task_type"},
                 {MOSAIC_TASK_INFO_COMPLEXITY, "complexity"}};
    const char *names[] = {mosaic_harness_str(info->harness), mosaic_provider_str(info->provider),
                           mosaic_task_type_str(info->task_type),
                           mosaic_complexity_str(info->complexity)};
    for (size_t i = 0; i < 4; i++) {
        if ((info->given & ENUMS[i].bit) && !names[i]) {
            info->given &= ~ENUMS[i].bit;
            mt_set_error(err, errlen, "task_info.%s: unknown value, ignored", ENUMS[i].name);
        }
    }
    if (info->language && !mt_language_ok(info->language)) {
        info->language = NULL;
        mt_set_error(err, errlen,
                     "task_info.language: must be 1 to 32 characters of [a-z0-9+#._-], ignored");
    }
    if (info->model && !mt_model_ok(info->model)) {
        info->model = NULL;
        mt_set_error(err, errlen,
                     "task_info.model: must be 1 to 100 characters without control characters, "
                     "ignored");
    }
}

/* A non-zero enum member says by itself that it was given (docs/abi.md, "mosaic_task_info"):
 * {.harness = MOSAIC_HARNESS_CUSTOM} without its bit is a natural mistake, and reporting
 * "unknown" for it would be silent. Only a zero member (the first of its enum) needs the bit.
 * The missing bit is named once a process, so the caller can fix it. */
static void infer_given_bits(mosaic_task_info *info, char *err, size_t errlen)
{
    static _Atomic uint32_t warned;
    const struct {
        uint32_t bit;
        int value;
        const char *name;
    } members[] = {{MOSAIC_TASK_INFO_HARNESS, (int)info->harness, "harness"},
                   {MOSAIC_TASK_INFO_PROVIDER, (int)info->provider, "provider"},
                   {MOSAIC_TASK_INFO_TASK_TYPE, (int)info->task_type, "task_type"},
                   {MOSAIC_TASK_INFO_COMPLEXITY, (int)info->complexity, "complexity"}};
    for (size_t i = 0; i < 4; i++) {
        if (members[i].value == 0 || (info->given & members[i].bit))
            continue;
        info->given |= members[i].bit;
        if (!(atomic_fetch_or(&warned, members[i].bit) & members[i].bit))
            mt_set_error(err, errlen,
                         "task_info.%s is set but its MOSAIC_TASK_INFO_ bit is not in given; "
                         "taken as given",
                         members[i].name);
    }
}

mosaic_task *mt_task_begin(const mosaic_task_info *given, char *err, size_t errlen)
{
    mosaic_task *task = calloc(1, sizeof *task);
    if (!task)
        return NULL;
    if (!read_info(given, &task->info)) {
        mt_set_error(err, errlen, "task_info: unknown members beyond struct_size %zu are set",
                     sizeof task->info);
        free(task);
        return NULL;
    }
    if (pthread_mutex_init(&task->lock, NULL) != 0) {
        free(task);
        return NULL;
    }
    infer_given_bits(&task->info, err, errlen);
    drop_invalid_members(&task->info, err, errlen);
    task->started_ms = mt_monotonic_ms();
    task->current_model = -1;
    if (task->info.language)
        copy_text(task->language_given, sizeof task->language_given, task->info.language);
    task->info.language = NULL;           /* the caller's pointer is not kept */
    const char *model = task->info.model; /* already checked */
    task->info.model = NULL;
    mt_task_model(task, model);
    return task;
}

void mt_task_free(mosaic_task *task)
{
    if (!task)
        return;
    pthread_mutex_destroy(&task->lock);
    free(task);
}

/* The slot of model, added when new; -1 when the table is full. Lock held. */
static int model_slot(mosaic_task *task, const char *model)
{
    for (size_t i = 0; i < task->model_count; i++)
        if (strncmp(task->models[i].name, model, MT_MODEL_MAX_BYTES) == 0)
            return (int)i;
    if (task->model_count == MT_TASK_MODELS)
        return -1;
    mt_model_use *use = &task->models[task->model_count];
    copy_text(use->name, sizeof use->name, model);
    use->output_tokens = 0;
    return (int)task->model_count++;
}

bool mt_task_model(mosaic_task *task, const char *model)
{
    if (!task || !model)
        return true;
    if (!mt_model_ok(model))
        return false;
    pthread_mutex_lock(&task->lock);
    int slot = model_slot(task, model);
    if (slot >= 0)
        task->current_model = slot;
    pthread_mutex_unlock(&task->lock);
    return true;
}

/* Adds a with saturation: a harness reporting nonsense must not wrap a counter around. */
static uint64_t add(uint64_t a, uint64_t b)
{
    return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

void mt_task_tokens(mosaic_task *task, uint64_t input, uint64_t output, uint64_t cache_write,
                    uint64_t cache_read)
{
    if (!task)
        return;
    mt_usage call = {
        .input = input, .output = output, .cache_write_5m = cache_write, .cache_read = cache_read};
    pthread_mutex_lock(&task->lock);
    task->input_tokens = add(task->input_tokens, add(input, add(cache_write, cache_read)));
    task->output_tokens = add(task->output_tokens, output);
    if (task->current_model >= 0) {
        mt_model_use *use = &task->models[task->current_model];
        use->output_tokens = add(use->output_tokens, output);
        /* Priced per call: the long-context tier is decided request by request. */
        const mt_price *price = mt_price_lookup(mt_prices(), use->name);
        if (price)
            task->computed_cost_micros =
                add(task->computed_cost_micros, mt_cost_micros(price, &call));
    } else {
        task->unpriced.input = add(task->unpriced.input, input);
        task->unpriced.output = add(task->unpriced.output, output);
        task->unpriced.cache_write_5m = add(task->unpriced.cache_write_5m, cache_write);
        task->unpriced.cache_read = add(task->unpriced.cache_read, cache_read);
    }
    pthread_mutex_unlock(&task->lock);
}

#define COUNT_HOOK(name, field)                                                                    \
    void name(mosaic_task *task)                                                                   \
    {                                                                                              \
        if (!task)                                                                                 \
            return;                                                                                \
        pthread_mutex_lock(&task->lock);                                                           \
        if (task->field < UINT32_MAX)                                                              \
            task->field++;                                                                         \
        pthread_mutex_unlock(&task->lock);                                                         \
    }

COUNT_HOOK(mt_task_compaction, compactions)
COUNT_HOOK(mt_task_rotation, rotations)
COUNT_HOOK(mt_task_retry, retries)

void mt_task_context(mosaic_task *task, uint64_t used_tokens)
{
    if (!task)
        return;
    pthread_mutex_lock(&task->lock);
    task->context_used = used_tokens;
    pthread_mutex_unlock(&task->lock);
}

void mt_task_gate(mosaic_task *task, mosaic_quality_gate gate, bool passed)
{
    if (!task || (unsigned)gate >= 8 || !mosaic_quality_gate_str(gate))
        return;
    uint8_t bit = (uint8_t)(1u << gate);
    pthread_mutex_lock(&task->lock);
    task->gates_run |= bit;
    if (passed) /* the last result wins */
        task->gates_failed &= (uint8_t)~bit;
    else
        task->gates_failed |= bit;
    pthread_mutex_unlock(&task->lock);
}

static uint64_t path_hash(const char *path)
{
    uint64_t hash = 1469598103934665603ull; /* FNV-1a */
    for (const char *p = path; *p; p++)
        hash = (hash ^ (unsigned char)*p) * 1099511628211ull;
    return hash ? hash : 1;
}

/* True the first time a path is seen (or when the set is full). Lock held. */
static bool first_touch(mosaic_task *task, const char *path)
{
    uint64_t hash = path_hash(path);
    for (size_t probe = 0; probe < MT_TASK_FILE_SLOTS; probe++) {
        uint64_t *slot = &task->file_hashes[(hash + probe) % MT_TASK_FILE_SLOTS];
        if (*slot == hash)
            return false;
        if (*slot == 0) {
            *slot = hash;
            return true;
        }
    }
    return true;
}

static void count_language(mosaic_task *task, const char *language)
{
    for (size_t i = 0; i < task->language_count; i++) {
        if (task->languages[i].language == language) {
            task->languages[i].files++;
            return;
        }
    }
    if (task->language_count < MT_TASK_LANGUAGES)
        task->languages[task->language_count++] = (mt_language_count){language, 1};
}

void mt_task_file(mosaic_task *task, const char *path)
{
    if (!task || !path || !*path)
        return;
    const char *language = mt_language_for_path(path); /* the path itself is not kept */
    pthread_mutex_lock(&task->lock);
    if (first_touch(task, path)) {
        if (task->files_touched < UINT32_MAX)
            task->files_touched++;
        if (language)
            count_language(task, language);
    }
    pthread_mutex_unlock(&task->lock);
}

void mt_task_cost(mosaic_task *task, uint64_t cost_micros)
{
    if (!task)
        return;
    pthread_mutex_lock(&task->lock);
    task->cost_reported = true;
    task->reported_cost_micros = cost_micros;
    pthread_mutex_unlock(&task->lock);
}

void mt_task_prompt(mosaic_task *task, const char *prompt)
{
    if (!task || !prompt)
        return;
    mosaic_task_type type = mt_classify_task_type(prompt); /* the text is not kept */
    pthread_mutex_lock(&task->lock);
    if (!(task->info.given & MOSAIC_TASK_INFO_TASK_TYPE) && type != MOSAIC_TASK_TYPE_UNKNOWN) {
        task->info.task_type = type;
        task->info.given |= MOSAIC_TASK_INFO_TASK_TYPE;
    }
    pthread_mutex_unlock(&task->lock);
}
