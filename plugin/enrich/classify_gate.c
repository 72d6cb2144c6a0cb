/* Shell command -> quality gate ("npm test" -> test, "cargo clippy" -> lint). The command is read
 * here and never stored or sent; only the gate leaves.
 *
 * How a command line is classified, once shell_words.h has cut it into segments and words:
 * - Of a pipeline (`|`) only the first command counts: `pytest | tee log` is pytest.
 * - Each segment is classified on its own, and the command's gate is that of the LAST segment that
 *   has one: `cd web && npm ci && npm test` is test; `npm test && npm run lint` is lint.
 * - In a segment, variable assignments (`CI=1`), redirections and prefixes that run the rest
 *   (`sudo`, `time`, `env`, `timeout 60`, `nice`, ...) are skipped, so are wrappers that run a
 *   tool (`npx`, `bunx`, `uv run`, `poetry run`, `bundle exec`, `python -m`, `bash -c '...'`).
 * - The program is known by the last component of its path, lowercased, without a version
 *   (`eslint@9`) or a Windows suffix (`.exe`, `.cmd`): `./node_modules/.bin/eslint` is eslint.
 * - A test run that asks for coverage (`--cov`, `--coverage`, `-coverprofile`, ...) is coverage.
 * - When one command names several targets (`make lint test`, `mvn clean verify`), the most
 *   specific gate wins, in the order of `rank` below.
 * - Formatters count only when they check (`prettier --check`, `black --check`, `gofmt -l`,
 *   `cargo fmt --check`); a run that rewrites files is not a gate.
 * - Asking a tool for `--help` or `--version` is not a gate.
 * Only the first COMMAND_SCAN_LIMIT bytes are read. */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "ascii.h"
#include "classify.h"
#include "shell_words.h"

#define COMMAND_SCAN_LIMIT (64 * 1024)
#define MAX_DEPTH          8  /* wrappers and `sh -c` nest; a hostile line must not recurse far */
#define MAX_PREFIXES       16 /* assignments and prefix commands before the program */

#define NO_GATE            (-1)
#define G_BUILD            MOSAIC_QUALITY_GATE_BUILD
#define G_LINT             MOSAIC_QUALITY_GATE_LINT
#define G_TEST             MOSAIC_QUALITY_GATE_TEST
#define G_TYPECHECK        MOSAIC_QUALITY_GATE_TYPECHECK
#define G_FORMAT           MOSAIC_QUALITY_GATE_FORMAT
#define G_COVERAGE         MOSAIC_QUALITY_GATE_COVERAGE
#define G_SECURITY         MOSAIC_QUALITY_GATE_SECURITY

/* Flags that make a formatter check instead of rewrite. Tables add a tool's short forms. */
#define CHECK_FLAGS                                                                                \
    "--check -check --check-only --diff --dry-run --list-different --verify-no-changes "           \
    "--check-formatted --set-exit-if-changed --output=none --lint "

/* ---------------------------------------------------------------------------------------------- */
/* Gates and their order. */

/* When one command runs several gates, the most specific one is reported. */
static int rank(int gate)
{
    switch (gate) {
    case G_BUILD: return 1;
    case G_TEST: return 2;
    case G_LINT: return 3;
    case G_TYPECHECK: return 4;
    case G_FORMAT: return 5;
    case G_SECURITY: return 6;
    case G_COVERAGE: return 7;
    default: return 0;
    }
}

static int stronger(int a, int b)
{
    return rank(b) > rank(a) ? b : a;
}

/* ---------------------------------------------------------------------------------------------- */
/* Coverage: a test run that measures it is reported as coverage. */

static bool is_coverage_flag(const char *t)
{
    if (t[0] != '-' && t[0] != '/')
        return false;
    while (*t == '-' || *t == '/')
        t++;
    if (mt_ascii_istarts(t, "no-") || mt_ascii_istarts(t, "no_"))
        return false;
    return mt_ascii_istarts(t, "cov") || mt_ascii_icontains(t, "coverage");
}

static bool any_coverage_flag(struct mt_sh_words w)
{
    while (mt_sh_next_word(&w))
        if (is_coverage_flag(w.text))
            return true;
    return false;
}

/* ---------------------------------------------------------------------------------------------- */
/* Tables. */

struct tool {
    const char *name;
    int gate;
    const char *needs;  /* the gate counts only when one of these words is present */
    const char *unless; /* ... and not when one of these is */
};

/* Tools whose gate does not depend on a subcommand. */
static const struct tool tools[] = {
    /* test runners */
    {"pytest", G_TEST, NULL, NULL},
    {"py.test", G_TEST, NULL, NULL},
    {"unittest", G_TEST, NULL, NULL}, /* python -m unittest */
    {"nose2", G_TEST, NULL, NULL},
    {"nosetests", G_TEST, NULL, NULL},
    {"behave", G_TEST, NULL, NULL},
    {"robot", G_TEST, NULL, NULL},
    {"ctest", G_TEST, NULL, NULL},
    {"rspec", G_TEST, NULL, NULL},
    {"phpunit", G_TEST, NULL, NULL},
    {"pest", G_TEST, NULL, NULL},
    {"paratest", G_TEST, NULL, NULL},
    {"gotestsum", G_TEST, NULL, NULL},
    {"cargo-nextest", G_TEST, NULL, NULL},
    {"jest", G_TEST, NULL, NULL},
    {"vitest", G_TEST, NULL, NULL},
    {"mocha", G_TEST, NULL, NULL},
    {"ava", G_TEST, NULL, NULL},
    {"jasmine", G_TEST, NULL, NULL},
    {"karma", G_TEST, NULL, NULL},
    {"tap", G_TEST, NULL, NULL},
    {"tape", G_TEST, NULL, NULL},
    {"uvu", G_TEST, NULL, NULL},
    {"wdio", G_TEST, NULL, NULL},
    {"cucumber", G_TEST, NULL, NULL},
    {"cucumber-js", G_TEST, NULL, NULL},
    {"bats", G_TEST, NULL, NULL},
    {"busted", G_TEST, NULL, NULL},
    {"prove", G_TEST, NULL, NULL},
    /* coverage */
    {"coverage", G_COVERAGE, NULL, NULL},
    {"nyc", G_COVERAGE, NULL, NULL},
    {"c8", G_COVERAGE, NULL, NULL},
    {"istanbul", G_COVERAGE, NULL, NULL},
    {"gcovr", G_COVERAGE, NULL, NULL},
    {"lcov", G_COVERAGE, NULL, NULL},
    {"kcov", G_COVERAGE, NULL, NULL},
    {"grcov", G_COVERAGE, NULL, NULL},
    {"cargo-tarpaulin", G_COVERAGE, NULL, NULL},
    {"cargo-llvm-cov", G_COVERAGE, NULL, NULL},
    /* linters */
    {"eslint", G_LINT, NULL, NULL},
    {"eslint_d", G_LINT, NULL, NULL},
    {"oxlint", G_LINT, NULL, NULL},
    {"tslint", G_LINT, NULL, NULL},
    {"jshint", G_LINT, NULL, NULL},
    {"standard", G_LINT, NULL, NULL},
    {"xo", G_LINT, NULL, NULL},
    {"stylelint", G_LINT, NULL, NULL},
    {"htmlhint", G_LINT, NULL, NULL},
    {"markdownlint", G_LINT, NULL, NULL},
    {"markdownlint-cli2", G_LINT, NULL, NULL},
    {"knip", G_LINT, NULL, NULL},
    {"lint-staged", G_LINT, NULL, NULL},
    {"flake8", G_LINT, NULL, NULL},
    {"pylint", G_LINT, NULL, NULL},
    {"pycodestyle", G_LINT, NULL, NULL},
    {"pydocstyle", G_LINT, NULL, NULL},
    {"pyflakes", G_LINT, NULL, NULL},
    {"pylama", G_LINT, NULL, NULL},
    {"prospector", G_LINT, NULL, NULL},
    {"golangci-lint", G_LINT, NULL, NULL},
    {"staticcheck", G_LINT, NULL, NULL},
    {"revive", G_LINT, NULL, NULL},
    {"golint", G_LINT, NULL, NULL},
    {"errcheck", G_LINT, NULL, NULL},
    {"shellcheck", G_LINT, NULL, NULL},
    {"rubocop", G_LINT, NULL, NULL},
    {"standardrb", G_LINT, NULL, NULL},
    {"hadolint", G_LINT, NULL, NULL},
    {"yamllint", G_LINT, NULL, NULL},
    {"actionlint", G_LINT, NULL, NULL},
    {"swiftlint", G_LINT, NULL, NULL},
    {"ktlint", G_LINT, NULL, "-F --format"},
    {"detekt", G_LINT, NULL, NULL},
    {"clang-tidy", G_LINT, NULL, NULL},
    {"run-clang-tidy", G_LINT, NULL, NULL},
    {"cppcheck", G_LINT, NULL, NULL},
    {"cpplint", G_LINT, NULL, NULL},
    {"hlint", G_LINT, NULL, NULL},
    {"phpcs", G_LINT, NULL, NULL},
    {"phpstan", G_LINT, NULL, NULL},
    {"psalm", G_LINT, NULL, NULL},
    {"phpmd", G_LINT, NULL, NULL},
    {"tflint", G_LINT, NULL, NULL},
    {"luacheck", G_LINT, NULL, NULL},
    {"selene", G_LINT, NULL, NULL},
    {"perlcritic", G_LINT, NULL, NULL},
    {"ansible-lint", G_LINT, NULL, NULL},
    {"cfn-lint", G_LINT, NULL, NULL},
    {"kube-linter", G_LINT, NULL, NULL},
    {"codespell", G_LINT, NULL, NULL},
    {"typos", G_LINT, NULL, NULL},
    {"vale", G_LINT, NULL, NULL},
    {"editorconfig-checker", G_LINT, NULL, NULL},
    /* type checkers */
    {"mypy", G_TYPECHECK, NULL, NULL},
    {"pyright", G_TYPECHECK, NULL, NULL},
    {"basedpyright", G_TYPECHECK, NULL, NULL},
    {"pytype", G_TYPECHECK, NULL, NULL},
    {"vue-tsc", G_TYPECHECK, NULL, NULL},
    {"svelte-check", G_TYPECHECK, NULL, NULL},
    {"tsgo", G_TYPECHECK, NULL, NULL},
    {"dialyzer", G_TYPECHECK, NULL, NULL},
    /* formatters: only when checking */
    {"prettier", G_FORMAT, CHECK_FLAGS "-c -l", NULL},
    {"black", G_FORMAT, CHECK_FLAGS, NULL},
    {"isort", G_FORMAT, CHECK_FLAGS "-c", NULL},
    {"yapf", G_FORMAT, CHECK_FLAGS "-d", NULL},
    {"autopep8", G_FORMAT, CHECK_FLAGS, NULL},
    {"gofmt", G_FORMAT, CHECK_FLAGS "-l -d", NULL},
    {"goimports", G_FORMAT, CHECK_FLAGS "-l -d", NULL},
    {"gofumpt", G_FORMAT, CHECK_FLAGS "-l -d", NULL},
    {"rustfmt", G_FORMAT, CHECK_FLAGS, NULL},
    {"clang-format", G_FORMAT, CHECK_FLAGS "-n --output-replacements-xml", NULL},
    {"shfmt", G_FORMAT, CHECK_FLAGS "-d -l", NULL},
    {"stylua", G_FORMAT, CHECK_FLAGS, NULL},
    {"swiftformat", G_FORMAT, CHECK_FLAGS "--dryrun", NULL},
    {"ktfmt", G_FORMAT, CHECK_FLAGS, NULL},
    {"google-java-format", G_FORMAT, CHECK_FLAGS "-n", NULL},
    {"pint", G_FORMAT, CHECK_FLAGS "--test", NULL},
    {"rufo", G_FORMAT, CHECK_FLAGS, NULL},
    {"mdformat", G_FORMAT, CHECK_FLAGS, NULL},
    {"nixfmt", G_FORMAT, CHECK_FLAGS, NULL},
    {"cmake-format", G_FORMAT, CHECK_FLAGS, NULL},
    {"buildifier", G_FORMAT, CHECK_FLAGS "-mode=check --mode=check", NULL},
    /* security scanners */
    {"bandit", G_SECURITY, NULL, NULL},
    {"semgrep", G_SECURITY, NULL, NULL},
    {"pip-audit", G_SECURITY, NULL, NULL},
    {"pip_audit", G_SECURITY, NULL, NULL},
    {"safety", G_SECURITY, NULL, NULL},
    {"gosec", G_SECURITY, NULL, NULL},
    {"govulncheck", G_SECURITY, NULL, NULL},
    {"trivy", G_SECURITY, NULL, NULL},
    {"grype", G_SECURITY, NULL, NULL},
    {"snyk", G_SECURITY, NULL, NULL},
    {"osv-scanner", G_SECURITY, NULL, NULL},
    {"gitleaks", G_SECURITY, NULL, NULL},
    {"trufflehog", G_SECURITY, NULL, NULL},
    {"detect-secrets", G_SECURITY, NULL, NULL},
    {"brakeman", G_SECURITY, NULL, NULL},
    {"bundler-audit", G_SECURITY, NULL, NULL},
    {"bundle-audit", G_SECURITY, NULL, NULL},
    {"checkov", G_SECURITY, NULL, NULL},
    {"tfsec", G_SECURITY, NULL, NULL},
    {"terrascan", G_SECURITY, NULL, NULL},
    {"audit-ci", G_SECURITY, NULL, NULL},
    {"better-npm-audit", G_SECURITY, NULL, NULL},
    {"retire", G_SECURITY, NULL, NULL},
    {"dependency-check", G_SECURITY, NULL, NULL},
    {"cargo-audit", G_SECURITY, NULL, NULL},
    {"cargo-deny", G_SECURITY, NULL, NULL},
    {"codeql", G_SECURITY, NULL, NULL},
    {"zizmor", G_SECURITY, NULL, NULL},
    /* compilers and bundlers */
    {"gcc", G_BUILD, NULL, NULL},
    {"g++", G_BUILD, NULL, NULL},
    {"clang", G_BUILD, NULL, NULL},
    {"clang++", G_BUILD, NULL, NULL},
    {"cc", G_BUILD, NULL, NULL},
    {"c++", G_BUILD, NULL, NULL},
    {"javac", G_BUILD, NULL, NULL},
    {"kotlinc", G_BUILD, NULL, NULL},
    {"scalac", G_BUILD, NULL, NULL},
    {"rustc", G_BUILD, NULL, NULL},
    {"swiftc", G_BUILD, NULL, NULL},
    {"msbuild", G_BUILD, NULL, NULL},
    {"webpack", G_BUILD, NULL, NULL},
    {"rollup", G_BUILD, NULL, NULL},
    {"esbuild", G_BUILD, NULL, NULL},
    {"tsup", G_BUILD, NULL, NULL},
    {"swc", G_BUILD, NULL, NULL},
    {"babel", G_BUILD, NULL, NULL},
    {"microbundle", G_BUILD, NULL, NULL},
    {"unbuild", G_BUILD, NULL, NULL},
    {"pyproject-build", G_BUILD, NULL, NULL},
    {"build", G_BUILD, NULL, NULL}, /* python -m build, ./build.sh */
    {"nix-build", G_BUILD, NULL, NULL},
    {"sphinx-build", G_BUILD, NULL, NULL},
};

struct sub {
    const char *word; /* "" when there is no subcommand, "*" for any other */
    int gate;         /* NO_GATE: known not to be a gate */
    const char *needs, *unless;
};

struct sub_tool {
    const char *name;
    const char *valued; /* options before the subcommand that take a value */
    const struct sub *subs;
};

#define END                                                                                        \
    {                                                                                              \
        NULL, NO_GATE, NULL, NULL                                                                  \
    }

static const struct sub go_subs[] = {
    {"test", G_TEST, NULL, NULL},        {"vet", G_LINT, NULL, NULL},
    {"build", G_BUILD, NULL, NULL},      {"install", G_BUILD, NULL, NULL},
    {"tool", G_COVERAGE, "cover", NULL}, END};
static const struct sub cargo_subs[] = {{"test", G_TEST, NULL, NULL},
                                        {"t", G_TEST, NULL, NULL},
                                        {"nextest", G_TEST, NULL, NULL},
                                        {"miri", G_TEST, "test", NULL},
                                        {"build", G_BUILD, NULL, NULL},
                                        {"b", G_BUILD, NULL, NULL},
                                        {"check", G_TYPECHECK, NULL, NULL},
                                        {"c", G_TYPECHECK, NULL, NULL},
                                        {"clippy", G_LINT, NULL, NULL},
                                        {"fmt", G_FORMAT, CHECK_FLAGS, NULL},
                                        {"tarpaulin", G_COVERAGE, NULL, NULL},
                                        {"llvm-cov", G_COVERAGE, NULL, NULL},
                                        {"audit", G_SECURITY, NULL, NULL},
                                        {"deny", G_SECURITY, NULL, NULL},
                                        END};
static const struct sub dotnet_subs[] = {{"test", G_TEST, NULL, NULL},
                                         {"build", G_BUILD, NULL, NULL},
                                         {"publish", G_BUILD, NULL, NULL},
                                         {"pack", G_BUILD, NULL, NULL},
                                         {"msbuild", G_BUILD, NULL, NULL},
                                         {"format", G_FORMAT, CHECK_FLAGS, NULL},
                                         {"list", G_SECURITY, "--vulnerable", NULL},
                                         END};
static const struct sub deno_subs[] = {{"test", G_TEST, NULL, NULL},
                                       {"lint", G_LINT, NULL, NULL},
                                       {"check", G_TYPECHECK, NULL, NULL},
                                       {"fmt", G_FORMAT, CHECK_FLAGS, NULL},
                                       {"coverage", G_COVERAGE, NULL, NULL},
                                       {"compile", G_BUILD, NULL, NULL},
                                       END};
static const struct sub ruff_subs[] = {
    {"format", G_FORMAT, CHECK_FLAGS, NULL},
    {"clean", NO_GATE, NULL, NULL},
    {"rule", NO_GATE, NULL, NULL},
    {"config", NO_GATE, NULL, NULL},
    {"server", NO_GATE, NULL, NULL},
    {"version", NO_GATE, NULL, NULL},
    {"analyze", NO_GATE, NULL, NULL},
    {"*", G_LINT, NULL, NULL}, /* `ruff check`, and `ruff .` from before subcommands existed */
    {"", G_LINT, NULL, NULL},
    END};
static const struct sub biome_subs[] = {{"lint", G_LINT, NULL, NULL},
                                        {"check", G_LINT, NULL, NULL},
                                        {"ci", G_LINT, NULL, NULL},
                                        {"format", G_FORMAT, NULL, "--write --fix --apply"},
                                        END};
static const struct sub docker_subs[] = {
    {"build", G_BUILD, NULL, NULL}, {"buildx", G_BUILD, "build bake", NULL}, END};
static const struct sub bazel_subs[] = {{"build", G_BUILD, NULL, NULL},
                                        {"test", G_TEST, NULL, NULL},
                                        {"coverage", G_COVERAGE, NULL, NULL},
                                        END};
static const struct sub pants_subs[] = {{"test", G_TEST, NULL, NULL},
                                        {"lint", G_LINT, NULL, NULL},
                                        {"check", G_TYPECHECK, NULL, NULL},
                                        {"package", G_BUILD, NULL, NULL},
                                        END};
static const struct sub test_build_subs[] = {
    {"test", G_TEST, NULL, NULL}, {"build", G_BUILD, NULL, NULL}, END};
static const struct sub meson_subs[] = {
    {"test", G_TEST, NULL, NULL}, {"compile", G_BUILD, NULL, NULL}, END};
static const struct sub mix_subs[] = {{"test", G_TEST, NULL, NULL},
                                      {"compile", G_BUILD, NULL, NULL},
                                      {"format", G_FORMAT, CHECK_FLAGS, NULL},
                                      {"credo", G_LINT, NULL, NULL},
                                      {"dialyzer", G_TYPECHECK, NULL, NULL},
                                      {"coveralls", G_COVERAGE, NULL, NULL},
                                      {"hex.audit", G_SECURITY, NULL, NULL},
                                      {"deps.audit", G_SECURITY, NULL, NULL},
                                      {"sobelow", G_SECURITY, NULL, NULL},
                                      END};
static const struct sub rebar3_subs[] = {{"eunit", G_TEST, NULL, NULL},
                                         {"ct", G_TEST, NULL, NULL},
                                         {"compile", G_BUILD, NULL, NULL},
                                         {"dialyzer", G_TYPECHECK, NULL, NULL},
                                         {"xref", G_LINT, NULL, NULL},
                                         {"lint", G_LINT, NULL, NULL},
                                         {"cover", G_COVERAGE, NULL, NULL},
                                         {"fmt", G_FORMAT, CHECK_FLAGS, NULL},
                                         END};
static const struct sub dune_subs[] = {{"test", G_TEST, NULL, NULL},
                                       {"runtest", G_TEST, NULL, NULL},
                                       {"build", G_BUILD, NULL, NULL},
                                       END};
static const struct sub lein_subs[] = {{"test", G_TEST, NULL, NULL},
                                       {"compile", G_BUILD, NULL, NULL},
                                       {"uberjar", G_BUILD, NULL, NULL},
                                       {"cloverage", G_COVERAGE, NULL, NULL},
                                       END};
static const struct sub flutter_subs[] = {
    {"test", G_TEST, NULL, NULL},     {"analyze", G_LINT, NULL, NULL},
    {"build", G_BUILD, NULL, NULL},   {"format", G_FORMAT, CHECK_FLAGS, NULL},
    {"compile", G_BUILD, NULL, NULL}, END};
static const struct sub terraform_subs[] = {
    {"validate", G_LINT, NULL, NULL}, {"fmt", G_FORMAT, CHECK_FLAGS, NULL}, END};
static const struct sub rails_subs[] = {{"test", G_TEST, NULL, NULL},
                                        {"test:system", G_TEST, NULL, NULL},
                                        {"test:all", G_TEST, NULL, NULL},
                                        {"spec", G_TEST, NULL, NULL},
                                        END};
static const struct sub only_test_subs[] = {{"test", G_TEST, NULL, NULL}, END};
static const struct sub cypress_subs[] = {{"run", G_TEST, NULL, NULL}, END};
static const struct sub only_build_subs[] = {{"build", G_BUILD, NULL, NULL}, END};
static const struct sub next_subs[] = {
    {"build", G_BUILD, NULL, NULL}, {"lint", G_LINT, NULL, NULL}, END};
static const struct sub nuxt_subs[] = {{"build", G_BUILD, NULL, NULL},
                                       {"generate", G_BUILD, NULL, NULL},
                                       {"typecheck", G_TYPECHECK, NULL, NULL},
                                       END};
static const struct sub astro_subs[] = {
    {"build", G_BUILD, NULL, NULL}, {"check", G_TYPECHECK, NULL, NULL}, END};
static const struct sub ng_subs[] = {{"test", G_TEST, NULL, NULL},
                                     {"e2e", G_TEST, NULL, NULL},
                                     {"build", G_BUILD, NULL, NULL},
                                     {"lint", G_LINT, NULL, NULL},
                                     END};
static const struct sub dprint_subs[] = {{"check", G_FORMAT, NULL, NULL}, END};
static const struct sub php_cs_fixer_subs[] = {
    {"fix", G_FORMAT, CHECK_FLAGS, NULL}, {"check", G_FORMAT, NULL, NULL}, END};
static const struct sub csharpier_subs[] = {{"check", G_FORMAT, NULL, NULL},
                                            {"format", G_FORMAT, CHECK_FLAGS, NULL},
                                            {"*", G_FORMAT, CHECK_FLAGS, NULL},
                                            END};
static const struct sub swift_format_subs[] = {{"lint", G_FORMAT, NULL, NULL}, END};
static const struct sub buf_subs[] = {{"lint", G_LINT, NULL, NULL},
                                      {"breaking", G_LINT, NULL, NULL},
                                      {"build", G_BUILD, NULL, NULL},
                                      {"format", G_FORMAT, CHECK_FLAGS "-d --exit-code", NULL},
                                      END};
static const struct sub typecheck_default_subs[] = {{"", G_TYPECHECK, NULL, NULL},
                                                    {"check", G_TYPECHECK, NULL, NULL},
                                                    {"status", G_TYPECHECK, NULL, NULL},
                                                    {"run", G_TYPECHECK, NULL, NULL},
                                                    END};
static const struct sub srb_subs[] = {{"tc", G_TYPECHECK, NULL, NULL}, END};
static const struct sub check_subs[] = {{"check", G_TYPECHECK, NULL, NULL}, END};
static const struct sub bundle_subs[] = {{"audit", G_SECURITY, NULL, NULL}, END};
static const struct sub pipenv_subs[] = {
    {"check", G_SECURITY, NULL, NULL}, {"scan", G_SECURITY, NULL, NULL}, END};
static const struct sub python_project_subs[] = {{"build", G_BUILD, NULL, NULL}, END};
static const struct sub hatch_subs[] = {{"build", G_BUILD, NULL, NULL},
                                        {"test", G_TEST, NULL, NULL},
                                        {"fmt", G_FORMAT, CHECK_FLAGS, NULL},
                                        END};
static const struct sub pre_commit_subs[] = {
    {"run", G_LINT, NULL, NULL}, {"", G_LINT, NULL, NULL}, END};
static const struct sub helm_subs[] = {{"lint", G_LINT, NULL, NULL}, END};
static const struct sub sqlfluff_subs[] = {{"lint", G_LINT, NULL, NULL}, END};
static const struct sub nix_subs[] = {
    {"build", G_BUILD, NULL, NULL}, {"flake", G_TEST, "check", NULL}, END};
static const struct sub mkdocs_subs[] = {{"build", G_BUILD, NULL, NULL}, END};
static const struct sub wasm_pack_subs[] = {
    {"build", G_BUILD, NULL, NULL}, {"test", G_TEST, NULL, NULL}, END};
static const struct sub elm_subs[] = {{"make", G_BUILD, NULL, NULL}, END};
static const struct sub gleam_subs[] = {{"build", G_BUILD, NULL, NULL},
                                        {"test", G_TEST, NULL, NULL},
                                        {"check", G_TYPECHECK, NULL, NULL},
                                        {"format", G_FORMAT, CHECK_FLAGS, NULL},
                                        END};
static const struct sub crystal_subs[] = {
    {"build", G_BUILD, NULL, NULL}, {"spec", G_TEST, NULL, NULL}, END};
/* Python and PHP entry scripts that take a subcommand. */
static const struct sub manage_py_subs[] = {{"test", G_TEST, NULL, NULL}, END};
static const struct sub setup_py_subs[] = {
    {"test", G_TEST, NULL, NULL},       {"build", G_BUILD, NULL, NULL},
    {"build_ext", G_BUILD, NULL, NULL}, {"bdist_wheel", G_BUILD, NULL, NULL},
    {"sdist", G_BUILD, NULL, NULL},     END};

static const struct sub_tool sub_tools[] = {
    {"go", "-C", go_subs},
    {"cargo", "--manifest-path --config -Z -C --color", cargo_subs},
    {"dotnet", NULL, dotnet_subs},
    {"deno", NULL, deno_subs},
    {"ruff", "--config", ruff_subs},
    {"biome", "--config-path", biome_subs},
    {"docker", "-H --host -c --context --config", docker_subs},
    {"podman", NULL, docker_subs},
    {"bazel", NULL, bazel_subs},
    {"bazelisk", NULL, bazel_subs},
    {"buck2", NULL, bazel_subs},
    {"pants", NULL, pants_subs},
    {"meson", NULL, meson_subs},
    {"swift", NULL, test_build_subs},
    {"mix", NULL, mix_subs},
    {"rebar3", NULL, rebar3_subs},
    {"stack", NULL, test_build_subs},
    {"cabal", NULL, test_build_subs},
    {"dune", NULL, dune_subs},
    {"lein", NULL, lein_subs},
    {"flutter", NULL, flutter_subs},
    {"dart", NULL, flutter_subs},
    {"terraform", NULL, terraform_subs},
    {"tofu", NULL, terraform_subs},
    {"rails", NULL, rails_subs},
    {"playwright", NULL, only_test_subs},
    {"cypress", NULL, cypress_subs},
    {"next", NULL, next_subs},
    {"nuxt", NULL, nuxt_subs},
    {"nuxi", NULL, nuxt_subs},
    {"astro", NULL, astro_subs},
    {"ng", NULL, ng_subs},
    {"vite", NULL, only_build_subs},
    {"parcel", NULL, only_build_subs},
    {"rspack", NULL, only_build_subs},
    {"dprint", NULL, dprint_subs},
    {"php-cs-fixer", NULL, php_cs_fixer_subs},
    {"csharpier", NULL, csharpier_subs},
    {"swift-format", NULL, swift_format_subs},
    {"buf", NULL, buf_subs},
    {"pyre", NULL, typecheck_default_subs},
    {"flow", NULL, typecheck_default_subs},
    {"dmypy", NULL, typecheck_default_subs},
    {"srb", NULL, srb_subs},
    {"steep", NULL, check_subs},
    {"ty", NULL, check_subs},
    {"bundle", NULL, bundle_subs},
    {"pipenv", NULL, pipenv_subs},
    {"poetry", NULL, python_project_subs},
    {"uv", NULL, python_project_subs},
    {"pdm", NULL, python_project_subs},
    {"hatch", NULL, hatch_subs},
    {"pre-commit", NULL, pre_commit_subs},
    {"helm", NULL, helm_subs},
    {"sqlfluff", NULL, sqlfluff_subs},
    {"nix", NULL, nix_subs},
    {"mkdocs", NULL, mkdocs_subs},
    {"wasm-pack", NULL, wasm_pack_subs},
    {"elm", NULL, elm_subs},
    {"gleam", NULL, gleam_subs},
    {"crystal", NULL, crystal_subs},
    {"manage", NULL, manage_py_subs},
    {"setup", NULL, setup_py_subs},
    {"artisan", NULL, manage_py_subs},
};

/* Commands that run the rest of the line: the program is further on. */
struct prefix {
    const char *name;
    const char *valued; /* options taking a value */
    int positionals;    /* arguments before the command (`timeout 60 cmd`) */
    const char *inert;  /* options with which it does not run the command (`command -v`) */
};

static const struct prefix prefixes[] = {
    {"sudo", "-u -g -h -p -C -D -r -t -U -T", 0, "-l -v -k -K -V"},
    {"doas", "-u -C", 0, NULL},
    {"env", "-u -C -S --unset --chdir", 0, NULL},
    {"time", "-f -o --format --output", 0, NULL},
    {"nice", "-n --adjustment", 0, NULL},
    {"ionice", "-c -n -p -P -u", 0, NULL},
    {"nohup", NULL, 0, NULL},
    {"exec", "-a", 0, NULL},
    {"command", NULL, 0, "-v -V"},
    {"builtin", NULL, 0, NULL},
    {"timeout", "-s -k --signal --kill-after", 1, NULL},
    {"stdbuf", "-i -o -e", 0, NULL},
    {"unbuffer", NULL, 0, NULL},
    {"chronic", NULL, 0, NULL},
    {"xvfb-run", "-n -s -f -e -p -w --server-num --server-args --auth-file --error-file", 0, NULL},
    {"dotenv", "-e -v -c", 0, NULL},
    /* shell keywords that precede a command */
    {"if", NULL, 0, NULL},
    {"then", NULL, 0, NULL},
    {"elif", NULL, 0, NULL},
    {"else", NULL, 0, NULL},
    {"while", NULL, 0, NULL},
    {"until", NULL, 0, NULL},
    {"do", NULL, 0, NULL},
    {"!", NULL, 0, NULL},
    {"{", NULL, 0, NULL},
};

/* Commands that run another tool, after an optional subcommand (`uv run pytest`). */
struct wrapper {
    const char *name;
    const char *sub;    /* NULL: the tool follows directly (`npx eslint`) */
    const char *valued; /* options taking a value */
    bool scripts;       /* may also run a project script by name (`pdm run test`) */
};

static const struct wrapper wrappers[] = {
    {"npx", NULL, "-p --package -c --call -w --workspace", false},
    {"pnpx", NULL, NULL, false},
    {"bunx", NULL, "-p --package", false},
    {"uvx", NULL, "--from --with -p --python --index-url", false},
    {"pipx", "run", "--spec --python", false},
    {"uv", "run",
     "--with -p --python --package --extra --group --directory --project --env-file --index-url "
     "--with-requirements",
     false},
    {"poetry", "run", "-C --directory -P --project", false},
    {"pipenv", "run", NULL, true},
    {"pdm", "run", "-p --project", true},
    {"hatch", "run", NULL, true},
    {"rye", "run", NULL, true},
    {"conda", "run", "-n --name -p --prefix --cwd", false},
    {"mamba", "run", "-n --name -p --prefix", false},
    {"micromamba", "run", "-n --name -p --prefix", false},
    {"bundle", "exec", NULL, false},
};

/* ---------------------------------------------------------------------------------------------- */
/* Script and target names: "test:unit", "lint-fix", "check-format", "typecheck". */

enum {
    K_TEST = 1 << 0,
    K_LINT = 1 << 1,
    K_BUILD = 1 << 2,
    K_TYPES = 1 << 3,
    K_TYPECHECK = 1 << 4,
    K_FORMAT = 1 << 5,
    K_CHECK = 1 << 6,
    K_COVERAGE = 1 << 7,
    K_SECURITY = 1 << 8,
    K_IDLE = 1 << 9, /* a task that is no gate: clean, install, dev, serve, ... */
};

struct part {
    const char *word;
    unsigned kind;
};

static const struct part parts[] = {
    {"test", K_TEST},
    {"tests", K_TEST},
    {"testing", K_TEST},
    {"spec", K_TEST},
    {"specs", K_TEST},
    {"e2e", K_TEST},
    {"unit", K_TEST},
    {"integration", K_TEST},
    {"lint", K_LINT},
    {"lints", K_LINT},
    {"linter", K_LINT},
    {"linting", K_LINT},
    {"clippy", K_LINT},
    {"vet", K_LINT},
    {"build", K_BUILD},
    {"builds", K_BUILD},
    {"compile", K_BUILD},
    {"bundle", K_BUILD},
    {"dist", K_BUILD},
    {"type", K_TYPES},
    {"types", K_TYPES},
    {"typing", K_TYPES},
    {"typecheck", K_TYPECHECK},
    {"typechecking", K_TYPECHECK},
    {"tsc", K_TYPECHECK},
    {"checktypes", K_TYPECHECK},
    {"format", K_FORMAT},
    {"formatting", K_FORMAT},
    {"fmt", K_FORMAT},
    {"prettier", K_FORMAT},
    {"formatcheck", K_FORMAT | K_CHECK},
    {"fmtcheck", K_FORMAT | K_CHECK},
    {"checkformat", K_FORMAT | K_CHECK},
    {"check", K_CHECK},
    {"checks", K_CHECK},
    {"verify", K_CHECK},
    {"coverage", K_COVERAGE},
    {"cov", K_COVERAGE},
    {"coveralls", K_COVERAGE},
    {"audit", K_SECURITY},
    {"security", K_SECURITY},
    {"vuln", K_SECURITY},
    {"vulns", K_SECURITY},
    {"sast", K_SECURITY},
    {"clean", K_IDLE},
    {"distclean", K_IDLE},
    {"mrproper", K_IDLE},
    {"install", K_IDLE},
    {"uninstall", K_IDLE},
    {"help", K_IDLE},
    {"run", K_IDLE},
    {"dev", K_IDLE},
    {"serve", K_IDLE},
    {"start", K_IDLE},
    {"watch", K_IDLE},
    {"deps", K_IDLE},
    {"setup", K_IDLE},
    {"init", K_IDLE},
    {"bootstrap", K_IDLE},
    {"tidy", K_IDLE},
    {"fix", K_IDLE},
    {"up", K_IDLE},
    {"down", K_IDLE},
    {"deploy", K_IDLE},
    {"generate", K_IDLE},
    {"gen", K_IDLE},
    {"codegen", K_IDLE},
    {"migrate", K_IDLE},
};

static const struct tool *find_tool(const char *name)
{
    for (size_t i = 0; i < sizeof tools / sizeof *tools; i++)
        if (strcmp(tools[i].name, name) == 0)
            return &tools[i];
    return NULL;
}

static unsigned kind_of_gate(int gate)
{
    switch (gate) {
    case G_TEST: return K_TEST;
    case G_LINT: return K_LINT;
    case G_BUILD: return K_BUILD;
    case G_TYPECHECK: return K_TYPECHECK;
    case G_COVERAGE: return K_COVERAGE;
    case G_SECURITY: return K_SECURITY;
    default: return 0;
    }
}

/* What one part of a script name says: a word of the table, or a tool's name ("lint:eslint"). */
static unsigned kind_of_part(const char *part, size_t n)
{
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
        if (mt_ascii_ieq_n(part, n, parts[i].word))
            return parts[i].kind;
    char name[MT_SH_WORD_MAX];
    if (n >= MT_SH_WORD_MAX)
        return 0;
    for (size_t i = 0; i < n; i++)
        name[i] = mt_ascii_lower(part[i]);
    name[n] = '\0';
    const struct tool *tool = find_tool(name);
    return (tool && !tool->needs) ? kind_of_gate(tool->gate) : 0;
}

static bool is_name_separator(char c)
{
    return strchr(":-_./,@ *", c) != NULL;
}

static unsigned script_kinds(const char *name)
{
    unsigned kinds = 0;
    for (const char *p = name; *p;) {
        while (*p && is_name_separator(*p))
            p++;
        const char *start = p;
        while (*p && !is_name_separator(*p))
            p++;
        if (p > start)
            kinds |= kind_of_part(start, (size_t)(p - start));
    }
    return kinds;
}

/* Checked from the most specific gate down, as `rank` orders them. A formatter counts only with
 * a check ("format:check", "lint:prettier"); "check" alone is a test run (`make check`). */
static int gate_of_kinds(unsigned k)
{
    if (k & K_COVERAGE)
        return G_COVERAGE;
    if (k & K_SECURITY)
        return G_SECURITY;
    if ((k & K_FORMAT) && (k & (K_CHECK | K_LINT)))
        return G_FORMAT;
    if ((k & K_TYPECHECK) || ((k & K_TYPES) && !(k & K_IDLE)))
        return G_TYPECHECK;
    if (k & K_LINT)
        return G_LINT;
    if (k & K_TEST)
        return G_TEST;
    if ((k & K_CHECK) && !(k & K_FORMAT))
        return G_TEST;
    if (k & K_BUILD)
        return G_BUILD;
    return NO_GATE;
}

static int script_gate(const char *name)
{
    return gate_of_kinds(script_kinds(name));
}

/* A make target: named gates as scripts are, other targets build ("all", "app.o"), chores
 * ("clean", "install", "format") are no gate. */
static int make_target(const char *target)
{
    unsigned kinds = script_kinds(target);
    int gate = gate_of_kinds(kinds);
    if (gate != NO_GATE)
        return gate;
    return (kinds & (K_IDLE | K_FORMAT)) ? NO_GATE : G_BUILD;
}

struct goal {
    const char *name;
    int gate;
};

/* Maven phases and plugin goals, by exact name. */
static const struct goal maven_goals[] = {
    {"test", G_TEST},
    {"verify", G_TEST},
    {"integration-test", G_TEST},
    {"surefire:test", G_TEST},
    {"failsafe:integration-test", G_TEST},
    {"failsafe:verify", G_TEST},
    {"compile", G_BUILD},
    {"test-compile", G_BUILD},
    {"package", G_BUILD},
    {"install", G_BUILD},
    {"deploy", G_BUILD},
    {"checkstyle:check", G_LINT},
    {"checkstyle:checkstyle", G_LINT},
    {"pmd:check", G_LINT},
    {"pmd:pmd", G_LINT},
    {"spotbugs:check", G_LINT},
    {"spotbugs:spotbugs", G_LINT},
    {"spotless:check", G_FORMAT},
    {"fmt:check", G_FORMAT},
    {"formatter:validate", G_FORMAT},
    {"jacoco:report", G_COVERAGE},
    {"jacoco:check", G_COVERAGE},
    {"cobertura:cobertura", G_COVERAGE},
    {"dependency-check:check", G_SECURITY},
    {"org.owasp:dependency-check-maven:check", G_SECURITY},
    {"ossindex:audit", G_SECURITY},
};

static int maven_goal(const char *name)
{
    for (size_t i = 0; i < sizeof maven_goals / sizeof *maven_goals; i++)
        if (mt_ascii_ieq(name, maven_goals[i].name))
            return maven_goals[i].gate;
    return NO_GATE;
}

/* Gradle and sbt tasks, by prefix of the task's name (`testDebugUnitTest`, `assembleRelease`);
 * the first matching row wins, so longer prefixes come first. */
static const struct goal jvm_tasks[] = {
    {"checkstyle", G_LINT},
    {"check", G_TEST},
    {"connected", G_TEST},
    {"integrationtest", G_TEST},
    {"test", G_TEST},
    {"ktlintformat", NO_GATE},
    {"ktlint", G_LINT},
    {"lint", G_LINT},
    {"detekt", G_LINT},
    {"pmd", G_LINT},
    {"spotbugs", G_LINT},
    {"scalastyle", G_LINT},
    {"spotlesscheck", G_FORMAT},
    {"scalafmtcheck", G_FORMAT},
    {"scalafmtsbtcheck", G_FORMAT},
    {"jacoco", G_COVERAGE},
    {"kover", G_COVERAGE},
    {"coverage", G_COVERAGE},
    {"dependencycheck", G_SECURITY},
    {"build", G_BUILD},
    {"assemble", G_BUILD},
    {"compile", G_BUILD},
    {"jar", G_BUILD},
    {"bootjar", G_BUILD},
    {"shadowjar", G_BUILD},
    {"war", G_BUILD},
    {"package", G_BUILD},
    {"assembly", G_BUILD},
};

static int jvm_task(const char *name)
{
    const char *colon = strrchr(name, ':'); /* ":app:test" is app's test */
    const char *task = colon ? colon + 1 : name;
    for (size_t i = 0; i < sizeof jvm_tasks / sizeof *jvm_tasks; i++)
        if (mt_ascii_istarts(task, jvm_tasks[i].name))
            return jvm_tasks[i].gate;
    return NO_GATE;
}

static int xcode_action(const char *name)
{
    static const struct goal actions[] = {
        {"test", G_TEST},     {"test-without-building", G_TEST}, {"build", G_BUILD},
        {"archive", G_BUILD}, {"build-for-testing", G_BUILD},    {"analyze", G_LINT},
    };
    for (size_t i = 0; i < sizeof actions / sizeof *actions; i++)
        if (mt_ascii_ieq(name, actions[i].name))
            return actions[i].gate;
    return NO_GATE;
}

/* ---------------------------------------------------------------------------------------------- */
/* Classifying a segment. */

static int classify_span(const char *s, size_t len, int depth);
static int classify_program(struct mt_sh_words *w, int depth);

/* The program's name as the tables know it, from the word that runs it. *script is set when a
 * script suffix (".sh", ".py", ...) was removed. */
static void program_name(const char *word, char out[MT_SH_WORD_MAX], bool *script)
{
    const char *base = word;
    for (const char *p = word; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    size_t n = 0;
    for (; base[n] && n + 1 < MT_SH_WORD_MAX; n++)
        out[n] = mt_ascii_lower(base[n]);
    out[n] = '\0';
    char *at = n > 1 ? strchr(out + 1, '@') : NULL; /* "eslint@9", not a lone "@scope" */
    if (at)
        *at = '\0', n = strlen(out);
    static const char *const windows[] = {".exe", ".cmd", ".bat"};
    static const char *const scripts[] = {".sh", ".bash", ".py",  ".js", ".mjs", ".cjs",
                                          ".ts", ".rb",   ".php", ".pl", ".ps1"};
    *script = false;
    for (size_t i = 0; i < sizeof windows / sizeof *windows; i++) {
        size_t len = strlen(windows[i]);
        if (n > len && strcmp(out + n - len, windows[i]) == 0)
            out[n -= len] = '\0';
    }
    for (size_t i = 0; i < sizeof scripts / sizeof *scripts; i++) {
        size_t len = strlen(scripts[i]);
        if (n > len && strcmp(out + n - len, scripts[i]) == 0) {
            out[n -= len] = '\0';
            *script = true;
            break;
        }
    }
}

static bool is_python(const char *name)
{
    const char *rest = NULL;
    if (strcmp(name, "py") == 0)
        return true;
    if (strncmp(name, "python", 6) == 0)
        rest = name + 6;
    else if (strncmp(name, "pypy", 4) == 0)
        rest = name + 4;
    if (!rest)
        return false;
    for (; *rest; rest++)
        if (!((*rest >= '0' && *rest <= '9') || *rest == '.'))
            return false;
    return true;
}

/* A gate, unless its conditions on the words left say otherwise. */
static int with_conditions(const struct mt_sh_words *rest, int gate, const char *needs,
                           const char *unless)
{
    if (needs && !mt_sh_any_word_in(*rest, needs))
        return NO_GATE;
    if (unless && mt_sh_any_word_in(*rest, unless))
        return NO_GATE;
    return gate;
}

static int sub_gate(struct mt_sh_words *w, const char *valued, const struct sub *subs)
{
    bool has_sub;
    do
        has_sub = mt_sh_next_arg(w, valued);
    while (has_sub && w->text[0] == '+'); /* `cargo +nightly test` */
    const char *word = has_sub ? w->text : "";
    for (const struct sub *s = subs; s->word; s++)
        if (mt_ascii_ieq(word, s->word) || (has_sub && strcmp(s->word, "*") == 0))
            return with_conditions(w, s->gate, s->needs, s->unless);
    return NO_GATE;
}

/* The strongest gate of the targets named (`make lint test`); `bare` when none is. */
static int targets_gate(struct mt_sh_words *w, const char *valued, int (*map)(const char *),
                        int bare)
{
    int gate = NO_GATE;
    bool any = false;
    while (mt_sh_next_arg(w, valued)) {
        if (mt_sh_is_assignment(w->text) || mt_ascii_is_number(w->text))
            continue;
        any = true;
        gate = stronger(gate, map(w->text));
    }
    return any ? gate : bare;
}

/* `bash -c 'cd x && pytest'`: the quoted command is classified as a command line of its own. */
static int classify_inner(const struct mt_sh_words *w, int depth)
{
    const char *s = w->raw;
    size_t n = w->raw_len;
    if (n >= 2 && (s[0] == '\'' || s[0] == '"') && s[n - 1] == s[0])
        s++, n -= 2;
    return classify_span(s, n, depth + 1);
}

/* Runs the script or tool named by the current word (`node_modules/.bin/jest`, `./test.sh`). */
static int run_file(struct mt_sh_words *w, int depth)
{
    return classify_program(w, depth + 1);
}

static int shell_gate(struct mt_sh_words *w, int depth)
{
    while (mt_sh_next_word(w)) {
        const char *t = w->text;
        /* -c, or a cluster with c in it (-lc, -ec): the next word is the command line */
        if (t[0] == '-' && t[1] != '-' && strchr(t + 1, 'c') && strlen(t) <= 6)
            return mt_sh_next_word(w) ? classify_inner(w, depth) : NO_GATE;
        if (mt_ascii_in_list("-o +o -O +O --rcfile --init-file", t, false)) {
            if (!mt_sh_next_word(w))
                return NO_GATE;
        } else if (t[0] != '-' && t[0] != '+') {
            return run_file(w, depth); /* bash scripts/test.sh */
        }
    }
    return NO_GATE;
}

static int pwsh_gate(struct mt_sh_words *w, int depth)
{
    while (mt_sh_next_word(w)) {
        const char *t = w->text;
        if (mt_ascii_in_list("-command -c", t, true))
            return mt_sh_next_word(w) ? classify_inner(w, depth) : NO_GATE;
        if (mt_ascii_in_list("-file -f", t, true))
            return mt_sh_next_word(w) ? run_file(w, depth) : NO_GATE;
        if (mt_ascii_in_list(
                "-executionpolicy -ep -workingdirectory -wd -configurationname -version "
                "-outputformat -inputformat -windowstyle",
                t, true) &&
            !mt_sh_next_word(w))
            return NO_GATE;
    }
    return NO_GATE;
}

static int python_gate(struct mt_sh_words *w, int depth)
{
    while (mt_sh_next_word(w)) {
        const char *t = w->text;
        if (strcmp(t, "-m") == 0)
            return mt_sh_next_word(w) ? classify_program(w, depth + 1) : NO_GATE;
        if (strcmp(t, "-c") == 0)
            return NO_GATE; /* inline code */
        if (t[0] != '-')
            return run_file(w, depth);
        if (mt_ascii_in_list("-W -X", t, false) && !mt_sh_next_word(w))
            return NO_GATE;
    }
    return NO_GATE;
}

/* node, php, ruby: options, then the script that runs. */
static int interpreter_gate(struct mt_sh_words *w, int depth, const char *valued,
                            const char *inline_code)
{
    if (mt_sh_any_word_in(*w, "--test"))
        return G_TEST; /* node's own test runner */
    while (mt_sh_next_word(w)) {
        if (mt_ascii_in_list(inline_code, w->text, false))
            return NO_GATE;
        if (w->text[0] != '-')
            return run_file(w, depth);
        if (mt_ascii_in_list(valued, w->text, false) && !mt_sh_next_word(w))
            return NO_GATE;
    }
    return NO_GATE;
}

static int node_gate(struct mt_sh_words *w, int depth)
{
    return interpreter_gate(w, depth,
                            "-r --require --import --loader --experimental-loader -C "
                            "--conditions --env-file",
                            "-e --eval -p --print");
}

static int php_gate(struct mt_sh_words *w, int depth)
{
    return interpreter_gate(w, depth, "-d -c -z", "-r");
}

static int ruby_gate(struct mt_sh_words *w, int depth)
{
    return interpreter_gate(w, depth, "-I -r -C -E", "-e");
}

enum package_manager { NPM, YARN, PNPM, BUN };

#define PM_VALUED                                                                                  \
    "-w --workspace --prefix -C --dir --filter -F --cwd --cache --registry --loglevel "            \
    "--userconfig"

/* `yarn run x`, `pnpm x`: a script of package.json, else a tool from node_modules/.bin. */
static int script_or_tool(struct mt_sh_words *w, int depth, bool tools_too)
{
    int gate = script_gate(w->text);
    if (gate == NO_GATE && tools_too)
        gate = classify_program(w, depth + 1);
    return gate;
}

static int package_manager_gate(struct mt_sh_words *w, int depth, enum package_manager pm)
{
    while (mt_sh_next_arg(w, PM_VALUED)) {
        const char *sub = w->text;
        if (mt_ascii_in_list("test t tst it cit install-test install-ci-test", sub, true))
            return G_TEST; /* bun test is bun's own runner: a test run too */
        if (mt_ascii_in_list("run run-script rum urn", sub, true))
            return mt_sh_next_arg(w, PM_VALUED) ? script_or_tool(w, depth, pm != NPM) : NO_GATE;
        if (mt_ascii_ieq(sub, "audit"))
            return G_SECURITY;
        if (mt_ascii_in_list("exec x dlx", sub, true))
            return mt_sh_next_arg(w, PM_VALUED) ? classify_program(w, depth + 1) : NO_GATE;
        if (pm == YARN && mt_ascii_ieq(sub, "workspace")) {
            if (!mt_sh_next_arg(w, PM_VALUED)) /* the workspace's name; its command follows */
                return NO_GATE;
            continue;
        }
        if (pm == YARN && mt_ascii_in_list("workspaces foreach npm", sub, true))
            continue; /* `yarn workspaces foreach -A run test`, `yarn npm audit` */
        if (pm == NPM)
            return NO_GATE; /* npm's other commands install, publish, ... */
        /* `yarn lint`, `pnpm vitest`: a tool first (its flags matter), else a script. */
        struct mt_sh_words at = *w;
        int gate = classify_program(w, depth + 1);
        return gate != NO_GATE ? gate : script_gate(at.text);
    }
    return NO_GATE;
}

static int npm_gate(struct mt_sh_words *w, int depth)
{
    return package_manager_gate(w, depth, NPM);
}

static int yarn_gate(struct mt_sh_words *w, int depth)
{
    return package_manager_gate(w, depth, YARN);
}

static int pnpm_gate(struct mt_sh_words *w, int depth)
{
    return package_manager_gate(w, depth, PNPM);
}

static int bun_gate(struct mt_sh_words *w, int depth)
{
    return package_manager_gate(w, depth, BUN);
}

static int make_gate(struct mt_sh_words *w, int depth)
{
    (void)depth;
    return targets_gate(w,
                        "-C -f -o -I -W --file --makefile --directory --include-dir --old-file "
                        "--new-file --what-if --assume-old --assume-new",
                        make_target, G_BUILD);
}

static int ninja_gate(struct mt_sh_words *w, int depth)
{
    (void)depth;
    if (mt_sh_any_word_in(*w, "-t"))
        return NO_GATE; /* ninja's tools: clean, graph, ... */
    return targets_gate(w, "-C -f -j -k -l -d -w", make_target, G_BUILD);
}

static int ant_gate(struct mt_sh_words *w, int depth)
{
    (void)depth;
    return targets_gate(w, "-f -file -buildfile -lib -logfile -l -propertyfile", make_target,
                        G_BUILD);
}

static int maven_gate(struct mt_sh_words *w, int depth)
{
    (void)depth;
    return targets_gate(w,
                        "-pl --projects -f --file -s --settings -gs --global-settings -T "
                        "--threads -rf --resume-from -P --activate-profiles -l --log-file -t "
                        "--toolchains -b --builder -D --define",
                        maven_goal, NO_GATE);
}

static int gradle_gate(struct mt_sh_words *w, int depth)
{
    (void)depth;
    return targets_gate(w,
                        "-x --exclude-task -p --project-dir -b --build-file -c --settings-file "
                        "-I --init-script --tests -g --gradle-user-home --include-build -D -P",
                        jvm_task, NO_GATE);
}

static int sbt_gate(struct mt_sh_words *w, int depth)
{
    (void)depth;
    return targets_gate(w, "-J -D --java-home", jvm_task, NO_GATE);
}

static int xcodebuild_gate(struct mt_sh_words *w, int depth)
{
    (void)depth;
    return targets_gate(w,
                        "-scheme -project -workspace -destination -configuration -sdk -target "
                        "-derivedDataPath -resultBundlePath -testPlan -only-testing -skip-testing "
                        "-arch -xcconfig -toolchain -destination-timeout -jobs",
                        xcode_action, G_BUILD);
}

/* just, task, rake, turbo, lerna, gulp, ...: each target named like a package script. */
static int script_runner_gate(struct mt_sh_words *w, int depth)
{
    (void)depth;
    return targets_gate(w,
                        "-f --justfile -d --working-directory --dir -t --taskfile --filter -F "
                        "--concurrency --scope --ignore --gulpfile --cwd",
                        script_gate, NO_GATE);
}

static int nx_gate(struct mt_sh_words *w, int depth)
{
    (void)depth;
    char target[MT_SH_WORD_MAX];
    if (!mt_sh_next_arg(w, NULL))
        return NO_GATE;
    if (mt_ascii_ieq(w->text, "run")) { /* nx run app:test[:config] */
        if (!mt_sh_next_arg(w, NULL))
            return NO_GATE;
        const char *colon = strchr(w->text, ':');
        return script_gate(colon ? colon + 1 : w->text);
    }
    if (mt_ascii_in_list("run-many affected", w->text, true))
        return mt_sh_option_value(*w, "-t --target --targets", target) ? script_gate(target)
                                                                       : NO_GATE;
    return script_gate(w->text); /* nx test app */
}

static int composer_gate(struct mt_sh_words *w, int depth)
{
    (void)depth;
    if (!mt_sh_next_arg(w, "-d --working-dir"))
        return NO_GATE;
    if (mt_ascii_in_list("run-script run", w->text, true) && !mt_sh_next_arg(w, NULL))
        return NO_GATE;
    return script_gate(w->text);
}

static int tsc_gate(struct mt_sh_words *w, int depth)
{
    (void)depth;
    if (mt_sh_any_word_in(*w, "--init --showconfig"))
        return NO_GATE;
    /* tsc can fail only on types, emitting or not; project builds (-b) compile a project graph. */
    return mt_sh_any_word_in(*w, "-b --build") ? G_BUILD : G_TYPECHECK;
}

static int cmake_gate(struct mt_sh_words *w, int depth)
{
    (void)depth;
    char target[MT_SH_WORD_MAX];
    if (!mt_sh_any_word_in(*w, "--build"))
        return NO_GATE; /* configuring, `cmake -E`, `cmake --install` */
    if (mt_sh_option_value(*w, "--target -t", target))
        return make_target(target);
    return G_BUILD;
}

/* tox and nox run test environments; a named one may be a lint or type environment. */
static int tox_gate(struct mt_sh_words *w, int depth)
{
    (void)depth;
    char env[MT_SH_WORD_MAX];
    if (mt_sh_option_value(*w, "-e --env -s --session --sessions", env)) {
        int gate = script_gate(env);
        if (gate != NO_GATE)
            return gate;
    }
    return G_TEST;
}

static int zig_gate(struct mt_sh_words *w, int depth)
{
    (void)depth;
    static const struct sub subs[] = {
        {"test", G_TEST, NULL, NULL},       {"fmt", G_FORMAT, CHECK_FLAGS, NULL},
        {"build-exe", G_BUILD, NULL, NULL}, {"build-lib", G_BUILD, NULL, NULL},
        {"build-obj", G_BUILD, NULL, NULL}, END};
    struct mt_sh_words probe = *w;
    if (mt_sh_next_arg(&probe, NULL) && mt_ascii_ieq(probe.text, "build")) /* zig build [step...] */
        return targets_gate(&probe, "-p --prefix", make_target, G_BUILD);
    return sub_gate(w, NULL, subs);
}

struct special {
    const char *name;
    int (*gate)(struct mt_sh_words *w, int depth);
};

static const struct special specials[] = {
    {"npm", npm_gate},
    {"yarn", yarn_gate},
    {"pnpm", pnpm_gate},
    {"bun", bun_gate},
    {"make", make_gate},
    {"gmake", make_gate},
    {"ninja", ninja_gate},
    {"ant", ant_gate},
    {"mvn", maven_gate},
    {"mvnw", maven_gate},
    {"gradle", gradle_gate},
    {"gradlew", gradle_gate},
    {"sbt", sbt_gate},
    {"xcodebuild", xcodebuild_gate},
    {"just", script_runner_gate},
    {"task", script_runner_gate},
    {"rake", script_runner_gate},
    {"invoke", script_runner_gate},
    {"mage", script_runner_gate},
    {"gulp", script_runner_gate},
    {"grunt", script_runner_gate},
    {"turbo", script_runner_gate},
    {"lerna", script_runner_gate},
    {"npm-run-all", script_runner_gate},
    {"run-s", script_runner_gate},
    {"run-p", script_runner_gate},
    {"nx", nx_gate},
    {"composer", composer_gate},
    {"tsc", tsc_gate},
    {"cmake", cmake_gate},
    {"tox", tox_gate},
    {"nox", tox_gate},
    {"zig", zig_gate},
    {"sh", shell_gate},
    {"bash", shell_gate},
    {"zsh", shell_gate},
    {"dash", shell_gate},
    {"ksh", shell_gate},
    {"pwsh", pwsh_gate},
    {"powershell", pwsh_gate},
    {"node", node_gate},
    {"php", php_gate},
    {"ruby", ruby_gate},
};

/* A wrapper around the current program, if it is one: sets *gate to the wrapped tool's. */
static bool through_wrapper(struct mt_sh_words *w, const char *name, int depth, int *gate)
{
    for (size_t i = 0; i < sizeof wrappers / sizeof *wrappers; i++) {
        const struct wrapper *wr = &wrappers[i];
        if (strcmp(wr->name, name) != 0)
            continue;
        struct mt_sh_words probe = *w;
        if (wr->sub && !(mt_sh_next_arg(&probe, NULL) && mt_ascii_ieq(probe.text, wr->sub)))
            return false; /* `uv build`, `bundle audit`: not wrapping; the other tables decide */
        *w = probe;
        if (!mt_sh_next_arg(w, wr->valued)) {
            *gate = NO_GATE;
            return true;
        }
        struct mt_sh_words at = *w;
        *gate = classify_program(w, depth + 1);
        if (*gate == NO_GATE && wr->scripts)
            *gate = script_gate(at.text);
        return true;
    }
    return false;
}

/* The gate of the program named by the current word, given the words after it. */
static int classify_program(struct mt_sh_words *w, int depth)
{
    if (depth > MAX_DEPTH)
        return NO_GATE;
    char name[MT_SH_WORD_MAX];
    bool script;
    program_name(w->text, name, &script);
    int gate;
    if (through_wrapper(w, name, depth, &gate))
        return gate;
    if (is_python(name))
        return python_gate(w, depth);
    for (size_t i = 0; i < sizeof specials / sizeof *specials; i++)
        if (strcmp(specials[i].name, name) == 0)
            return specials[i].gate(w, depth);
    for (size_t i = 0; i < sizeof sub_tools / sizeof *sub_tools; i++)
        if (strcmp(sub_tools[i].name, name) == 0)
            return sub_gate(w, sub_tools[i].valued, sub_tools[i].subs);
    const struct tool *tool = find_tool(name);
    if (tool)
        return with_conditions(w, tool->gate, tool->needs, tool->unless);
    /* A project's own script named for its job: ./scripts/test.sh, python run_tests.py. */
    return script ? script_gate(name) : NO_GATE;
}

static const struct prefix *find_prefix(const char *word)
{
    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
        if (strcmp(prefixes[i].name, word) == 0)
            return &prefixes[i];
    return NULL;
}

/* Moves past a prefix's own options and arguments to the command it runs; false when there is
 * none, or when an option says it will not run it. */
static bool skip_prefix_args(struct mt_sh_words *w, const struct prefix *pre)
{
    int positionals = pre->positionals;
    while (mt_sh_next_word(w)) {
        if (w->text[0] == '-' && w->text[1]) {
            if (mt_ascii_in_list(pre->inert, w->text, false))
                return false;
            if (mt_ascii_in_list(pre->valued, w->text, false) && !mt_sh_next_word(w))
                return false;
        } else if (positionals > 0) {
            positionals--;
        } else {
            return true;
        }
    }
    return false;
}

/* Skips assignments and prefix commands; false when no program is left. The count is bounded so
 * that a line of a thousand `sudo`s costs no more than one. */
static bool skip_prefixes(struct mt_sh_words *w)
{
    for (int skipped = 0; skipped < MAX_PREFIXES; skipped++) {
        const struct prefix *pre = NULL;
        if (mt_sh_is_assignment(w->text)) {
            if (!mt_sh_next_word(w))
                return false;
        } else if ((pre = find_prefix(w->text)) != NULL) {
            if (!skip_prefix_args(w, pre))
                return false;
        } else {
            return true;
        }
    }
    return false;
}

static int classify_segment(const char *s, size_t n, int depth)
{
    struct mt_sh_words w = {.p = s, .end = s + n};
    if (!mt_sh_next_word(&w) || !skip_prefixes(&w))
        return NO_GATE;
    struct mt_sh_words args = w;
    int gate = classify_program(&w, depth);
    if (gate == NO_GATE || mt_sh_any_word_in(args, "--help --version"))
        return NO_GATE;
    if (gate == G_TEST && any_coverage_flag(args))
        return G_COVERAGE;
    return gate;
}

static int classify_span(const char *s, size_t len, int depth)
{
    if (depth > MAX_DEPTH)
        return NO_GATE;
    struct mt_sh_segments it = {.s = s, .len = len};
    const char *seg;
    size_t n;
    bool tail;
    int gate = NO_GATE;
    while (mt_sh_next_segment(&it, &seg, &n, &tail)) {
        if (tail)
            continue;
        int g = classify_segment(seg, n, depth);
        if (g != NO_GATE)
            gate = g;
    }
    return gate;
}

bool mt_classify_gate(const char *command, mosaic_quality_gate *gate)
{
    if (!command)
        return false;
    int g = classify_span(command, strnlen(command, COMMAND_SCAN_LIMIT), 0);
    if (g == NO_GATE)
        return false;
    if (gate)
        *gate = (mosaic_quality_gate)g;
    return true;
}

size_t mt_classify_gates(const char *command, mosaic_quality_gate *gates, size_t max)
{
    if (!command || !gates)
        return 0;
    struct mt_sh_segments it = {.s = command, .len = strnlen(command, COMMAND_SCAN_LIMIT)};
    const char *seg;
    size_t n, found = 0;
    bool tail;
    while (found < max && mt_sh_next_segment(&it, &seg, &n, &tail)) {
        int g = tail ? NO_GATE : classify_segment(seg, n, 0);
        bool again = false;
        for (size_t i = 0; i < found && !again; i++)
            again = (int)gates[i] == g;
        if (g != NO_GATE && !again)
            gates[found++] = (mosaic_quality_gate)g;
    }
    return found;
}
