# The shared pieces of the real-harness tests (tests/harness/): the fake chat-completions API's
# own test. npm_harness.py and the versions file are used by each adapter's real test.
add_test(NAME harness/fake_chat
  COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/test_fake_chat.py)
set_tests_properties(harness/fake_chat PROPERTIES TIMEOUT 60 LABELS "harness")
