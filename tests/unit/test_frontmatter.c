/* test_frontmatter.c - the Markdown front-matter parser and writer. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/frontmatter.h"

static int parse(struct arena *a, const char *text, struct frontmatter *f,
		 struct frontmatter_error *err)
{
	return frontmatter_parse(a, text, strlen(text), f, err);
}

static void test_basic(void)
{
	struct arena *a = arena_new();
	struct frontmatter f;
	struct frontmatter_error err;
	const char *text = "---\n"
			   "title: Kuinka vaihdan toimitustavan?\n"
			   "lang: fi\n"
			   "\n"
			   "# a comment line\n"
			   "category:   Shipping  \n"
			   "slug: \"vaihda-toimitustapa\"\n"
			   "note: 'it''s: #1'\n"
			   "url: http://x.example/a#b: c\n"
			   "empty:\n"
			   "---\n"
			   "\n"
			   "Body line 1\n";
	CHECK(parse(a, text, &f, &err) == 0);
	CHECK(f.n == 7);
	CHECK_STR(frontmatter_get(&f, "title"), "Kuinka vaihdan toimitustavan?");
	CHECK_STR(frontmatter_get(&f, "category"), "Shipping");
	CHECK_STR(frontmatter_get(&f, "slug"), "vaihda-toimitustapa");
	CHECK_STR(frontmatter_get(&f, "note"), "it's: #1");
	CHECK_STR(frontmatter_get(&f, "url"), "http://x.example/a#b: c");
	CHECK_STR(frontmatter_get(&f, "empty"), "");
	CHECK(frontmatter_get(&f, "missing") == NULL);
	CHECK(frontmatter_line(&f, "category") == 6);
	CHECK(frontmatter_line(&f, "missing") == 0);
	CHECK_STR(f.body, "Body line 1\n");
	CHECK(f.body_len == 12);
	CHECK(f.body_line == 13);
	arena_free(a);
}

static void test_escapes(void)
{
	struct arena *a = arena_new();
	struct frontmatter f;
	struct frontmatter_error err;
	const char *text = "---\n"
			   "a: \"q\\\" b\\\\ s\\/ n\\n t\\t r\\r b\\b f\\f\"\n"
			   "u: \"\\u00e4\\u20AC \\uD83D\\uDE00\"  \n"
			   "raw: \"tab\there\"\n"
			   "---\n";
	CHECK(parse(a, text, &f, &err) == 0);
	CHECK_STR(frontmatter_get(&f, "a"), "q\" b\\ s/ n\n t\t r\r b\b f\f");
	CHECK_STR(frontmatter_get(&f, "u"), "\xC3\xA4\xE2\x82\xAC \xF0\x9F\x98\x80");
	CHECK_STR(frontmatter_get(&f, "raw"), "tab\there");
	CHECK_STR(f.body, "");
	arena_free(a);
}

static void test_crlf_and_bom(void)
{
	struct arena *a = arena_new();
	struct frontmatter f;
	struct frontmatter_error err;
	const char *text = "\xEF\xBB\xBF---\r\ntitle: \"Hei\"\r\nlang: fi\r\n---\r\n\r\nRivi\r\n";
	CHECK(parse(a, text, &f, &err) == 0);
	CHECK_STR(frontmatter_get(&f, "title"), "Hei");
	CHECK_STR(frontmatter_get(&f, "lang"), "fi");
	CHECK_STR(f.body, "Rivi\r\n");
	CHECK(f.body_line == 6);
	arena_free(a);
}

static void test_empty_body(void)
{
	struct arena *a = arena_new();
	struct frontmatter f;
	struct frontmatter_error err;
	CHECK(parse(a, "---\nk: v\n---", &f, &err) == 0);
	CHECK_STR(f.body, "");
	CHECK(parse(a, "---\n---\n", &f, &err) == 0);
	CHECK(f.n == 0);
	CHECK_STR(f.body, "");
	CHECK(parse(a, "---\n---\n\n", &f, &err) == 0);
	CHECK_STR(f.body, "");
	CHECK(parse(a, "---\n---\n\n\nx", &f, &err) == 0);
	CHECK_STR(f.body, "\nx");
	CHECK(parse(a, "---  \nk: v\n--- \nx", &f, &err) == 0);
	CHECK_STR(f.body, "x");
	arena_free(a);
}

/* Each bad text fails on the expected line with a message. */
static void expect_error(const char *text, size_t len, int line, const char *word)
{
	struct arena *a = arena_new();
	struct frontmatter f;
	struct frontmatter_error err;
	int rc = frontmatter_parse(a, text, len, &f, &err);
	CHECK(rc == -1);
	if (rc == -1 && (err.line != line || !strstr(err.message, word)))
		printf("#   for %.40s: line %d \"%s\", want line %d with \"%s\"\n", text,
		       err.line, err.message, line, word);
	CHECK(err.line == line);
	CHECK(strstr(err.message, word) != NULL);
	arena_free(a);
}

#define EXPECT_ERROR(text, line, word) expect_error(text, sizeof(text) - 1, line, word)

static void test_errors(void)
{
	EXPECT_ERROR("", 1, "opening");
	EXPECT_ERROR("title: x\n---\n", 1, "opening");
	EXPECT_ERROR("\n---\nk: v\n---\n", 1, "opening");
	EXPECT_ERROR("----\nk: v\n---\n", 1, "opening");
	EXPECT_ERROR("---\nk: v\n", 1, "closing");
	EXPECT_ERROR("---\nk: v\n\n# c\n", 1, "closing");
	EXPECT_ERROR("---\nk: v\njust text\n---\n", 3, "':'");
	EXPECT_ERROR("---\n: v\n---\n", 2, "empty key");
	EXPECT_ERROR("---\n  : v\n---\n", 2, "empty key");
	EXPECT_ERROR("---\nTitle: v\n---\n", 2, "key");
	EXPECT_ERROR("---\n  title: v\n---\n", 2, "key");
	EXPECT_ERROR("---\nk-1: v\n---\n", 2, "key");
	EXPECT_ERROR("---\na: 1\nb: 2\na: 3\n---\n", 4, "duplicate");
	EXPECT_ERROR("---\na: 1\nb: \"open\n---\n", 3, "unterminated");
	EXPECT_ERROR("---\nb: 'open\n---\n", 2, "unterminated");
	EXPECT_ERROR("---\nb: 'it''\n---\n", 2, "unterminated");
	EXPECT_ERROR("---\nb: \"ends in \\\"\n---\n", 2, "unterminated");
	EXPECT_ERROR("---\nb: \"back\\\n---\n", 2, "unterminated");
	EXPECT_ERROR("---\n\nb: \"\\x41\"\n---\n", 3, "bad escape \\x");
	EXPECT_ERROR("---\nb: \"\\u12\"\n---\n", 2, "bad escape");
	EXPECT_ERROR("---\nb: \"\\u12G4\"\n---\n", 2, "bad escape");
	EXPECT_ERROR("---\nb: \"\\u0000\"\n---\n", 2, "NUL");
	EXPECT_ERROR("---\nb: \"\\uD83D\"\n---\n", 2, "surrogate");
	EXPECT_ERROR("---\nb: \"\\uD83Dx\"\n---\n", 2, "surrogate");
	EXPECT_ERROR("---\nb: \"\\uD83D\\u0041\"\n---\n", 2, "surrogate");
	EXPECT_ERROR("---\nb: \"\\uDE00\\uD83D\"\n---\n", 2, "surrogate");
	EXPECT_ERROR("---\nb: \"x\" y\n---\n", 2, "after the closing quote");
	EXPECT_ERROR("---\nb: 'x'y\n---\n", 2, "after the closing quote");
	EXPECT_ERROR("---\nb: \"x\" # comment\n---\n", 2, "after the closing quote");
	EXPECT_ERROR("---\nk: v\nb: caf\xC3\n---\n", 3, "UTF-8");
	EXPECT_ERROR("---\nk: v\n---\n\nbody \xFF\n", 5, "UTF-8");
	EXPECT_ERROR("---\nk: v\n---\nnul \0 byte\n", 4, "UTF-8");
	EXPECT_ERROR("---\nk: \xED\xA0\x80\n---\n", 2, "UTF-8");
	EXPECT_ERROR("---\nk: a\x01z\n---\n", 2, "control");
	EXPECT_ERROR("---\nk: a\rz\n---\n", 2, "control");
	EXPECT_ERROR("\xEF\xBB\xBF---\r\nk: v\r\nno colon\r\n---\r\n", 3, "':'");
}

static void test_too_many_keys(void)
{
	struct arena *a = arena_new();
	struct buf b;
	struct frontmatter f;
	struct frontmatter_error err;
	buf_init(&b, 1 << 16);
	buf_puts(&b, "---\n");
	for (int i = 0; i < FRONTMATTER_MAX_PAIRS + 1; i++) {
		buf_puts(&b, "k");
		for (int j = i; j > 0; j /= 26)
			buf_putc(&b, (char)('a' + j % 26));
		buf_puts(&b, ": v\n");
	}
	buf_puts(&b, "---\n");
	CHECK(frontmatter_parse(a, b.data, b.len, &f, &err) == -1);
	CHECK(err.line == FRONTMATTER_MAX_PAIRS + 2);
	CHECK(strstr(err.message, "keys") != NULL);
	buf_free(&b);
	arena_free(a);
}

/* Writes one pair and a body, parses the result back and compares. */
static void round_trip(const char *value, const char *body, const char *want_line)
{
	struct arena *a = arena_new();
	struct buf b;
	struct frontmatter f;
	struct frontmatter_error err = {0};
	const char *keys[] = {"title", "skip", "v"}, *values[] = {"T", NULL, value};
	buf_init(&b, 1 << 20);
	CHECK(frontmatter_write(&b, keys, values, 3, body) == 0);
	int rc = frontmatter_parse(a, b.data, b.len, &f, &err);
	if (rc)
		printf("#   parse failed at line %d: %s\n%s", err.line, err.message, b.data);
	CHECK(rc == 0);
	CHECK(f.n == 2);
	CHECK(frontmatter_get(&f, "skip") == NULL);
	CHECK_STR(frontmatter_get(&f, "title"), "T");
	CHECK_STR(frontmatter_get(&f, "v"), value);
	CHECK_STR(f.body, body ? body : "");
	if (want_line) {
		const char *line = b.data ? strstr(b.data, "\nv: ") : NULL;
		size_t n = line ? strcspn(line + 1, "\n") : 0;
		CHECK(line && n == strlen(want_line) && memcmp(line + 1, want_line, n) == 0);
	}
	buf_free(&b);
	arena_free(a);
}

static void test_round_trip(void)
{
	round_trip("Kuinka vaihdan toimitustavan?", "Body\n", "v: Kuinka vaihdan toimitustavan?");
	round_trip("Mitä maksaa?", "x", "v: Mitä maksaa?");
	round_trip("Design & themes", "", "v: Design & themes");
	round_trip("a:b#c", NULL, "v: a:b#c");
	round_trip("say \"hi\"", NULL, "v: say \"hi\"");
	round_trip("\"quoted\"", NULL, "v: \"\\\"quoted\\\"\"");
	round_trip("'single'", NULL, "v: \"'single'\"");
	round_trip("back\\slash", NULL, NULL);
	round_trip("\\", NULL, NULL);
	round_trip("Note: colon", NULL, "v: \"Note: colon\"");
	round_trip("ends with:", NULL, "v: \"ends with:\"");
	round_trip("a #hash", NULL, "v: \"a #hash\"");
	round_trip("two\nlines", NULL, "v: \"two\\nlines\"");
	round_trip("tab\tand\rcr\x01\x1f\x7f", NULL, "v: \"tab\\tand\\rcr\\u0001\\u001f\\u007f\"");
	round_trip(" lead", NULL, "v: \" lead\"");
	round_trip("trail ", NULL, "v: \"trail \"");
	round_trip("", NULL, "v: \"\"");
	round_trip("true", NULL, "v: \"true\"");
	round_trip("False", NULL, "v: \"False\"");
	round_trip("null", NULL, "v: \"null\"");
	round_trip("no", NULL, "v: \"no\"");
	round_trip("42", NULL, "v: \"42\"");
	round_trip("-1.5e3", NULL, "v: \"-1.5e3\"");
	round_trip(".5", NULL, "v: \".5\"");
	round_trip("- item", NULL, "v: \"- item\"");
	round_trip("[x]", NULL, "v: \"[x]\"");
	round_trip("---", NULL, "v: \"---\"");
	round_trip("emoji \xF0\x9F\x98\x80 \xE2\x82\xAC", NULL, "v: emoji \xF0\x9F\x98\x80 \xE2\x82\xAC");
	round_trip("line\xE2\x80\xA8sep", NULL, "v: \"line\\u2028sep\"");
	round_trip("\xEF\xBB\xBF" "bom", NULL, "v: \"\\uFEFFbom\"");
	round_trip("nel\xC2\x85", NULL, "v: \"nel\\u0085\"");
	round_trip("x", "\nleading blank line\n", NULL);
	round_trip("x", "---\nnot front matter\n---\n", NULL);
	round_trip("x", "crlf\r\nbody\r\n", NULL);
	round_trip("x", "\n", NULL);
}

/* JSON writes emoji as a surrogate pair; it must decode to one code point
 * and be written back raw. */
static void test_emoji_escape(void)
{
	struct arena *a = arena_new();
	struct frontmatter f;
	struct frontmatter_error err;
	CHECK(parse(a, "---\nv: \"smile \\uD83D\\uDE00\"\n---\n", &f, &err) == 0);
	const char *v = frontmatter_get(&f, "v");
	CHECK_STR(v, "smile \xF0\x9F\x98\x80");
	struct buf b;
	buf_init(&b, 4096);
	const char *keys[] = {"v"};
	CHECK(frontmatter_write(&b, keys, &v, 1, NULL) == 0);
	CHECK_STR(b.data, "---\nv: smile \xF0\x9F\x98\x80\n---\n");
	buf_free(&b);
	arena_free(a);
}

static void test_write_rejects(void)
{
	struct buf b;
	buf_init(&b, 4096);
	const char *bad_key[] = {"Title"}, *good_key[] = {"title"}, *v[] = {"x"};
	const char *bad_value[] = {"caf\xC3"};
	CHECK(frontmatter_write(&b, bad_key, v, 1, NULL) == -1);
	buf_reset(&b);
	CHECK(frontmatter_write(&b, good_key, bad_value, 1, NULL) == -1);
	buf_reset(&b);
	CHECK(frontmatter_write(&b, good_key, v, 1, "bad \xFF body") == -1);
	buf_free(&b);
	buf_init(&b, 10);
	CHECK(frontmatter_write(&b, good_key, v, 1, "a body longer than the cap") == -1);
	buf_free(&b);
}

static void test_write_bools(void)
{
	struct arena *a = arena_new();
	struct buf b;
	struct frontmatter f;
	struct frontmatter_error err;
	const char *keys[] = {"s", "published", "draft"}, *values[] = {"true", "false", "true"};
	const bool is_bool[] = {false, true, true};
	buf_init(&b, 4096);
	CHECK(frontmatter_write_typed(&b, keys, values, is_bool, 3, "x\n") == 0);
	CHECK_STR(b.data, "---\ns: \"true\"\npublished: false\ndraft: true\n---\n\nx\n");
	CHECK(frontmatter_parse(a, b.data, b.len, &f, &err) == 0);
	CHECK_STR(frontmatter_get(&f, "published"), "false");
	buf_reset(&b);
	values[1] = "maybe";
	CHECK(frontmatter_write_typed(&b, keys, values, is_bool, 3, NULL) == -1);
	buf_free(&b);
	arena_free(a);
}

int main(void)
{
	RUN(test_basic);
	RUN(test_escapes);
	RUN(test_crlf_and_bom);
	RUN(test_empty_body);
	RUN(test_errors);
	RUN(test_too_many_keys);
	RUN(test_round_trip);
	RUN(test_emoji_escape);
	RUN(test_write_rejects);
	RUN(test_write_bools);
	return check_done();
}
