# `cmake --install` gives a package: find_package(nbaraw CONFIG REQUIRED) and nbaraw::nbaraw.
include(CMakePackageConfigHelpers)
set(NBARAW_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/nbaraw")
install(TARGETS nbaraw EXPORT nbarawTargets)
install(DIRECTORY include/ DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
install(DIRECTORY "${NBARAW_GENERATED_INCLUDE}/" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")  # processors.hpp, src/processors.hpp
install(EXPORT nbarawTargets NAMESPACE nbaraw:: DESTINATION "${NBARAW_CMAKE_DIR}")
configure_package_config_file(cmake/nbarawConfig.cmake.in
  "${CMAKE_CURRENT_BINARY_DIR}/nbarawConfig.cmake" INSTALL_DESTINATION "${NBARAW_CMAKE_DIR}")
write_basic_package_version_file("${CMAKE_CURRENT_BINARY_DIR}/nbarawConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion ARCH_INDEPENDENT)
install(FILES
  "${CMAKE_CURRENT_BINARY_DIR}/nbarawConfig.cmake"
  "${CMAKE_CURRENT_BINARY_DIR}/nbarawConfigVersion.cmake"
  cmake/nbarawFindUtf8proc.cmake
  DESTINATION "${NBARAW_CMAKE_DIR}")
if(NBARAW_BUILD_DRIVERS)
  install(DIRECTORY "${CMAKE_BINARY_DIR}/bin/" DESTINATION "${CMAKE_INSTALL_BINDIR}"
          USE_SOURCE_PERMISSIONS FILES_MATCHING PATTERN "*_backfill")
endif()
