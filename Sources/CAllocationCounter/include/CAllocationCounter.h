// Counts heap allocations for the in-process benchmarks (PolicyBench only, never the server): malloc and its
// siblings are interposed in the executable and forwarded to glibc's own implementations.
#ifndef C_ALLOCATION_COUNTER_H
#define C_ALLOCATION_COUNTER_H

#include <stdint.h>

/// Starts counting from zero; every thread's allocations count (the benchmarks are single-threaded).
void lpw_allocations_begin(void);
/// Stops counting.
void lpw_allocations_end(void);
/// Allocations made while counting.
uint64_t lpw_allocations_count(void);
/// Bytes requested by those allocations.
uint64_t lpw_allocations_bytes(void);

#endif
