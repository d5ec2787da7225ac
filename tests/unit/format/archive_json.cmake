# Archive record import, JSON form and format detection: unit tests (docs/format/archive-record.md,
# docs/format/json.md). The seed and the examples/archive/ records are read from disk.
chancery_add_test(archive_json_test
  SOURCES seed_import_test.cc archive_record_test.cc json_test.cc json_limits_test.cc
          detect_test.cc
  DEPS chancery::format
  LABELS unit)
# docs/format/archive-record.md "Translations": the seed layout gives translation_of.not_held.
chancery_add_test(archive_record_translation_test SOURCES archive_record_translation_test.cc
  DEPS chancery::format LABELS unit)
