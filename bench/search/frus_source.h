// Reads one FRUS volume file (.xml or .xml.zst) into records. Uses the product's TEI parser
// (chancery/format/frus_tei.h) when the tree has it; until then a crude stand-in that takes
// each document's head, dateline date and paragraphs, so that the harness can run.
#pragma once

#include <string>
#include <vector>

#include "chancery/base/result.h"
#include "chancery/model/cable.h"

namespace chancery::bench {

// The documents of the volume at `path`, in volume order. Errors name the file.
Result<std::vector<model::Cable>> ReadFrusVolume(const std::string& path);

// True when ReadFrusVolume uses the product parser (false: the stand-in).
bool UsesProductParser();

}  // namespace chancery::bench
