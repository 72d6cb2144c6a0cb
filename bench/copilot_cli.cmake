# The Copilot CLI adapter's benchmark: it runs the built mosaic-telemetry command (hook latency).
add_executable(bench_copilot_cli ${CMAKE_CURRENT_LIST_DIR}/bench_copilot_cli.c)
target_include_directories(bench_copilot_cli PRIVATE ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(bench_copilot_cli PRIVATE mosaic_bench_util)
target_compile_definitions(bench_copilot_cli PRIVATE
  MOSAIC_CLI_PATH="$<TARGET_FILE:mosaic-telemetry-cli>")
add_dependencies(bench_copilot_cli mosaic-telemetry-cli)
