# The mosaic-telemetry command's tests: Python unittest files driving the built binary against
# the reference server (each file starts its own). The binary and the server script are passed
# in the environment.
set(_cli_test_dir ${CMAKE_CURRENT_LIST_DIR})

function(mosaic_cli_test name)
  add_test(NAME cli/${name}
    COMMAND ${Python3_EXECUTABLE} ${_cli_test_dir}/test_${name}.py)
  set_tests_properties(cli/${name} PROPERTIES
    TIMEOUT 300
    LABELS "cli;${ARGN}"
    ENVIRONMENT "MOSAIC_CLI=$<TARGET_FILE:mosaic-telemetry-cli>;MOSAIC_SERVER_SCRIPT=${PROJECT_SOURCE_DIR}/tests/server/mosaic_server.py")
endfunction()

mosaic_cli_test(commands)
mosaic_cli_test(delivery)
mosaic_cli_test(status_doctor)
mosaic_cli_test(config)
mosaic_cli_test(spool_faults)
mosaic_cli_test(private_dirs)
mosaic_cli_test(kill9 spool)
mosaic_cli_test(concurrent spool)
mosaic_cli_test(claim_race spool)
