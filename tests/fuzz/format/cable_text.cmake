# Cable text parser fuzz target; corpus in tests/fuzz/corpus/cable_parse_fuzz/.
chancery_add_fuzz(cable_parse_fuzz
  SOURCES cable_parse_fuzz.cc
  DEPS chancery::format)
