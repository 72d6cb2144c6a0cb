# bench_preload: the preload shim's cost per exec (with it over without) and its memory in a
# child. It runs the shim it was built with.
add_executable(bench_preload ${CMAKE_CURRENT_LIST_DIR}/bench_preload.c)
target_link_libraries(bench_preload PRIVATE mosaic_bench_util)
target_compile_definitions(bench_preload PRIVATE
  MOSAIC_PRELOAD_SHIM="$<TARGET_FILE:mosaic-telemetry-preload>")
add_dependencies(bench_preload mosaic-telemetry-preload)
