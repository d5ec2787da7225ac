# FRUS TEI importer: unit tests over the dev volumes in ../shared/corpus/frus (docs/format/frus-tei.md).
# The whole-corpus check (all 134 volumes) runs only with CHANCERY_FRUS_ALL=1 in the environment.
chancery_add_test(frus_tei_test
  SOURCES frus_tei_test.cc frus_tei_corpus_test.cc frus_source_note_test.cc frus_tei_toc_test.cc
  DEPS chancery::format
  LABELS unit)
