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
#else
static inline unsigned long lmarena_heap_in_use(void) { return 0; }
#endif

#endif
