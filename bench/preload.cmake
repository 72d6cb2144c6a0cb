# bench_preload: the preload shim's cost per exec (with it over without) and its memory in a
# child. It runs the shim it was built with.
add_executable(bench_preload ${CMAKE_CURRENT_LIST_DIR}/bench_preload.c)
target_link_libraries(bench_preload PRIVATE mosaic_bench_util)
target_compile_definitions(bench_preload PRIVATE
  MOSAIC_PRELOAD_SHIM="$<TARGET_FILE:mosaic-telemetry-preload>")
add_dependencies(bench_preload mosaic-telemetry-preload)

# bench_preload's second baseline: a shared object with nothing in it, preloaded in place of the
# shim and linked as the shim is, so that what preloading any object costs shows apart from the
# shim's own work.
file(CONFIGURE OUTPUT ${CMAKE_CURRENT_BINARY_DIR}/bench_preload_empty.c
  CONTENT "/* Nothing: bench_preload preloads this object to see what loading one costs. */\n")
add_library(bench_preload_empty SHARED ${CMAKE_CURRENT_BINARY_DIR}/bench_preload_empty.c)
mosaic_preload_object(bench_preload_empty)
target_compile_definitions(bench_preload PRIVATE
  MOSAIC_PRELOAD_EMPTY="$<TARGET_FILE:bench_preload_empty>")
add_dependencies(bench_preload bench_preload_empty)
