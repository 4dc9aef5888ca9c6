// libxml2, loaded on first use. The binary does not link libxml2 (nor, through it, ICU): this file
// defines the libxml2 functions that Extraction and TestSupport call, under their own names and
// signatures, and forwards each to libxml2.so.2's, resolved once (dlopen, then dlsym for every
// function at once). Add a function to the list below when Swift code starts calling it (the link
// fails until then). No data symbols or macros (xmlFree...) are used.
#include "shim.h"

#include <CLazyLoad.h>

// The functions, as LAZY_LIBRARY lists them (CLazyLoad.h).
#define XML_FORWARDED(X, XV, XA)                                                                     \
    X(htmlParserCtxtPtr, htmlCreateMemoryParserCtxt, (const char *buffer, int size),               \
      (buffer, size))                                                                              \
    X(int, htmlCtxtUseOptions, (htmlParserCtxtPtr ctxt, int options), (ctxt, options))           \
    X(int, htmlParseDocument, (htmlParserCtxtPtr ctxt), (ctxt))                                    \
    X(htmlDocPtr, htmlReadMemory,                                                                  \
      (const char *buffer, int size, const char *URL, const char *encoding, int options),          \
      (buffer, size, URL, encoding, options))                                                      \
    X(xmlChar *, xmlBufContent, (const xmlBuf *buf), (buf))                                        \
    X(size_t, xmlBufUse, (const xmlBufPtr buf), (buf))                                             \
    X(xmlCharEncodingHandlerPtr, xmlFindCharEncodingHandler, (const char *name), (name))           \
    XV(xmlFreeDoc, (xmlDocPtr cur), (cur))                                                         \
    XV(xmlFreeParserCtxt, (xmlParserCtxtPtr ctxt), (ctxt))                                         \
    XV(xmlFreeParserInputBuffer, (xmlParserInputBufferPtr in), (in))                               \
    X(xmlParserInputBufferPtr, xmlParserInputBufferCreateFilename,                                 \
      (const char *URI, xmlCharEncoding enc), (URI, enc))                                          \
    X(int, xmlParserInputBufferRead, (xmlParserInputBufferPtr in, int len), (in, len))             \
    X(int, xmlSwitchToEncoding, (xmlParserCtxtPtr ctxt, xmlCharEncodingHandlerPtr handler),        \
      (ctxt, handler))

LAZY_LIBRARY("libxml2.so.2", "libxml2", XML_FORWARDED)
