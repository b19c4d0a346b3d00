# Warnings on and clean; sanitizers when NBARAW_SANITIZE is set.
function(nbaraw_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)
  # GCC 12 at -O3 reports impossible overlaps inside std::string assignments (GCC bug 105329).
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(NBARAW_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

if(NBARAW_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
  if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    # Clang 14's -fsanitize=function (indirect calls through a function pointer of another type, part of
    # "undefined") emits data its own assembler cannot place in units holding Asio ("Cannot represent a
    # difference across sections"); GCC has no such check either.
    add_compile_options(-fno-sanitize=function)
  endif()
  # Programs without PIE: ASan's instrumented globals would otherwise need about a million relocations at
  # every start (a test program: 0.36 s of CPU to start as PIE, 0.24 s without), and ctest starts one per
  # test case.
  add_link_options($<$<STREQUAL:$<TARGET_PROPERTY:TYPE>,EXECUTABLE>:-no-pie>)
endif()
