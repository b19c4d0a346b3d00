# The linker: LLVM's lld when the compiler can use it. Each driver, test and fuzz replay links the whole
# library; a sanitizer test program links in about 1.4 s of CPU with lld against 3.7 s with GNU ld, which
# adds up to minutes over ~70 programs. Off, or lld missing: the toolchain's default linker.
option(NBARAW_USE_LLD "Link with lld when the compiler accepts -fuse-ld=lld" ON)
if(NBARAW_USE_LLD)
  include(CheckLinkerFlag)
  check_linker_flag(CXX "-fuse-ld=lld" NBARAW_HAVE_LLD)
  if(NBARAW_HAVE_LLD)
    add_link_options(-fuse-ld=lld)
  endif()
endif()
# Programs record only the shared libraries they use, as Debian's GCC does by default and clang does not, so
# that both compilers' drivers need the same runtime libraries (the deploy test reads them for the image).
add_link_options(LINKER:--as-needed)
