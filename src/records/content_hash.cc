#include "chancery/records/content_hash.h"

#include "chancery/audit/signing.h"
#include "chancery/format/json.h"

namespace chancery::records {

std::string ContentHash(const model::Cable& cable) {
  return audit::Sha256Hex(format::CableToJson(cable)).substr(0, 12);
}

}  // namespace chancery::records
