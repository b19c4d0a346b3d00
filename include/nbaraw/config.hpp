#pragma once
// Header-only by default. Define NBARAW_SEPARATE_COMPILATION and compile <nbaraw/src.hpp> in exactly one
// translation unit to build the non-template code once (the Boost src.hpp pattern).
#ifdef NBARAW_SEPARATE_COMPILATION
#define NBARAW_DECL
#else
#define NBARAW_DECL inline
#endif

#define NBARAW_VERSION_STRING "0.1.0"
