/* frontmatter.c - the "---" key: value block of Markdown files. */
#include "lib/frontmatter.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/utf8.h"

/* One line of the input without its line ending. */
struct line {
	const char *s;
	size_t n;
	int no;
};

struct cursor {
	const char *p, *end;
	int no;                 /* number of the next line */
};

/* A quoted value being decoded: s[0..n) is the rest of the line after
 * the key's colon and blanks, s[0] the opening quote. Decoding never
 * makes text longer, so out has n + 1 bytes. */
struct scan {
	const char *s;
	size_t n, i;
	char *out;
	size_t o;
	int line;
	struct frontmatter_error *err;
};

__attribute__((format(printf, 3, 4)))
static int fail(struct frontmatter_error *err, int line, const char *fmt, ...)
{
	va_list ap;
	err->line = line;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return -1;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Takes the next line; false at the end of the text. A '\r' ending the
 * line is part of a CRLF line ending, not of the line. */
static bool next_line(struct cursor *c, struct line *l)
{
	if (c->p >= c->end)
		return false;
	const char *nl = memchr(c->p, '\n', (size_t)(c->end - c->p));
	const char *stop = nl ? nl : c->end;
	l->s = c->p;
	l->n = (size_t)(stop - c->p);
	if (l->n > 0 && l->s[l->n - 1] == '\r')
		l->n--;
	l->no = c->no++;
	c->p = nl ? nl + 1 : c->end;
	return true;
}

static size_t trim_right(const char *s, size_t n)
{
	while (n > 0 && blank(s[n - 1]))
		n--;
	return n;
}

/* "---", optionally followed by blanks. */
static bool is_marker(const struct line *l)
{
	return l->n >= 3 && memcmp(l->s, "---", 3) == 0 && trim_right(l->s, l->n) == 3;
}

static bool valid_key(const char *k, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((k[i] >= 'a' && k[i] <= 'z') || k[i] == '_'))
			return false;
	return n > 0;
}

/* Checks the whole text first so every later step handles valid UTF-8
 * and can report the line of the bad byte. */
static int check_utf8(const char *text, size_t len, struct frontmatter_error *err)
{
	struct cursor c = {text, text + len, 1};
	struct line l;
	while (next_line(&c, &l))
		if (!utf8_valid(l.s, l.n))
			return fail(err, l.no, "invalid UTF-8 (or a NUL byte)");
	return 0;
}

static int hex4(const char *s, size_t avail, unsigned *cp)
{
	*cp = 0;
	if (avail < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		unsigned d = c >= '0' && c <= '9'   ? (unsigned)(c - '0')
			     : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
			     : c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
						    : 16;
		if (d == 16)
			return -1;
		*cp = *cp * 16 + d;
	}
	return 0;
}

static void put_utf8(struct scan *sc, unsigned cp)
{
	char *o = sc->out + sc->o;
	if (cp < 0x80) {
		o[0] = (char)cp;
		sc->o += 1;
	} else if (cp < 0x800) {
		o[0] = (char)(0xC0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3F));
		sc->o += 2;
	} else if (cp < 0x10000) {
		o[0] = (char)(0xE0 | cp >> 12);
		o[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		sc->o += 3;
	} else {
		o[0] = (char)(0xF0 | cp >> 18);
		o[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		o[2] = (char)(0x80 | (cp >> 6 & 0x3F));
		o[3] = (char)(0x80 | (cp & 0x3F));
		sc->o += 4;
	}
}

/* \uXXXX at s[i], a UTF-16 unit; a high surrogate must be followed by
 * \u and a low one (JSON's way of writing emoji). */
static int scan_unicode(struct scan *sc)
{
	const char *s = sc->s + sc->i;
	size_t avail = sc->n - sc->i;
	unsigned cp, lo;
	if (hex4(s + 2, avail - 2, &cp))
		return fail(sc->err, sc->line, "bad escape: \\u needs four hex digits");
	sc->i += 6;
	if (cp == 0)
		return fail(sc->err, sc->line, "bad escape: \\u0000 (NUL) is not allowed");
	if (cp >= 0xDC00 && cp <= 0xDFFF)
		return fail(sc->err, sc->line, "bad escape: lone low surrogate \\u%04X", cp);
	if (cp >= 0xD800 && cp <= 0xDBFF) {
		if (avail < 12 || s[6] != '\\' || s[7] != 'u' || hex4(s + 8, avail - 8, &lo) ||
		    lo < 0xDC00 || lo > 0xDFFF)
			return fail(sc->err, sc->line, "bad escape: lone high surrogate \\u%04X", cp);
		cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
		sc->i += 6;
	}
	put_utf8(sc, cp);
	return 0;
}

/* The escape at s[i] (a backslash), as JSON defines them. */
static int scan_escape(struct scan *sc)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	if (sc->i + 1 >= sc->n)
		return fail(sc->err, sc->line, "unterminated quote");
	char c = sc->s[sc->i + 1];
	if (c == 'u')
		return scan_unicode(sc);
	const char *hit = c ? strchr(from, c) : NULL;
	if (!hit) {
		if (c > ' ' && c < 0x7f)
			return fail(sc->err, sc->line, "bad escape \\%c", c);
		return fail(sc->err, sc->line, "bad escape");
	}
	sc->out[sc->o++] = to[hit - from];
	sc->i += 2;
	return 0;
}

/* After the closing quote only blanks may follow. */
static int scan_end(struct scan *sc)
{
	while (sc->i < sc->n && blank(sc->s[sc->i]))
		sc->i++;
	if (sc->i < sc->n)
		return fail(sc->err, sc->line, "text after the closing quote");
	sc->out[sc->o] = '\0';
	return 0;
}

static int scan_double(struct scan *sc)
{
	for (sc->i = 1; sc->i < sc->n;) {
		char c = sc->s[sc->i];
		if (c == '"') {
			sc->i++;
			return scan_end(sc);
		}
		if (c != '\\')
			sc->out[sc->o++] = sc->s[sc->i++];
		else if (scan_escape(sc))
			return -1;
	}
	return fail(sc->err, sc->line, "unterminated quote");
}

/* YAML single quotes: no escapes, '' stands for one quote. */
static int scan_single(struct scan *sc)
{
	for (sc->i = 1; sc->i < sc->n;) {
		if (sc->s[sc->i] != '\'') {
			sc->out[sc->o++] = sc->s[sc->i++];
		} else if (sc->i + 1 < sc->n && sc->s[sc->i + 1] == '\'') {
			sc->out[sc->o++] = '\'';
			sc->i += 2;
		} else {
			sc->i++;
			return scan_end(sc);
		}
	}
	return fail(sc->err, sc->line, "unterminated quote");
}

/* The value after a key's colon: s[0..n), to the end of the line. */
static int parse_value(struct arena *a, const char *s, size_t n, int line, const char **value,
		       struct frontmatter_error *err)
{
	while (n > 0 && blank(*s)) {
		s++;
		n--;
	}
	n = trim_right(s, n);
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] < 0x20 && s[i] != '\t') || s[i] == 0x7f)
			return fail(err, line, "control character in the value (use \"\\n\" etc.)");
	if (n == 0 || (*s != '"' && *s != '\'')) {
		*value = arena_strndup(a, s, n);
		return 0;
	}
	struct scan sc = {.s = s, .n = n, .out = arena_alloc(a, n + 1), .line = line, .err = err};
	if (*s == '"' ? scan_double(&sc) : scan_single(&sc))
		return -1;
	*value = sc.out;
	return 0;
}

static int parse_pair(struct arena *a, const struct line *l, struct frontmatter *out,
		      struct frontmatter_error *err)
{
	const char *colon = memchr(l->s, ':', l->n);
	if (!colon)
		return fail(err, l->no, "expected \"key: value\" (no ':' on this line)");
	size_t klen = trim_right(l->s, (size_t)(colon - l->s));
	if (klen == 0)
		return fail(err, l->no, "empty key");
	if (!valid_key(l->s, klen))
		return fail(err, l->no, "key \"%.*s\" is not lowercase letters and '_'",
			    (int)(klen > 40 ? 40 : klen), l->s);
	const char *key = arena_strndup(a, l->s, klen), *value = NULL;
	if (frontmatter_get(out, key))
		return fail(err, l->no, "duplicate key \"%s\"", key);
	if (out->n == FRONTMATTER_MAX_PAIRS)
		return fail(err, l->no, "more than %d keys", FRONTMATTER_MAX_PAIRS);
	size_t rest = (size_t)(l->s + l->n - colon - 1);
	if (parse_value(a, colon + 1, rest, l->no, &value, err))
		return -1;
	out->pairs[out->n++] = (struct frontmatter_pair){.key = key, .value = value, .line = l->no};
	return 0;
}

/* Blank lines and "# comment" lines between the markers carry nothing. */
static bool ignorable(const struct line *l)
{
	size_t i = 0;
	while (i < l->n && blank(l->s[i]))
		i++;
	return i == l->n || l->s[i] == '#';
}

/* Everything after the closing marker line, less one blank line. */
static void take_body(struct arena *a, struct cursor *c, struct frontmatter *out)
{
	size_t rest = (size_t)(c->end - c->p), skip = 0;
	if (rest >= 1 && c->p[0] == '\n')
		skip = 1;
	else if (rest >= 2 && c->p[0] == '\r' && c->p[1] == '\n')
		skip = 2;
	out->body_line = c->no + (skip ? 1 : 0);
	out->body_len = rest - skip;
	out->body = arena_strndup(a, c->p + skip, out->body_len);
}

int frontmatter_parse(struct arena *a, const char *text, size_t len, struct frontmatter *out,
		      struct frontmatter_error *err)
{
	memset(out, 0, sizeof(*out));
	memset(err, 0, sizeof(*err));
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
		text += 3;
		len -= 3;
	}
	if (check_utf8(text, len, err))
		return -1;
	struct cursor c = {text, text + len, 1};
	struct line l;
	if (!next_line(&c, &l) || !is_marker(&l))
		return fail(err, 1, "no opening '---' on line 1");
	while (next_line(&c, &l)) {
		if (is_marker(&l)) {
			take_body(a, &c, out);
			return 0;
		}
		if (!ignorable(&l) && parse_pair(a, &l, out, err))
			return -1;
	}
	return fail(err, 1, "the '---' on line 1 has no closing '---'");
}

const char *frontmatter_get(const struct frontmatter *f, const char *key)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->pairs[i].key, key) == 0)
			return f->pairs[i].value;
	return NULL;
}

int frontmatter_line(const struct frontmatter *f, const char *key)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->pairs[i].key, key) == 0)
			return f->pairs[i].line;
	return 0;
}

/* ---- writing ----------------------------------------------------- */

/* Words YAML 1.1 or 1.2 reads as something other than a string. */
static bool yaml_word(const char *v)
{
	static const char *const words[] = {"true", "false", "null", "yes", "no", "on",
					    "off",  "y",     "n",    "nan", "inf"};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcasecmp(v, words[i]) == 0)
			return true;
	return false;
}

/* U+0085, U+2028, U+2029 (line breaks to YAML) and U+FEFF (a BOM):
 * the code point when v starts with one of them, else 0. */
static unsigned odd_unicode(const char *v, size_t *len)
{
	static const struct {
		const char *utf8;
		unsigned cp;
	} odd[] = {{"\xC2\x85", 0x85}, {"\xE2\x80\xA8", 0x2028}, {"\xE2\x80\xA9", 0x2029},
		   {"\xEF\xBB\xBF", 0xFEFF}};
	for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
		*len = strlen(odd[i].utf8);
		if (strncmp(v, odd[i].utf8, *len) == 0)
			return odd[i].cp;
	}
	*len = 1;
	return 0;
}

/* Plain only when clearly a string to YAML and to frontmatter_parse():
 * starts with a letter (no indicator, quote, digit, sign or dot), no
 * trailing blank or colon, no ": " or " #", no control character. */
static bool plain_safe(const char *v)
{
	size_t n = strlen(v), len;
	unsigned char c0 = (unsigned char)v[0];
	bool letter = (c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z') || c0 >= 0x80;
	if (n == 0 || !letter || blank(v[n - 1]) || v[n - 1] == ':' || yaml_word(v))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];
		if (c < 0x20 || c == 0x7f || (c == ':' && v[i + 1] == ' ') ||
		    (c == '#' && i > 0 && v[i - 1] == ' ') || odd_unicode(v + i, &len))
			return false;
	}
	return true;
}

/* The two-character JSON escape of c, or NULL. */
static const char *json_escape(unsigned char c)
{
	switch (c) {
	case '"': return "\\\"";
	case '\\': return "\\\\";
	case '\n': return "\\n";
	case '\t': return "\\t";
	case '\r': return "\\r";
	case '\b': return "\\b";
	case '\f': return "\\f";
	default: return NULL;
	}
}

/* JSON string syntax; characters YAML or editors might mangle escaped. */
static int put_quoted(struct buf *out, const char *v)
{
	int rc = buf_putc(out, '"');
	size_t len;
	for (size_t i = 0; v[i] && rc == 0; i += len) {
		unsigned char c = (unsigned char)v[i];
		const char *esc = json_escape(c);
		unsigned odd = odd_unicode(v + i, &len);
		if (esc)
			rc = buf_puts(out, esc);
		else if (c < 0x20 || c == 0x7f)
			rc = buf_printf(out, "\\u%04x", c);
		else if (odd)
			rc = buf_printf(out, "\\u%04X", odd);
		else
			rc = buf_putc(out, (char)c);
	}
	return rc ? rc : buf_putc(out, '"');
}

static int put_pair(struct buf *out, const char *key, const char *value, bool is_bool)
{
	bool boolean = strcmp(value, "true") == 0 || strcmp(value, "false") == 0;
	if (!valid_key(key, strlen(key)) || !utf8_valid(value, strlen(value)) ||
	    (is_bool && !boolean))
		return -1;
	if (buf_puts(out, key) || buf_puts(out, ": "))
		return -1;
	if (is_bool || plain_safe(value))
		return buf_puts(out, value);
	return put_quoted(out, value);
}

int frontmatter_write_typed(struct buf *out, const char *const *keys, const char *const *values,
			    const bool *is_bool, size_t n, const char *body)
{
	if (buf_puts(out, "---\n"))
		return -1;
	for (size_t i = 0; i < n; i++)
		if (values[i] && (put_pair(out, keys[i], values[i], is_bool && is_bool[i]) ||
				  buf_putc(out, '\n')))
			return -1;
	if (buf_puts(out, "---\n"))
		return -1;
	if (!body || !*body)
		return 0;
	if (!utf8_valid(body, strlen(body)))
		return -1;
	return buf_putc(out, '\n') || buf_puts(out, body) ? -1 : 0;
}

int frontmatter_write(struct buf *out, const char *const *keys, const char *const *values,
		      size_t n, const char *body)
{
	return frontmatter_write_typed(out, keys, values, NULL, n, body);
}
