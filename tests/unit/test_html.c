/* test_html.c - escaping primitives. */
#include "lib/html.h"

#include <string.h>

#include "check.h"

static void test_escape_specials(void)
{
	struct buf b;
	buf_init(&b, 1024);
	CHECK(html_escape(&b, "a&b<c>d\"e'f", 11) == 0);
	CHECK_STR(b.data, "a&amp;b&lt;c&gt;d&quot;e&#39;f");
	buf_free(&b);
}

static void test_escape_plain_and_empty(void)
{
	struct buf b;
	buf_init(&b, 1024);
	CHECK(html_escape(&b, "", 0) == 0);
	CHECK(b.len == 0);
	CHECK(html_escape(&b, "Päivää, maailma", strlen("Päivää, maailma")) == 0);
	CHECK_STR(b.data, "Päivää, maailma");
	buf_free(&b);
}

static void test_escape_respects_length(void)
{
	struct buf b;
	buf_init(&b, 1024);
	/* Only the first n bytes count, even past an embedded NUL. */
	CHECK(html_escape(&b, "<a>&", 2) == 0);
	CHECK_STR(b.data, "&lt;a");
	buf_free(&b);
}

static void test_escape_cap(void)
{
	struct buf b;
	buf_init(&b, 8);
	CHECK(html_escape(&b, "<<", 2) == 0);
	CHECK_STR(b.data, "&lt;&lt;");
	CHECK(html_escape(&b, "x", 1) == -1);
	buf_free(&b);
}

static void test_url_escape(void)
{
	struct buf b;
	buf_init(&b, 1024);
	const char *s = "AZaz09-._~ /?&=#%+\xc3\xa4";
	CHECK(html_url_escape(&b, s, strlen(s)) == 0);
	CHECK_STR(b.data, "AZaz09-._~%20%2F%3F%26%3D%23%25%2B%C3%A4");
	buf_free(&b);
}

static void test_url_escape_cap(void)
{
	struct buf b;
	buf_init(&b, 5);
	CHECK(html_url_escape(&b, "a b", 3) == 0);
	CHECK_STR(b.data, "a%20b");
	CHECK(html_url_escape(&b, "c", 1) == -1);
	buf_free(&b);
}

int main(void)
{
	RUN(test_escape_specials);
	RUN(test_escape_plain_and_empty);
	RUN(test_escape_respects_length);
	RUN(test_escape_cap);
	RUN(test_url_escape);
	RUN(test_url_escape_cap);
	return check_done();
}
