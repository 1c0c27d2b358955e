// SPDX-License-Identifier: GPL-3.0-or-later
// glibc's malloc tuning: <malloc.h> is not part of Swift's Glibc module.
#include "_InterphaseShims.h"
#if defined(__GLIBC__)
#include <malloc.h>
#endif

int ip_limit_malloc_arenas(int arenas) {
#if defined(__GLIBC__)
    return mallopt(M_ARENA_MAX, arenas) == 1 ? 0 : 1;
#else
    (void)arenas;
    return 1;
#endif
}

int ip_fix_mmap_threshold(long bytes) {
#if defined(__GLIBC__)
    return mallopt(M_MMAP_THRESHOLD, (int)bytes) == 1 ? 0 : 1;
#else
    (void)bytes;
    return 1;
#endif
}
