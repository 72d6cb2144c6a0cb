# The OpenCode and Cursor adapters' benchmarks: they run the built mosaic-telemetry command (hook
# latency) and, for OpenCode, the plugin under Node (tests/opencode/replay.mjs).
foreach(_bench bench_opencode bench_cursor)
  add_executable(${_bench} ${CMAKE_CURRENT_LIST_DIR}/${_bench}.c)
  target_link_libraries(${_bench} PRIVATE mosaic_bench_util)
  target_compile_definitions(${_bench} PRIVATE
    MOSAIC_CLI_PATH="$<TARGET_FILE:mosaic-telemetry-cli>" MOSAIC_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  add_dependencies(${_bench} mosaic-telemetry-cli)
endforeach()
