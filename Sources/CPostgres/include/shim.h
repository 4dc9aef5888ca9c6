#ifndef CPOSTGRES_SHIM_H
#define CPOSTGRES_SHIM_H
// libpq's header as the Swift code sees it (libpq-dev). The binary does not link libpq:
// CPostgres.c defines the functions called and loads libpq.so.5 on first use, so that a
// configuration on SQLite never maps it (issue 17's reason, and issue 19's back end).
#include <stddef.h>
#include <postgresql/libpq-fe.h>

/// Loads libpq now, if it is not loaded yet. Returns 0, or -1 after writing into `message` (at
/// most `capacity` bytes) one line naming the library, the loader's reason and the Debian package.
int cpostgres_load(char *message, size_t capacity);
#endif
