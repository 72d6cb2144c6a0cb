# bench_spool: the durable spool's append latency and flush throughput. It calls internal APIs
# (mt_spool_*, the submitter), so it links the engine's library rather than the shared library.
add_executable(bench_spool ${CMAKE_CURRENT_LIST_DIR}/bench_spool.c
  ${CMAKE_CURRENT_LIST_DIR}/bench_util.c)
target_include_directories(bench_spool PRIVATE ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(bench_spool PRIVATE mt_core CURL::libcurl)
target_compile_definitions(bench_spool PRIVATE
  MOSAIC_SOURCE_DIR="${PROJECT_SOURCE_DIR}" MOSAIC_BENCH_PYTHON="${_bench_python}")
