/* The OpenCode adapter (docs/harnesses/opencode.md): the hook's latency for the plugin's begin and
 * end payloads (p50/p99 over rounds, a new task per round, /bin/true started the same way as the
 * floor), and the plugin's own time inside Node per OpenCode event, over the recorded 1.18.33
 * sequence (tests/opencode/replay.mjs): an empty plugin as the floor of the events that start
 * nothing, and for the begin, which starts the command (as the end does), the plugin with
 * /bin/true as its command.
 * Figures only; nothing is decided. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench_util.h"

#define REPLAY   MOSAIC_SOURCE_DIR "/tests/opencode/replay.mjs"
#define SEQUENCE MOSAIC_SOURCE_DIR "/tests/opencode/fixtures/recorded-1.18.33/task.jsonl"

extern char **environ;

static char g_dir[64];
static char *g_env[512];
static size_t g_env_n;

/* The bench's own environment (which Node and the hooks the plugin starts inherit) and the
 * hooks' get the same folders in the temp directory, and no server: events wait in the spool. */
static void env_init(void)
{
    for (size_t i = 0; environ[i];) {
        char name[128];
        size_t n = strcspn(environ[i], "=");
        if (strncmp(environ[i], "MOSAIC_TELEMETRY_", 17) == 0 && n < sizeof name) {
            memcpy(name, environ[i], n);
            name[n] = '\0';
            unsetenv(name);
        } else {
            i++;
        }
    }
    char path[256];
    snprintf(path, sizeof path, "%s/state", g_dir);
    setenv("MOSAIC_TELEMETRY_STATE_DIR", path, 1);
    snprintf(path, sizeof path, "%s/spool", g_dir);
    setenv("MOSAIC_TELEMETRY_SPOOL_DIR", path, 1);
    setenv("MOSAIC_TELEMETRY_INSTANCE_ID", BENCH_INSTANCE_ID, 1);
    snprintf(path, sizeof path, "%s/config", g_dir);
    setenv("XDG_CONFIG_HOME", path, 1);
    for (size_t i = 0; environ[i] && g_env_n < 510; i++)
        g_env[g_env_n++] = environ[i];
}

static double hook(const char *payload)
{
    char *argv[] = {bench_cli_path(MOSAIC_CLI_PATH), "hook", "opencode", NULL};
    return bench_spawn_ms(argv, g_env, payload);
}

/* The end of a task of four responses and three tools, as the plugin sends it. */
static void end_payload(char *out, size_t len, int round)
{
    char responses[2048] = "", one[400];
    for (int i = 0; i < 4; i++) {
        snprintf(one, sizeof one,
                 "%s{\"model\":\"claude-sonnet-4-5\",\"provider\":\"anthropic\",\"subagent\":false,"
                 "\"input\":800,\"output\":30,\"reasoning\":10,\"cache_read\":%d,\"cache_write\":0,"
                 "\"cost_micros\":3030,\"completed_ms\":1796289179590,\"error\":null}",
                 i ? "," : "", 100 * (i + 1));
        strncat(responses, one, sizeof responses - strlen(responses) - 1);
    }
    snprintf(out, len,
             "{\"hook_event_name\":\"end\",\"session_id\":\"ses_bench\",\"message_id\":\"msg_%d\","
             "\"start_ms\":1796289176584,\"end_ms\":1796289180600,\"error\":null,"
             "\"compactions\":0,\"responses\":[%s],\"tools\":["
             "{\"tool\":\"bash\",\"command\":\"python3 -m unittest -q\",\"exit\":1},"
             "{\"tool\":\"write\",\"file\":\"/work/project/calc.py\"},"
             "{\"tool\":\"bash\",\"command\":\"python3 -m unittest -q\",\"exit\":0}]}",
             round, responses);
}

static void bench_hooks(int rounds)
{
    double *begin = calloc((size_t)rounds, sizeof *begin);
    double *end = calloc((size_t)rounds, sizeof *end);
    double *floor = calloc((size_t)rounds, sizeof *floor);
    char *true_argv[] = {"/bin/true", NULL};
    char payload[4096];
    for (int i = 0; i < rounds; i++) {
        snprintf(payload, sizeof payload,
                 "{\"hook_event_name\":\"begin\",\"session_id\":\"ses_bench\",\"message_id\":"
                 "\"msg_%d\",\"time_ms\":1796289176584,\"model\":\"claude-sonnet-4-5\","
                 "\"provider\":\"anthropic\",\"prompt\":\"fix the failing tests\"}",
                 i);
        begin[i] = hook(payload);
        end_payload(payload, sizeof payload, i);
        end[i] = hook(payload);
        floor[i] = bench_spawn_ms(true_argv, g_env, "{}");
    }
    static const char *const names[] = {"opencode_hook_begin", "opencode_hook_end"};
    double *const ms[] = {begin, end};
    bench_report_hooks(names, ms, 2, floor, rounds);
    free(begin), free(end), free(floor);
}

/* ---- the plugin inside Node ------------------------------------------------------------------ */

typedef struct replay_figures {
    double event_us, event_p50_us; /* per event that starts nothing: mean, median */
    double begin_p50_us;           /* per chat.message, which starts the command */
    unsigned events, begins;
} replay_figures;

/* Runs replay.mjs on plugin; false when Node or the run is missing. */
static bool replay(const char *node, const char *plugin, int repeat, replay_figures *out)
{
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "cd %s && '%s' '%s' '%s' '%s' --time --repeat=%d", g_dir, node,
             REPLAY, plugin, SEQUENCE, repeat);
    FILE *p = popen(cmd, "r");
    if (!p)
        return false;
    memset(out, 0, sizeof *out);
    char line[512], hook[128];
    unsigned calls;
    double us, p50;
    while (fgets(line, sizeof line, p)) {
        if (sscanf(line, "{\"hook\":\"%127[^\"]\",\"calls\":%u,\"us\":%lf,\"p50\":%lf", hook,
                   &calls, &us, &p50) != 4)
            continue;
        if (strcmp(hook, "*other") == 0)
            out->events = calls, out->event_us = us / calls, out->event_p50_us = p50;
        else if (strcmp(hook, "chat.message") == 0)
            out->begins = calls, out->begin_p50_us = p50;
    }
    return pclose(p) == 0 && out->events > 0 && out->begins > 0;
}

/* The installed plugin, and copies whose command is /bin/true or whose handlers do nothing. */
static bool write_plugins(char *ours, char *to_true, char *empty, size_t len)
{
    char *argv[] = {bench_cli_path(MOSAIC_CLI_PATH), "install", "opencode", NULL};
    snprintf(ours, len, "%s/config/opencode/plugins/mosaic-telemetry.js", g_dir);
    snprintf(to_true, len, "%s/true-plugin.js", g_dir);
    snprintf(empty, len, "%s/empty-plugin.js", g_dir);
    if (bench_spawn_ms(argv, g_env, NULL) < 0 || access(ours, R_OK) != 0)
        return false;
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "sed 's#^const COMMAND = .*#const COMMAND = \"/bin/true\";#' '%s' > '%s'", ours,
             to_true);
    FILE *f = fopen(empty, "w");
    if (!f)
        return false;
    fputs("export const MosaicTelemetry = async () => ({\n"
          "  event: async () => {},\n"
          "  \"chat.message\": async () => {},\n"
          "  \"tool.execute.after\": async () => {},\n"
          "});\n",
          f);
    return fclose(f) == 0 && system(cmd) == 0;
}

static void bench_plugin(int repeat)
{
    const char *node = getenv("MOSAIC_BENCH_NODE");
    node = node && *node ? node : "node";
    char ours[600], to_true[600], empty[600];
    replay_figures mine, floor, spawn_floor;
    if (!write_plugins(ours, to_true, empty, sizeof ours) || !replay(node, empty, repeat, &floor) ||
        !replay(node, to_true, repeat, &spawn_floor) || !replay(node, ours, repeat, &mine)) {
        printf("bench opencode_plugin: skipped (node or the plugin could not run)\n");
        return;
    }
    bench_report("opencode_plugin_event", mine.event_us, "us per event",
                 "median %.2f us; an empty plugin %.2f us, median %.2f us (%.2fx); %u events",
                 mine.event_p50_us, floor.event_us, floor.event_p50_us,
                 mine.event_p50_us / floor.event_p50_us, mine.events);
    bench_report("opencode_plugin_begin", mine.begin_p50_us, "us median per begin",
                 "the same plugin starting /bin/true %.0f us (%.2fx); %u begins; an end costs the "
                 "same hand-off",
                 spawn_floor.begin_p50_us, mine.begin_p50_us / spawn_floor.begin_p50_us,
                 mine.begins);
}

int main(void)
{
    snprintf(g_dir, sizeof g_dir, "/tmp/bench-opencode-XXXXXX");
    if (!mkdtemp(g_dir))
        return 1;
    env_init();
    bool quick = bench_quick();
    bench_hooks(quick ? 10 : 200);
    bench_plugin(quick ? 2 : 40);
    bench_remove_tree(g_dir);
    return 0;
}
