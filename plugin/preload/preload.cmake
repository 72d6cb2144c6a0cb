# libmosaic-telemetry-preload.so: the LD_PRELOAD shim (plugin/preload/, docs/harnesses/preload.md).
# It links libc only: the engine runs in `mosaic-telemetry run`, never in the watched processes.
set(_shim_map ${CMAKE_CURRENT_LIST_DIR}/shim.map)

# How an object meant for LD_PRELOAD is built and linked; bench_preload links its empty baseline
# object the same way, so that the two differ only in what they hold.
# Bound at load (-z now), so that no lazy symbol resolution ever runs between vfork and exec.
# Every process of a build maps the object, so its load is a cost per exec (bench_preload): code
# and read-only data share one mapping (-z noseparate-code). RELRO stays on although dropping it
# would save about 2% of an exec: an object injected into every process of a build should not
# leave its GOT writable.
function(mosaic_preload_object target)
  target_link_options(${target} PRIVATE
    -Wl,-z,relro -Wl,-z,now -Wl,-z,nodelete -Wl,-z,noseparate-code -Wl,--as-needed)
  if(MOSAIC_SANITIZE)
    # A sanitized object cannot be preloaded into programs without the sanitizer's runtime.
    foreach(_property COMPILE_OPTIONS LINK_OPTIONS)
      get_target_property(_options ${target} ${_property})
      if(_options)
        list(FILTER _options EXCLUDE REGEX "sanitize")
        set_property(TARGET ${target} PROPERTY ${_property} ${_options})
      endif()
    endforeach()
  endif()
endfunction()

add_library(mosaic-telemetry-preload SHARED
  ${CMAKE_CURRENT_LIST_DIR}/shim.c
  ${CMAKE_CURRENT_LIST_DIR}/root.c
  ${CMAKE_CURRENT_LIST_DIR}/env.c
  ${CMAKE_CURRENT_LIST_DIR}/report.c
  ${CMAKE_CURRENT_LIST_DIR}/exec_hooks.c
  ${CMAKE_CURRENT_LIST_DIR}/wait_hooks.c)
# No SOVERSION: users name the file in LD_PRELOAD, so it keeps one name.
set_target_properties(mosaic-telemetry-preload PROPERTIES LINK_DEPENDS ${_shim_map})
target_link_options(mosaic-telemetry-preload PRIVATE
  -Wl,--version-script=${_shim_map} -Wl,--no-undefined)
mosaic_preload_object(mosaic-telemetry-preload)
install(TARGETS mosaic-telemetry-preload LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
