# Dates in the source's own terms (docs/format/dates.md): the tz database reader, the FRUS zone
# table, approximate dates of undated FRUS documents and FRUS citations.
chancery_add_test(frus_dates_test
  SOURCES time_zones_test.cc frus_dates_test.cc
  DEPS chancery::format
  LABELS unit)
