# `mosaic-telemetry run` (cmd_run.c, run_channel.c, run_task.c); included after cli.cmake. The
# installed command finds the preload shim in the installed library directory.
if(TARGET mosaic-telemetry-cli)
  target_sources(mosaic-telemetry-cli PRIVATE
    ${CMAKE_CURRENT_LIST_DIR}/cmd_run.c
    ${CMAKE_CURRENT_LIST_DIR}/run_channel.c
    ${CMAKE_CURRENT_LIST_DIR}/run_task.c)
  set_source_files_properties(${CMAKE_CURRENT_LIST_DIR}/cmd_run.c PROPERTIES
    COMPILE_DEFINITIONS MT_PRELOAD_LIBDIR="${CMAKE_INSTALL_FULL_LIBDIR}")
endif()
