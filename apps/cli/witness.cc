#include "witness.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

#include <fcntl.h>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "chancery/audit/checkpoint.h"
#include "chancery/audit/tlog.h"
#include "chancery/base/durable_file.h"
#include "chancery/records/records.h"

#include "cli.h"

namespace chancery::cli {

namespace {

// Where checkpoints and proofs come from: a store opened locally, or chanceryd over HTTP.
class Source {
 public:
  virtual ~Source() = default;
  virtual Result<std::string> Checkpoint() = 0;
  // The consistency proof from `from` to `to`.
  virtual Result<std::vector<audit::Hash>> Consistency(int64_t from, int64_t to) = 0;
};

class StoreSource final : public Source {
 public:
  explicit StoreSource(std::unique_ptr<records::Records> records) : records_(std::move(records)) {}

  Result<std::string> Checkpoint() override { return records_->AuditCheckpoint(); }

  Result<std::vector<audit::Hash>> Consistency(int64_t from, int64_t to) override {
    CHANCERY_ASSIGN_OR_RETURN(records::ConsistencyProof proof,
                              records_->ProveAuditConsistency(from, to));
    return proof.proof;
  }

 private:
  std::unique_ptr<records::Records> records_;
};

class HttpSource final : public Source {
 public:
  explicit HttpSource(const std::string& url) : client_(url) {
    client_.set_connection_timeout(10, 0);
    client_.set_read_timeout(30, 0);
  }

  Result<std::string> Checkpoint() override { return Get("/api/audit/checkpoint"); }

  Result<std::vector<audit::Hash>> Consistency(int64_t from, int64_t to) override {
    CHANCERY_ASSIGN_OR_RETURN(
        std::string body,
        Get("/api/audit/consistency?from=" + std::to_string(from) + "&to=" + std::to_string(to)));
    std::vector<audit::Hash> proof;
    try {
      const nlohmann::json j = nlohmann::json::parse(body);
      for (const auto& item : j.at("proof")) {
        audit::Hash h;
        if (!audit::HashFromBase64(item.get<std::string>(), &h)) {
          return Corruption("consistency proof: a hash is not base64 of 32 bytes");
        }
        proof.push_back(h);
      }
    } catch (const nlohmann::json::exception& e) {
      return Corruption(std::string("consistency proof: ") + e.what());
    }
    return proof;
  }

 private:
  Result<std::string> Get(const std::string& path) {
    httplib::Result res = client_.Get(path.c_str());
    if (!res) {
      return Unavailable("GET " + path + ": " + httplib::to_string(res.error()));
    }
    if (res->status != 200) {
      return Unavailable("GET " + path + ": HTTP " + std::to_string(res->status) + ": " +
                         res->body);
    }
    return res->body;
  }

  httplib::Client client_;
};

struct State {
  std::string key;
  std::string checkpoint;  // the last accepted note; "" before the first
};

Result<std::optional<State>> LoadState(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return std::optional<State>();
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  try {
    const nlohmann::json j = nlohmann::json::parse(ss.str());
    return std::optional<State>(
        State{j.at("key").get<std::string>(), j.at("checkpoint").get<std::string>()});
  } catch (const nlohmann::json::exception& e) {
    return Corruption("witness state " + path + ": " + e.what());
  }
}

// Written whole to a private temporary file, synced, then renamed over the old state.
Status SaveState(const std::string& path, const State& state) {
  const std::string text =
      nlohmann::json({{"key", state.key}, {"checkpoint", state.checkpoint}}).dump(2) + "\n";
  if (Status saved = ReplaceFileDurably(path, text); !saved.ok()) {
    return IoError("cannot write witness state: " + std::string(saved.message()));
  }
  return Status::Ok();
}

int Alarm(const std::string& what) {
  std::fprintf(stderr, "witness ALARM: %s\n", what.c_str());
  return kExitFailed;
}

}  // namespace

int RunWitness(const std::string& state_path, const std::optional<std::string>& key,
               const std::string& source_name, const GlobalOptions& global) {
  Result<std::optional<State>> loaded = LoadState(state_path);
  if (!loaded.ok()) {
    return Fail(loaded.status());
  }
  State state;
  if (loaded->has_value()) {
    state = **loaded;
    if (key.has_value() && *key != state.key) {
      return Fail(InvalidArgument("--key differs from the key in " + state_path));
    }
  } else if (key.has_value()) {
    state.key = *key;
  } else {
    return Fail(InvalidArgument("first run: --key is needed (from `chancery audit key`)"));
  }
  Result<audit::NoteVerifier> verifier = audit::ParseVerifierKey(state.key);
  if (!verifier.ok()) {
    return Fail(verifier.status());
  }
  std::unique_ptr<Source> source;
  if (source_name.rfind("http://", 0) == 0 || source_name.rfind("https://", 0) == 0) {
    source = std::make_unique<HttpSource>(source_name);
  } else {
    GlobalOptions store = global;
    store.db = source_name;
    auto records = OpenRecords(store);
    if (!records.ok()) {
      return Fail(records.status());
    }
    source = std::make_unique<StoreSource>(std::move(records).value());
  }
  Result<std::string> note = source->Checkpoint();
  if (!note.ok()) {
    if (note.status().code() == StatusCode::kNotFound) {
      return Alarm("the source has no signed checkpoint: " + std::string(note.status().message()));
    }
    return Fail(note.status());
  }
  Result<audit::Checkpoint> latest = audit::OpenCheckpoint(*note, *verifier);
  if (!latest.ok()) {
    return Alarm("the source's checkpoint is not signed by the log's key: " +
                 std::string(latest.status().message()));
  }
  if (!state.checkpoint.empty()) {
    Result<audit::Checkpoint> old = audit::OpenCheckpoint(state.checkpoint, *verifier);
    if (!old.ok()) {
      return Fail(
          Corruption("witness state " + state_path + ": " + std::string(old.status().message())));
    }
    if (latest->size < old->size) {
      return Alarm("the log shrank: size " + std::to_string(old->size) + " seen before, now " +
                   std::to_string(latest->size));
    }
    if (latest->size == old->size && latest->root != old->root) {
      return Alarm("two different roots signed for size " + std::to_string(old->size));
    }
    if (old->size > 0 && latest->size > old->size) {
      Result<std::vector<audit::Hash>> proof = source->Consistency(old->size, latest->size);
      if (!proof.ok()) {
        return Alarm("no consistency proof from size " + std::to_string(old->size) + " to " +
                     std::to_string(latest->size) + ": " + std::string(proof.status().message()));
      }
      if (!audit::CheckTree(*proof, latest->size, latest->root, old->size, old->root).ok()) {
        return Alarm("the log of size " + std::to_string(latest->size) +
                     " does not extend the one of size " + std::to_string(old->size) +
                     " seen before: it was rewritten");
      }
    }
    std::printf("witness ok: %s size %lld -> %lld\n", latest->origin.c_str(),
                static_cast<long long>(old->size), static_cast<long long>(latest->size));
  } else {
    std::printf("witness ok: %s first checkpoint seen, size %lld\n", latest->origin.c_str(),
                static_cast<long long>(latest->size));
  }
  state.checkpoint = *note;
  if (Status s = SaveState(state_path, state); !s.ok()) {
    return Fail(s);
  }
  return kExitOk;
}

}  // namespace chancery::cli
