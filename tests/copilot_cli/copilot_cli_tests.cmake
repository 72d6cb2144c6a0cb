# The Copilot CLI adapter's tests: Python unittest files driving the built command against the
# reference server (each file starts its own), registered as ctest copilot-cli/<name>.
# copilot-cli/real drives the real Copilot CLI (its version pinned in tests/harness/versions)
# and is skipped (77) when the npm package cannot be installed.
set(_cp_test_dir ${CMAKE_CURRENT_LIST_DIR})

function(mosaic_copilot_cli_test name)
  add_test(NAME copilot-cli/${name}
    COMMAND ${Python3_EXECUTABLE} ${_cp_test_dir}/test_${name}.py)
  set_tests_properties(copilot-cli/${name} PROPERTIES
    TIMEOUT 600
    LABELS "copilot-cli"
    SKIP_RETURN_CODE 77
    ENVIRONMENT "MOSAIC_CLI=$<TARGET_FILE:mosaic-telemetry-cli>;MOSAIC_SERVER_SCRIPT=${PROJECT_SOURCE_DIR}/tests/server/mosaic_server.py")
endfunction()

mosaic_copilot_cli_test(fixtures)
mosaic_copilot_cli_test(real)
mosaic_copilot_cli_test(install)
