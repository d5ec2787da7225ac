// The fixed query set of the benchmark: generated once from the FRUS corpus by make_queries and
// committed as bench/search/queries.tsv (kind TAB text TAB from TAB to; dates ISO or empty).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "chancery/base/result.h"
#include "chancery/model/cable.h"

#include "engine.h"

namespace chancery::bench {

// Generates the query set from `corpus`, deterministically for a given corpus and seed: single
// terms of every document-frequency band (common >= 10% of documents, mid 1-10%, rare
// 0.05-1%, tail below), two- and three-term ANDs and phrases taken from real text, date-ranged
// and faceted queries.
std::vector<Query> MakeQueries(const std::vector<model::Cable>& corpus, uint64_t seed);

std::string QueriesToTsv(const std::vector<Query>& queries);
// Errors: kCorruption "FILE:LINE: ..." for a malformed line; kIoError if unreadable.
Result<std::vector<Query>> ReadQueries(const std::string& path);

}  // namespace chancery::bench
