/* mt_classify_gate: shell command lines -> quality gate. Every row is checked and every failing
 * row is reported by its command before the test fails. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify.h"

#define NONE      (-1)
#define BUILD     MOSAIC_QUALITY_GATE_BUILD
#define LINT      MOSAIC_QUALITY_GATE_LINT
#define TEST      MOSAIC_QUALITY_GATE_TEST
#define TYPECHECK MOSAIC_QUALITY_GATE_TYPECHECK
#define FORMAT    MOSAIC_QUALITY_GATE_FORMAT
#define COVERAGE  MOSAIC_QUALITY_GATE_COVERAGE
#define SECURITY  MOSAIC_QUALITY_GATE_SECURITY

struct row {
    const char *command;
    int gate;
};

static const char *gate_name(int gate)
{
    return gate == NONE ? "(not a gate)" : mosaic_quality_gate_str((mosaic_quality_gate)gate);
}

static int classify(const char *command)
{
    mosaic_quality_gate gate = (mosaic_quality_gate)99;
    if (!mt_classify_gate(command, &gate))
        return gate == (mosaic_quality_gate)99 ? NONE : -2; /* -2: wrote although it said no */
    return (int)gate;
}

static void check_rows(const struct row *rows, size_t n)
{
    int failures = 0;
    for (size_t i = 0; i < n; i++) {
        int got = classify(rows[i].command);
        if (got != rows[i].gate) {
            print_error("'%s': expected %s, got %s\n", rows[i].command, gate_name(rows[i].gate),
                        got == -2 ? "(wrote a gate but returned false)" : gate_name(got));
            failures++;
        }
    }
    if (failures)
        fail_msg("%d of %zu commands misclassified", failures, n);
}

#define CHECK(rows) check_rows(rows, sizeof rows / sizeof *rows)

static void test_javascript(void **state)
{
    (void)state;
    static const struct row rows[] = {
        {"npm test", TEST},
        {"npm t", TEST},
        {"npm run test", TEST},
        {"npm run test:unit", TEST},
        {"npm run test:e2e -- --headed", TEST},
        {"npm run-script test", TEST},
        {"npm run build", BUILD},
        {"npm run build:prod", BUILD},
        {"npm run lint", LINT},
        {"npm run lint:fix", LINT},
        {"npm run typecheck", TYPECHECK},
        {"npm run type-check", TYPECHECK},
        {"npm run check-types", TYPECHECK},
        {"npm run tsc", TYPECHECK},
        {"npm run format", NONE},
        {"npm run format:check", FORMAT},
        {"npm run prettier:check", FORMAT},
        {"npm run coverage", COVERAGE},
        {"npm run test:coverage", COVERAGE},
        {"npm run test -- --coverage", COVERAGE},
        {"npm test -- --coverage", COVERAGE},
        {"npm audit", SECURITY},
        {"npm audit --omit=dev", SECURITY},
        {"npm --prefix web test", TEST},
        {"npm -w packages/api run lint", LINT},
        {"npm exec -- eslint .", LINT},
        {"npm run dev", NONE},
        {"npm start", NONE},
        {"npm ci", NONE},
        {"npm install", NONE},
        {"npm install --save-dev jest", NONE},
        {"npm run", NONE},
        {"npm", NONE},
        {"yarn test", TEST},
        {"yarn lint", LINT},
        {"yarn build", BUILD},
        {"yarn run typecheck", TYPECHECK},
        {"yarn tsc --noEmit", TYPECHECK},
        {"yarn jest --coverage", COVERAGE},
        {"yarn workspace web test", TEST},
        {"yarn workspaces foreach -A run lint", LINT},
        {"yarn dlx eslint .", LINT},
        {"yarn audit", SECURITY},
        {"yarn npm audit", SECURITY},
        {"yarn", NONE},
        {"yarn add -D vitest", NONE},
        {"yarn install --frozen-lockfile", NONE},
        {"pnpm test", TEST},
        {"pnpm -r build", BUILD},
        {"pnpm --filter api run lint", LINT},
        {"pnpm -F web test", TEST},
        {"pnpm exec vitest run", TEST},
        {"pnpm dlx prettier --check .", FORMAT},
        {"pnpm vitest run --coverage", COVERAGE},
        {"pnpm audit", SECURITY},
        {"pnpm install", NONE},
        {"bun test", TEST},
        {"bun run build", BUILD},
        {"bun run lint", LINT},
        {"bun x tsc --noEmit", TYPECHECK},
        {"bunx eslint src", LINT},
        {"bun test --coverage", COVERAGE},
        {"bun install", NONE},
        {"npx jest", TEST},
        {"npx vitest run", TEST},
        {"npx vitest run --coverage", COVERAGE},
        {"npx --yes prettier@3.3.3 --check .", FORMAT},
        {"npx prettier --write .", NONE},
        {"npx tsc --noEmit", TYPECHECK},
        {"npx -p typescript tsc --noEmit", TYPECHECK},
        {"npx tsc -b", BUILD},
        {"npx @biomejs/biome ci .", LINT},
        {"npx playwright test", TEST},
        {"npx cypress run", TEST},
        {"npx cypress open", NONE},
        {"npx create-react-app my-app", NONE},
        {"pnpx eslint .", LINT},
        {"./node_modules/.bin/eslint src", LINT},
        {"node_modules/.bin/jest --ci", TEST},
        {"tsc", TYPECHECK},
        {"tsc --noEmit", TYPECHECK},
        {"tsc -p tsconfig.json", TYPECHECK},
        {"tsc --build", BUILD},
        {"tsc --init", NONE},
        {"tsc --version", NONE},
        {"vue-tsc --noEmit", TYPECHECK},
        {"svelte-check", TYPECHECK},
        {"flow check", TYPECHECK},
        {"eslint .", LINT},
        {"eslint --fix src", LINT},
        {"oxlint", LINT},
        {"stylelint \"**/*.css\"", LINT},
        {"prettier --check .", FORMAT},
        {"prettier -c src", FORMAT},
        {"prettier --list-different \"src/**/*.ts\"", FORMAT},
        {"prettier --write .", NONE},
        {"prettier src/index.ts", NONE},
        {"biome check .", LINT},
        {"biome lint src", LINT},
        {"biome format .", FORMAT},
        {"biome format --write .", NONE},
        {"jest", TEST},
        {"jest --coverage", COVERAGE},
        {"vitest", TEST},
        {"mocha --reporter spec", TEST},
        {"nyc mocha", COVERAGE},
        {"c8 node --test", COVERAGE},
        {"node --test", TEST},
        {"node --test --experimental-test-coverage", COVERAGE},
        {"node node_modules/.bin/jest", TEST},
        {"node server.js", NONE},
        {"node -e \"require('jest')\"", NONE},
        {"next build", BUILD},
        {"next lint", LINT},
        {"next dev", NONE},
        {"vite build", BUILD},
        {"vite", NONE},
        {"webpack --mode production", BUILD},
        {"esbuild src/index.ts --bundle --outfile=out.js", BUILD},
        {"rollup -c", BUILD},
        {"ng test --watch=false", TEST},
        {"ng build", BUILD},
        {"nx test api", TEST},
        {"nx run api:build:production", BUILD},
        {"nx affected -t lint", LINT},
        {"nx run-many --target=test --all", TEST},
        {"turbo run build", BUILD},
        {"turbo lint test", LINT},
        {"lerna run test", TEST},
        {"npm-run-all lint test", LINT},
        {"deno test", TEST},
        {"deno lint", LINT},
        {"deno check main.ts", TYPECHECK},
        {"deno fmt --check", FORMAT},
        {"deno fmt", NONE},
        {"npm.cmd test", TEST},
    };
    CHECK(rows);
}

static void test_python(void **state)
{
    (void)state;
    static const struct row rows[] = {
        {"pytest", TEST},
        {"pytest -x -q tests/", TEST},
        {"pytest --cov=src", COVERAGE},
        {"pytest --cov src --cov-report=term", COVERAGE},
        {"pytest --no-cov", TEST},
        {"py.test tests", TEST},
        {"python -m pytest -q", TEST},
        {"python3 -m pytest tests/unit", TEST},
        {"python3.12 -m pytest", TEST},
        {"python -W ignore -m pytest", TEST},
        {"python -m unittest discover -s tests", TEST},
        {"python -m mypy src", TYPECHECK},
        {"python -m black --check .", FORMAT},
        {"python -m flake8", LINT},
        {"python -m build", BUILD},
        {"python -m coverage run -m pytest", COVERAGE},
        {"python -m pip install -e .", NONE},
        {"python -m venv .venv", NONE},
        {"python -c \"import pytest\"", NONE},
        {"python app.py", NONE},
        {"python manage.py test", TEST},
        {"python manage.py runserver", NONE},
        {"./manage.py test accounts", TEST},
        {"python setup.py test", TEST},
        {"python setup.py bdist_wheel", BUILD},
        {"python run_tests.py", TEST},
        {"python tests/test_parser.py", TEST},
        {"uv run pytest", TEST},
        {"uv run --with pytest-cov pytest --cov", COVERAGE},
        {"uv run mypy .", TYPECHECK},
        {"uv build", BUILD},
        {"uv sync", NONE},
        {"uvx ruff check .", LINT},
        {"poetry run pytest", TEST},
        {"poetry run black --check src", FORMAT},
        {"poetry install", NONE},
        {"poetry build", BUILD},
        {"pipenv run pytest", TEST},
        {"pipenv check", SECURITY},
        {"pdm run test", TEST},
        {"pdm run lint", LINT},
        {"hatch run test", TEST},
        {"hatch test", TEST},
        {"hatch run types:check", TYPECHECK},
        {"conda run -n env pytest", TEST},
        {"tox", TEST},
        {"tox -e py312", TEST},
        {"tox -e lint", LINT},
        {"tox -e type", TYPECHECK},
        {"nox -s tests", TEST},
        {"nox --session lint", LINT},
        {"ruff check .", LINT},
        {"ruff check --fix .", LINT},
        {"ruff .", LINT},
        {"ruff", LINT},
        {"ruff format --check .", FORMAT},
        {"ruff format --diff", FORMAT},
        {"ruff format .", NONE},
        {"black --check .", FORMAT},
        {"black --diff src", FORMAT},
        {"black .", NONE},
        {"black -l 100 .", NONE},
        {"isort --check-only .", FORMAT},
        {"isort .", NONE},
        {"flake8", LINT},
        {"pylint src", LINT},
        {"mypy .", TYPECHECK},
        {"mypy --strict src", TYPECHECK},
        {"pyright", TYPECHECK},
        {"bandit -r src", SECURITY},
        {"pip-audit", SECURITY},
        {"safety check", SECURITY},
        {"semgrep --config auto", SECURITY},
        {"semgrep scan", SECURITY},
        {"coverage run -m pytest", COVERAGE},
        {"coverage report", COVERAGE},
        {"pip install pytest", NONE},
        {"pre-commit run --all-files", LINT},
        {"pre-commit install", NONE},
    };
    CHECK(rows);
}

static void test_go_rust(void **state)
{
    (void)state;
    static const struct row rows[] = {
        {"go test ./...", TEST},
        {"go test -race -run TestParse ./pkg/...", TEST},
        {"go test -cover ./...", COVERAGE},
        {"go test -coverprofile=coverage.out ./...", COVERAGE},
        {"go tool cover -html=coverage.out", COVERAGE},
        {"go vet ./...", LINT},
        {"go build ./...", BUILD},
        {"go build -o bin/app ./cmd/app", BUILD},
        {"go install ./cmd/tool", BUILD},
        {"go -C sub test ./...", TEST},
        {"go run .", NONE},
        {"go fmt ./...", NONE},
        {"go mod tidy", NONE},
        {"gofmt -l .", FORMAT},
        {"gofmt -d .", FORMAT},
        {"gofmt -w .", NONE},
        {"golangci-lint run", LINT},
        {"staticcheck ./...", LINT},
        {"gosec ./...", SECURITY},
        {"govulncheck ./...", SECURITY},
        {"gotestsum -- ./...", TEST},
        {"cargo test", TEST},
        {"cargo test --workspace --all-features", TEST},
        {"cargo +nightly test", TEST},
        {"cargo nextest run", TEST},
        {"cargo build --release", BUILD},
        {"cargo b", BUILD},
        {"cargo check", TYPECHECK},
        {"cargo clippy -- -D warnings", LINT},
        {"cargo clippy --all-targets --all-features", LINT},
        {"cargo fmt --check", FORMAT},
        {"cargo fmt --all -- --check", FORMAT},
        {"cargo +nightly fmt -- --check", FORMAT},
        {"cargo fmt", NONE},
        {"cargo tarpaulin --out Html", COVERAGE},
        {"cargo llvm-cov", COVERAGE},
        {"cargo audit", SECURITY},
        {"cargo deny check", SECURITY},
        {"cargo run", NONE},
        {"cargo doc", NONE},
        {"cargo --manifest-path crates/a/Cargo.toml test", TEST},
        {"rustfmt --check src/main.rs", FORMAT},
    };
    CHECK(rows);
}

static void test_c_jvm_dotnet(void **state)
{
    (void)state;
    static const struct row rows[] = {
        {"make", BUILD},
        {"make -j8", BUILD},
        {"make -j 8", BUILD},
        {"make -C build", BUILD},
        {"make all", BUILD},
        {"make CC=clang", BUILD},
        {"make test", TEST},
        {"make check", TEST},
        {"make -j4 check", TEST},
        {"make lint", LINT},
        {"make lint test", LINT},
        {"make build test", TEST},
        {"make format", NONE},
        {"make fmt-check", FORMAT},
        {"make typecheck", TYPECHECK},
        {"make coverage", COVERAGE},
        {"make clean", NONE},
        {"make install", NONE},
        {"make help", NONE},
        {"/usr/bin/make", BUILD},
        {"gmake test", TEST},
        {"cmake --build build", BUILD},
        {"cmake --build build -j --config Release", BUILD},
        {"cmake --build build --target test", TEST},
        {"cmake --build build -t check", TEST},
        {"cmake -S . -B build", NONE},
        {"cmake -B build -DCMAKE_BUILD_TYPE=Debug", NONE},
        {"ctest --test-dir build --output-on-failure", TEST},
        {"ctest -j4", TEST},
        {"ninja -C build", BUILD},
        {"ninja -C build test", TEST},
        {"meson test -C build", TEST},
        {"meson compile -C build", BUILD},
        {"meson setup build", NONE},
        {"gcc -O2 -o app main.c", BUILD},
        {"clang-tidy src/*.c", LINT},
        {"cppcheck --enable=all src", LINT},
        {"clang-format --dry-run --Werror src/*.c", FORMAT},
        {"clang-format -n src/main.c", FORMAT},
        {"clang-format -i src/main.c", NONE},
        {"mvn test", TEST},
        {"mvn -q test", TEST},
        {"mvn clean verify", TEST},
        {"mvn -pl core test -Dtest=FooTest", TEST},
        {"mvn package -DskipTests", BUILD},
        {"mvn clean install", BUILD},
        {"mvn compile", BUILD},
        {"./mvnw spotless:check", FORMAT},
        {"mvn spotless:apply", NONE},
        {"mvn checkstyle:check", LINT},
        {"mvn test jacoco:report", COVERAGE},
        {"mvn dependency-check:check", SECURITY},
        {"mvn clean", NONE},
        {"./gradlew test", TEST},
        {"gradle test", TEST},
        {"./gradlew check", TEST},
        {"./gradlew build", BUILD},
        {"./gradlew build -x test", BUILD},
        {"./gradlew assembleDebug", BUILD},
        {"./gradlew :app:testDebugUnitTest", TEST},
        {"./gradlew connectedAndroidTest", TEST},
        {"./gradlew lint", LINT},
        {"./gradlew ktlintCheck", LINT},
        {"./gradlew ktlintFormat", NONE},
        {"./gradlew detekt", LINT},
        {"./gradlew spotlessCheck", FORMAT},
        {"./gradlew test jacocoTestReport", COVERAGE},
        {"./gradlew dependencyCheckAnalyze", SECURITY},
        {"./gradlew clean", NONE},
        {"gradlew.bat test", TEST},
        {"sbt test", TEST},
        {"sbt compile", BUILD},
        {"sbt clean coverage test coverageReport", COVERAGE},
        {"sbt scalafmtCheckAll", FORMAT},
        {"dotnet test", TEST},
        {"dotnet test --collect:\"XPlat Code Coverage\"", COVERAGE},
        {"dotnet build -c Release", BUILD},
        {"dotnet publish", BUILD},
        {"dotnet format --verify-no-changes", FORMAT},
        {"dotnet format", NONE},
        {"dotnet list package --vulnerable", SECURITY},
        {"dotnet list package", NONE},
        {"dotnet run", NONE},
        {"msbuild App.sln", BUILD},
        {"xcodebuild test -scheme App", TEST},
        {"xcodebuild -scheme App -destination 'platform=iOS Simulator' build", BUILD},
        {"xcodebuild -scheme App", BUILD},
        {"swift test", TEST},
        {"swift build", BUILD},
        {"swiftlint", LINT},
        {"javac Main.java", BUILD},
        {"bazel test //...", TEST},
        {"bazel build //:app", BUILD},
        {"bazel coverage //...", COVERAGE},
        {"zig build", BUILD},
        {"zig build test", TEST},
        {"zig build run", NONE},
        {"zig test src/main.zig", TEST},
        {"zig fmt --check .", FORMAT},
    };
    CHECK(rows);
}

static void test_other_languages_and_tools(void **state)
{
    (void)state;
    static const struct row rows[] = {
        {"bundle exec rspec", TEST},
        {"rspec spec/models", TEST},
        {"bundle exec rake test", TEST},
        {"rake spec", TEST},
        {"rake", NONE},
        {"bin/rails test", TEST},
        {"rails test:system", TEST},
        {"rubocop -a", LINT},
        {"bundle exec rubocop", LINT},
        {"brakeman", SECURITY},
        {"bundle audit check --update", SECURITY},
        {"bundle install", NONE},
        {"srb tc", TYPECHECK},
        {"ruby -Itest test/models/user_test.rb", TEST},
        {"vendor/bin/phpunit", TEST},
        {"./vendor/bin/pest", TEST},
        {"php artisan test", TEST},
        {"php -d memory_limit=-1 vendor/bin/phpstan analyse", LINT},
        {"php artisan migrate", NONE},
        {"composer test", TEST},
        {"composer run-script lint", LINT},
        {"composer audit", SECURITY},
        {"composer install", NONE},
        {"vendor/bin/php-cs-fixer fix --dry-run --diff", FORMAT},
        {"vendor/bin/php-cs-fixer fix", NONE},
        {"mix test", TEST},
        {"mix test --cover", COVERAGE},
        {"mix compile --warnings-as-errors", BUILD},
        {"mix format --check-formatted", FORMAT},
        {"mix format", NONE},
        {"mix credo --strict", LINT},
        {"mix dialyzer", TYPECHECK},
        {"rebar3 eunit", TEST},
        {"cabal test", TEST},
        {"stack build", BUILD},
        {"hlint src", LINT},
        {"dune build", BUILD},
        {"dune test", TEST},
        {"lein test", TEST},
        {"flutter test", TEST},
        {"flutter test --coverage", COVERAGE},
        {"flutter analyze", LINT},
        {"dart analyze", LINT},
        {"dart format --set-exit-if-changed .", FORMAT},
        {"dart format .", NONE},
        {"flutter build apk", BUILD},
        {"terraform validate", LINT},
        {"terraform fmt -check -recursive", FORMAT},
        {"terraform fmt", NONE},
        {"terraform plan", NONE},
        {"tflint", LINT},
        {"tfsec .", SECURITY},
        {"checkov -d .", SECURITY},
        {"trivy fs .", SECURITY},
        {"snyk test", SECURITY},
        {"gitleaks detect", SECURITY},
        {"shellcheck scripts/*.sh", LINT},
        {"shfmt -d .", FORMAT},
        {"shfmt -w .", NONE},
        {"hadolint Dockerfile", LINT},
        {"yamllint .", LINT},
        {"actionlint", LINT},
        {"markdownlint '**/*.md'", LINT},
        {"helm lint charts/app", LINT},
        {"docker build -t app .", BUILD},
        {"docker buildx build --platform linux/amd64 .", BUILD},
        {"docker compose up -d", NONE},
        {"docker run --rm app npm test", NONE},
        {"prove -r t/", TEST},
        {"bats test/", TEST},
        {"busted", TEST},
        {"luacheck .", LINT},
        {"stylua --check .", FORMAT},
        {"just test", TEST},
        {"just lint", LINT},
        {"task build", BUILD},
        {"./scripts/test.sh", TEST},
        {"scripts/lint.sh --strict", LINT},
        {"bash scripts/ci-test.sh", TEST},
        {"sh ./build.sh", BUILD},
        {"./deploy.sh", NONE},
        {"./configure", NONE},
    };
    CHECK(rows);
}

static void test_wrappers_and_prefixes(void **state)
{
    (void)state;
    static const struct row rows[] = {
        {"CI=1 npm test", TEST},
        {"CI=1 FOO=bar npm test", TEST},
        {"FOO=\"a b\" pytest", TEST},
        {"CGO_ENABLED=0 go build ./...", BUILD},
        {"env CI=true npm test", TEST},
        {"env -i PATH=/usr/bin make", BUILD},
        {"sudo make check", TEST},
        {"sudo -u ci -E make check", TEST},
        {"sudo -l", NONE},
        {"time cargo build", BUILD},
        {"time -p pytest", TEST},
        {"timeout 300 npm test", TEST},
        {"timeout -s KILL 5m go test ./...", TEST},
        {"nice -n 10 make -j4", BUILD},
        {"nohup pytest", TEST},
        {"command pytest", TEST},
        {"command -v pytest", NONE},
        {"exec npm test", TEST},
        {"xvfb-run -a npm test", TEST},
        {"stdbuf -oL pytest", TEST},
        {"bash -c \"npm test\"", TEST},
        {"bash -lc 'cd /repo && pytest -q'", TEST},
        {"sh -c 'npm run build'", BUILD},
        {"zsh -ec 'cargo clippy'", LINT},
        {"bash -o pipefail -c 'pytest | tee out.log'", TEST},
        {"bash -c 'echo hi'", NONE},
        {"pwsh -NoProfile -Command \"npm test\"", TEST},
        {"powershell -File build.ps1", BUILD},
        {"npx --yes eslint@9 .", LINT},
        {"sudo -E env CI=1 timeout 60 npx jest --coverage", COVERAGE},
    };
    CHECK(rows);
}

static void test_compound_commands(void **state)
{
    (void)state;
    static const struct row rows[] = {
        {"cd app && npm test", TEST},
        {"cd app && npm ci && npm run build", BUILD},
        {"npm run build && npm test", TEST},
        {"npm test && npm run lint", LINT},
        {"npm run lint; npm test", TEST},
        {"npm test || echo failed", TEST},
        {"npm test || true", TEST},
        {"echo start && pytest -q && echo done", TEST},
        {"pytest | tee log.txt", TEST},
        {"pytest 2>&1 | tail -20", TEST},
        {"go test ./... 2>&1 | grep -v 'no test files'", TEST},
        {"cat log | grep test", NONE},
        {"git diff | npx prettier --check", NONE},
        {"npm test > out.log 2>&1", TEST},
        {"npm test &> out.log", TEST},
        {"npm test 2> err.log", TEST},
        {"(cd web && yarn build)", BUILD},
        {"{ npm test; }", TEST},
        {"if npm test; then echo ok; fi", TEST},
        {"if ! cargo clippy; then exit 1; fi", LINT},
        {"for d in a b; do (cd $d && go test ./...); done", TEST},
        {"npm test &", TEST},
        {"source .venv/bin/activate && pytest", TEST},
        {". .venv/bin/activate; python -m pytest", TEST},
        {"export CI=true && npm test", TEST},
        {"cd repo\nnpm test", TEST},
        {"cd repo \\\n && npm test", TEST},
        {"npm \\\n  test", TEST},
        {"npm test # run the suite", TEST},
        {"# npm test", NONE},
        {"echo \"npm test && pytest\"", NONE},
        {"echo 'pytest; make'", NONE},
        {"echo $(npm test)", NONE},
        {"echo `pytest`", NONE},
        {"git commit -m \"make test pass\"", NONE},
        {"cat <<EOF > run.sh\nnpm test\nEOF", NONE},
        {"cat <<'EOF' > x.txt\npytest\nEOF\nmake", BUILD},
        {"cat <<-EOF | sh\n\tcargo test\n\tEOF", NONE},
        {"pytest; pytest --cov", COVERAGE},
        {"make clean && make", BUILD},
        {"npm test && git push", TEST},
    };
    CHECK(rows);
}

/* mt_classify_gates: each segment's gate, in order, each once. */
static void test_several_gates(void **state)
{
    (void)state;
    mosaic_quality_gate g[4];
    assert_int_equal(mt_classify_gates("npx eslint src && npm test", g, 4), 2);
    assert_int_equal(g[0], MOSAIC_QUALITY_GATE_LINT);
    assert_int_equal(g[1], MOSAIC_QUALITY_GATE_TEST);
    assert_int_equal(mt_classify_gates("cargo fmt --check; cargo test", g, 4), 2);
    assert_int_equal(g[0], MOSAIC_QUALITY_GATE_FORMAT);
    assert_int_equal(g[1], MOSAIC_QUALITY_GATE_TEST);
    assert_int_equal(mt_classify_gates("cd web && npm ci && npm test && npm test", g, 4), 1);
    assert_int_equal(g[0], MOSAIC_QUALITY_GATE_TEST);
    assert_int_equal(mt_classify_gates("make lint test", g, 4), 1); /* one segment: one gate */
    assert_int_equal(mt_classify_gates("pytest | tee log && ruff check .", g, 1), 1); /* max */
    assert_int_equal(g[0], MOSAIC_QUALITY_GATE_TEST);
    assert_int_equal(mt_classify_gates("ls -la && echo done", g, 4), 0);
    assert_int_equal(mt_classify_gates(NULL, g, 4), 0);
}

static void test_not_gates(void **state)
{
    (void)state;
    static const struct row rows[] = {
        {"ls", NONE},
        {"ls -la", NONE},
        {"git status", NONE},
        {"git diff HEAD~1", NONE},
        {"cat test.txt", NONE},
        {"echo npm test", NONE},
        {"grep -rn pytest .", NONE},
        {"which make", NONE},
        {"type pytest", NONE},
        {"man make", NONE},
        {"mkdir test", NONE},
        {"rm -rf build", NONE},
        {"cd tests", NONE},
        {"touch test.py", NONE},
        {"vim Makefile", NONE},
        {"test -f package.json", NONE},
        {"[ -d build ]", NONE},
        {"curl -s https://example.com/test", NONE},
        {"find . -name '*_test.go'", NONE},
        {"sed -i 's/test/spec/' file", NONE},
        {"brew install cmake", NONE},
        {"apt-get install -y build-essential", NONE},
        {"pytest --help", NONE},
        {"eslint --version", NONE},
        {"cargo help test", NONE},
        {"go help test", NONE},
        {"testify", NONE},
        {"pytestx", NONE},
        {"makefile", NONE},
        {"", NONE},
        {"   ", NONE},
        {"\t\n", NONE},
        {"&&", NONE},
        {";;;", NONE},
        {"|", NONE},
        {"||||", NONE},
        {"'unterminated", NONE},
        {"\"npm test", NONE},
        {"$(", NONE},
        {"((((", NONE},
        {"<<", NONE},
        {"> out.log", NONE},
        {"CI=1", NONE},
        {"sudo", NONE},
        {"timeout 10", NONE},
        {"npx", NONE},
        {"uv run", NONE},
        {"python -m", NONE},
        {"bash -c", NONE},
        {"\xff\xfe npm \xc3\x28", NONE},
    };
    CHECK(rows);
}

static void test_case_and_paths(void **state)
{
    (void)state;
    static const struct row rows[] = {
        {"NPM TEST", TEST},
        {"Pytest", TEST},
        {"./Gradlew Test", TEST},
        {"/usr/local/bin/pytest -q", TEST},
        {"~/.cargo/bin/cargo clippy", LINT},
        {"C:/tools/make.exe", BUILD},
        {"\"./node_modules/.bin/tsc\" --noEmit", TYPECHECK},
        {"'npm' 'test'", TEST},
        {"\\npm test", TEST},
    };
    CHECK(rows);
}

static void test_null_and_out_pointer(void **state)
{
    (void)state;
    mosaic_quality_gate gate = MOSAIC_QUALITY_GATE_SECURITY;
    assert_false(mt_classify_gate(NULL, &gate));
    assert_int_equal(gate, MOSAIC_QUALITY_GATE_SECURITY); /* untouched */
    assert_false(mt_classify_gate(NULL, NULL));
    assert_true(mt_classify_gate("npm test", NULL));
    assert_false(mt_classify_gate("ls", NULL));
}

/* Whatever the input, the answer is one of the enum's values or false, without crashing. */
static void expect_sane(const char *command)
{
    mosaic_quality_gate gate = (mosaic_quality_gate)99;
    if (mt_classify_gate(command, &gate))
        assert_non_null(mosaic_quality_gate_str(gate));
}

static char *repeat(const char *unit, size_t total)
{
    size_t n = strlen(unit);
    char *s = malloc(total + 1);
    assert_non_null(s);
    for (size_t i = 0; i < total; i++)
        s[i] = unit[i % n];
    s[total] = '\0';
    return s;
}

static void test_huge_inputs(void **state)
{
    (void)state;
    const size_t mb = 1024 * 1024;
    static const char *const units[] = {
        "a ",         "npm test && ",
        "sudo ",      "npx ",
        "bash -c '",  "\"",
        "'",          "(",
        "$(",         "`",
        "<<EOF\n",    "\\",
        "|",          "CI=1 ",
        "make lint ", "-",
        "python -m ", "x=1 ",
        "# c\n",      "\xff\x80",
        "&",
    };
    for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
        char *s = repeat(units[i], mb);
        expect_sane(s);
        free(s);
    }
    /* The request before the limit counts; what lies beyond it is not read. */
    char *s = repeat("npm test && ", mb);
    mosaic_quality_gate gate;
    assert_true(mt_classify_gate(s, &gate));
    assert_int_equal(gate, MOSAIC_QUALITY_GATE_TEST);
    free(s);
    /* A long path and a long word are cut, not overflowed. */
    char *path = repeat("dir/", 4096);
    expect_sane(path);
    free(path);
}

static void test_random_bytes(void **state)
{
    (void)state;
    uint32_t x = 12345;
    char buf[512];
    static const char alphabet[] = "npm test&|;()'\"`$\\<>#=\n -./cargoxyz\xff";
    for (int round = 0; round < 20000; round++) {
        size_t n = (size_t)(round % 500) + 1;
        for (size_t i = 0; i < n; i++) {
            x = x * 1103515245u + 12345u;
            buf[i] = alphabet[(x >> 16) % (sizeof alphabet - 1)];
        }
        buf[n] = '\0';
        expect_sane(buf);
    }
}

/* Each rule's answer is a gate the protocol knows. */
static void test_every_gate_is_reachable(void **state)
{
    (void)state;
    static const struct row rows[] = {
        {"cargo build", BUILD},    {"eslint .", LINT},          {"pytest", TEST},
        {"mypy .", TYPECHECK},     {"black --check .", FORMAT}, {"pytest --cov", COVERAGE},
        {"bandit -r .", SECURITY},
    };
    CHECK(rows);
    for (int g = MOSAIC_QUALITY_GATE_BUILD; g <= MOSAIC_QUALITY_GATE_SECURITY; g++)
        assert_non_null(mosaic_quality_gate_str((mosaic_quality_gate)g));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_javascript),
        cmocka_unit_test(test_python),
        cmocka_unit_test(test_go_rust),
        cmocka_unit_test(test_c_jvm_dotnet),
        cmocka_unit_test(test_other_languages_and_tools),
        cmocka_unit_test(test_wrappers_and_prefixes),
        cmocka_unit_test(test_compound_commands),
        cmocka_unit_test(test_several_gates),
        cmocka_unit_test(test_not_gates),
        cmocka_unit_test(test_case_and_paths),
        cmocka_unit_test(test_null_and_out_pointer),
        cmocka_unit_test(test_huge_inputs),
        cmocka_unit_test(test_random_bytes),
        cmocka_unit_test(test_every_gate_is_reachable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
