# The classifiers' tests (plugin/classify.h): one cmocka executable per classifier.
foreach(classifier classify_gate classify_task classify_language classify_provider)
  mosaic_unit_test(${classifier})
endforeach()
# The shell lexer that the gate classifier reads command lines with (plugin/shell_words.h).
mosaic_unit_test(shell_words)
