# JSON form: CableFromJson(CableToJson(c)) == c over GenCable() (docs/format/json.md).
chancery_add_test(json_property_test
  SOURCES json_property_test.cc
  DEPS chancery::format
  LABELS property)
