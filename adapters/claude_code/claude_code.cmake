# The Claude Code adapter (adapters/claude_code/): the `hook claude-code`, `install claude-code`
# and `uninstall claude-code` subcommands of the mosaic-telemetry command. Included after
# adapters/cli/cli.cmake, which defines the command's target.
if(TARGET mosaic-telemetry-cli)
  set(MOSAIC_CLAUDE_CODE_SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/jscan.c
    ${CMAKE_CURRENT_LIST_DIR}/payload.c
    ${CMAKE_CURRENT_LIST_DIR}/transcript_line.c
    ${CMAKE_CURRENT_LIST_DIR}/transcript_read.c
    ${CMAKE_CURRENT_LIST_DIR}/seen.c
    ${CMAKE_CURRENT_LIST_DIR}/collect.c
    ${CMAKE_CURRENT_LIST_DIR}/state.c
    ${CMAKE_CURRENT_LIST_DIR}/store.c
    ${CMAKE_CURRENT_LIST_DIR}/hook.c
    ${CMAKE_CURRENT_LIST_DIR}/hook_events.c
    ${CMAKE_CURRENT_LIST_DIR}/hook_tools.c
    ${CMAKE_CURRENT_LIST_DIR}/finalize.c
    ${CMAKE_CURRENT_LIST_DIR}/finisher.c
    ${CMAKE_CURRENT_LIST_DIR}/sweep.c
    ${CMAKE_CURRENT_LIST_DIR}/cmd_hook.c
    ${CMAKE_CURRENT_LIST_DIR}/settings.c
    ${CMAKE_CURRENT_LIST_DIR}/settings_file.c
    ${CMAKE_CURRENT_LIST_DIR}/diff.c
    ${CMAKE_CURRENT_LIST_DIR}/cmd_install.c)
  target_sources(mosaic-telemetry-cli PRIVATE ${MOSAIC_CLAUDE_CODE_SOURCES})
  target_include_directories(mosaic-telemetry-cli PRIVATE ${CMAKE_CURRENT_LIST_DIR})
endif()
