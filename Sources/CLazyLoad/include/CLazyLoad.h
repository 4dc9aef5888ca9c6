// Opens a shared library on first use (dlopen by SONAME) and resolves the functions the shims
// forward to, so that the dynamic loader does not load libcurl and libxml2, with their dozens of
// dependencies, at every start (issue 17). No logic beyond that.
#ifndef CLAZYLOAD_H
#define CLAZYLOAD_H

#include <stddef.h>

/// The exit code when a library cannot be loaded or lacks a function (EX_SOFTWARE).
#define LAZY_LOAD_EXIT_CODE 70

/// Opens `soname` (RTLD_NOW | RTLD_LOCAL) and stores the address of each of the `count` functions
/// named in `names` into `slots`. Returns 0, or -1 after writing into `message` (at most
/// `capacity` bytes, NUL-terminated) a line naming the library, the function if one is missing,
/// the loader's reason and the Debian package that provides the library.
int lazy_load_try(const char *soname, const char *package, const char *const *names, void **slots,
                  size_t count, char *message, size_t capacity);

/// `lazy_load_try`, but on failure prints the message on standard error and ends the process
/// with LAZY_LOAD_EXIT_CODE: the callers have no way to go on without the library.
void lazy_load_or_exit(const char *soname, const char *package, const char *const *names,
                       void **slots, size_t count);

#endif
