# Cable text format: unit and golden tests (docs/format/cable-text.md).
chancery_add_test(cable_text_test
  SOURCES cable_text_test.cc cable_text_golden_test.cc
  DEPS chancery::format
  LABELS unit)
