// What glibc's allocator holds for the process, for the cache benchmarks: the bytes of live allocations, which,
// unlike RSS, neither freed pages the allocator keeps nor fragmentation move.
#ifndef C_HEAP_STATS_H
#define C_HEAP_STATS_H

#include <stddef.h>

/// Bytes in allocated chunks across every arena, plus the allocations served by mmap (glibc `mallinfo2`).
size_t lpw_heap_bytes_in_use(void);

#endif
