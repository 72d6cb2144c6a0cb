#include "fuzz_support.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *fuzz_cstring(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        abort();
    if (size)
        memcpy(text, data, size);
    text[size] = '\0';
    return text;
}

static char scratch[4096];

/* The targets write files only, never directories, into the scratch directory. */
static void remove_scratch(void)
{
    DIR *dir = opendir(scratch);
    if (dir) {
        for (struct dirent *e; (e = readdir(dir));)
            if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
                unlinkat(dirfd(dir), e->d_name, 0);
        closedir(dir);
    }
    rmdir(scratch);
}

const char *fuzz_dir(void)
{
    if (scratch[0])
        return scratch;
    const char *tmp = getenv("TMPDIR");
    snprintf(scratch, sizeof scratch, "%s/mosaic-fuzz-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(scratch)) {
        perror("fuzz: mkdtemp");
        abort();
    }
    atexit(remove_scratch);
    return scratch;
}

const char *fuzz_write_file(const char *name, const uint8_t *data, size_t size)
{
    static char path[4096 + 256];
    snprintf(path, sizeof path, "%s/%s", fuzz_dir(), name);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        perror(path);
        abort();
    }
    for (size_t done = 0; done < size;) {
        ssize_t n = write(fd, data + done, size - done);
        if (n <= 0) {
            perror(path);
            abort();
        }
        done += (size_t)n;
    }
    close(fd);
    return path;
}

void fuzz_each_line(const uint8_t *data, size_t size, fuzz_line_fn fn, void *user)
{
    const char *p = (const char *)data, *end = p + size;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *stop = nl ? nl : end;
        /* A copy of exactly the line's bytes: a parser that reads past its length meets
         * ASan's redzone rather than the next line. */
        size_t len = (size_t)(stop - p);
        char *line = malloc(len ? len : 1);
        if (!line)
            abort();
        memcpy(line, p, len);
        fn(line, len, user);
        free(line);
        p = nl ? nl + 1 : end;
    }
}

void fuzz_round_trip(const uint8_t *data, size_t size, void *state, fuzz_parse_fn parse,
                     fuzz_format_fn format)
{
    parse((const char *)data, size, state);
    char *text = format(state);
    if (!text)
        return;
    if (!parse(text, strlen(text), state))
        abort(); /* our own text must parse */
    char *again = format(state);
    if (again && strcmp(text, again) != 0) {
        fprintf(stderr, "state changed on a round trip:\n%s\n%s\n", text, again);
        abort();
    }
    free(again);
    free(text);
}
