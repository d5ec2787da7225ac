// Saved searches take input from outside (issue 15 "Bad input"): for arbitrary bytes as query,
// name and dates, Save either refuses with kInvalidArgument and stores nothing, or stores
// exactly what was given (listed back byte for byte, its feed working); it never crashes or
// stores a search that a later evaluation cannot compile.
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "chancery/archive/alerts.h"

#include "support/records_fixture.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

// Strings of the query language's characters, of any bytes, or of words and clauses.
rc::Gen<std::string> GenText() {
  return rc::gen::weightedOneOf<std::string>(
      {{3, rc::gen::container<std::string>(
               rc::gen::elementOf(std::string("ab \"():*-ANDORNOT\\\xc3\xa9\xff")))},
       {2, rc::gen::arbitrary<std::string>()},
       {4, rc::gen::element<std::string>("grain", "grain tariff", "\"grain tariff\"", "lang:French",
                                         "title:(grain", "\"a b", "lang:", "a AND",
                                         "\xc3\xa9t\xc3\xa9", "a OR (b NOT c)", "")}});
}

rc::Gen<std::string> GenDate() {
  return rc::gen::weightedOneOf<std::string>(
      {{6, rc::gen::just(std::string())},
       {3, rc::gen::element<std::string>("1963", "1963-02", "1963-02-28", "1970")},
       {1, rc::gen::element<std::string>("1963-02-30", "0000", "1963-13", "x", "1963-1-1")},
       {1, rc::gen::arbitrary<std::string>()}});
}

// One store for every case (a store per case would cost more than the property).
struct World {
  testing::TempDir dir;
  testing::RecordsFixture fixture{dir.path()};
  std::unique_ptr<archive::Alerts> alerts = *archive::Alerts::Open(fixture.records());
  security::Subject reader;
  size_t stored = archive::kMaxSavedSearchesPerOwner;  // a new reader at the first case
  int readers = 0;
};

World& TheWorld() {
  static World* world = new World();
  return *world;
}

RC_GTEST_PROP(SavedSearchInput, ArbitraryInputIsRefusedWholeOrStoredExactly, ()) {
  World& w = TheWorld();
  if (w.stored + 1 >= archive::kMaxSavedSearchesPerOwner) {  // the cap is its own refusal
    w.reader = w.fixture.User("reader" + std::to_string(++w.readers), "PUBLIC");
    w.stored = 0;
  }
  archive::SavedSearchSpec spec;
  spec.query = *GenText();
  spec.name = *rc::gen::oneOf(rc::gen::just(std::string()), GenText());
  spec.from = *GenDate();
  spec.to = *GenDate();
  spec.undated = *rc::gen::arbitrary<bool>();
  auto saved = w.alerts->Save(w.reader, spec);
  RC_CLASSIFY(saved.ok(), "stored");
  auto list = w.alerts->List(w.reader);
  RC_ASSERT(list.ok());
  if (!saved.ok()) {
    RC_ASSERT(saved.status().code() == StatusCode::kInvalidArgument);
    RC_ASSERT(list->size() == w.stored);
    return;
  }
  ++w.stored;
  RC_ASSERT(list->size() == w.stored);
  const archive::SavedSearch& back = list->back();
  RC_ASSERT(back.spec.query == spec.query);
  RC_ASSERT(back.spec.from == spec.from);
  RC_ASSERT(back.spec.to == spec.to);
  RC_ASSERT(back.spec.undated == spec.undated);
  if (!spec.name.empty()) {
    RC_ASSERT(back.spec.name == spec.name);
  }
  RC_ASSERT(w.alerts->Feed(back.feed_token, 10).ok());
  RC_ASSERT(w.alerts->Run().ok());  // every stored search compiles again
}

}  // namespace
}  // namespace chancery
