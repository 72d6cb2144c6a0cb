# The Gemini CLI adapter's benchmark: it runs the built mosaic-telemetry command (hook latency)
# and links the adapter's library (chat-file parse throughput).
add_executable(bench_gemini_cli ${CMAKE_CURRENT_LIST_DIR}/bench_gemini_cli.c
  ${CMAKE_CURRENT_LIST_DIR}/bench_util.c)
# A white-box benchmark: it reads the adapter's own headers.
target_include_directories(bench_gemini_cli PRIVATE ${CMAKE_CURRENT_LIST_DIR}
  ${PROJECT_SOURCE_DIR}/adapters/gemini_cli)
target_link_libraries(bench_gemini_cli PRIVATE mt_gemini_cli)
target_compile_definitions(bench_gemini_cli PRIVATE
  MOSAIC_CLI_PATH="$<TARGET_FILE:mosaic-telemetry-cli>")
add_dependencies(bench_gemini_cli mosaic-telemetry-cli)
