# -DMOSAIC_FUZZ=ON: the fuzz build (docs/fuzzing.md). Every library is compiled with libFuzzer's
# coverage instrumentation and ASan+UBSan, so that fuzz/ can link one libFuzzer target per parser
# of outside input. It needs clang and its libFuzzer runtime (Debian: clang, libclang-rt-dev).
if(NOT MOSAIC_FUZZ)
  return()
endif()
if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "MOSAIC_FUZZ needs clang (libFuzzer): configure with -DCMAKE_C_COMPILER=clang")
endif()
include(CheckCSourceCompiles)
set(CMAKE_REQUIRED_LINK_OPTIONS -fsanitize=fuzzer)
check_c_source_compiles([[
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { (void)data; (void)size; return 0; }
]] MOSAIC_HAS_LIBFUZZER)
unset(CMAKE_REQUIRED_LINK_OPTIONS)
if(NOT MOSAIC_HAS_LIBFUZZER)
  message(FATAL_ERROR "MOSAIC_FUZZ: clang cannot link -fsanitize=fuzzer (Debian: apt-get install "
    "libclang-rt-dev)")
endif()
if(NOT MOSAIC_SANITIZE)
  set(MOSAIC_SANITIZE "address;undefined")
endif()
add_compile_options(-fsanitize=fuzzer-no-link)
