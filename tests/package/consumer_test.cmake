# Installs nbaraw into a scratch prefix, then builds examples/ against it with find_package and runs it.
# Arguments: SOURCE_DIR, WORK_DIR, GENERATOR.
file(REMOVE_RECURSE "${WORK_DIR}")
function(step)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "step failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  message(STATUS "${out}")
endfunction()
step("${CMAKE_COMMAND}" -S "${SOURCE_DIR}" -B "${WORK_DIR}/lib" -G "${GENERATOR}"
     -DNBARAW_BUILD_TESTS=OFF -DNBARAW_BUILD_DRIVERS=OFF "-DCMAKE_INSTALL_PREFIX=${WORK_DIR}/prefix")
step("${CMAKE_COMMAND}" --install "${WORK_DIR}/lib")
if(NOT EXISTS "${WORK_DIR}/prefix/lib/cmake/nbaraw/nbarawConfig.cmake" AND
   NOT EXISTS "${WORK_DIR}/prefix/lib/x86_64-linux-gnu/cmake/nbaraw/nbarawConfig.cmake")
  message(FATAL_ERROR "the install has no nbarawConfig.cmake")
endif()
step("${CMAKE_COMMAND}" -S "${SOURCE_DIR}/examples" -B "${WORK_DIR}/consumer" -G "${GENERATOR}"
     "-DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix")
step("${CMAKE_COMMAND}" --build "${WORK_DIR}/consumer")
step("${WORK_DIR}/consumer/team_notes_backfill" --self-test)
