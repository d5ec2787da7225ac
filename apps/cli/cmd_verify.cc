// `chancery verify FILE [--key HEX]`: checks a proof bundle offline (docs/format/proof.md §8).
// Needs no store: everything it checks is in the bundle. Prints "OK" and what the bundle proves,
// or one line per failure; exits 1 on any failure.
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "chancery/archive/commitment.h"

#include "cli.h"

namespace chancery::cli {
namespace {

struct VerifyArgs {
  std::string file;
  std::string key;  // the public key the reader trusts for the signer (hex); "" = any
};

// What the bundle says of a key is a claim (docs/format/proof.md §6.1, §6.4): nothing in it
// proves whose key it is.
void PrintKeyClaim(int64_t key_audit_seq, bool pinned) {
  if (pinned) {
    std::printf("  key: the key you gave (--key)\n");
  } else if (key_audit_seq > 0) {
    std::printf(
        "  key: claimed, registered at audit entry %lld (check it against the audit log, or "
        "pass the key you trust: --key)\n",
        static_cast<long long>(key_audit_seq));
  } else {
    std::printf("  key: claimed, its registration not stated (pass the key you trust: --key)\n");
  }
}

int RunVerify(const VerifyArgs& args) {
  std::ifstream in(args.file, std::ios::binary);
  if (!in) {
    return Fail(NotFound("no such file " + args.file));
  }
  std::ostringstream text;
  text << in.rdbuf();
  archive::VerifyReport report = archive::VerifyBundle(text.str());
  const archive::SignedCommitment& s = report.signed_commitment;
  if (!args.key.empty() && !s.public_key_hex.empty() && s.public_key_hex != args.key) {
    report.failures.push_back("signature: a wrong key: the bundle is signed with " +
                              s.public_key_hex + ", not the key you gave");
    report.ok = false;
  }
  if (!report.ok) {
    std::printf("FAIL: %s\n", args.file.c_str());
    for (const std::string& failure : report.failures) {
      std::printf("  %s\n", failure.c_str());
    }
    return kExitFailed;
  }
  std::printf("OK: %s\n", args.file.c_str());
  std::printf("  the published text is record %s version %lld minus its marked runs\n",
              s.record_id.c_str(), static_cast<long long>(s.record_version));
  std::printf("  signed (%s) by %s with key %s\n", s.kind.c_str(), s.signer.c_str(),
              s.public_key_hex.c_str());
  PrintKeyClaim(s.key_audit_seq, !args.key.empty());
  if (s.publication.has_value()) {
    std::printf(
        "  publication statement: signed by %s with key %s over the whole published record "
        "(text, markers, /id, /current_label, /publication)\n",
        s.publication->signer.c_str(), s.publication->public_key_hex.c_str());
    PrintKeyClaim(s.publication->key_audit_seq, false);
  } else {
    std::printf(
        "  publication statement: absent (published before publication statements): the "
        "markers' codes, /id, /current_label and /publication are not signed\n");
  }
  return kExitOk;
}

}  // namespace

void RegisterVerify(CLI::App& app, GlobalOptions& /*global*/, Runner& run) {
  auto args = std::make_shared<VerifyArgs>();
  CLI::App* verify =
      app.add_subcommand("verify", "check a proof bundle offline (docs/format/proof.md)");
  verify->add_option("FILE", args->file, "the bundle (JSON), as chancery proof writes it")
      ->required();
  verify->add_option("--key", args->key, "the signer's public key you trust (64 hex digits)");
  verify->callback([&run, args] { run = [args] { return RunVerify(*args); }; });
}

}  // namespace chancery::cli
