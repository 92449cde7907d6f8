/* test_arena.c - the per-request allocator and the capped buffer. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "lib/arena.h"
#include "lib/buf.h"

static int deferred;

static void bump(void *p)
{
	deferred += *(int *)p;
}

static void test_alloc_aligned_and_zeroed(void)
{
	struct arena *a = arena_new();
	for (size_t n = 1; n < 5000; n += 37) {
		unsigned char *p = arena_alloc(a, n);
		CHECK(((uintptr_t)p % _Alignof(max_align_t)) == 0);
		int zero = 1;
		for (size_t i = 0; i < n; i++)
			zero &= p[i] == 0;
		CHECK(zero);
		memset(p, 0xAB, n);
	}
	char *big = arena_alloc(a, 1 << 20); /* larger than a block */
	big[(1 << 20) - 1] = 'x';
	CHECK(arena_used(a) >= (1 << 20));
	arena_free(a);
}

static void test_strings(void)
{
	struct arena *a = arena_new();
	CHECK_STR(arena_strdup(a, "tuki"), "tuki");
	CHECK_STR(arena_strndup(a, "tukipalvelu", 4), "tuki");
	CHECK_STR(arena_printf(a, "%s-%d", "id", 42), "id-42");
	CHECK(arena_strdup(a, NULL) == NULL);
	arena_free(a);
}

static void test_defer_runs_once(void)
{
	struct arena *a = arena_new();
	static int one = 1, ten = 10;
	deferred = 0;
	arena_defer(a, bump, &one);
	arena_defer(a, bump, &ten);
	CHECK(deferred == 0);
	arena_free(a);
	CHECK(deferred == 11);
}

static void test_buf_cap(void)
{
	struct buf b;
	buf_init(&b, 8);
	CHECK(buf_puts(&b, "12345") == 0);
	CHECK(buf_puts(&b, "6789") == -1);  /* would exceed 8 */
	CHECK_STR(b.data, "12345");         /* unchanged */
	CHECK(buf_printf(&b, "%d", 678) == 0);
	CHECK_STR(b.data, "12345678");
	CHECK(buf_putc(&b, 'x') == -1);
	size_t len;
	char *s = buf_steal(&b, &len);
	CHECK(len == 8 && strcmp(s, "12345678") == 0);
	CHECK(b.data == NULL && b.len == 0);
	free(s);
	buf_free(&b);
}

int main(void)
{
	RUN(test_alloc_aligned_and_zeroed);
	RUN(test_strings);
	RUN(test_defer_runs_once);
	RUN(test_buf_cap);
	return check_done();
}
