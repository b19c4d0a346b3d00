# utf8proc ships a pkg-config file but no CMake package; wrap it in an imported target.
if(NOT TARGET nbaraw_utf8proc)
  find_path(NBARAW_UTF8PROC_INCLUDE_DIR utf8proc.h REQUIRED)
  find_library(NBARAW_UTF8PROC_LIBRARY NAMES utf8proc REQUIRED)
  add_library(nbaraw_utf8proc UNKNOWN IMPORTED)
  set_target_properties(nbaraw_utf8proc PROPERTIES
    IMPORTED_LOCATION "${NBARAW_UTF8PROC_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${NBARAW_UTF8PROC_INCLUDE_DIR}")
endif()
