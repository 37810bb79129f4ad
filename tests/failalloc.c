/*
 * failalloc.c - see failalloc.h.
 */
#include "failalloc.h"

#include <errno.h>
#include <qrencode.h>
#include <SDL.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

/* the real functions (ld --wrap=NAME makes them __real_NAME) */
void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
char *__real_strdup(const char *s);
char *__real_strndup(const char *s, size_t n);
QRcode *__real_QRcode_encodeString8bit(const char *s, int version, QRecLevel level);
ssize_t __real_getline(char **line, size_t *cap, FILE *f);

void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_strndup(const char *s, size_t n);
QRcode *__wrap_QRcode_encodeString8bit(const char *s, int version, QRecLevel level);
ssize_t __wrap_getline(char **line, size_t *cap, FILE *f);

static long fail_at, count, failed;

/* One more allocation: 1 if it is the one to fail. */
static int fails(void)
{
	if (fail_at <= 0 || ++count != fail_at)
		return 0;
	failed++;
	errno = ENOMEM;
	return 1;
}

void failalloc_arm(long n)
{
	fail_at = n;
	count = 0;
	failed = 0;
}

long failalloc_disarm(void)
{
	long f = failed;
	fail_at = 0;
	return f;
}

long failalloc_count(void)
{
	return count;
}

void *__wrap_malloc(size_t n)
{
	return fails() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return fails() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
	return fails() ? NULL : __real_realloc(p, n);
}

char *__wrap_strdup(const char *s)
{
	return fails() ? NULL : __real_strdup(s);
}

char *__wrap_strndup(const char *s, size_t n)
{
	return fails() ? NULL : __real_strndup(s, n);
}

/* libqrencode allocates inside; NULL with ENOMEM is how it says it failed */
QRcode *__wrap_QRcode_encodeString8bit(const char *s, int version, QRecLevel level)
{
	return fails() ? NULL : __real_QRcode_encodeString8bit(s, version, level);
}

/* glibc's getline may grow the line: each call counts as an allocation */
ssize_t __wrap_getline(char **line, size_t *cap, FILE *f)
{
	return fails() ? -1 : __real_getline(line, cap, f);
}

/* sqlite's allocations, through its own configuration */
static sqlite3_mem_methods sqlite_real;

static void *sq_malloc(int n)
{
	return fails() ? NULL : sqlite_real.xMalloc(n);
}

static void *sq_realloc(void *p, int n)
{
	return fails() ? NULL : sqlite_real.xRealloc(p, n);
}

/* SDL's and SDL_ttf's, through SDL's */
static SDL_malloc_func sdl_malloc;
static SDL_calloc_func sdl_calloc;
static SDL_realloc_func sdl_realloc;
static SDL_free_func sdl_free;

static void *SDLCALL s_malloc(size_t n)
{
	return fails() ? NULL : sdl_malloc(n);
}

static void *SDLCALL s_calloc(size_t n, size_t size)
{
	return fails() ? NULL : sdl_calloc(n, size);
}

static void *SDLCALL s_realloc(void *p, size_t n)
{
	return fails() ? NULL : sdl_realloc(p, n);
}

int failalloc_install(void)
{
	sqlite3_mem_methods m;
	if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &sqlite_real) != SQLITE_OK)
		return -1;
	m = sqlite_real;
	m.xMalloc = sq_malloc;
	m.xRealloc = sq_realloc;
	if (sqlite3_config(SQLITE_CONFIG_MALLOC, &m) != SQLITE_OK)
		return -1;
	SDL_GetOriginalMemoryFunctions(&sdl_malloc, &sdl_calloc, &sdl_realloc, &sdl_free);
	return SDL_SetMemoryFunctions(s_malloc, s_calloc, s_realloc, sdl_free) == 0 ? 0 : -1;
}
