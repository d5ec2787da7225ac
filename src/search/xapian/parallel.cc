#include "search/xapian/parallel.h"

#include <algorithm>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace chancery::search::internal {
namespace {

// The first error of thread `thread` of `threads`, with the index that produced it.
struct Failure {
  size_t index = 0;
  Status status;
};

std::optional<Failure> RunStride(size_t items, size_t thread, size_t threads,
                                 const std::function<Status(size_t)>& fn) {
  for (size_t i = thread; i < items; i += threads) {
    Status status = fn(i);
    if (!status.ok()) {
      return Failure{i, std::move(status)};
    }
  }
  return std::nullopt;
}

}  // namespace

size_t ParallelThreads(size_t items) {
  const size_t hardware = std::max<size_t>(1, std::thread::hardware_concurrency());
  return std::max<size_t>(1, std::min(hardware, items));
}

Status ParallelFor(size_t items, const std::function<Status(size_t)>& fn) {
  const size_t threads = ParallelThreads(items);
  std::vector<std::optional<Failure>> failures(threads);
  std::vector<std::thread> workers;
  workers.reserve(threads - 1);
  for (size_t t = 1; t < threads; ++t) {
    try {
      workers.emplace_back([&, t] { failures[t] = RunStride(items, t, threads, fn); });
    } catch (const std::system_error&) {
      failures[t] = RunStride(items, t, threads, fn);  // no thread available: run it here
    }
  }
  failures[0] = RunStride(items, 0, threads, fn);
  for (std::thread& worker : workers) {
    worker.join();
  }
  const std::optional<Failure>* first = nullptr;
  for (const std::optional<Failure>& failure : failures) {
    if (failure.has_value() && (first == nullptr || failure->index < (*first)->index)) {
      first = &failure;
    }
  }
  return first == nullptr ? Status::Ok() : (*first)->status;
}

}  // namespace chancery::search::internal
