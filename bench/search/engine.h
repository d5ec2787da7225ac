// The side-by-side search benchmark (issue 3): the engine interface every system under test
// implements, and the neutral query form they all translate.
//
// A benchmark child process owns exactly one Engine: it ingests the documents, then serves
// Search() from `threads` client threads at once (each thread passes its own index, so an engine
// may keep one connection per thread). Every engine returns the top-10 ids by its own relevance
// ranking plus the exact number of matching documents (docs/benchmarks.md states what each one
// computes).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "chancery/base/result.h"
#include "chancery/model/cable.h"

namespace chancery::bench {

// Query kinds of bench/search/queries.tsv, in report order.
inline constexpr const char* kQueryKinds[] = {"common", "mid",    "rare", "tail", "and2",
                                              "and3",   "phrase", "date", "facet"};

// One query of the fixed set. `text` is neutral syntax: lower-case words separated by single
// spaces mean AND; a text wrapped in double quotes is one phrase.
struct Query {
  std::string kind;
  std::string text;
  std::optional<int32_t> from_day;  // inclusive, days since 1970-01-01
  std::optional<int32_t> to_day;
  bool facets = false;  // also count the kFacetFields values over all matches
};

// The facet fields every engine counts for a "facet" query.
inline constexpr const char* kFacetFields[] = {"collection", "type", "decade", "classification",
                                               "from"};
inline constexpr int kFacetCount = 5;

struct SearchOutcome {
  std::vector<std::string> ids;  // top 10, best first
  uint64_t total = 0;            // exact number of matches the engine reports
  uint64_t facet_values = 0;     // distinct facet values counted (facet queries)
};

class Engine {
 public:
  virtual ~Engine() = default;
  virtual std::string Name() const = 0;

  // Names of the query paths this engine measures (usually one; Chancery has two).
  virtual std::vector<std::string> Modes() const { return {Name()}; }

  // Adds documents. Called repeatedly with consecutive chunks; Finish() follows the last.
  virtual Status Ingest(const std::vector<model::Cable>& docs) = 0;
  // Makes everything durable and searchable (final commit, index build, ANALYZE).
  virtual Status Finish() = 0;

  // Opens what an earlier process of the same engine built in this directory (its Finish()
  // ran), for a run that measures without ingesting (`--phase measure`).
  virtual Status Reopen() { return FailedPrecondition(Name() + " cannot reopen a built index"); }

  // Prepares `threads` client handles. Called after Finish() or Reopen(), before Search().
  virtual Status OpenClients(int threads) = 0;
  // REQUIRES: 0 <= thread < threads of OpenClients, 0 <= mode < Modes().size().
  virtual Result<SearchOutcome> Search(const Query& query, int thread, int mode) = 0;
  // Bytes on disk of what this engine stores; `index_only` excludes a separate record store.
  virtual Result<uint64_t> SizeOnDisk(bool index_only) = 0;

  // Peak RSS in KiB of helper processes (e.g. a database server), 0 if none. Called last.
  virtual uint64_t HelperPeakRssKib() { return 0; }

  // Stops helper processes. Called last.
  virtual Status Shutdown() { return Status::Ok(); }
};

// Factories. `work_dir` is an empty directory the engine owns.
Result<std::unique_ptr<Engine>> MakeChanceryEngine(const std::string& work_dir);
Result<std::unique_ptr<Engine>> MakeXapianEngine(const std::string& work_dir);
Result<std::unique_ptr<Engine>> MakeSqliteEngine(const std::string& work_dir);
Result<std::unique_ptr<Engine>> MakePostgresEngine(const std::string& work_dir);

// Bytes of every regular file under `path` (0 if it does not exist).
uint64_t DirectoryBytes(const std::string& path);

}  // namespace chancery::bench
