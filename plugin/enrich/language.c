/* File name -> language, for the event's `language` field: a table of extensions and a short one
 * of file names that have none ("Makefile"). Only the name's last component is looked at, and case
 * does not matter. Every value is a protocol wire string: lowercase, 1..32 chars of
 * [a-z0-9+#._-]; the unit test checks each one. */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "ascii.h"
#include "classify.h"

/* No extension in the table is longer; a longer one is not a source file's. */
#define EXT_MAX 15

struct by_extension {
    const char *ext; /* lowercase, without the dot */
    const char *language;
};

/* Where an extension is shared, the choice is the one most common in code repositories:
 * .h -> c (C++ headers mostly use .hpp/.hh), .m -> objective-c (not MATLAB), .pl -> perl (not
 * Prolog), .v -> verilog (not Coq), .fs -> f# (not GLSL), .pp -> puppet (not Pascal). Case is
 * folded, so .C and .H are c. */
static const struct by_extension extensions[] = {
    {"py", "python"},
    {"pyw", "python"},
    {"pyi", "python"},
    {"pyx", "python"},
    {"ipynb", "python"},
    {"ts", "typescript"},
    {"tsx", "typescript"},
    {"mts", "typescript"},
    {"cts", "typescript"},
    {"js", "javascript"},
    {"jsx", "javascript"},
    {"mjs", "javascript"},
    {"cjs", "javascript"},
    {"java", "java"},
    {"c", "c"},
    {"h", "c"},
    {"cc", "c++"},
    {"cpp", "c++"},
    {"cxx", "c++"},
    {"c++", "c++"},
    {"hpp", "c++"},
    {"hh", "c++"},
    {"hxx", "c++"},
    {"h++", "c++"},
    {"ipp", "c++"},
    {"inl", "c++"},
    {"tpp", "c++"},
    {"cu", "cuda"},
    {"cuh", "cuda"},
    {"cs", "c#"},
    {"csx", "c#"},
    {"go", "go"},
    {"rs", "rust"},
    {"rb", "ruby"},
    {"rake", "ruby"},
    {"gemspec", "ruby"},
    {"erb", "ruby"},
    {"php", "php"},
    {"phtml", "php"},
    {"swift", "swift"},
    {"kt", "kotlin"},
    {"kts", "kotlin"},
    {"scala", "scala"},
    {"sc", "scala"},
    {"sh", "shell"},
    {"bash", "shell"},
    {"zsh", "shell"},
    {"ksh", "shell"},
    {"fish", "shell"},
    {"ps1", "powershell"},
    {"psm1", "powershell"},
    {"psd1", "powershell"},
    {"bat", "batch"},
    {"cmd", "batch"},
    {"sql", "sql"},
    {"html", "html"},
    {"htm", "html"},
    {"xhtml", "html"},
    {"css", "css"},
    {"scss", "scss"},
    {"sass", "sass"},
    {"less", "less"},
    {"lua", "lua"},
    {"pl", "perl"},
    {"pm", "perl"},
    {"r", "r"},
    {"rmd", "r"},
    {"dart", "dart"},
    {"ex", "elixir"},
    {"exs", "elixir"},
    {"heex", "elixir"},
    {"erl", "erlang"},
    {"hrl", "erlang"},
    {"hs", "haskell"},
    {"lhs", "haskell"},
    {"clj", "clojure"},
    {"cljs", "clojure"},
    {"cljc", "clojure"},
    {"edn", "clojure"},
    {"ml", "ocaml"},
    {"mli", "ocaml"},
    {"fs", "f#"},
    {"fsi", "f#"},
    {"fsx", "f#"},
    {"m", "objective-c"},
    {"mm", "objective-c"},
    {"jl", "julia"},
    {"zig", "zig"},
    {"nim", "nim"},
    {"nims", "nim"},
    {"groovy", "groovy"},
    {"gradle", "groovy"},
    {"tf", "terraform"},
    {"tfvars", "terraform"},
    {"hcl", "hcl"},
    {"yaml", "yaml"},
    {"yml", "yaml"},
    {"json", "json"},
    {"jsonc", "json"},
    {"json5", "json"},
    {"toml", "toml"},
    {"xml", "xml"},
    {"xsd", "xml"},
    {"xsl", "xml"},
    {"md", "markdown"},
    {"markdown", "markdown"},
    {"mdx", "markdown"},
    {"rst", "restructuredtext"},
    {"tex", "latex"},
    {"vue", "vue"},
    {"svelte", "svelte"},
    {"astro", "astro"},
    {"sol", "solidity"},
    {"f", "fortran"},
    {"for", "fortran"},
    {"f77", "fortran"},
    {"f90", "fortran"},
    {"f95", "fortran"},
    {"f03", "fortran"},
    {"f08", "fortran"},
    {"cob", "cobol"},
    {"cbl", "cobol"},
    {"cpy", "cobol"},
    {"s", "assembly"},
    {"asm", "assembly"},
    {"nasm", "assembly"},
    {"vb", "visual-basic"},
    {"bas", "visual-basic"},
    {"vbs", "visual-basic"},
    {"pas", "pascal"},
    {"pp", "puppet"},
    {"adb", "ada"},
    {"ads", "ada"},
    {"d", "d"},
    {"cr", "crystal"},
    {"elm", "elm"},
    {"gleam", "gleam"},
    {"lisp", "lisp"},
    {"lsp", "lisp"},
    {"el", "emacs-lisp"},
    {"scm", "scheme"},
    {"rkt", "racket"},
    {"tcl", "tcl"},
    {"v", "verilog"},
    {"sv", "verilog"},
    {"svh", "verilog"},
    {"vhd", "vhdl"},
    {"vhdl", "vhdl"},
    {"coffee", "coffeescript"},
    {"proto", "protobuf"},
    {"graphql", "graphql"},
    {"gql", "graphql"},
    {"glsl", "glsl"},
    {"vert", "glsl"},
    {"frag", "glsl"},
    {"hlsl", "hlsl"},
    {"wgsl", "wgsl"},
    {"nix", "nix"},
    {"bzl", "starlark"},
    {"star", "starlark"},
    {"cmake", "cmake"},
    {"mk", "make"},
    {"mak", "make"},
    {"dockerfile", "dockerfile"},
    {"ini", "ini"},
    {"move", "move"},
    {"cairo", "cairo"},
    {"odin", "odin"},
    {"mojo", "mojo"},
    {"purs", "purescript"},
    {"hx", "haxe"},
    {"apex", "apex"},
    {"abap", "abap"},
    {"wat", "webassembly"},
};

struct by_name {
    const char *name; /* lowercase */
    const char *language;
    bool with_suffix; /* also "<name>.<anything>", as in Dockerfile.dev or Makefile.am */
};

/* Build and config files named by convention rather than by extension. */
static const struct by_name names[] = {
    {"makefile", "make", true},
    {"gnumakefile", "make", false},
    {"dockerfile", "dockerfile", true},
    {"containerfile", "dockerfile", true},
    {"cmakelists.txt", "cmake", false},
    {"rakefile", "ruby", false},
    {"gemfile", "ruby", false},
    {"guardfile", "ruby", false},
    {"podfile", "ruby", false},
    {"vagrantfile", "ruby", false},
    {"brewfile", "ruby", false},
    {"jenkinsfile", "groovy", false},
    {"build.bazel", "starlark", false},
    {"workspace.bazel", "starlark", false},
    {"module.bazel", "starlark", false},
    {"tiltfile", "starlark", false},
    {"go.mod", "go", false},
    {"go.sum", "go", false},
    {"go.work", "go", false},
    {"pkgbuild", "shell", false},
    {".bashrc", "shell", false},
    {".bash_profile", "shell", false},
    {".zshrc", "shell", false},
    {".profile", "shell", false},
    {"justfile", "just", false},
    {"meson.build", "meson", false},
};

static const char *language_of_name(const char *base, size_t n)
{
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        size_t len = strlen(names[i].name);
        if (mt_ascii_ieq_n(base, n, names[i].name))
            return names[i].language;
        if (names[i].with_suffix && n > len + 1 && base[len] == '.' &&
            mt_ascii_ieq_n(base, len, names[i].name))
            return names[i].language;
    }
    return NULL;
}

static const char *language_of_extension(const char *ext, size_t n)
{
    if (n == 0 || n > EXT_MAX)
        return NULL;
    for (size_t i = 0; i < sizeof extensions / sizeof *extensions; i++)
        if (mt_ascii_ieq_n(ext, n, extensions[i].ext))
            return extensions[i].language;
    return NULL;
}

const char *mt_language_for_path(const char *path)
{
    if (!path)
        return NULL;
    /* The last component, whichever separator the harness uses. */
    const char *base = path, *dot = NULL;
    for (const char *p = path; *p; p++) {
        if (*p == '/' || *p == '\\')
            base = p + 1, dot = NULL;
        else if (*p == '.')
            dot = p;
    }
    size_t n = strlen(base);
    if (n == 0)
        return NULL;
    const char *language = language_of_name(base, n);
    if (language)
        return language;
    /* A leading dot marks a hidden file (".gitignore"), not an extension. */
    if (!dot || dot == base)
        return NULL;
    return language_of_extension(dot + 1, n - (size_t)(dot + 1 - base));
}

/* For the unit test, which checks every row against the protocol's rule and against
 * mt_language_for_path: the i-th row of the extension table, then of the name table; false past
 * the end. Not in classify.h because nothing else needs it. */
bool mt_language_table_row(size_t i, const char **key, const char **language, bool *is_name);

bool mt_language_table_row(size_t i, const char **key, const char **language, bool *is_name)
{
    const size_t n_ext = sizeof extensions / sizeof *extensions;
    const size_t n_names = sizeof names / sizeof *names;
    if (i < n_ext) {
        *key = extensions[i].ext, *language = extensions[i].language, *is_name = false;
        return true;
    }
    if (i - n_ext < n_names) {
        *key = names[i - n_ext].name, *language = names[i - n_ext].language, *is_name = true;
        return true;
    }
    return false;
}
