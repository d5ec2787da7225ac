# FRUS TEI volume parser fuzz target; corpus of tiny hand-written snippets in
# tests/fuzz/corpus/frus_parse_fuzz/.
chancery_add_fuzz(frus_parse_fuzz
  SOURCES frus_parse_fuzz.cc
  DEPS chancery::format)
