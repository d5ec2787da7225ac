// make_queries: writes the benchmark's fixed query set (queries.h) generated from the FRUS
// corpus to stdout.
//   make_queries [--corpus DIR] [--dev] [--seed N] > bench/search/queries.tsv
#include <cstdlib>
#include <iostream>
#include <string>

#include "corpus.h"
#include "frus_source.h"
#include "queries.h"

int main(int argc, char** argv) {
  std::string corpus = "/work/shared/corpus/frus";
  bool dev = false;
  uint64_t seed = 3;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--dev") {
      dev = true;
    } else if (arg == "--corpus" && i + 1 < argc) {
      corpus = argv[++i];
    } else if (arg == "--seed" && i + 1 < argc) {
      seed = std::strtoull(argv[++i], nullptr, 10);
    } else {
      std::cerr << "make_queries: unknown flag '" << arg << "'\n";
      return 2;
    }
  }
  auto docs = chancery::bench::LoadFrus(corpus, dev);
  if (!docs.ok()) {
    std::cerr << "make_queries: " << docs.status().ToString() << "\n";
    return 1;
  }
  std::cerr << "make_queries: " << docs->size() << " documents ("
            << (chancery::bench::UsesProductParser() ? "product parser" : "stand-in reader")
            << ")\n";
  std::cout << chancery::bench::QueriesToTsv(chancery::bench::MakeQueries(*docs, seed));
  return 0;
}
