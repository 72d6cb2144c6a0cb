# The Cursor adapter's tests: documented payload sequences played into the built command against
# the reference server (Cursor itself cannot be installed here), registered as ctest cursor/hooks.
add_test(NAME cursor/hooks
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/test_hooks.py)
set_tests_properties(cursor/hooks PROPERTIES
  TIMEOUT 300
  LABELS "cursor"
  ENVIRONMENT "MOSAIC_CLI=$<TARGET_FILE:mosaic-telemetry-cli>;MOSAIC_SERVER_SCRIPT=${PROJECT_SOURCE_DIR}/tests/server/mosaic_server.py")
