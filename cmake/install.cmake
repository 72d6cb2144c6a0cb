# Installs the header, the library, a pkg-config file and a CMake package.
include(CMakePackageConfigHelpers)

install(TARGETS mosaic-telemetry EXPORT MosaicTelemetryTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/mosaic DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

# The .pc file finds the prefix relative to itself, so an install with --prefix (or a copy of
# the tree) still works.
file(RELATIVE_PATH MOSAIC_PC_TO_PREFIX
  ${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
configure_file(cmake/mosaic-telemetry.pc.in mosaic-telemetry.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/mosaic-telemetry.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

set(_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/MosaicTelemetry)
install(EXPORT MosaicTelemetryTargets NAMESPACE MosaicTelemetry:: DESTINATION ${_cmake_dir})
configure_package_config_file(cmake/MosaicTelemetryConfig.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/MosaicTelemetryConfig.cmake INSTALL_DESTINATION ${_cmake_dir})
write_basic_package_version_file(${CMAKE_CURRENT_BINARY_DIR}/MosaicTelemetryConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/MosaicTelemetryConfig.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/MosaicTelemetryConfigVersion.cmake DESTINATION ${_cmake_dir})
