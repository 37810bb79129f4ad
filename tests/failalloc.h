/*
 * failalloc.h - fail the N-th allocation, for the allocation-failure runs
 * (test_faults.c).
 *
 * Counted and failed: malloc, calloc, realloc, strdup and strndup called by
 * the program's own code (the binary is linked with ld's --wrap for each, so
 * the static libraries kcore, kdrivers and kslip are covered, not the shared
 * ones), every allocation sqlite makes (SQLITE_CONFIG_MALLOC), every one SDL
 * and SDL_ttf make (SDL_SetMemoryFunctions), and libqrencode's encoding as
 * one allocation (it answers NULL with ENOMEM when one of its own fails),
 * and each getline() (it may grow the line; -1 with ENOMEM when it fails).
 * Not counted: glibc's own (fopen ...), inih's line buffer, FreeType's.
 * Frees are not wrapped: what was allocated is freed as usual.
 */
#ifndef FAILALLOC_H
#define FAILALLOC_H

/* Hook sqlite and SDL; before either allocates anything.  0 or -1. */
int failalloc_install(void);

/* From now on, the n-th allocation fails (n >= 1); counting starts again. */
void failalloc_arm(long n);

/* Stop failing; how many allocations were made to fail since arming. */
long failalloc_disarm(void);

/* Allocations counted since arming. */
long failalloc_count(void);

#endif
