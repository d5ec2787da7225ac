// Replay driver for fuzz targets under g++ (no libFuzzer): runs every file in the directories
// or files named on the command line through LLVMFuzzerTestOneInput, plus a deterministic set of
// mutations of each (byte flips, truncations), so CI exercises every target on every run.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

void RunOne(const std::string& bytes) {
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

// Deterministic mutations: every prefix length on a coarse grid, and single-byte changes.
size_t RunMutations(const std::string& input) {
  size_t runs = 0;
  const size_t step = input.size() / 64 + 1;
  for (size_t cut = 0; cut < input.size(); cut += step) {
    RunOne(input.substr(0, cut));
    ++runs;
  }
  static constexpr char kBytes[] = {'\0', '\n', ':', ' ', '"', '{', '\xff', '/'};
  for (size_t pos = 0; pos < input.size(); pos += step) {
    for (char b : kBytes) {
      std::string mutated = input;
      mutated[pos] = b;
      RunOne(mutated);
      ++runs;
    }
  }
  return runs;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::filesystem::path> files;
  for (int i = 1; i < argc; ++i) {
    std::filesystem::path p(argv[i]);
    if (std::filesystem::is_directory(p)) {
      for (const auto& entry : std::filesystem::recursive_directory_iterator(p)) {
        if (entry.is_regular_file()) {
          files.push_back(entry.path());
        }
      }
    } else {
      files.push_back(p);
    }
  }
  if (files.empty()) {
    std::fprintf(stderr, "replay: no corpus files given\n");
    return 1;
  }
  size_t runs = 0;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    const std::string bytes = ss.str();
    RunOne(bytes);
    runs += 1 + RunMutations(bytes);
  }
  std::printf("replayed %zu corpus files, %zu inputs\n", files.size(), runs);
  return 0;
}
