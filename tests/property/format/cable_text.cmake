# Cable text format: Parse(Render(c)) == c and canonical rendering over GenCable().
chancery_add_test(cable_text_property_test
  SOURCES cable_text_property_test.cc
  DEPS chancery::format
  LABELS property)
