// libxml2, loaded on first use. The binary does not link libxml2 (nor, through it, ICU): this file
// defines the libxml2 functions that Extraction and TestSupport call, under their own names and
// signatures, and forwards each to libxml2.so.2's, resolved once (dlopen, then dlsym for every
// function at once). Add a function to the list below when Swift code starts calling it (the link
// fails until then). No data symbols or macros (xmlFree...) are used.
#include "shim.h"

#include <CLazyLoad.h>
#include <pthread.h>

// X(return type, name, parameters, arguments); XV for the functions that return nothing.
#define XML_FORWARDED(X, XV)                                                                       \
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

#define SLOT(type, name, parameters, arguments) slot_##name,
#define SLOT_VOID(name, parameters, arguments) slot_##name,
enum { XML_FORWARDED(SLOT, SLOT_VOID) slot_count };

#define NAME(type, name, parameters, arguments) #name,
#define NAME_VOID(name, parameters, arguments) #name,
static const char *const names[slot_count] = {XML_FORWARDED(NAME, NAME_VOID)};

static void *slots[slot_count];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void) { lazy_load_or_exit("libxml2.so.2", "libxml2", names, slots, slot_count); }

static inline void *const *xml_slots(void) {
    pthread_once(&once, load);
    return slots;
}

#define FORWARD(type, name, parameters, arguments)                                                 \
    type name parameters { return ((type(*) parameters)xml_slots()[slot_##name]) arguments; }
#define FORWARD_VOID(name, parameters, arguments)                                                  \
    void name parameters { ((void(*) parameters)xml_slots()[slot_##name]) arguments; }
XML_FORWARDED(FORWARD, FORWARD_VOID)
