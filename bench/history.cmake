# bench_history: the local history's record, report and import costs. It calls the history
# layer (hist_*) and reads the file with SQLite itself, so it links those, not the shared library.
add_executable(bench_history ${CMAKE_CURRENT_LIST_DIR}/bench_history.c
  ${CMAKE_CURRENT_LIST_DIR}/bench_util.c)
target_include_directories(bench_history PRIVATE ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(bench_history PRIVATE mt_history CURL::libcurl)
target_compile_definitions(bench_history PRIVATE
  MOSAIC_SOURCE_DIR="${PROJECT_SOURCE_DIR}" MOSAIC_BENCH_PYTHON="${_bench_python}")
# The whole `report` command is timed too: the built binary, as a user runs it.
target_compile_definitions(bench_history PRIVATE
  MOSAIC_CLI_PATH="$<TARGET_FILE:mosaic-telemetry-cli>")
add_dependencies(bench_history mosaic-telemetry-cli)
