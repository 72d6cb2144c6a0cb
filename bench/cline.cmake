# The Cline adapter's benchmark: it runs the built mosaic-telemetry command (hook latency).
add_executable(bench_cline ${CMAKE_CURRENT_LIST_DIR}/bench_cline.c)
target_include_directories(bench_cline PRIVATE ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(bench_cline PRIVATE mosaic_bench_util)
target_compile_definitions(bench_cline PRIVATE
  MOSAIC_CLI_PATH="$<TARGET_FILE:mosaic-telemetry-cli>")
add_dependencies(bench_cline mosaic-telemetry-cli)
