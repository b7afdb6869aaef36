#define _GNU_SOURCE
#include "CAllocationCounter.h"

#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define LPW_NO_INTERPOSITION 1
#endif
#endif
// glibc's __libc_* entry points exist on Linux only; elsewhere nothing is counted.
#if !defined(__linux__)
#define LPW_NO_INTERPOSITION 1
#endif

static _Atomic int counting;
static _Atomic uint64_t allocations;
static _Atomic uint64_t bytes;

static inline void record(size_t size) {
    if (atomic_load_explicit(&counting, memory_order_relaxed)) {
        atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
        atomic_fetch_add_explicit(&bytes, size, memory_order_relaxed);
    }
}

// Sanitizers interpose malloc themselves: under them (and off Linux) nothing is counted (the figures read 0).
#ifndef LPW_NO_INTERPOSITION
// glibc's implementations, which the interposed functions forward to.
extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void *__libc_memalign(size_t alignment, size_t size);

void *malloc(size_t size) {
    record(size);
    return __libc_malloc(size);
}

void *calloc(size_t count, size_t size) {
    record(count * size);
    return __libc_calloc(count, size);
}

void *realloc(void *pointer, size_t size) {
    record(size);
    return __libc_realloc(pointer, size);
}

void *memalign(size_t alignment, size_t size) {
    record(size);
    return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size) {
    record(size);
    return __libc_memalign(alignment, size);
}

int posix_memalign(void **out, size_t alignment, size_t size) {
    record(size);
    void *pointer = __libc_memalign(alignment, size);
    if (pointer == NULL) return ENOMEM;
    *out = pointer;
    return 0;
}
#endif

void lpw_allocations_begin(void) {
    atomic_store(&allocations, 0);
    atomic_store(&bytes, 0);
    atomic_store(&counting, 1);
}

void lpw_allocations_end(void) {
    atomic_store(&counting, 0);
}

uint64_t lpw_allocations_count(void) {
    return atomic_load(&allocations);
}

uint64_t lpw_allocations_bytes(void) {
    return atomic_load(&bytes);
}
