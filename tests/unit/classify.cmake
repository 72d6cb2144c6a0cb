# The classifiers' tests (plugin/classify.h): one cmocka executable per classifier.
foreach(classifier classify_gate classify_task classify_language classify_provider)
  mosaic_unit_test(${classifier})
endforeach()
