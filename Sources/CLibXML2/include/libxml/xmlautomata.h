// Forwards to the libxml2-dev header (see ../shim.h).
#include <libxml2/libxml/xmlautomata.h>
