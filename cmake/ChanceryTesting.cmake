# chancery_add_test(NAME SOURCES ... DEPS ... LABELS label [ENV VAR=VALUE]): the only way to add a
# test (STYLE.md §3.6). One label (unit, property, conformance, integration); ENV sets one
# environment variable for every test case (e.g. RC_PARAMS); FIXTURES names a ctest fixture the
# cases need (e.g. pg); COST, the seconds a case took in a plain run, lets ctest -j start the
# longest first on a fresh tree (tests that run for minutes). gtest_discover_tests passes
# property values through as separate arguments, so lists would be split: keep both single.
include(GoogleTest)
function(chancery_add_test name)
  cmake_parse_arguments(ARG "" "COST" "SOURCES;DEPS;LABELS;ENV;FIXTURES" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} chancery_test_support GTest::gtest GTest::gtest_main
                        GTest::gmock rapidcheck rapidcheck_gtest chancery_warnings)
  target_compile_definitions(${name} PRIVATE
    CHANCERY_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    CHANCERY_SHARED_DIR="${PROJECT_SOURCE_DIR}/../shared"
    CHANCERY_BINARY_DIR="${PROJECT_BINARY_DIR}")
  set(fixtures)
  if(ARG_FIXTURES)
    # A ctest fixture the test cases need, e.g. "pg" (tests/CMakeLists.txt: the throw-away
    # PostgreSQL cluster); its setup runs first and its cleanup after the last of them.
    set(fixtures FIXTURES_REQUIRED "${ARG_FIXTURES}")
  endif()
  # COST: ctest -j starts costlier tests first. A fresh tree has no CTestCostData.txt yet, so
  # without it a test that runs for minutes may start last and hold the whole run up alone.
  set(cost)
  if(ARG_COST)
    set(cost COST "${ARG_COST}")
  endif()
  gtest_discover_tests(${name} PROPERTIES LABELS "${ARG_LABELS}" ENVIRONMENT "${ARG_ENV}"
                       ${fixtures} ${cost} DISCOVERY_TIMEOUT 60)
endfunction()

# chancery_add_fuzz(NAME SOURCES ... DEPS ...): a fuzz target exposing LLVMFuzzerTestOneInput.
# With clang and CHANCERY_BUILD_FUZZERS=ON it links libFuzzer; otherwise (g++) it links
# tests/fuzz/replay_main.cc, and ctest replays every file in tests/fuzz/corpus/NAME/ through it,
# so CI always exercises the target (DuckDB test_ossfuzz.cpp).
function(chancery_add_fuzz name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(${name} PRIVATE ${ARG_DEPS})
  if(CHANCERY_BUILD_FUZZERS AND CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    target_compile_options(${name} PRIVATE -fsanitize=fuzzer,address)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer,address)
  else()
    target_sources(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests/fuzz/replay_main.cc)
    add_test(NAME ${name}_replay
             COMMAND ${name} ${PROJECT_SOURCE_DIR}/tests/fuzz/corpus/${name})
    set_tests_properties(${name}_replay PROPERTIES LABELS fuzz)
  endif()
endfunction()
