// Opens a shared library on first use (dlopen by SONAME) and resolves the functions the shims
// forward to, so that the dynamic loader does not load libcurl and libxml2, with their dozens of
// dependencies, at every start (issue 17). No logic beyond that.
#ifndef CLAZYLOAD_H
#define CLAZYLOAD_H

#include <pthread.h>
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

/// Defines, in the including file, every function of LIST, each forwarding to the one of that name
/// in `soname`, which is loaded on the first call to any of them (lazy_load_or_exit).
///
/// LIST(X, XV, XA) names each function as X(return type, name, (parameters), (arguments)), or
/// XV(name, (parameters), (arguments)) when it returns nothing, or XA(name) when only its address
/// is wanted (variadic functions: `lazy_function(lazy_slot_NAME)` gives it).
#define LAZY_LIBRARY(soname, package, LIST)                                                         \
    enum { LIST(LAZY_SLOT_, LAZY_SLOT_VOID_, LAZY_SLOT_ADDRESS_) lazy_slot_count };               \
    static const char *const lazy_names[lazy_slot_count] = {                                      \
        LIST(LAZY_NAME_, LAZY_NAME_VOID_, LAZY_NAME_ADDRESS_)};                                   \
    static void *lazy_slots[lazy_slot_count];                                                     \
    static pthread_once_t lazy_once = PTHREAD_ONCE_INIT;                                          \
    static void lazy_load(void) {                                                                 \
        lazy_load_or_exit(soname, package, lazy_names, lazy_slots, lazy_slot_count);               \
    }                                                                                             \
    static inline void *lazy_function(int slot) {                                                 \
        pthread_once(&lazy_once, lazy_load);                                                      \
        return lazy_slots[slot];                                                                  \
    }                                                                                             \
    LIST(LAZY_FORWARD_, LAZY_FORWARD_VOID_, LAZY_FORWARD_ADDRESS_)

#define LAZY_SLOT_(type, name, parameters, arguments) lazy_slot_##name,
#define LAZY_SLOT_VOID_(name, parameters, arguments) lazy_slot_##name,
#define LAZY_SLOT_ADDRESS_(name) lazy_slot_##name,
#define LAZY_NAME_(type, name, parameters, arguments) #name,
#define LAZY_NAME_VOID_(name, parameters, arguments) #name,
#define LAZY_NAME_ADDRESS_(name) #name,
#define LAZY_FORWARD_(type, name, parameters, arguments)                                            \
    type name parameters { return ((type(*) parameters)lazy_function(lazy_slot_##name)) arguments; }
#define LAZY_FORWARD_VOID_(name, parameters, arguments)                                             \
    void name parameters { ((void(*) parameters)lazy_function(lazy_slot_##name)) arguments; }
#define LAZY_FORWARD_ADDRESS_(name)

#endif
