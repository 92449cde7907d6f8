/* arena.h - per-request bump allocator.
 *
 * Everything a request allocates lives in one arena that is freed in one
 * call when the response has been sent, so handlers never free piecemeal.
 * Allocation aborts on out-of-memory (like tmux's xmalloc): callers never
 * check for NULL. */
#ifndef TUKI_ARENA_H
#define TUKI_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena;

struct arena *arena_new(void);
void arena_free(struct arena *a);

/* Zeroed, max_align_t-aligned memory valid until arena_free(). */
void *arena_alloc(struct arena *a, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

/* Registers a destructor run (last registered first) by arena_free(), for
 * objects owned by a request that are not arena memory (jansson values). */
void arena_defer(struct arena *a, void (*fn)(void *), void *arg);

/* Total bytes handed out, for tests and limits. */
size_t arena_used(const struct arena *a);

#endif
