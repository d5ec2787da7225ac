// The short content hash a citation carries (docs/citations.md): the first 12 hex digits of
// SHA-256 over the version's canonical JSON (format::CableToJson, docs/format/json.md), the
// encoding the store keeps. Pure; thread-safe.
#pragma once

#include <string>

#include "chancery/model/cable.h"

namespace chancery::records {

std::string ContentHash(const model::Cable& cable);

}  // namespace chancery::records
