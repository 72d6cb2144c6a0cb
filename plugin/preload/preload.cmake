# libmosaic-telemetry-preload.so: the LD_PRELOAD shim (plugin/preload/, docs/harnesses/preload.md).
# It links libc only: the engine runs in `mosaic-telemetry run`, never in the watched processes.
set(_shim_map ${CMAKE_CURRENT_LIST_DIR}/shim.map)
add_library(mosaic-telemetry-preload SHARED
  ${CMAKE_CURRENT_LIST_DIR}/shim.c
  ${CMAKE_CURRENT_LIST_DIR}/root.c
  ${CMAKE_CURRENT_LIST_DIR}/env.c
  ${CMAKE_CURRENT_LIST_DIR}/report.c
  ${CMAKE_CURRENT_LIST_DIR}/exec_hooks.c
  ${CMAKE_CURRENT_LIST_DIR}/wait_hooks.c)
# No SOVERSION: users name the file in LD_PRELOAD, so it keeps one name.
set_target_properties(mosaic-telemetry-preload PROPERTIES LINK_DEPENDS ${_shim_map})
# Bound at load (-z now), so that no lazy symbol resolution ever runs between vfork and exec.
# Every process of a build maps the shim, so its load is its main cost per exec (bench_preload):
# code and read-only data share one mapping (-z noseparate-code). RELRO stays on although
# dropping it would save about 2% of an exec: an object injected into every process of a build
# should not leave its GOT writable.
target_link_options(mosaic-telemetry-preload PRIVATE
  -Wl,--version-script=${_shim_map} -Wl,--no-undefined -Wl,-z,nodelete -Wl,-z,now
  -Wl,-z,noseparate-code -Wl,--as-needed)
if(MOSAIC_SANITIZE)
  # A sanitized object cannot be preloaded into programs without the sanitizer's runtime.
  foreach(_property COMPILE_OPTIONS LINK_OPTIONS)
    get_target_property(_options mosaic-telemetry-preload ${_property})
    if(_options)
      list(FILTER _options EXCLUDE REGEX "sanitize")
      set_property(TARGET mosaic-telemetry-preload PROPERTY ${_property} ${_options})
    endif()
  endforeach()
endif()
install(TARGETS mosaic-telemetry-preload LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
