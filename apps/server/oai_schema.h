// The XML schema of the OAI-PMH `chancery` metadata format (docs/format/oai-chancery.xsd),
// compiled into chanceryd so that the schema location it advertises always resolves.
#pragma once

#include <string_view>

namespace chancery::server {

// The text of docs/format/oai-chancery.xsd as it was when chanceryd was built.
std::string_view OaiChancerySchema();

}  // namespace chancery::server
