# The Codex adapter's benchmark: it runs the built mosaic-telemetry command (hook latency) and
# links the adapter's library (rollout parse throughput).
add_executable(bench_codex ${CMAKE_CURRENT_LIST_DIR}/bench_codex.c
  ${CMAKE_CURRENT_LIST_DIR}/bench_util.c)
# A white-box benchmark: it reads the adapter's own headers.
target_include_directories(bench_codex PRIVATE ${CMAKE_CURRENT_LIST_DIR}
  ${PROJECT_SOURCE_DIR}/adapters/codex)
target_link_libraries(bench_codex PRIVATE mt_codex)
target_compile_definitions(bench_codex PRIVATE
  MOSAIC_CLI_PATH="$<TARGET_FILE:mosaic-telemetry-cli>")
add_dependencies(bench_codex mosaic-telemetry-cli)
