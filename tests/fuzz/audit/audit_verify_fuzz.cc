// Arbitrary bytes, read as a sequence of audit entries and as a checkpoint, through the
// verifier: it must never crash, and must keep reporting the first error once it has failed.
//
// Input layout, repeated until the bytes run out: one control byte, then the fields of an entry
// (seq, time as 8 bytes each; actor, action, target, decision, ids, prev_hash, hash as one
// length byte and that many bytes). Control bit 0 repairs the entry's chain links and hash
// first, so that the fuzzer reaches deep into valid chains.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "chancery/audit/audit_log.h"
#include "chancery/audit/checkpoint.h"

namespace {

class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}

  bool empty() const { return data_.empty(); }

  uint8_t Byte() {
    if (data_.empty()) {
      return 0;
    }
    const auto byte = static_cast<uint8_t>(data_.front());
    data_.remove_prefix(1);
    return byte;
  }

  int64_t Int() {
    uint64_t value = 0;
    for (int i = 0; i < 8; ++i) {
      value = (value << 8) | Byte();
    }
    return static_cast<int64_t>(value);
  }

  std::string String() {
    const size_t wanted = Byte();
    const size_t length = std::min(wanted, data_.size());
    std::string out(data_.substr(0, length));
    data_.remove_prefix(length);
    return out;
  }

 private:
  std::string_view data_;
};

chancery::model::AuditEvent ReadEvent(Reader& reader) {
  chancery::model::AuditEvent event;
  event.seq = reader.Int();
  event.time_micros = reader.Int();
  event.actor = reader.String();
  event.action = reader.String();
  event.target = reader.String();
  event.decision = reader.String();
  for (uint8_t count = reader.Byte() % 4; count > 0; --count) {
    event.ids.push_back(reader.String());
  }
  event.prev_hash = reader.String();
  event.hash = reader.String();
  return event;
}

void FuzzChain(std::string_view data) {
  Reader reader(data);
  chancery::audit::ChainVerifier verifier;
  chancery::Status first_error;
  while (!reader.empty()) {
    const uint8_t control = reader.Byte();
    chancery::model::AuditEvent event = ReadEvent(reader);
    if ((control & 1U) != 0) {
      event.seq = verifier.size() + 1;
      event.prev_hash = verifier.head_hash();
      event.hash = chancery::audit::HashEvent(event);
    }
    const chancery::Status status = verifier.Add(event);
    if (!first_error.ok() && !(status == first_error)) {
      std::abort();  // an error must be sticky
    }
    if (first_error.ok() && !status.ok()) {
      first_error = status;
    }
  }
}

void FuzzCheckpoint(std::string_view data) {
  // A signed note that opens must re-render to the same body; none may crash the parser.
  static const chancery::Result<chancery::audit::NoteVerifier> verifier =
      chancery::audit::MakeVerifier(
          "chancery/audit/test",
          std::string_view("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
  (void)chancery::audit::ParseVerifierKey(data);
  auto body = chancery::audit::Checkpoint::ParseBody(data);
  if (body.ok() && body->Body() != data) {
    std::abort();  // a parsed body renders back to its bytes
  }
  if (verifier.ok()) {
    (void)chancery::audit::OpenCheckpoint(data, *verifier);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  FuzzChain(bytes);
  FuzzCheckpoint(bytes);
  return 0;
}
