// `chancery audit ...`: the verifiable audit log (docs/format/audit-log.md): verify against a
// key kept apart, print the key, the latest checkpoint and proofs, read entries, and witness a
// log (remember its last checkpoint and check each new one extends it).
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>

#include "chancery/audit/checkpoint.h"
#include "chancery/audit/tlog.h"
#include "chancery/base/clock.h"
#include "chancery/base/strings.h"

#include "cli.h"
#include "witness.h"

namespace chancery::cli {

namespace {

nlohmann::json HashList(const std::vector<audit::Hash>& hashes) {
  nlohmann::json list = nlohmann::json::array();
  for (const audit::Hash& h : hashes) {
    list.push_back(audit::HashToBase64(h));
  }
  return list;
}

// --key takes a file holding the verifier key, or the key string itself.
Result<std::string> ReadKeyArgument(const std::string& arg) {
  std::ifstream in(arg, std::ios::binary);
  if (in) {
    std::ostringstream ss;
    ss << in.rdbuf();
    return std::string(Trim(ss.str()));
  }
  if (audit::ParseVerifierKey(arg).ok()) {
    return arg;
  }
  return NotFound("--key " + arg + ": no such file, and not a verifier key");
}

struct VerifyArgs {
  std::string key;
  std::string segments;
  bool without_segments = false;
};

int Verify(const GlobalOptions& global, const VerifyArgs& args) {
  records::AuditVerifyOptions options;
  if (!args.key.empty()) {
    Result<std::string> read = ReadKeyArgument(args.key);
    if (!read.ok()) {
      return Fail(read.status());
    }
    options.key = *read;
  }
  options.segments_dir = args.segments;
  options.without_segments = args.without_segments;
  const std::optional<std::string>& key = options.key;
  auto records = OpenRecords(global);
  if (!records.ok()) {
    return Fail(records.status());
  }
  auto report = (*records)->VerifyAudit(options);
  if (!report.ok()) {
    return Fail(report.status());
  }
  if (!key.has_value()) {
    std::printf("note: no --key given: trusting %s\n", report->key_source.c_str());
  }
  if (!report->status.ok()) {
    std::fprintf(stderr, "audit log FAILED after %lld good entries: %s\n",
                 static_cast<long long>(report->entries), report->status.ToString().c_str());
    return kExitFailed;
  }
  std::printf("audit log ok: %lld entries, %lld signed checkpoints, the latest covers %lld",
              static_cast<long long>(report->entries), static_cast<long long>(report->checkpoints),
              static_cast<long long>(report->checkpoint_size));
  if (report->uncovered > 0) {
    std::printf("; %lld entries after it are hash-linked but not yet signed",
                static_cast<long long>(report->uncovered));
  }
  std::printf("\n");
  if (report->archived > 0) {
    std::printf("%lld entries are in segment files outside the store",
                static_cast<long long>(report->archived));
    if (report->archived_unchecked > 0) {
      std::printf(
          "; %lld of them were checked by their tree hashes only (--without-segments), not "
          "their text",
          static_cast<long long>(report->archived_unchecked));
    } else {
      std::printf(", each checked against its recorded digest");
    }
    std::printf("\n");
  }
  return kExitOk;
}

struct ArchiveArgs {
  int64_t through = 0;
  double older_than_days = 0;
  std::string dir;
};

int Archive(const GlobalOptions& global, const ArchiveArgs& args) {
  auto records = OpenRecords(global);
  if (!records.ok()) {
    return Fail(records.status());
  }
  records::AuditArchiveOptions options;
  options.through = args.through;
  options.dir = args.dir;
  if (args.older_than_days > 0) {
    options.before_micros =
        SystemClock().NowMicros() - static_cast<int64_t>(args.older_than_days * 86'400e6);
  }
  auto segment = (*records)->ArchiveAudit(Operator(**records), options);
  if (!segment.ok()) {
    return Fail(segment.status());
  }
  std::printf("moved audit entries %lld..%lld to %s (sha256 %s)\n",
              static_cast<long long>(segment->first), static_cast<long long>(segment->last),
              segment->path.c_str(), segment->sha256.c_str());
  return kExitOk;
}

int PrintLog(const GlobalOptions& global, int64_t after, size_t limit) {
  auto records = OpenRecords(global);
  if (!records.ok()) {
    return Fail(records.status());
  }
  auto entries = (*records)->AuditLog(Operator(**records), after, limit);
  if (!entries.ok()) {
    return Fail(entries.status());
  }
  for (const auto& e : *entries) {
    std::printf("%lld\t%s\t%s\t%s\t%s\t%s\tids=%s\n", static_cast<long long>(e.seq),
                FormatIsoUtc(e.time_micros).c_str(), e.actor.c_str(), e.action.c_str(),
                e.target.c_str(), e.decision.c_str(), Join(e.ids, ",").c_str());
  }
  return kExitOk;
}

int PrintProof(const GlobalOptions& global, bool inclusion, int64_t a, int64_t b) {
  auto records = OpenRecords(global);
  if (!records.ok()) {
    return Fail(records.status());
  }
  if (b < 0) {
    Result<std::string> note = (*records)->AuditCheckpoint();
    Result<std::string> key = (*records)->AuditVerifierKey();
    if (!note.ok() || !key.ok()) {
      return Fail(!note.ok() ? note.status() : key.status());
    }
    Result<audit::NoteVerifier> verifier = audit::ParseVerifierKey(*key);
    Result<audit::Checkpoint> cp =
        verifier.ok() ? audit::OpenCheckpoint(*note, *verifier) : verifier.status();
    if (!cp.ok()) {
      return Fail(cp.status());
    }
    b = cp->size;  // default: the latest checkpoint's size
  }
  nlohmann::json j;
  if (inclusion) {
    auto proof = (*records)->ProveAuditInclusion(a, b);
    if (!proof.ok()) {
      return Fail(proof.status());
    }
    j = {{"index", proof->index},
         {"size", proof->size},
         {"leaf_hash", audit::HashToBase64(proof->leaf)},
         {"root", audit::HashToBase64(proof->root)},
         {"proof", HashList(proof->proof)}};
  } else {
    auto proof = (*records)->ProveAuditConsistency(a, b);
    if (!proof.ok()) {
      return Fail(proof.status());
    }
    j = {{"from", proof->from},
         {"to", proof->to},
         {"old_root", audit::HashToBase64(proof->old_root)},
         {"new_root", audit::HashToBase64(proof->new_root)},
         {"proof", HashList(proof->proof)}};
  }
  std::printf("%s\n", j.dump().c_str());
  return kExitOk;
}

template <typename Fn>
int WithRecords(const GlobalOptions& global, Fn fn) {
  auto records = OpenRecords(global);
  if (!records.ok()) {
    return Fail(records.status());
  }
  Result<std::string> text = fn(**records);
  if (!text.ok()) {
    return Fail(text.status());
  }
  std::printf("%s", text->c_str());
  if (text->empty() || text->back() != '\n') {
    std::printf("\n");
  }
  return kExitOk;
}

}  // namespace

void RegisterAudit(CLI::App& app, GlobalOptions& global, Runner& run) {
  auto* audit = app.add_subcommand("audit", "the verifiable audit log");
  audit->require_subcommand(1);

  auto* verify = audit->add_subcommand(
      "verify", "verify every entry and signed checkpoint (against --key, kept apart)");
  auto verify_args = std::make_shared<VerifyArgs>();
  verify->add_option("--key", verify_args->key,
                     "verifier key file (from `audit key`), or the key itself");
  verify->add_option("--segments", verify_args->segments,
                     "where the segment files are (default: <db>.audit-segments)");
  verify->add_flag("--without-segments", verify_args->without_segments,
                   "check moved-out entries by their tree hashes only, not their text");
  verify->callback([&global, &run, verify_args]() {
    run = [&global, verify_args]() { return Verify(global, *verify_args); };
  });

  auto* archive = audit->add_subcommand(
      "archive", "move the oldest entries, up to a signed checkpoint, to a segment file");
  auto archive_args = std::make_shared<ArchiveArgs>();
  archive->add_option("--through", archive_args->through,
                      "last entry to move (rounded down to a checkpoint; default: the latest)");
  archive->add_option("--older-than", archive_args->older_than_days,
                      "only entries older than this many days");
  archive->add_option("--dir", archive_args->dir,
                      "directory for segment files (default: <db>.audit-segments)");
  archive->callback([&global, &run, archive_args]() {
    run = [&global, archive_args]() { return Archive(global, *archive_args); };
  });

  auto* print_key = audit->add_subcommand("key", "print the log's verifier key (keep it apart)");
  print_key->callback([&global, &run]() {
    run = [&global]() {
      return WithRecords(global, [](records::Records& r) { return r.AuditVerifierKey(); });
    };
  });

  auto* checkpoint = audit->add_subcommand("checkpoint", "print the latest signed checkpoint");
  checkpoint->callback([&global, &run]() {
    run = [&global]() {
      return WithRecords(global, [](records::Records& r) { return r.AuditCheckpoint(); });
    };
  });

  auto* proof = audit->add_subcommand("proof", "print an inclusion or consistency proof (JSON)");
  proof->require_subcommand(1);
  auto index = std::make_shared<int64_t>(0);
  auto size = std::make_shared<int64_t>(-1);
  auto* inclusion = proof->add_subcommand("inclusion", "entry --index (0-based) in a tree");
  inclusion->add_option("--index", *index, "0-based entry index (seq - 1)")->required();
  inclusion->add_option("--size", *size, "tree size (default: the latest checkpoint's)");
  inclusion->callback([&global, &run, index, size]() {
    run = [&global, index, size]() { return PrintProof(global, true, *index, *size); };
  });
  auto from = std::make_shared<int64_t>(0);
  auto to = std::make_shared<int64_t>(-1);
  auto* consistency = proof->add_subcommand("consistency", "tree --from inside tree --to");
  consistency->add_option("--from", *from, "older tree size")->required();
  consistency->add_option("--to", *to, "newer tree size (default: the latest checkpoint's)");
  consistency->callback([&global, &run, from, to]() {
    run = [&global, from, to]() { return PrintProof(global, false, *from, *to); };
  });

  auto* witness = audit->add_subcommand(
      "witness", "check that SOURCE's latest checkpoint extends the last one seen (--state)");
  auto state = std::make_shared<std::string>();
  auto witness_key = std::make_shared<std::string>();
  auto source = std::make_shared<std::string>();
  witness->add_option("--state", *state, "file remembering the last checkpoint seen")->required();
  witness->add_option("--key", *witness_key,
                      "verifier key file or key (needed on the first run, kept in --state)");
  witness
      ->add_option("source", *source,
                   "a chanceryd URL (http://host:port), a store file, or a postgresql:// URL "
                   "(with --index and --keys)")
      ->required();
  witness->callback([&global, &run, state, witness_key, source]() {
    run = [&global, state, witness_key, source]() {
      std::optional<std::string> given;
      if (!witness_key->empty()) {
        Result<std::string> read = ReadKeyArgument(*witness_key);
        if (!read.ok()) {
          return Fail(read.status());
        }
        given = *read;
      }
      return RunWitness(*state, given, *source, global);
    };
  });

  auto* log = audit->add_subcommand("log", "print audit entries (administrative)");
  auto after = std::make_shared<int64_t>(0);
  auto limit = std::make_shared<size_t>(100);
  log->add_option("--after", *after, "only entries after this seq (default 0)");
  log->add_option("--limit", *limit, "at most this many entries (default 100)");
  log->callback([&global, &run, after, limit]() {
    run = [&global, after, limit]() { return PrintLog(global, *after, *limit); };
  });
}

}  // namespace chancery::cli
