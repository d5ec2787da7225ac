# Archive record parser and JSON reader fuzz targets; corpora in
# tests/fuzz/corpus/archive_parse_fuzz/ and tests/fuzz/corpus/json_parse_fuzz/.
chancery_add_fuzz(archive_parse_fuzz
  SOURCES archive_parse_fuzz.cc
  DEPS chancery::format)
chancery_add_fuzz(json_parse_fuzz
  SOURCES json_parse_fuzz.cc
  DEPS chancery::format)
