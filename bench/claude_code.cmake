# The Claude Code adapter's benchmark: it runs the built mosaic-telemetry command (hook latency)
# and links the adapter's transcript reader directly (parse throughput).
if(TARGET mosaic-telemetry-cli)
  set(_cc ${PROJECT_SOURCE_DIR}/adapters/claude_code)
  add_executable(bench_claude_code ${CMAKE_CURRENT_LIST_DIR}/bench_claude_code.c
    ${CMAKE_CURRENT_LIST_DIR}/bench_util.c
    ${_cc}/jscan.c ${_cc}/transcript_line.c ${_cc}/transcript_read.c ${_cc}/seen.c
    ${_cc}/collect.c ${_cc}/state.c ${_cc}/store.c
    $<TARGET_OBJECTS:mosaic_core>)
  target_include_directories(bench_claude_code PRIVATE ${CMAKE_CURRENT_LIST_DIR}
    ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR}/core ${PROJECT_SOURCE_DIR}/plugin ${_cc})
  target_link_libraries(bench_claude_code PRIVATE
    PkgConfig::JSONC Threads::Threads m ${CMAKE_DL_LIBS})
  target_compile_definitions(bench_claude_code PRIVATE
    MOSAIC_CLI_PATH="$<TARGET_FILE:mosaic-telemetry-cli>")
  add_dependencies(bench_claude_code mosaic-telemetry-cli)
endif()
