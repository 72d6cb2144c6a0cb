# The man page, written from docs/cli.md at build time, and the Debian package (cpack -G DEB):
# the command, libmosaic-telemetry.so.1, the preload shim, the headers, the pkg-config file, the
# CMake package and the man page. Dependencies come from dpkg-shlibdeps.

find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  set(_man ${PROJECT_BINARY_DIR}/mosaic-telemetry.1)
  add_custom_command(OUTPUT ${_man}
    COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/scripts/man_from_md.py
      ${PROJECT_SOURCE_DIR}/docs/cli.md ${PROJECT_VERSION} ${_man}
    DEPENDS ${PROJECT_SOURCE_DIR}/docs/cli.md ${PROJECT_SOURCE_DIR}/scripts/man_from_md.py
    COMMENT "Writing the man page from docs/cli.md")
  add_custom_target(man-page ALL DEPENDS ${_man})
  install(FILES ${_man} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  message(STATUS "python3 not found: no man page")
endif()

set(CPACK_PACKAGE_NAME mosaic-telemetry)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "Telemetry for AI coding harnesses: one record per task, and predictions before it runs")
set(CPACK_PACKAGE_CONTACT "Mosaic Stack Telemetry <telemetry@mosaicstack.dev>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# libcurl is opened at run time (core/curl_api.c), so dpkg-shlibdeps cannot see it.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libcurl4 | libcurl3-gnutls | libcurl4t64 | libcurl3t64-gnutls")
set(CPACK_GENERATOR DEB)
include(CPack)
