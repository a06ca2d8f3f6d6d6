#ifndef LMARENA2API_CMALLOC_SHIM_H
#define LMARENA2API_CMALLOC_SHIM_H

#ifdef __linux__
#include <malloc.h>

/// Heap bytes allocated and not freed, from glibc's `mallinfo2` (0 elsewhere).
static inline unsigned long lmarena_heap_in_use(void) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    return (unsigned long)mallinfo2().uordblks;
#else
    return 0;
#endif
}

/// Hands free heap memory back to the system (glibc's `malloc_trim`); 1 when some was returned.
static inline int lmarena_trim_heap(void) {
#if defined(__GLIBC__)
    return malloc_trim(0);
#else
    return 0;
#endif
}
#else
static inline unsigned long lmarena_heap_in_use(void) { return 0; }
static inline int lmarena_trim_heap(void) { return 0; }
#endif

#endif
