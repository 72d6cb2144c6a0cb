# The Codex adapter's tests: Python unittest files driving the built command against the
# reference server (each file starts its own), registered as ctest codex/<name>. codex/real
# drives the real Codex CLI (its version pinned in tests/harness/versions) and is skipped
# (77) when the npm package cannot be installed.
set(_cx_test_dir ${CMAKE_CURRENT_LIST_DIR})

function(mosaic_codex_test name)
  add_test(NAME codex/${name}
    COMMAND ${Python3_EXECUTABLE} ${_cx_test_dir}/test_${name}.py)
  set_tests_properties(codex/${name} PROPERTIES
    TIMEOUT 600
    LABELS "codex"
    SKIP_RETURN_CODE 77
    ENVIRONMENT "MOSAIC_CLI=$<TARGET_FILE:mosaic-telemetry-cli>;MOSAIC_SERVER_SCRIPT=${PROJECT_SOURCE_DIR}/tests/server/mosaic_server.py")
endfunction()

mosaic_codex_test(fixtures)
mosaic_codex_test(real)
mosaic_codex_test(install)
mosaic_codex_test(ccusage)
