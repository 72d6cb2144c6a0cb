# The OpenCode adapter's tests: Python unittest files driving the built command (and, for the
# plugin, Node) against the reference server (each file starts its own), registered as ctest
# opencode/<name>. opencode/real drives the real OpenCode (its version pinned in
# tests/harness/versions) and is skipped (77) when the npm package cannot be installed.
set(_oc_test_dir ${CMAKE_CURRENT_LIST_DIR})

function(mosaic_opencode_test name)
  add_test(NAME opencode/${name}
    COMMAND ${Python3_EXECUTABLE} ${_oc_test_dir}/test_${name}.py)
  set_tests_properties(opencode/${name} PROPERTIES
    TIMEOUT 600
    LABELS "opencode"
    SKIP_RETURN_CODE 77
    ENVIRONMENT "MOSAIC_CLI=$<TARGET_FILE:mosaic-telemetry-cli>;MOSAIC_SERVER_SCRIPT=${PROJECT_SOURCE_DIR}/tests/server/mosaic_server.py")
endfunction()

mosaic_opencode_test(hook)
mosaic_opencode_test(plugin)
mosaic_opencode_test(real)
