#include "server_control.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <cmocka.h>
#include <curl/curl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

test_server server;

int server_group_setup(void **state)
{
    (void)state;
    return server_start(&server) ? 0 : -1;
}

int server_group_teardown(void **state)
{
    (void)state;
    server_stop(&server);
    return 0;
}

int server_reset_setup(void **state)
{
    (void)state;
    server_reset(&server);
    return 0;
}

static int read_port(const char *path)
{
    FILE *f = fopen(path, "r");
    int port = 0;
    if (f) {
        if (fscanf(f, "%d", &port) != 1)
            port = 0;
        fclose(f);
    }
    return port;
}

bool server_start(test_server *s)
{
    memset(s, 0, sizeof *s);
    snprintf(s->port_file, sizeof s->port_file, "/tmp/mosaic-test-port-%d", (int)getpid());
    unlink(s->port_file);
    s->pid = fork();
    if (s->pid == 0) {
        execlp(MOSAIC_TEST_PYTHON, MOSAIC_TEST_PYTHON, MOSAIC_TEST_SERVER, "--port", "0",
               "--port-file", s->port_file, "--quiet", (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 1000 && s->pid > 0; i++) {
        if ((s->port = read_port(s->port_file)) > 0) {
            snprintf(s->url, sizeof s->url, "http://127.0.0.1:%d", s->port);
            return true;
        }
        usleep(10000);
    }
    server_stop(s);
    return false;
}

void server_stop(test_server *s)
{
    if (s->pid > 0) {
        kill(s->pid, SIGTERM);
        waitpid(s->pid, NULL, 0);
    }
    unlink(s->port_file);
    s->pid = 0;
}

static size_t collect(char *data, size_t size, size_t n, void *user)
{
    FILE *out = user;
    return fwrite(data, size, n, out) * size;
}

static json_object *request(const test_server *s, const char *path, const char *body)
{
    char url[256], *text = NULL;
    size_t len = 0;
    snprintf(url, sizeof url, "%s%s", s->url, path);
    FILE *out = open_memstream(&text, &len);
    CURL *curl = curl_easy_init();
    curl_easy_setopt(curl, CURLOPT_URL, url);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, out);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, 30L);
    if (body)
        curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
    CURLcode rc = curl_easy_perform(curl);
    curl_easy_cleanup(curl);
    fclose(out);
    json_object *answer = rc == CURLE_OK ? json_tokener_parse(text) : NULL;
    free(text);
    return answer;
}

json_object *server_get(const test_server *s, const char *path)
{
    return request(s, path, NULL);
}

json_object *server_post(const test_server *s, const char *path, const char *body)
{
    return request(s, path, body ? body : "{}");
}

void server_reset(const test_server *s)
{
    json_object_put(server_post(s, "/_control/reset", "{}"));
}

void server_faults(const test_server *s, const char *path, const char *steps_json)
{
    char body[4096];
    snprintf(body, sizeof body, "{\"path\": \"%s\", \"steps\": %s}", path, steps_json);
    json_object_put(server_post(s, "/_control/faults", body));
}

size_t server_event_count(const test_server *s)
{
    json_object *answer = server_get(s, "/_control/events"), *events;
    size_t n = 0;
    if (answer && json_object_object_get_ex(answer, "events", &events))
        n = json_object_array_length(events);
    json_object_put(answer);
    return n;
}

size_t server_wait_for_events(const test_server *s, size_t n, double seconds)
{
    double deadline = now_seconds() + seconds;
    size_t count;
    while ((count = server_event_count(s)) < n && now_seconds() < deadline)
        usleep(20000);
    return count;
}

json_object *server_requests(const test_server *s, const char *path, json_object **owner)
{
    json_object *answer = server_get(s, "/_control/received"), *all;
    json_object *matching = json_object_new_array();
    if (answer && json_object_object_get_ex(answer, "requests", &all)) {
        for (size_t i = 0; i < json_object_array_length(all); i++) {
            json_object *r = json_object_array_get_idx(all, i), *p;
            if (json_object_object_get_ex(r, "path", &p) &&
                strcmp(json_object_get_string(p), path) == 0)
                json_object_array_add(matching, json_object_get(r));
        }
    }
    json_object_put(answer);
    *owner = matching;
    return matching;
}
