# The mosaic-telemetry command (adapters/cli/). It links the engine's objects directly, not the
# shared library, because it uses internal APIs (the spool, the submitter, the config's fields).
# The target is mosaic-telemetry-cli because `mosaic-telemetry` already names the library; the
# program it builds and installs is called mosaic-telemetry.
add_executable(mosaic-telemetry-cli
  ${CMAKE_CURRENT_LIST_DIR}/main.c
  ${CMAKE_CURRENT_LIST_DIR}/args.c
  ${CMAKE_CURRENT_LIST_DIR}/values.c
  ${CMAKE_CURRENT_LIST_DIR}/common.c
  ${CMAKE_CURRENT_LIST_DIR}/format.c
  ${CMAKE_CURRENT_LIST_DIR}/origin.c
  ${CMAKE_CURRENT_LIST_DIR}/spool_setup.c
  ${CMAKE_CURRENT_LIST_DIR}/flusher.c
  ${CMAKE_CURRENT_LIST_DIR}/estimates.c
  ${CMAKE_CURRENT_LIST_DIR}/cmd_track.c
  ${CMAKE_CURRENT_LIST_DIR}/track_flags.c
  ${CMAKE_CURRENT_LIST_DIR}/track_json.c
  ${CMAKE_CURRENT_LIST_DIR}/cmd_flush.c
  ${CMAKE_CURRENT_LIST_DIR}/cmd_predict.c
  ${CMAKE_CURRENT_LIST_DIR}/cmd_status.c
  ${CMAKE_CURRENT_LIST_DIR}/cmd_doctor.c
  ${CMAKE_CURRENT_LIST_DIR}/cmd_config.c
  ${CMAKE_CURRENT_LIST_DIR}/config_store.c
  ${CMAKE_CURRENT_LIST_DIR}/config_value.c
  ${CMAKE_CURRENT_LIST_DIR}/cmd_version.c
  $<TARGET_OBJECTS:mosaic_core>)
set_target_properties(mosaic-telemetry-cli PROPERTIES OUTPUT_NAME mosaic-telemetry)
target_include_directories(mosaic-telemetry-cli PRIVATE
  ${PROJECT_SOURCE_DIR}/include ${PROJECT_SOURCE_DIR}/core ${PROJECT_SOURCE_DIR}/plugin
  ${CMAKE_CURRENT_LIST_DIR})
target_link_libraries(mosaic-telemetry-cli PRIVATE
  PkgConfig::JSONC Threads::Threads m ${CMAKE_DL_LIBS})
install(TARGETS mosaic-telemetry-cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
