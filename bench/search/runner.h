// One benchmark child: builds one engine from the corpus, runs the query set, and writes its
// measurements as "key TAB values..." lines (read back by report.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "chancery/base/result.h"

#include "engine.h"

namespace chancery::bench {

struct RunOptions {
  std::string corpus_dir = "/work/shared/corpus/frus";
  bool dev = false;          // the 7 dev volumes instead of all 134
  uint64_t docs = 0;         // corpus size; 0 = the FRUS documents as loaded, more = expansion
  uint64_t seed = 20240603;  // expansion seed
  std::string queries_path;
  std::vector<int> threads = {1, 2};
  std::string work_dir;  // engine files go to work_dir/<engine>
  int repeat = 1;        // timed passes per thread count
  // "all": ingest, measure, delete. "ingest": ingest and keep the engine's files. "measure":
  // reopen the files an "ingest" run kept, measure, delete; its lines are appended to the
  // ingest run's result file. Splitting lets slow builds run at once and be measured one by one.
  std::string phase = "all";
};

// Runs engine `name` ("chancery", "xapian", "fts5", "postgres") and writes its result lines to
// `result_path`. Errors name the engine and the step that failed.
Status RunEngine(const std::string& name, const RunOptions& options,
                 const std::string& result_path);

}  // namespace chancery::bench
