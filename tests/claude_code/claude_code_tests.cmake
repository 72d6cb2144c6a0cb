# The Claude Code adapter's tests: Python unittest files driving the built command against the
# reference server (each file starts its own), registered as ctest claude_code/<name>.
set(_cc_test_dir ${CMAKE_CURRENT_LIST_DIR})

function(mosaic_claude_code_test name)
  add_test(NAME claude_code/${name}
    COMMAND ${Python3_EXECUTABLE} ${_cc_test_dir}/test_${name}.py)
  set_tests_properties(claude_code/${name} PROPERTIES
    TIMEOUT 300
    LABELS "claude_code"
    SKIP_RETURN_CODE 77
    ENVIRONMENT "MOSAIC_CLI=$<TARGET_FILE:mosaic-telemetry-cli>;MOSAIC_SERVER_SCRIPT=${PROJECT_SOURCE_DIR}/tests/server/mosaic_server.py")
endfunction()

mosaic_claude_code_test(sessions)
mosaic_claude_code_test(malformed)
mosaic_claude_code_test(install)
mosaic_claude_code_test(ccusage)
mosaic_claude_code_test(estimates)
mosaic_claude_code_test(real)
set_tests_properties(claude_code/real PROPERTIES TIMEOUT 900)
mosaic_claude_code_test(captured)
mosaic_claude_code_test(rules)
