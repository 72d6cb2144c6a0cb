# The Cline adapter's tests: Python unittest files driving the built command against the
# reference server (each file starts its own), registered as ctest cline/<name>. cline/real
# drives the real Cline CLI (its version pinned in tests/harness/versions) and is skipped (77)
# when the npm package cannot be installed.
set(_cl_test_dir ${CMAKE_CURRENT_LIST_DIR})

function(mosaic_cline_test name)
  add_test(NAME cline/${name}
    COMMAND ${Python3_EXECUTABLE} ${_cl_test_dir}/test_${name}.py)
  set_tests_properties(cline/${name} PROPERTIES
    TIMEOUT 600
    LABELS "cline"
    SKIP_RETURN_CODE 77
    ENVIRONMENT "MOSAIC_CLI=$<TARGET_FILE:mosaic-telemetry-cli>;MOSAIC_SERVER_SCRIPT=${PROJECT_SOURCE_DIR}/tests/server/mosaic_server.py")
endfunction()

mosaic_cline_test(fixtures)
mosaic_cline_test(real)
mosaic_cline_test(install)
