# The classifiers (plugin/classify.h): one table per concern, shared by every adapter.
target_sources(mosaic_core PRIVATE ${CMAKE_CURRENT_LIST_DIR}/classify_gate.c ${CMAKE_CURRENT_LIST_DIR}/classify_task.c ${CMAKE_CURRENT_LIST_DIR}/language.c ${CMAKE_CURRENT_LIST_DIR}/provider.c)
# What they read their input with: ASCII helpers (ascii.h) and the shell lexer (shell_words.h).
target_sources(mosaic_core PRIVATE ${CMAKE_CURRENT_LIST_DIR}/ascii.c ${CMAKE_CURRENT_LIST_DIR}/shell_words.c)
