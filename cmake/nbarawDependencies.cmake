# Every dependency comes from a Debian 12 package (scripts/install-deps.sh installs them).
include(GNUInstallDirs)
find_package(Threads REQUIRED)
find_package(Boost 1.81 REQUIRED COMPONENTS json)
find_package(fmt REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(ZLIB REQUIRED)
find_package(SQLite3 REQUIRED)
include("${CMAKE_CURRENT_LIST_DIR}/nbarawFindUtf8proc.cmake")
