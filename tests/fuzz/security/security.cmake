# security fuzz targets
chancery_add_fuzz(policy_parse_fuzz
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/policy_parse_fuzz.cc
  DEPS chancery::security)
