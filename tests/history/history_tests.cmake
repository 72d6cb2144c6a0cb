# The local history's tests (docs/history.md): Python unittest files driving the built command
# against the reference server, the history read back with Python's sqlite3.
set(_history_test_dir ${CMAKE_CURRENT_LIST_DIR})

function(mosaic_history_test name)
  add_test(NAME history/${name}
    COMMAND ${Python3_EXECUTABLE} ${_history_test_dir}/test_${name}.py)
  set_tests_properties(history/${name} PROPERTIES
    TIMEOUT 300
    LABELS "history;${ARGN}"
    ENVIRONMENT "MOSAIC_CLI=$<TARGET_FILE:mosaic-telemetry-cli>;MOSAIC_SERVER_SCRIPT=${PROJECT_SOURCE_DIR}/tests/server/mosaic_server.py")
endfunction()

mosaic_history_test(delivery_states)
mosaic_history_test(report threads) # import reads on a thread of its own
mosaic_history_test(killed_flush spool)
mosaic_history_test(html)
# 77: no headless Chromium on this machine (the Debian package chromium), nothing to render with.
set_tests_properties(history/html PROPERTIES SKIP_RETURN_CODE 77)
mosaic_history_test(first_day)
mosaic_history_test(library_client)
set_tests_properties(history/library_client PROPERTIES ENVIRONMENT
  "MOSAIC_CLI=$<TARGET_FILE:mosaic-telemetry-cli>;MOSAIC_SERVER_SCRIPT=${PROJECT_SOURCE_DIR}/tests/server/mosaic_server.py;MOSAIC_DEMO=$<TARGET_FILE:mosaic-demo>")
mosaic_history_test(config_file)
