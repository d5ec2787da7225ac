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

# Compressed debug sections (zlib; gdb, addr2line and the sanitizers read them). Every test links
# the whole library stack statically, so uncompressed DWARF made each test binary ~200 MB and a
# RelWithDebInfo tree ~8.6 GB; CI ran out of disk on that. Compressed, the same tree is far smaller.
option(CHANCERY_COMPRESS_DEBUG "Compress DWARF debug sections (-gz)" ON)
if(CHANCERY_COMPRESS_DEBUG)
  add_compile_options(-gz)
  add_link_options(-gz)
endif()

if(NOT CMAKE_BUILD_TYPE AND NOT CMAKE_CONFIGURATION_TYPES)
  set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
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
