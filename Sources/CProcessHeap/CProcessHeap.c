#include "CProcessHeap.h"

#include <stdlib.h> // defines __GLIBC__ with glibc

#if defined(__GLIBC__)
#include <malloc.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

static int prepared = -1;

int process_heap_prepare_for_large_input(void) {
    if (prepared >= 0) return prepared;
    prepared = 0;
    const size_t megabyte = (size_t)1 << 20;
    if (mallopt(M_TOP_PAD, (int)(64 * megabyte)) != 1 ||
        mallopt(M_TRIM_THRESHOLD, (int)(128 * megabyte)) != 1 ||
        mallopt(M_MMAP_THRESHOLD, (int)(32 * megabyte)) != 1)
        return 0;
    // A first block under the new settings grows the main heap by the padding; from the next
    // 2 MiB boundary to the heap's end is then advised. A block that did not come from the end of
    // the main heap (it was free already, or the thread has another arena) is left alone.
    void *probe = malloc(megabyte);
    if (probe == NULL) return 0;
    void *end = sbrk(0);
    const uintptr_t huge = 2 * megabyte;
    uintptr_t start = ((uintptr_t)probe + huge - 1) & ~(huge - 1);
    uintptr_t stop = (uintptr_t)end;
    if (end != (void *)-1 && (uintptr_t)probe < stop && stop - (uintptr_t)probe <= 128 * megabyte &&
        start < stop)
        prepared = madvise((void *)start, stop - start, MADV_HUGEPAGE) == 0;
    free(probe);
    return prepared;
}

#else

int process_heap_prepare_for_large_input(void) { return 0; }

#endif
