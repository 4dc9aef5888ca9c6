#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H
// libxml2's headers as the Swift code sees them. The binary does not link libxml2: CLibXML2.c
// defines the functions called and loads libxml2.so.2 on first use. The headers come from
// libxml2-dev, through the forwarders in libxml/ (each includes <libxml2/libxml/NAME.h>), which
// stand in for pkg-config's -I: SwiftPM would also take pkg-config's -lxml2, which loads
// libxml2 and ICU at every start.
// libxml2's headers pull in the system ICU headers when libxml2 was built with ICU; those clash
// with the ICU that Foundation carries. Nothing here needs ICU types, so leave them out.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#endif
