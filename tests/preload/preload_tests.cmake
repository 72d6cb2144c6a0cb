# The preload shim's tests (tests/preload/): Python unittest files that drive real processes
# (bash, make, Python's subprocess, Node's child_process) with the shim and `mosaic-telemetry
# run`, each against its own reference server (tests/server/).
set(_preload_test_dir ${CMAKE_CURRENT_LIST_DIR})

set(_run_cli $<TARGET_FILE:mosaic-telemetry-cli>)

function(mosaic_preload_test name)
  add_test(NAME preload/${name}
    COMMAND ${Python3_EXECUTABLE} ${_preload_test_dir}/test_${name}.py)
  set_tests_properties(preload/${name} PROPERTIES
    TIMEOUT 180
    LABELS "preload"
    ENVIRONMENT "MOSAIC_RUN_CLI=${_run_cli};MOSAIC_PRELOAD_SHIM=$<TARGET_FILE:mosaic-telemetry-preload>;MOSAIC_SERVER_SCRIPT=${PROJECT_SOURCE_DIR}/tests/server/mosaic_server.py;MOSAIC_CC=${CMAKE_C_COMPILER}")
endfunction()

mosaic_preload_test(tree)
mosaic_preload_test(runtimes)
mosaic_preload_test(host)
mosaic_preload_test(channel)
