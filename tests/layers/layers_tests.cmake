# The layers' rules (docs/architecture.md, "Layers"), checked on the built static libraries: no
# call up or across, no two files that call each other, every global name with its layer's
# prefix. test_check_layers.py shows that the check catches each of those.
set(_layers_dir ${CMAKE_CURRENT_LIST_DIR})
add_test(NAME layers/rules
  COMMAND ${Python3_EXECUTABLE} ${_layers_dir}/check_layers.py
    0:core=$<TARGET_FILE:mt_core>:mt_,mosaic_
    1:enrich=$<TARGET_FILE:mt_enrich>:mt_,mosaic_
    2:plugin=$<TARGET_FILE:mt_plugin>:mt_,mosaic_
    3:kit=$<TARGET_FILE:mt_kit>:kit_
    4:claude_code=$<TARGET_FILE:mt_claude_code>:cc_
    4:codex=$<TARGET_FILE:mt_codex>:cx_
    4:gemini_cli=$<TARGET_FILE:mt_gemini_cli>:gm_
    4:opencode=$<TARGET_FILE:mt_opencode>:oc_
    4:cursor=$<TARGET_FILE:mt_cursor>:cu_
    4:copilot_cli=$<TARGET_FILE:mt_copilot_cli>:cp_
    4:cline=$<TARGET_FILE:mt_cline>:cl_
    4:preload=$<TARGET_FILE:mt_preload>:run_
    4:history=$<TARGET_FILE:mt_history>:hist_
    5:cli=$<TARGET_FILE:mt_cli>:cli_)
# The shared library harnesses load must not need SQLite: the history is the command's alone.
# The command, which does need it, shows that the check sees a NEEDED entry when there is one.
add_test(NAME layers/library_without_sqlite
  COMMAND ${Python3_EXECUTABLE} ${_layers_dir}/check_needed.py sqlite
    --without $<TARGET_FILE:mosaic-telemetry> --with $<TARGET_FILE:mosaic-telemetry-cli>)
set_tests_properties(layers/library_without_sqlite PROPERTIES TIMEOUT 60 LABELS layers)
add_test(NAME layers/check_catches
  COMMAND ${Python3_EXECUTABLE} ${_layers_dir}/test_check_layers.py)
set_tests_properties(layers/rules layers/check_catches PROPERTIES
  TIMEOUT 60 LABELS layers ENVIRONMENT "MOSAIC_CC=${CMAKE_C_COMPILER}")
