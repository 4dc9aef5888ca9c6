// Sets glibc's allocator up for one large input in a short-lived process (issue 17).
//
// A `feed inspect` of a 6 MB feed allocates a few tens of megabytes and exits. With glibc's
// defaults it grows the heap 128 KiB at a time, maps each block from 128 KiB up on its own (and
// maps it afresh each time an array doubles), and takes one page fault per 4 KiB page it
// touches: about 4,800 faults, about a third of the process's time on this machine. After
// process_heap_prepare_for_large_input() the heap grows 64 MiB at a time and keeps what is
// freed, blocks up to 32 MiB come from the heap, and the main heap is advised for transparent
// huge pages (MADV_HUGEPAGE, which the kernel honours in its `madvise` mode too), so it faults
// in 2 MiB pages. From outside, GLIBC_TUNABLES=glibc.malloc.hugetlb=1:glibc.malloc.top_pad=67108864
// does much the same. The process's peak memory is a few MiB higher.
//
// For commands that parse one large input and exit, called on the main thread before the parse;
// never for long-running ones; the caller decides what is large (`LocalFile.largeFileBytes`).
// Elsewhere than glibc it does nothing.
#ifndef CPROCESSHEAP_H
#define CPROCESSHEAP_H

/// Applies the settings above (the first call only). Returns 1 if the heap was advised, else 0:
/// the settings then apply in part or not at all, which costs speed, never correctness.
int process_heap_prepare_for_large_input(void);

#endif
