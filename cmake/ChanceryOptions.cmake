# Build type: RelWithDebInfo unless one is given (set first: the debug-information default below reads it).
if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()

# Warnings and sanitizers, applied to our own targets only (STYLE.md §3.6).
add_library(chancery_warnings INTERFACE)
target_compile_options(chancery_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual
  -Wconversion -Wsign-conversion -Wnull-dereference -Wimplicit-fallthrough)
if(CHANCERY_WERROR)
  target_compile_options(chancery_warnings INTERFACE -Werror)
endif()

if(CHANCERY_SANITIZE)
  add_compile_options(-fsanitize=${CHANCERY_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${CHANCERY_SANITIZE})
endif()

# How much debug information the compiler writes. "lines" (-g1: line tables and function names)
# is what the sanitizers' reports, backtraces and perf need, and compiles about 30% faster and
# links several times faster than "full" (-g: also types and variables, for stepping in gdb).
# Measured on cmd_read.cc, one of the heaviest files: 16.0 s with -g, 11.1 s with -g1
# (docs/decisions/0019-ci-build-time.md). RelWithDebInfo defaults to "lines"; the other build
# types keep their own (Debug: full -g for gdb; Release: none) unless this is set.
if(CMAKE_BUILD_TYPE STREQUAL "RelWithDebInfo")
  set(chancery_default_debug_info lines)
else()
  set(chancery_default_debug_info "")
endif()
set(CHANCERY_DEBUG_INFO "${chancery_default_debug_info}" CACHE STRING
    "Debug information: lines | full | empty for the build type's own")
set_property(CACHE CHANCERY_DEBUG_INFO PROPERTY STRINGS lines full "")
if(CHANCERY_DEBUG_INFO STREQUAL "lines")
  add_compile_options(-g1)
elseif(CHANCERY_DEBUG_INFO STREQUAL "full")
  add_compile_options(-g)
elseif(NOT CHANCERY_DEBUG_INFO STREQUAL "")
  message(FATAL_ERROR "CHANCERY_DEBUG_INFO must be lines, full or empty, not '${CHANCERY_DEBUG_INFO}'")
endif()

# The linker: mold (Debian's package, scripts/bootstrap installs it) when it is there. Every test
# links the whole library stack statically; with GNU ld linking was about a third of a clean
# build's time on two cores, most of it spent compressing debug sections on one thread.
option(CHANCERY_USE_MOLD "Link with mold when it is installed" ON)
if(CHANCERY_USE_MOLD)
  find_program(CHANCERY_MOLD mold)
  if(CHANCERY_MOLD)
    add_link_options(-fuse-ld=mold)
  endif()
endif()

# Compressed debug sections (zlib; gdb, addr2line and the sanitizers read them). Every test links
# the whole library stack statically, so uncompressed DWARF made each test binary ~200 MB and a
# RelWithDebInfo tree ~8.6 GB; CI ran out of disk on that. Compressed, the same tree is far smaller.
option(CHANCERY_COMPRESS_DEBUG "Compress DWARF debug sections (-gz)" ON)
if(CHANCERY_COMPRESS_DEBUG)
  add_compile_options(-gz)
  add_link_options(-gz)
endif()

# chancery_add_library(NAME SOURCES ... DEPS ...): one static library per module, alias chancery::NAME.
function(chancery_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(chancery_${name} STATIC ${ARG_SOURCES})
  add_library(chancery::${name} ALIAS chancery_${name})
  target_include_directories(chancery_${name} PUBLIC ${PROJECT_SOURCE_DIR}/include
                             PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(chancery_${name} PUBLIC ${ARG_DEPS} PRIVATE chancery_warnings ${ARG_PRIVATE_DEPS})
endfunction()
