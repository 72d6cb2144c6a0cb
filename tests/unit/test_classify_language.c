/* mt_language_for_path: file names -> protocol language strings. Every row of the classifier's
 * tables is checked against the protocol's rule, and every row below by its path. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"

/* Defined in plugin/enrich/language.c for this test: the i-th row of its tables. */
bool mt_language_table_row(size_t i, const char **key, const char **language, bool *is_name);

struct row {
    const char *path;
    const char *language; /* NULL: unknown */
};

static void check_rows(const struct row *rows, size_t n)
{
    int failures = 0;
    for (size_t i = 0; i < n; i++) {
        const char *got = mt_language_for_path(rows[i].path);
        bool same =
            got && rows[i].language ? strcmp(got, rows[i].language) == 0 : got == rows[i].language;
        if (!same) {
            print_error("'%s': expected %s, got %s\n", rows[i].path,
                        rows[i].language ? rows[i].language : "(unknown)", got ? got : "(unknown)");
            failures++;
        }
    }
    if (failures)
        fail_msg("%d of %zu paths misclassified", failures, n);
}

#define CHECK(rows) check_rows(rows, sizeof rows / sizeof *rows)

/* docs/protocol.md, "The event": lowercase, 1..32 chars of [a-z0-9+#._-]. */
static bool is_wire_language(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > 32)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || strchr("+#._-", c)))
            return false;
    }
    return true;
}

static void test_wire_rule_itself(void **state)
{
    (void)state;
    assert_true(is_wire_language("c++"));
    assert_true(is_wire_language("c#"));
    assert_true(is_wire_language("objective-c"));
    assert_false(is_wire_language(""));
    assert_false(is_wire_language("Python"));
    assert_false(is_wire_language("visual basic"));
    assert_false(is_wire_language("abcdefghijklmnopqrstuvwxyz0123456"));
}

/* Every value of the tables follows the rule, and every key leads back to its own value (a
 * duplicate key further down would be shadowed and fail here). */
static void test_every_table_row(void **state)
{
    (void)state;
    const char *key, *language;
    bool is_name;
    size_t rows = 0, failures = 0;
    char path[64];
    for (size_t i = 0; mt_language_table_row(i, &key, &language, &is_name); i++, rows++) {
        if (!is_wire_language(language)) {
            print_error("row %zu (%s): '%s' is not a protocol language string\n", i, key, language);
            failures++;
        }
        snprintf(path, sizeof path, is_name ? "dir/%s" : "dir/file.%s", key);
        const char *got = mt_language_for_path(path);
        if (!got || strcmp(got, language) != 0) {
            print_error("'%s': table says %s, lookup gives %s\n", path, language,
                        got ? got : "(unknown)");
            failures++;
        }
    }
    if (failures)
        fail_msg("%zu of %zu table rows are wrong", failures, rows);
    assert_true(rows >= 150);
}

/* At least the 40 most used languages, each by its usual extension. */
static void test_top_languages(void **state)
{
    (void)state;
    static const char *const required[] = {
        "python",    "typescript", "javascript",  "java",     "c",        "c++",        "c#",
        "go",        "rust",       "ruby",        "php",      "swift",    "kotlin",     "scala",
        "shell",     "powershell", "sql",         "html",     "css",      "scss",       "lua",
        "perl",      "r",          "dart",        "elixir",   "erlang",   "haskell",    "clojure",
        "ocaml",     "f#",         "objective-c", "julia",    "zig",      "nim",        "groovy",
        "terraform", "yaml",       "json",        "toml",     "markdown", "vue",        "svelte",
        "solidity",  "fortran",    "cobol",       "assembly", "make",     "dockerfile", "cmake",
    };
    const char *key, *language;
    bool is_name;
    for (size_t r = 0; r < sizeof required / sizeof *required; r++) {
        bool found = false;
        for (size_t i = 0; !found && mt_language_table_row(i, &key, &language, &is_name); i++)
            found = strcmp(language, required[r]) == 0;
        if (!found)
            fail_msg("no table row gives '%s'", required[r]);
    }
}

static void test_every_extension(void **state)
{
    (void)state;
    static const struct row rows[] = {
        {"src/file.py", "python"},
        {"src/file.pyw", "python"},
        {"src/file.pyi", "python"},
        {"src/file.pyx", "python"},
        {"src/file.ipynb", "python"},
        {"src/file.ts", "typescript"},
        {"src/file.tsx", "typescript"},
        {"src/file.mts", "typescript"},
        {"src/file.cts", "typescript"},
        {"src/file.js", "javascript"},
        {"src/file.jsx", "javascript"},
        {"src/file.mjs", "javascript"},
        {"src/file.cjs", "javascript"},
        {"src/file.java", "java"},
        {"src/file.c", "c"},
        {"src/file.h", "c"},
        {"src/file.cc", "c++"},
        {"src/file.cpp", "c++"},
        {"src/file.cxx", "c++"},
        {"src/file.c++", "c++"},
        {"src/file.hpp", "c++"},
        {"src/file.hh", "c++"},
        {"src/file.hxx", "c++"},
        {"src/file.h++", "c++"},
        {"src/file.ipp", "c++"},
        {"src/file.inl", "c++"},
        {"src/file.tpp", "c++"},
        {"src/file.cu", "cuda"},
        {"src/file.cuh", "cuda"},
        {"src/file.cs", "c#"},
        {"src/file.csx", "c#"},
        {"src/file.go", "go"},
        {"src/file.rs", "rust"},
        {"src/file.rb", "ruby"},
        {"src/file.rake", "ruby"},
        {"src/file.gemspec", "ruby"},
        {"src/file.erb", "ruby"},
        {"src/file.php", "php"},
        {"src/file.phtml", "php"},
        {"src/file.swift", "swift"},
        {"src/file.kt", "kotlin"},
        {"src/file.kts", "kotlin"},
        {"src/file.scala", "scala"},
        {"src/file.sc", "scala"},
        {"src/file.sh", "shell"},
        {"src/file.bash", "shell"},
        {"src/file.zsh", "shell"},
        {"src/file.ksh", "shell"},
        {"src/file.fish", "shell"},
        {"src/file.ps1", "powershell"},
        {"src/file.psm1", "powershell"},
        {"src/file.psd1", "powershell"},
        {"src/file.bat", "batch"},
        {"src/file.cmd", "batch"},
        {"src/file.sql", "sql"},
        {"src/file.html", "html"},
        {"src/file.htm", "html"},
        {"src/file.xhtml", "html"},
        {"src/file.css", "css"},
        {"src/file.scss", "scss"},
        {"src/file.sass", "sass"},
        {"src/file.less", "less"},
        {"src/file.lua", "lua"},
        {"src/file.pl", "perl"},
        {"src/file.pm", "perl"},
        {"src/file.r", "r"},
        {"src/file.rmd", "r"},
        {"src/file.dart", "dart"},
        {"src/file.ex", "elixir"},
        {"src/file.exs", "elixir"},
        {"src/file.heex", "elixir"},
        {"src/file.erl", "erlang"},
        {"src/file.hrl", "erlang"},
        {"src/file.hs", "haskell"},
        {"src/file.lhs", "haskell"},
        {"src/file.clj", "clojure"},
        {"src/file.cljs", "clojure"},
        {"src/file.cljc", "clojure"},
        {"src/file.edn", "clojure"},
        {"src/file.ml", "ocaml"},
        {"src/file.mli", "ocaml"},
        {"src/file.fs", "f#"},
        {"src/file.fsi", "f#"},
        {"src/file.fsx", "f#"},
        {"src/file.m", "objective-c"},
        {"src/file.mm", "objective-c"},
        {"src/file.jl", "julia"},
        {"src/file.zig", "zig"},
        {"src/file.nim", "nim"},
        {"src/file.nims", "nim"},
        {"src/file.groovy", "groovy"},
        {"src/file.gradle", "groovy"},
        {"src/file.tf", "terraform"},
        {"src/file.tfvars", "terraform"},
        {"src/file.hcl", "hcl"},
        {"src/file.yaml", "yaml"},
        {"src/file.yml", "yaml"},
        {"src/file.json", "json"},
        {"src/file.jsonc", "json"},
        {"src/file.json5", "json"},
        {"src/file.toml", "toml"},
        {"src/file.xml", "xml"},
        {"src/file.xsd", "xml"},
        {"src/file.xsl", "xml"},
        {"src/file.md", "markdown"},
        {"src/file.markdown", "markdown"},
        {"src/file.mdx", "markdown"},
        {"src/file.rst", "restructuredtext"},
        {"src/file.tex", "latex"},
        {"src/file.vue", "vue"},
        {"src/file.svelte", "svelte"},
        {"src/file.astro", "astro"},
        {"src/file.sol", "solidity"},
        {"src/file.f", "fortran"},
        {"src/file.for", "fortran"},
        {"src/file.f77", "fortran"},
        {"src/file.f90", "fortran"},
        {"src/file.f95", "fortran"},
        {"src/file.f03", "fortran"},
        {"src/file.f08", "fortran"},
        {"src/file.cob", "cobol"},
        {"src/file.cbl", "cobol"},
        {"src/file.cpy", "cobol"},
        {"src/file.s", "assembly"},
        {"src/file.asm", "assembly"},
        {"src/file.nasm", "assembly"},
        {"src/file.vb", "visual-basic"},
        {"src/file.bas", "visual-basic"},
        {"src/file.vbs", "visual-basic"},
        {"src/file.pas", "pascal"},
        {"src/file.pp", "puppet"},
        {"src/file.adb", "ada"},
        {"src/file.ads", "ada"},
        {"src/file.d", "d"},
        {"src/file.cr", "crystal"},
        {"src/file.elm", "elm"},
        {"src/file.gleam", "gleam"},
        {"src/file.lisp", "lisp"},
        {"src/file.lsp", "lisp"},
        {"src/file.el", "emacs-lisp"},
        {"src/file.scm", "scheme"},
        {"src/file.rkt", "racket"},
        {"src/file.tcl", "tcl"},
        {"src/file.v", "verilog"},
        {"src/file.sv", "verilog"},
        {"src/file.svh", "verilog"},
        {"src/file.vhd", "vhdl"},
        {"src/file.vhdl", "vhdl"},
        {"src/file.coffee", "coffeescript"},
        {"src/file.proto", "protobuf"},
        {"src/file.graphql", "graphql"},
        {"src/file.gql", "graphql"},
        {"src/file.glsl", "glsl"},
        {"src/file.vert", "glsl"},
        {"src/file.frag", "glsl"},
        {"src/file.hlsl", "hlsl"},
        {"src/file.wgsl", "wgsl"},
        {"src/file.nix", "nix"},
        {"src/file.bzl", "starlark"},
        {"src/file.star", "starlark"},
        {"src/file.cmake", "cmake"},
        {"src/file.mk", "make"},
        {"src/file.mak", "make"},
        {"src/file.dockerfile", "dockerfile"},
        {"src/file.ini", "ini"},
        {"src/file.move", "move"},
        {"src/file.cairo", "cairo"},
        {"src/file.odin", "odin"},
        {"src/file.mojo", "mojo"},
        {"src/file.purs", "purescript"},
        {"src/file.hx", "haxe"},
        {"src/file.apex", "apex"},
        {"src/file.abap", "abap"},
        {"src/file.wat", "webassembly"},
    };
    CHECK(rows);
}

static void test_every_file_name(void **state)
{
    (void)state;
    static const struct row rows[] = {
        {"repo/Makefile", "make"},
        {"repo/GNUmakefile", "make"},
        {"repo/Dockerfile", "dockerfile"},
        {"repo/Containerfile", "dockerfile"},
        {"repo/CMakeLists.txt", "cmake"},
        {"repo/Rakefile", "ruby"},
        {"repo/Gemfile", "ruby"},
        {"repo/Guardfile", "ruby"},
        {"repo/Podfile", "ruby"},
        {"repo/Vagrantfile", "ruby"},
        {"repo/Brewfile", "ruby"},
        {"repo/Jenkinsfile", "groovy"},
        {"repo/BUILD.bazel", "starlark"},
        {"repo/WORKSPACE.bazel", "starlark"},
        {"repo/MODULE.bazel", "starlark"},
        {"repo/Tiltfile", "starlark"},
        {"repo/go.mod", "go"},
        {"repo/go.sum", "go"},
        {"repo/go.work", "go"},
        {"repo/PKGBUILD", "shell"},
        {"repo/.bashrc", "shell"},
        {"repo/.bash_profile", "shell"},
        {"repo/.zshrc", "shell"},
        {"repo/.profile", "shell"},
        {"repo/justfile", "just"},
        {"repo/meson.build", "meson"},
        {"Dockerfile.dev", "dockerfile"},
        {"docker/Dockerfile.prod", "dockerfile"},
        {"Makefile.am", "make"},
        {"makefile", "make"},
        {"DOCKERFILE", "dockerfile"},
        {"api.dockerfile", "dockerfile"},
        {"rules.mk", "make"},
        {"cmake/FindFoo.cmake", "cmake"},
    };
    CHECK(rows);
}

static void test_path_shapes(void **state)
{
    (void)state;
    static const struct row rows[] = {
        {"app.tsx", "typescript"},
        {"/home/u/repo/src/app.tsx", "typescript"},
        {"./src/main.rs", "rust"},
        {"C:\\Users\\me\\repo\\Program.cs", "c#"},
        {"src\\lib\\util.py", "python"},
        {"SRC/MAIN.GO", "go"},
        {"Main.Java", "java"},
        {"README.MD", "markdown"},
        {"src/types.d.ts", "typescript"},
        {"archive.tar.gz", NULL},
        {"photo.png", NULL},
        {"notes.txt", NULL},
        {"LICENSE", NULL},
        {"bin/run", NULL},
        {".gitignore", NULL},
        {"src/.env", NULL},
        {".eslintrc.json", "json"},
        {".github/workflows/ci.yml", "yaml"},
        {".bashrc", "shell"},
        {"dir.d/file", NULL},
        {"v1.2/notes", NULL},
        {"file.", NULL},
        {"src/", NULL},
        {"/", NULL},
        {"", NULL},
        {".", NULL},
        {"..", NULL},
        {"file.averyveryverylongextension", NULL},
        {"CMakeLists.txt.bak", NULL},
        {"Makefile.", NULL},
        {"caf\xc3\xa9.py", "python"},
        {"\xff\xfe.\xff", NULL},
        {"x.\xc3\x89", NULL},
        {NULL, NULL},
    };
    CHECK(rows);
}

static void test_huge_path(void **state)
{
    (void)state;
    const size_t mb = 1024 * 1024;
    char *s = malloc(mb + 1);
    assert_non_null(s);
    memset(s, 'a', mb);
    s[mb] = '\0';
    assert_null(mt_language_for_path(s));
    memcpy(s + mb - 3, ".go", 3);
    assert_string_equal(mt_language_for_path(s), "go");
    for (size_t i = 0; i < mb; i++)
        s[i] = (i % 2) ? '/' : '.';
    assert_null(mt_language_for_path(s));
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wire_rule_itself), cmocka_unit_test(test_every_table_row),
        cmocka_unit_test(test_top_languages),    cmocka_unit_test(test_every_extension),
        cmocka_unit_test(test_every_file_name),  cmocka_unit_test(test_path_shapes),
        cmocka_unit_test(test_huge_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
