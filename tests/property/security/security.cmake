# security tests
chancery_add_test(security_property_test
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/decide_property_test.cc
  DEPS chancery::security
  LABELS property)
