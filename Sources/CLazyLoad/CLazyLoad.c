#include "CLazyLoad.h"

#include <dlfcn.h>
#include <stdio.h>
#include <unistd.h>

int lazy_load_try(const char *soname, const char *package, const char *const *names, void **slots,
                  size_t count, char *message, size_t capacity) {
    void *library = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    if (library == NULL) {
        const char *reason = dlerror();
        snprintf(message, capacity, "briefing: cannot load %s: %s (install the Debian package %s)",
                 soname, reason != NULL ? reason : "unknown error", package);
        return -1;
    }
    for (size_t index = 0; index < count; index++) {
        dlerror();
        void *address = dlsym(library, names[index]);
        if (address == NULL) {
            const char *reason = dlerror();
            snprintf(message, capacity,
                     "briefing: %s has no function %s: %s (the Debian package %s is too old or damaged)",
                     soname, names[index], reason != NULL ? reason : "null address", package);
            return -1;
        }
        slots[index] = address;
    }
    return 0;
}

void lazy_load_or_exit(const char *soname, const char *package, const char *const *names,
                       void **slots, size_t count) {
    char message[1024];
    if (lazy_load_try(soname, package, names, slots, count, message, sizeof message) == 0) return;
    fprintf(stderr, "%s\n", message);
    fflush(stderr);
    // Other threads may be running: end at once rather than run exit handlers under them.
    _exit(LAZY_LOAD_EXIT_CODE);
}
