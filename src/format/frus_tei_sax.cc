// The FRUS TEI importer's libxml2 driver: a SAX2 pass over the whole volume in memory, feeding
// the collector (frus_tei_collect.cc); no DOM is built. Errors are read from the parser context
// afterwards, so nothing is printed. docs/format/frus-tei.md.
#include <cstring>
#include <mutex>
#include <string>
#include <string_view>

#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include "chancery/base/strings.h"

#include "format/frus_tei_collector_internal.h"

namespace chancery::format::internal {
namespace {

// The first error libxml2 reports: later ones are mostly consequences of it.
struct FirstError {
  bool set = false;
  int64_t line = 0;
  int64_t column = 0;
  std::string message;
};

struct SaxState {
  xmlParserCtxtPtr ctxt;
  FrusCollector collector;
  FirstError first_error;
};

void OnStart(void* ctx, const xmlChar* localname, const xmlChar* /*prefix*/, const xmlChar* /*uri*/,
             int /*nb_namespaces*/, const xmlChar** /*namespaces*/, int nb_attributes,
             int /*nb_defaulted*/, const xmlChar** attributes) {
  auto* state = static_cast<SaxState*>(ctx);
  if (!state->collector.Start(reinterpret_cast<const char*>(localname), nb_attributes, attributes,
                              xmlSAX2GetLineNumber(state->ctxt))) {
    xmlStopParser(state->ctxt);
  }
}

void OnEnd(void* ctx, const xmlChar* /*localname*/, const xmlChar* /*prefix*/,
           const xmlChar* /*uri*/) {
  static_cast<SaxState*>(ctx)->collector.End();
}

void OnText(void* ctx, const xmlChar* text, int len) {
  static_cast<SaxState*>(ctx)->collector.Text(reinterpret_cast<const char*>(text),
                                              static_cast<size_t>(len));
}

void OnError(void* ctx, xmlErrorPtr error) {
  // libxml2 passes ctxt->userData; nothing goes to stderr.
  auto* state = static_cast<SaxState*>(ctx);
  if (state == nullptr || error == nullptr || error->level < XML_ERR_ERROR ||
      state->first_error.set) {
    return;
  }
  state->first_error = {true, error->line, error->int2,
                        error->message == nullptr ? "malformed xml" : error->message};
}

struct XmlError {
  int64_t line = 0;
  std::string text;  // "<file>:<line>:<col>: <message>"
};

XmlError ReadError(const SaxState& state, xmlParserCtxtPtr ctxt, std::string_view filename) {
  FirstError error = state.first_error;
  const xmlError* last = xmlCtxtGetLastError(ctxt);
  if (!error.set && last != nullptr && last->message != nullptr) {
    error = {true, last->line, last->int2, last->message};
  }
  std::string message(Trim(error.set ? error.message : "malformed xml"));
  if (!message.empty()) {
    message[0] = AsciiLower(message.substr(0, 1))[0];
  }
  return {error.line, std::string(filename) + ":" + std::to_string(error.line) + ":" +
                          std::to_string(error.column) + ": " + message};
}

}  // namespace

Result<FrusRawVolume> ReadFrusRaw(std::string_view xml, std::string_view filename) {
  static std::once_flag init_once;
  std::call_once(init_once, [] { xmlInitParser(); });
  xmlParserCtxtPtr ctxt = xmlCreateMemoryParserCtxt(xml.data(), static_cast<int>(xml.size()));
  if (ctxt == nullptr) {
    return Corruption(std::string(filename) + ":1:1: cannot create xml parser");
  }
  xmlCtxtUseOptions(ctxt,
                    XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  FrusRawVolume raw;
  SaxState state{ctxt, FrusCollector(&raw), {}};
  std::memset(ctxt->sax, 0, sizeof(*ctxt->sax));
  ctxt->sax->initialized = XML_SAX2_MAGIC;
  ctxt->sax->startElementNs = OnStart;
  ctxt->sax->endElementNs = OnEnd;
  ctxt->sax->characters = OnText;
  ctxt->sax->cdataBlock = OnText;
  ctxt->sax->serror = OnError;
  ctxt->userData = &state;
  xmlParseDocument(ctxt);
  const bool well_formed = ctxt->wellFormed != 0;
  const XmlError error = well_formed ? XmlError() : ReadError(state, ctxt, filename);
  xmlFreeParserCtxt(ctxt);
  if (!state.collector.saw_root()) {
    return Corruption(well_formed ? std::string(filename) + ":1:1: no root element" : error.text);
  }
  if (!state.collector.root_is_tei()) {
    return Corruption(std::string(filename) + ":1:1: root element is not tei");
  }
  if (!well_formed) {
    if (state.collector.completed_documents() == 0) {
      return Corruption(error.text);
    }
    raw.anomalies.push_back({raw.id, "", error.line, "markup-error",
                             "broken markup, documents after it are lost: " + error.text});
  }
  return raw;
}

}  // namespace chancery::format::internal
