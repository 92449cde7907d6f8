/* arena.c - per-request bump allocator. */
#include "lib/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { ARENA_BLOCK = 16 * 1024 };

struct block {
	struct block *next;
	size_t size, used;
	alignas(max_align_t) unsigned char mem[];
};

struct defer {
	struct defer *next;
	void (*fn)(void *);
	void *arg;
};

struct arena {
	struct block *head;
	struct defer *defers;
	size_t total;
};

static void *xcalloc(size_t n)
{
	void *p = calloc(1, n);
	if (!p)
		abort();
	return p;
}

struct arena *arena_new(void)
{
	return xcalloc(sizeof(struct arena));
}

void arena_free(struct arena *a)
{
	if (!a)
		return;
	for (struct defer *d = a->defers; d; d = d->next)
		d->fn(d->arg);
	struct block *b = a->head;
	while (b) {
		struct block *next = b->next;
		free(b);
		b = next;
	}
	free(a);
}

void *arena_alloc(struct arena *a, size_t size)
{
	size_t align = alignof(max_align_t);
	size = (size + align - 1) & ~(align - 1);
	struct block *b = a->head;
	if (!b || b->size - b->used < size) {
		size_t bs = size > ARENA_BLOCK ? size : ARENA_BLOCK;
		b = xcalloc(sizeof(*b) + bs);
		b->size = bs;
		/* A big one-off allocation goes behind the current block so
		 * the remaining space of the current block stays usable. */
		if (a->head && size > ARENA_BLOCK) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	void *p = b->mem + b->used;
	b->used += size;
	a->total += size;
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_vprintf(struct arena *a, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return arena_strdup(a, "");
	char *p = arena_alloc(a, (size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *p = arena_vprintf(a, fmt, ap);
	va_end(ap);
	return p;
}

void arena_defer(struct arena *a, void (*fn)(void *), void *arg)
{
	struct defer *d = arena_alloc(a, sizeof(*d));
	d->fn = fn;
	d->arg = arg;
	d->next = a->defers;
	a->defers = d;
}

size_t arena_used(const struct arena *a)
{
	return a->total;
}
