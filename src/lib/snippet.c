/* snippet.c - excerpts around matching words. */
#include "lib/snippet.h"

#include <stdbool.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/buf.h"

enum { PREFIX_CHARS = 5, QUERY_WORDS_MAX = 32, PREFIX_BYTES = 4 * PREFIX_CHARS + 1 };

struct span {
	size_t start, end;
};

static bool word_byte(unsigned char c)
{
	return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
}

/* Lower case of one character at s (ASCII and the Latin-1 letters, as
 * Finnish needs), appended to out; returns the bytes consumed. */
static size_t lower_char(const unsigned char *s, size_t n, struct buf *out)
{
	if (s[0] < 0x80) {
		buf_putc(out, (char)((s[0] >= 'A' && s[0] <= 'Z') ? s[0] + 32 : s[0]));
		return 1;
	}
	size_t len = (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 1;
	if (len > n)
		len = n;
	if (len == 2 && s[0] == 0xC3 && s[1] >= 0x80 && s[1] <= 0x9E && s[1] != 0x97) {
		char lc[2] = {(char)0xC3, (char)(s[1] + 0x20)};
		buf_append(out, lc, 2);
	} else {
		buf_append(out, s, len);
	}
	return len;
}

/* The lower-cased first PREFIX_CHARS characters of s[0..n). */
static void prefix_of(const char *s, size_t n, char out[PREFIX_BYTES])
{
	struct buf b;
	buf_init(&b, PREFIX_BYTES - 1);
	size_t i = 0;
	for (int chars = 0; i < n && chars < PREFIX_CHARS; chars++)
		i += lower_char((const unsigned char *)s + i, n - i, &b);
	memcpy(out, b.data ? b.data : "", b.len + 1);
	buf_free(&b);
}

/* Splits s[0..n) into words, at most max. */
static size_t words_of(const char *s, size_t n, struct span *w, size_t max)
{
	size_t k = 0, i = 0;
	while (i < n && k < max) {
		while (i < n && !word_byte((unsigned char)s[i]))
			i++;
		size_t start = i;
		while (i < n && word_byte((unsigned char)s[i]))
			i++;
		if (i > start)
			w[k++] = (struct span){start, i};
	}
	return k;
}

static bool matches(const char *text, struct span w, char (*prefixes)[PREFIX_BYTES], size_t np)
{
	char p[PREFIX_BYTES];
	prefix_of(text + w.start, w.end - w.start, p);
	for (size_t i = 0; i < np; i++)
		if (strncmp(p, prefixes[i], strlen(prefixes[i])) == 0)
			return true;
	return false;
}

/* The start of the window with the most matches. */
static size_t best_window(const bool *hit, size_t n)
{
	size_t best = 0, bestn = 0, cur = 0;
	for (size_t i = 0; i < n; i++) {
		cur += hit[i];
		if (i >= SNIPPET_WORDS)
			cur -= hit[i - SNIPPET_WORDS];
		if (cur > bestn) {
			bestn = cur;
			best = i + 1 > SNIPPET_WORDS ? i + 1 - SNIPPET_WORDS : 0;
		}
	}
	return best;
}

const char *snippet_make(struct arena *a, const char *text, const char *query)
{
	size_t tn = strnlen(text, SNIPPET_SCAN_MAX), qn = strlen(query);
	struct span qw[QUERY_WORDS_MAX];
	char prefixes[QUERY_WORDS_MAX][PREFIX_BYTES];
	size_t np = 0, nq = words_of(query, qn, qw, QUERY_WORDS_MAX);
	for (size_t i = 0; i < nq; i++)
		if (qw[i].end - qw[i].start >= 3)
			prefix_of(query + qw[i].start, qw[i].end - qw[i].start, prefixes[np++]);
	size_t max = tn / 2 + 1;
	struct span *w = arena_alloc(a, max * sizeof(*w));
	size_t nw = words_of(text, tn, w, max);
	bool *hit = arena_alloc(a, nw + 1);
	for (size_t i = 0; i < nw; i++)
		hit[i] = matches(text, w[i], prefixes, np);
	size_t from = best_window(hit, nw), to = from + SNIPPET_WORDS < nw ? from + SNIPPET_WORDS : nw;
	if (nw == 0)
		return "";
	struct buf out;
	buf_init(&out, 8192);
	if (from > 0)
		buf_puts(&out, "…");
	for (size_t i = from; i < to; i++) {
		size_t end = i + 1 < to ? w[i + 1].start : w[i].end;
		if (hit[i])
			buf_putc(&out, '\x02');
		buf_append(&out, text + w[i].start, w[i].end - w[i].start);
		if (hit[i])
			buf_putc(&out, '\x03');
		buf_append(&out, text + w[i].end, end - w[i].end);
	}
	if (to < nw)
		buf_puts(&out, "…");
	const char *s = arena_strdup(a, out.data ? out.data : "");
	buf_free(&out);
	return s;
}
