// Proof bundles (issue 13 "Measure", docs/format/proof.md): bundle size ÷ text size and the time
// to make and to verify a bundle, for the seed record, a synthetic seed-sized cable (~3 KB of
// text) and a synthetic 50-page record (~150 KB), each with one name and one paragraph withheld.
//
//   proof_bench [--benchmark_...]        sizes are reported as counters
//   CHANCERY_PROOF_BENCH_OUT=DIR proof_bench   also writes DIR/<case>.json for the Python timing
//                                              (bench/archive/python_verify_time.py)
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "chancery/archive/commitment.h"
#include "chancery/audit/audit_log.h"
#include "chancery/audit/signing.h"
#include "chancery/format/archive_record.h"
#include "chancery/format/json.h"

namespace {

using namespace chancery;  // NOLINT(google-build-using-namespace): benchmark file only

constexpr char kSeed[] = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A cable whose body is `paragraphs` paragraphs of ~300 bytes of words; paragraph 1 names
// "Nguyen Van Minh" after its first word.
model::Cable Synthetic(size_t paragraphs) {
  static const std::vector<std::string> kWords = {
      "the",      "ambassador", "reported", "that",     "ministry", "delegation", "troops",
      "border",   "conference", "agreed",   "of",       "and",      "in",         "talks",
      "proposal", "Soviet",     "Chinese",  "telegram", "comrades", "position",   "1963,"};
  std::mt19937 rng(42);
  model::Cable cable;
  cable.id = "SYN-" + std::to_string(paragraphs);
  cable.title = "Synthetic record of " + std::to_string(paragraphs) + " paragraphs";
  cable.approvals = {{"Wu Xiuquan", model::ApprovalState::kApproved, {}, ""},
                     {"Zeng Yongquan", model::ApprovalState::kApproved, {}, ""}};
  for (size_t p = 0; p < paragraphs; ++p) {
    std::string text = p == 1 ? "Agent Nguyen Van Minh" : "Item";
    while (text.size() < 300) {
      text += " " + kWords[rng() % kWords.size()];
    }
    cable.body.push_back({text + ".", std::nullopt});
  }
  return cable;
}

// From the first to the last word unit of `pointer`.
archive::WithheldRun Whole(const model::Cable& cable, const std::string& pointer,
                           const std::string& marker) {
  const std::vector<archive::Field> fields = archive::CommittedFields(cable).value();
  for (const archive::Field& field : fields) {
    if (field.pointer == pointer) {
      const std::vector<archive::Unit> units = archive::SplitUnits(field.value);
      size_t first = 0;
      size_t end = units.size();
      while (first < end && !units[first].word) {
        ++first;
      }
      while (end > first && !units[end - 1].word) {
        --end;
      }
      return {pointer, first, end, marker};
    }
  }
  std::abort();
}

struct Case {
  std::string name;
  model::Cable original;
  std::vector<archive::WithheldRun> runs;
};

std::vector<Case>& Cases() {
  static std::vector<Case> cases = [] {
    std::vector<Case> out;
    const model::Cable seed =
        format::ParseArchiveRecord(ReadFile(CHANCERY_SHARED_DIR "/seed/000_68b43146905a32b5.txt"))
            .value();
    out.push_back(
        {"seed",
         seed,
         {Whole(seed, "/approvals/1/name", "[name not declassified]"),
          Whole(seed, "/enclosures/0/paragraphs/3/text", "[1 paragraph not declassified]")}});
    for (auto [name, paragraphs] : {std::pair<const char*, size_t>{"3KB", 10}, {"50page", 500}}) {
      model::Cable c = Synthetic(paragraphs);
      out.push_back({name,
                     c,
                     {archive::WithheldRun{"/body/1/text", 2, 7, "[name not declassified]"},
                      Whole(c, "/body/3/text", "[1 paragraph not declassified]")}});
    }
    return out;
  }();
  return cases;
}

const audit::Signer& TheSigner() {
  static const audit::Signer signer = [] {
    const std::string dir = std::filesystem::temp_directory_path() / "chancery-proof-bench";
    std::filesystem::create_directories(dir);
    return audit::Signer::LoadOrCreate(dir + "/bench.key").value();
  }();
  return signer;
}

std::string MakeBundleFor(const Case& c) {
  archive::BundleInput input;
  input.original = c.original;
  input.seed_hex = kSeed;
  input.withheld = c.runs;
  input.published = archive::ApplyRedactions(c.original, c.runs).value();
  const archive::Commitment commitment = archive::Commit(c.original, kSeed).value();
  archive::SignedCommitment& s = input.signed_commitment;
  s = {};
  s.kind = "release";
  s.record_id = c.original.id;
  s.record_version = 1;
  s.root_hex = commitment.root_hex;
  s.signer = "bench";
  s.public_key_hex = TheSigner().public_key_hex();
  s.key_audit_seq = 1;
  s.signature_hex = audit::SignMessage(
      TheSigner(), archive::CommitmentMessage(s.kind, s.record_id, 1, s.root_hex));
  return archive::MakeBundle(input).value();
}

// Text size: the bytes of every committed string field of the original (its text), and its
// canonical JSON.
size_t TextBytes(const model::Cable& cable) {
  size_t bytes = 0;
  const std::vector<archive::Field> fields = archive::CommittedFields(cable).value();
  for (const archive::Field& field : fields) {
    bytes += field.is_string ? field.value.size() : 0;
  }
  return bytes;
}

void SetSizes(benchmark::State& state, const Case& c, const std::string& bundle) {
  const double text = static_cast<double>(TextBytes(c.original));
  const double json = static_cast<double>(format::CableToJson(c.original).size());
  state.counters["text_bytes"] = text;
  state.counters["json_bytes"] = json;
  state.counters["bundle_bytes"] = static_cast<double>(bundle.size());
  state.counters["bundle_per_text"] = static_cast<double>(bundle.size()) / text;
  state.counters["bundle_per_json"] = static_cast<double>(bundle.size()) / json;
}

void BM_Verify(benchmark::State& state) {
  const Case& c = Cases()[static_cast<size_t>(state.range(0))];
  const std::string bundle = MakeBundleFor(c);
  if (!archive::VerifyBundle(bundle).ok) {
    state.SkipWithError("bundle does not verify");
    return;
  }
  for (auto _ : state) {
    benchmark::DoNotOptimize(archive::VerifyBundle(bundle));
  }
  state.SetLabel(c.name);
  SetSizes(state, c, bundle);
  if (const char* out = std::getenv("CHANCERY_PROOF_BENCH_OUT"); out != nullptr) {
    std::ofstream(std::string(out) + "/" + c.name + ".json", std::ios::binary) << bundle << "\n";
  }
}

void BM_MakeBundle(benchmark::State& state) {
  const Case& c = Cases()[static_cast<size_t>(state.range(0))];
  for (auto _ : state) {
    benchmark::DoNotOptimize(MakeBundleFor(c));
  }
  state.SetLabel(c.name);
}

BENCHMARK(BM_Verify)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MakeBundle)->DenseRange(0, 2)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
