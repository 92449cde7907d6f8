/* test_form.c - urlencoded decoding and input validation. */
#include <string.h>

#include "check.h"
#include "lib/arena.h"
#include "lib/err.h"
#include "lib/form.h"
#include "lib/utf8.h"

static int parse(struct arena *a, const char *s, struct form *f)
{
	return form_parse(a, s, strlen(s), f);
}

static void test_decode(void)
{
	struct arena *a = arena_new();
	struct form f;
	CHECK(parse(a, "name=Matti+Meik%C3%A4l%C3%A4inen&email=a%40b.fi&empty=&flag", &f) == 0);
	CHECK(f.n == 4);
	CHECK_STR(form_get(&f, "name"), "Matti Meikäläinen");
	CHECK_STR(form_get(&f, "email"), "a@b.fi");
	CHECK_STR(form_get(&f, "empty"), "");
	CHECK_STR(form_get(&f, "flag"), "");
	CHECK(form_get(&f, "missing") == NULL);
	CHECK(parse(a, "a=1&a=2&&", &f) == 0 && f.n == 2);
	CHECK_STR(form_get(&f, "a"), "1");
	CHECK(parse(a, "body=line1%0D%0Aline2%09tab", &f) == 0);
	CHECK_STR(form_get(&f, "body"), "line1\r\nline2\ttab");
	arena_free(a);
}

static void test_malformed(void)
{
	struct arena *a = arena_new();
	struct form f;
	CHECK(parse(a, "a=%zz", &f) == TK_EBADREQ);
	CHECK(parse(a, "a=%", &f) == TK_EBADREQ);
	CHECK(parse(a, "a=%4", &f) == TK_EBADREQ);
	CHECK(parse(a, "a=%ff%fe", &f) == TK_EBADREQ);      /* invalid UTF-8 */
	CHECK(parse(a, "a=%c0%af", &f) == TK_EBADREQ);      /* overlong '/' */
	CHECK(parse(a, "a=%ed%a0%80", &f) == TK_EBADREQ);   /* surrogate */
	CHECK(parse(a, "a=x%00y", &f) == TK_EBADREQ);       /* NUL */
	CHECK(parse(a, "a=%1b[31m", &f) == TK_EBADREQ);     /* escape */
	CHECK(parse(a, "na%0Ame=x", &f) == TK_EBADREQ);     /* newline in a name */
	arena_free(a);
}

static void test_field_cap(void)
{
	struct arena *a = arena_new();
	struct form f;
	char big[FORM_MAX_FIELDS * 4 + 16];
	size_t n = 0;
	for (int i = 0; i <= FORM_MAX_FIELDS; i++) {
		memcpy(big + n, "a=1&", 4);
		n += 4;
	}
	CHECK(form_parse(a, big, n, &f) == TK_ETOOLARGE);
	CHECK(form_parse(a, big, n - 8, &f) == 0 && f.n == FORM_MAX_FIELDS - 1);
	arena_free(a);
}

static void test_utf8(void)
{
	CHECK(utf8_valid("", 0));
	CHECK(utf8_valid("äö€𝄞", strlen("äö€𝄞")));
	CHECK(!utf8_valid("\xf4\x90\x80\x80", 4));  /* above U+10FFFF */
	CHECK(!utf8_valid("\xe2\x82", 2));          /* truncated */
	CHECK(!utf8_valid("\x80", 1));
	CHECK(utf8_length("äö€𝄞", strlen("äö€𝄞")) == 4);
}

int main(void)
{
	RUN(test_decode);
	RUN(test_malformed);
	RUN(test_field_cap);
	RUN(test_utf8);
	return check_done();
}
