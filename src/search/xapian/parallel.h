// A small fork-join helper for the index's writer side: building Xapian documents and committing
// shards are independent per item, so they run on the machine's cores.
#pragma once

#include <cstddef>
#include <functional>

#include "chancery/base/status.h"

namespace chancery::search::internal {

// The number of threads ParallelFor uses for `items` items: at least 1, at most the number of
// hardware threads and at most `items`.
size_t ParallelThreads(size_t items);

// Calls fn(i) for every i in [0, items), spread over ParallelThreads(items) threads (the caller's
// thread is one of them); each thread takes the indices i with i % threads == its number. fn
// must not throw and must be safe to call concurrently for different i. Returns the error of the
// lowest failing i, else Ok; after a failure a thread skips its remaining indices.
Status ParallelFor(size_t items, const std::function<Status(size_t)>& fn);

}  // namespace chancery::search::internal
