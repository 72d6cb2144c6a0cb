# The Claude Code adapter's benchmark: it runs the built mosaic-telemetry command (hook latency)
# and links the adapter's library (parse throughput).
add_executable(bench_claude_code ${CMAKE_CURRENT_LIST_DIR}/bench_claude_code.c
  ${CMAKE_CURRENT_LIST_DIR}/bench_util.c)
# A white-box benchmark: it reads the adapter's own headers.
target_include_directories(bench_claude_code PRIVATE ${CMAKE_CURRENT_LIST_DIR}
  ${PROJECT_SOURCE_DIR}/adapters/claude_code)
target_link_libraries(bench_claude_code PRIVATE mt_claude_code)
target_compile_definitions(bench_claude_code PRIVATE
  MOSAIC_CLI_PATH="$<TARGET_FILE:mosaic-telemetry-cli>")
add_dependencies(bench_claude_code mosaic-telemetry-cli)
