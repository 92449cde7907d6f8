/* test_filename.c - upload names made safe, and file types from content. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "lib/arena.h"
#include "lib/filename.h"
#include "lib/filetype.h"
#include "lib/utf8.h"

static void test_paths_and_dots(void)
{
	struct arena *a = arena_new();
	CHECK_STR(filename_sanitize(a, "../../etc/passwd"), "passwd");
	CHECK_STR(filename_sanitize(a, "C:\\Users\\x\\shot.png"), "shot.png");
	CHECK_STR(filename_sanitize(a, "/abs/mixed\\path/n.txt"), "n.txt");
	CHECK_STR(filename_sanitize(a, "dir/"), "file");
	CHECK_STR(filename_sanitize(a, "..."), "file");
	CHECK_STR(filename_sanitize(a, ".."), "file");
	CHECK_STR(filename_sanitize(a, ".bashrc"), "bashrc");
	CHECK_STR(filename_sanitize(a, " . .hidden"), "hidden");
	CHECK_STR(filename_sanitize(a, "  report v2.pdf  "), "report v2.pdf");
	CHECK_STR(filename_sanitize(a, "   "), "file");
	CHECK_STR(filename_sanitize(a, ""), "file");
	CHECK_STR(filename_sanitize(a, NULL), "file");
	CHECK_STR(filename_sanitize(a, "archive.tar.gz"), "archive.tar.gz");
	CHECK_STR(filename_sanitize(a, "trailing.dot."), "trailing.dot.");
	arena_free(a);
}

static void test_bad_characters(void)
{
	struct arena *a = arena_new();
	CHECK_STR(filename_sanitize(a, "a\"b\r\nc.txt"), "a_b__c.txt");
	CHECK_STR(filename_sanitize(a, "tab\there\x7f.txt"), "tab_here_.txt");
	CHECK_STR(filename_sanitize(a, "a\xff\xfe" "b.txt"), "a__b.txt");       /* invalid bytes */
	CHECK_STR(filename_sanitize(a, "\xc0\xaf" "x"), "__x");                 /* overlong '/' */
	CHECK_STR(filename_sanitize(a, "\xed\xa0\x80.txt"), "___.txt");         /* surrogate */
	CHECK_STR(filename_sanitize(a, "cut\xc3"), "cut_");                     /* truncated */
	CHECK_STR(filename_sanitize(a, "c1\xc2\x85.txt"), "c1_.txt");           /* U+0085 */
	CHECK_STR(filename_sanitize(a, "evil\xe2\x80\xaegpj.exe"), "evil_gpj.exe"); /* U+202E */
	CHECK_STR(filename_sanitize(a, "kuvakaappaus ä.png"), "kuvakaappaus ä.png");
	CHECK_STR(filename_sanitize(a, "日本語.txt"), "日本語.txt");
	CHECK_STR(filename_sanitize(a, "semi;colon%20.txt"), "semi;colon%20.txt");
	arena_free(a);
}

static void test_long_names(void)
{
	struct arena *a = arena_new();
	char name[600];
	memset(name, 'a', 500);
	name[500] = '\0';
	const char *s = filename_sanitize(a, name);
	CHECK(strlen(s) == FILENAME_MAX_BYTES);

	/* "x" then 250 two-byte characters: a cut at 200 bytes would split one. */
	name[0] = 'x';
	for (size_t i = 0; i < 250; i++)
		memcpy(name + 1 + 2 * i, "ä", 2);
	name[501] = '\0';
	s = filename_sanitize(a, name);
	CHECK(strlen(s) <= FILENAME_MAX_BYTES && strlen(s) >= FILENAME_MAX_BYTES - 3);
	CHECK(utf8_valid(s, strlen(s)));

	/* A short extension survives the cut. */
	memcpy(name + 501, ".png", 5);
	s = filename_sanitize(a, name);
	size_t n = strlen(s);
	CHECK(n <= FILENAME_MAX_BYTES && utf8_valid(s, n));
	CHECK(n > 4 && strcmp(s + n - 4, ".png") == 0);

	/* A 4-byte character at the cut. */
	for (size_t i = 0; i < 125; i++)
		memcpy(name + 4 * i, "\xf0\x9f\x98\x80", 4);
	name[500] = '\0';
	s = filename_sanitize(a, name);
	CHECK(strlen(s) == FILENAME_MAX_BYTES && utf8_valid(s, strlen(s)));
	arena_free(a);
}

static void test_disposition(void)
{
	struct arena *a = arena_new();
	CHECK_STR(filename_disposition(a, "attachment", "report.pdf"),
		  "attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf");
	CHECK_STR(filename_disposition(a, "inline", "kuvakaappaus ä.png"),
		  "inline; filename=\"kuvakaappaus _.png\"; "
		  "filename*=UTF-8''kuvakaappaus%20%C3%A4.png");
	CHECK_STR(filename_disposition(a, "attachment", "日本.txt"),
		  "attachment; filename=\"__.txt\"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.txt");
	CHECK_STR(filename_disposition(a, "attachment", "a\"b;c%d.txt"),
		  "attachment; filename=\"a_b_c_d.txt\"; filename*=UTF-8''a_b%3Bc%25d.txt");
	CHECK_STR(filename_disposition(a, "attachment", "../../etc/passwd"),
		  "attachment; filename=\"passwd\"; filename*=UTF-8''passwd");
	CHECK_STR(filename_disposition(a, "attachment", ""),
		  "attachment; filename=\"file\"; filename*=UTF-8''file");
	CHECK_STR(filename_disposition(a, "inline\r\nX-Evil: 1", "x.png"),
		  "attachment; filename=\"x.png\"; filename*=UTF-8''x.png");
	CHECK_STR(filename_disposition(a, "attachment", "!#$&+-.^_`|~ok"),
		  "attachment; filename=\"!#$&+-.^_`|~ok\"; filename*=UTF-8''!#$&+-.^_`|~ok");
	arena_free(a);
}

/* The part between the quotes of filename="...". */
static const char *fallback_of(struct arena *a, const char *cd)
{
	const char *start = strstr(cd, "filename=\"");
	const char *end = strstr(cd, "\"; filename*=UTF-8''");
	if (!start || !end || end < start + 10)
		return NULL;
	return arena_strndup(a, start + 10, (size_t)(end - start - 10));
}

/* Every byte, alone and among others: the fallback never carries a
 * quote, backslash, semicolon or control, and the header never a
 * control character; filename* is only attr-chars and escapes. */
static void test_disposition_every_byte(void)
{
	struct arena *a = arena_new();
	for (int b = 1; b < 256; b++) {
		char name[8] = {'x', (char)b, 'y', (char)b, (char)b, '.', 't', '\0'};
		const char *cd = filename_disposition(a, "attachment", name);
		const char *fb = fallback_of(a, cd);
		CHECK(fb != NULL);
		if (!fb)
			continue;
		CHECK(strpbrk(fb, "\"\\;") == NULL);
		for (const char *p = cd; *p; p++)
			CHECK((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7f);
		const char *ext = strstr(cd, "UTF-8''") + 7;
		CHECK(strspn(ext, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				  "0123456789!#$&+-.^_`|~%") == strlen(ext));
	}
	arena_free(a);
}

static const unsigned char png[] = {
	0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
	0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89,
};
static const unsigned char jpeg[] = {
	0xff, 0xd8, 0xff, 0xe0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
	0xff, 0xdb, 0, 0x43, 0,
};
static const unsigned char gif[] = {
	'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff,
	'!', 0xf9, 4, 1, 0, 0, 0, 0, ',', 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 'D', 1, 0, ';',
};
static const unsigned char webp[] = {
	'R', 'I', 'F', 'F', 36, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' ',
	24, 0, 0, 0, 0x30, 1, 0, 0x9d, 1, '*', 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};
static const char svg[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">\n"
	"<script>alert(document.cookie)</script>\n"
	"<rect width=\"10\" height=\"10\"/></svg>\n";
static const char html[] =
	"<!DOCTYPE html>\n<html><head><title>x</title></head>\n"
	"<body><script>alert(1)</script></body></html>\n";

static const char *detect(struct filetype *ft, const void *data, size_t len)
{
	static char out[128];
	filetype_detect(ft, data, len, out, sizeof(out));
	return out;
}

static void test_filetype_images(void)
{
	char *err = NULL;
	struct filetype *ft = filetype_open(&err);
	CHECK(ft != NULL && err == NULL);
	if (!ft) {
		free(err);
		return;
	}
	CHECK_STR(detect(ft, png, sizeof(png)), "image/png");
	CHECK(filetype_is_inline_image(detect(ft, png, sizeof(png))));
	CHECK_STR(detect(ft, jpeg, sizeof(jpeg)), "image/jpeg");
	CHECK(filetype_is_inline_image(detect(ft, jpeg, sizeof(jpeg))));
	CHECK_STR(detect(ft, gif, sizeof(gif)), "image/gif");
	CHECK(filetype_is_inline_image(detect(ft, gif, sizeof(gif))));
	CHECK_STR(detect(ft, webp, sizeof(webp)), "image/webp");
	CHECK(filetype_is_inline_image(detect(ft, webp, sizeof(webp))));
	filetype_close(ft);
}

static void test_filetype_never_inline(void)
{
	char *err = NULL;
	struct filetype *ft = filetype_open(&err);
	CHECK(ft != NULL);
	if (!ft) {
		free(err);
		return;
	}
	CHECK_STR(detect(ft, svg, strlen(svg)), "image/svg+xml");
	CHECK(!filetype_is_inline_image(detect(ft, svg, strlen(svg))));
	CHECK_STR(detect(ft, html, strlen(html)), "text/html");
	CHECK(!filetype_is_inline_image(detect(ft, html, strlen(html))));

	unsigned char noise[4096];
	unsigned long x = 12345;
	for (size_t i = 0; i < sizeof(noise); i++) {
		x = x * 6364136223846793005UL + 1442695040888963407UL;
		noise[i] = (unsigned char)(x >> 56);
	}
	CHECK(!filetype_is_inline_image(detect(ft, noise, sizeof(noise))));
	/* Markup is never an image, whatever name it came under. */
	CHECK(!filetype_is_inline_image(detect(ft, "<html><body>hi</body></html>", 28)));
	CHECK(!filetype_is_inline_image(detect(ft, "", 0)));
	filetype_close(ft);
}

static void test_inline_types(void)
{
	CHECK(filetype_is_inline_image("image/png"));
	CHECK(filetype_is_inline_image("image/jpeg"));
	CHECK(filetype_is_inline_image("image/gif"));
	CHECK(filetype_is_inline_image("image/webp"));
	CHECK(!filetype_is_inline_image("image/svg+xml"));
	CHECK(!filetype_is_inline_image("image/bmp"));
	CHECK(!filetype_is_inline_image("IMAGE/PNG"));
	CHECK(!filetype_is_inline_image("image/png; x=1"));
	CHECK(!filetype_is_inline_image("text/html"));
	CHECK(!filetype_is_inline_image(""));
	CHECK(!filetype_is_inline_image(NULL));
}

int main(void)
{
	RUN(test_paths_and_dots);
	RUN(test_bad_characters);
	RUN(test_long_names);
	RUN(test_disposition);
	RUN(test_disposition_every_byte);
	RUN(test_filetype_images);
	RUN(test_filetype_never_inline);
	RUN(test_inline_types);
	return check_done();
}
