# security tests
chancery_add_test(security_test
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/policy_test.cc ${CMAKE_CURRENT_LIST_DIR}/marking_test.cc
          ${CMAKE_CURRENT_LIST_DIR}/decide_test.cc ${CMAKE_CURRENT_LIST_DIR}/access_class_test.cc
          ${CMAKE_CURRENT_LIST_DIR}/policy_archive_test.cc
  DEPS chancery::security
  LABELS unit)
