/* questions.c - counting the separate questions in a ticket description.
 *
 * Two layers. A lexer turns the text into words, sentence ends, line
 * breaks and list markers, and hides what is not the customer's own prose:
 * URLs (a '?' there starts a query string), `code` and fenced blocks,
 * "quotations" of error messages, and "> " lines quoted from e-mails.
 * A tally then closes sentences and decides which are questions and which
 * of those are new ones. The text is read twice at most: the first pass
 * learns whether it has a '?' or a list at all, because only then is a
 * sentence that merely opens with "What"/"Miten" taken as a question
 * ("What I want is a refund." alone is a statement).
 *
 * Every loop is bounded by the scanned length (QUESTIONS_SCAN_MAX) and
 * every look-ahead by a small reach, so the work is linear in practice
 * and no read goes past the end of the text. */
#include "domain/questions.h"
#include "domain/questions_words.h"

#include <stdint.h>
#include <string.h>

#include "lib/utf8.h"

enum {
	WORD_MAX = 32,     /* bytes of a folded word kept for look-ups */
	SENT_HEAD = 8,     /* leading words kept: openers and short pleas */
	SENT_HASHES = 32,  /* word hashes kept for the restatement test */
	QUOTE_REACH = 400, /* a quotation must close within this many bytes */
	CODE_REACH = 500,  /* and `code` too, on the same line */
	TOKEN_REACH = 200, /* look-ahead inside one whitespace-free token */
	WRAP_COLUMN = 60,  /* lines this long may be hard-wrapped prose */
	INDENT_MAX = 12,   /* deeper indentation is not a list marker */
	SHORT_WORDS = 3,   /* a follow-up question shorter than this restates */
	TAG_WORDS = 4,     /* "Is that right?" - tags are this short */
};

/* ---------------------------------------------------------------- words */

/* The word lists are in questions_words.c. */

static bool in_list(const char *w, const char *const *list)
{
	if (!w[0])
		return false;
	for (; *list; list++)
		if (strcmp(w, *list) == 0)
			return true;
	return false;
}

static bool is_ascii_alpha(unsigned c)
{
	return (c | 0x20) - 'a' < 26;
}

/* strncasecmp for ASCII, without the locale. */
static bool ascii_prefix(const unsigned char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);
	if (n < k)
		return false;
	for (size_t i = 0; i < k; i++)
		if ((is_ascii_alpha(s[i]) ? s[i] | 0x20 : s[i]) != (unsigned char)prefix[i])
			return false;
	return true;
}

static bool ends_with(const char *w, const char *suffix)
{
	size_t n = strlen(w), k = strlen(suffix);
	return n >= k && memcmp(w + n - k, suffix, k) == 0;
}

/* ----------------------------------------------------------- characters */

/* Decodes one code point at s (n > 0 bytes left) into *cp and returns its
 * length; a malformed byte decodes as U+FFFD of length 1. */
static size_t decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned c = s[0];
	size_t len = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2
		     : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
	*cp = c;
	if (len == 1)
		return 1;
	*cp = 0xFFFD;
	if (len == 0 || len > n)
		return 1;
	uint32_t v = c & (0x7Fu >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 1;
		v = v << 6 | (s[i] & 0x3Fu);
	}
	if ((len == 3 && v < 0x800) || (len == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
	    (v >= 0xD800 && v <= 0xDFFF))
		return 1;
	*cp = v;
	return len;
}

/* Writes c as UTF-8 to b and returns the length. */
static size_t encode(uint32_t c, unsigned char b[4])
{
	if (c < 0x80) {
		b[0] = (unsigned char)c;
		return 1;
	}
	if (c < 0x800) {
		b[0] = (unsigned char)(0xC0 | c >> 6);
		b[1] = (unsigned char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		b[0] = (unsigned char)(0xE0 | c >> 12);
		b[1] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
		b[2] = (unsigned char)(0x80 | (c & 0x3F));
		return 3;
	}
	b[0] = (unsigned char)(0xF0 | c >> 18);
	b[1] = (unsigned char)(0x80 | (c >> 12 & 0x3F));
	b[2] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
	b[3] = (unsigned char)(0x80 | (c & 0x3F));
	return 4;
}

static bool is_qmark(uint32_t c)
{
	return c == '?' || c == 0xFF1F || c == 0x203D || c == 0x061F || c == 0x2047 ||
	       c == 0x2048 || c == 0x2049 || c == 0xFE56;
}

static bool is_bang(uint32_t c)
{
	return c == '!' || c == 0xFF01 || c == 0x203C || c == 0xFE57;
}

static bool is_stop(uint32_t c)
{
	return c == '.' || c == 0x2026 || c == 0x3002 || c == 0xFF0E || c == 0xFF61;
}

static bool is_eol(unsigned char b)
{
	return b == '\n' || b == '\r';
}

static bool is_hspace(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == 0xA0 || c == 0x85 ||
	       (c >= 0x2000 && c <= 0x200B) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
	       c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

static bool is_upper(uint32_t c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7);
}

static bool is_lower(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 0xDF && c <= 0xFF && c != 0xF7);
}

/* Letters and digits of any script; punctuation, symbols, emoji and
 * malformed bytes (U+FFFD) are not word characters. */
static bool is_word(uint32_t c)
{
	if (c < 0x80)
		return (c >= '0' && c <= '9') || is_ascii_alpha(c);
	if (c >= 0x1F000) /* emoji and symbols */
		return false;
	if (c >= 0x10000) /* historic and rare scripts */
		return true;
	if (c < 0xC0 || c == 0xD7 || c == 0xF7 || is_qmark(c) || is_bang(c) || is_stop(c))
		return false;
	return !((c >= 0x2000 && c <= 0x2BFF) || (c >= 0x3000 && c <= 0x303F) ||
		 (c >= 0xE000 && c <= 0xF8FF) || (c >= 0xFE10 && c <= 0xFE6F) ||
		 (c >= 0xFF00 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
		 (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65) ||
		 c >= 0xFFF0 || c == 0xFEFF || c == 0x060C || c == 0x061B);
}

/* Characters that join two word characters into one token:
 * "e-mail", "12:30", "e.g", "don't", "index.php?id=3", "a@b.fi". */
static bool is_joiner(uint32_t c)
{
	return (c > 0 && c < 0x80 && strchr(".,:/\\@'-_&=#%+~?", (int)c)) || c == 0x2019 ||
	       c == 0x2010 || c == 0xAD;
}

/* Bullets that open a list item when a space follows. */
static bool is_bullet(uint32_t c)
{
	return c == '-' || c == '*' || c == '+' || c == 0x2022 || c == 0x25E6 ||
	       c == 0x25AA || c == 0x2023 || c == 0x2043 || c == 0x2013 || c == 0x2014 ||
	       c == 0xB7 || c == 0x25BA || c == 0x25CF || c == 0x25A0 || c == 0x2192 ||
	       c == 0x27A2 || c == 0x2713;
}

static uint32_t cp_at(const unsigned char *s, size_t n, size_t i)
{
	uint32_t c = 0;
	if (i < n)
		decode(s + i, n - i, &c);
	return c;
}

static size_t hspace_skip(const unsigned char *s, size_t n, size_t i)
{
	while (i < n) {
		uint32_t c;
		size_t len = decode(s + i, n - i, &c);
		if (!is_hspace(c))
			break;
		i += len;
	}
	return i;
}

/* Position after the line ending at i ("\r\n" is one). */
static size_t eol_skip(const unsigned char *s, size_t n, size_t i)
{
	if (i + 1 < n && s[i] == '\r' && s[i + 1] == '\n')
		return i + 2;
	return i < n && is_eol(s[i]) ? i + 1 : i;
}

/* Position of the line ending at or after i, or n. */
static size_t line_end(const unsigned char *s, size_t n, size_t i)
{
	while (i < n && !is_eol(s[i]))
		i++;
	return i;
}

/* Folds w[0..len) to lower case into out ("" when it does not fit),
 * composing decomposed ä, ö, å, and returns a hash of the folded word. */
static uint32_t word_fold(const unsigned char *w, size_t len, char out[WORD_MAX])
{
	size_t o = 0, last = 0;
	bool fits = true;
	for (size_t i = 0; i < len;) {
		uint32_t c;
		unsigned char b[4];
		i += decode(w + i, len - i, &c);
		if (c < 0x80 || (c >= 0xC0 && c <= 0xDE && c != 0xD7))
			c = is_upper(c) ? c + 0x20 : c;
		else if (c == 0x2019 || c == 0x2018)
			c = '\'';
		if ((c == 0x308 || c == 0x30A) && o > 0 && o - last == 1) {
			char base = out[last];
			uint32_t pre = c == 0x30A ? (base == 'a' ? 0xE5 : 0)
				       : base == 'a' ? 0xE4 : base == 'o' ? 0xF6 : base == 'u' ? 0xFC : 0;
			if (pre) {
				c = pre;
				o = last;
			}
		}
		size_t k = encode(c, b);
		if (o + k >= WORD_MAX) {
			fits = false;
			break;
		}
		last = o;
		memcpy(out + o, b, k);
		o += k;
	}
	out[fits ? o : 0] = '\0';
	uint32_t h = 2166136261u;
	const unsigned char *p = fits ? (const unsigned char *)out : w;
	size_t plen = fits ? o : len;
	for (size_t i = 0; i < plen; i++)
		h = (h ^ (p[i] | (fits ? 0 : 0x20))) * 16777619u;
	return h;
}

/* ---------------------------------------------------------------- lexer */

enum tok {
	TOK_NONE,   /* nothing to report yet: keep lexing */
	TOK_WORD,   /* a word, or an opaque URL, `code` or "quotation" */
	TOK_COLON,  /* ':' before a space: "I have questions:" */
	TOK_QEND,   /* a run of '?' ('??', '?!', '？') ending a sentence */
	TOK_STOP,   /* '.', '...' or '…' ending a sentence */
	TOK_BANG,   /* '!' ending a sentence */
	TOK_BREAK,  /* a line break or blank line ending a sentence */
	TOK_MARKER, /* a list marker at the start of a line: "1.", "-", "•" */
	TOK_EOF,
};

struct token {
	size_t start, len;
};

struct lexer {
	const unsigned char *s;
	size_t n, i;
	size_t line_begin;           /* where the current line starts */
	size_t word_start, word_end; /* the last word, for "esim." */
	bool bol;                    /* at a line start: markers, quotes, fences */
	bool line_item;              /* this line belongs to a list item */
	bool continued;              /* the line break just seen was soft */
};

static void lex_init(struct lexer *lx, const unsigned char *s, size_t n)
{
	*lx = (struct lexer){.s = s, .n = n, .word_start = SIZE_MAX,
			     .word_end = SIZE_MAX, .bol = true};
}

/* Length of a list marker at j with the spaces after it, else 0:
 * "1." "12)" "(3)" "a)" "1.Miksi", or a bullet followed by a space. */
static size_t marker_len(const unsigned char *s, size_t n, size_t j)
{
	size_t k = j + (j < n && s[j] == '(');
	size_t d = k;
	bool numbered = true;
	while (d < n && d - k < 3 && s[d] >= '0' && s[d] <= '9')
		d++;
	if (d > k && d < n && (s[d] == ')' || (s[d] == '.' && k == j)))
		k = d + 1;
	else if (d == k && k + 1 < n && is_ascii_alpha(s[k]) && s[k + 1] == ')')
		k += 2;
	else if (k == j && k < n) {
		uint32_t c;
		size_t len = decode(s + k, n - k, &c);
		if (!is_bullet(c))
			return 0;
		k += len;
		numbered = false;
	} else
		return 0;
	uint32_t next = cp_at(s, n, k);
	if (k < n && !is_hspace(next) && !is_eol(s[k]) &&
	    !(numbered && is_word(next) && !(next >= '0' && next <= '9')))
		return 0;
	return hspace_skip(s, n, k) - j;
}

/* End of a ``` or ~~~ fenced block opening at j (the closing fence line,
 * or n when it never closes), 0 when no fence opens there. */
static size_t fence_end(const unsigned char *s, size_t n, size_t j)
{
	if (j + 3 > n || (s[j] != '`' && s[j] != '~') || s[j + 1] != s[j] || s[j + 2] != s[j])
		return 0;
	unsigned char f = s[j];
	size_t i = line_end(s, n, j);
	while (i < n) {
		i = hspace_skip(s, n, eol_skip(s, n, i));
		if (i + 3 <= n && s[i] == f && s[i + 1] == f && s[i + 2] == f)
			return line_end(s, n, i);
		i = line_end(s, n, i);
	}
	return n;
}

/* Length of a URL at i, trailing sentence punctuation excluded, so that
 * "see https://x.fi/a?b=1?" keeps its final '?'; 0 when none starts. */
static size_t url_len(const unsigned char *s, size_t n, size_t i)
{
	static const char *const schemes[] = {"http://", "https://", "ftp://", "www.",
					      "mailto:", NULL};
	size_t p = 0;
	for (int k = 0; schemes[k] && !p; k++) {
		size_t len = strlen(schemes[k]);
		if (n - i > len && ascii_prefix(s + i, n - i, schemes[k]))
			p = len;
	}
	if (!p)
		return 0;
	size_t e = i + p;
	while (e < n) {
		uint32_t c;
		size_t len = decode(s + e, n - e, &c);
		if (c <= ' ' || is_hspace(c) || (c < 0x80 && strchr("<>\"`", (int)c)) || c == 0x201C ||
		    c == 0x201D)
			break;
		e += len;
	}
	while (e > i + p) {
		if (strchr(".,;:!?)]}'", s[e - 1]))
			e--;
		else if (e >= i + p + 3 && s[e - 3] >= 0xE2 &&
			 (is_qmark(cp_at(s, n, e - 3)) || is_bang(cp_at(s, n, e - 3)) ||
			  is_stop(cp_at(s, n, e - 3)) || cp_at(s, n, e - 3) == 0x2019))
			e -= 3;
		else
			break;
	}
	return e - i;
}

/* True when a '?' at i inside a token joins it (a query string, "a?b")
 * rather than ending a sentence typed without a space ("Why?Because"). */
static bool qmark_joins(const unsigned char *s, size_t n, size_t i)
{
	uint32_t next = cp_at(s, n, i + 1);
	if (!is_word(next))
		return false;
	if (!is_upper(next))
		return true;
	for (size_t k = i + 1; k < n && k - i < TOKEN_REACH && s[k] > ' '; k++)
		if (s[k] == '=' || s[k] == '&' || s[k] == '/')
			return true;
	return false;
}

static enum tok lex_word(struct lexer *lx, struct token *t)
{
	const unsigned char *s = lx->s;
	size_t start = lx->i, i = start + url_len(s, lx->n, start);
	while (i < lx->n) {
		uint32_t c;
		size_t len = decode(s + i, lx->n - i, &c);
		if (is_word(c))
			i += len;
		else if (i > start && is_joiner(c) && is_word(cp_at(s, lx->n, i + len)) &&
			 (c != '?' || qmark_joins(s, lx->n, i)))
			i += len;
		else
			break;
	}
	lx->i = i;
	t->start = lx->word_start = start;
	t->len = i - start;
	lx->word_end = i;
	return TOK_WORD;
}

/* True when the folded word is a number such as "12" or "12.3". */
static bool is_numeric(const char *w)
{
	if (!(w[0] >= '0' && w[0] <= '9'))
		return false;
	for (; *w; w++)
		if (!((*w >= '0' && *w <= '9') || *w == '.' || *w == ','))
			return false;
	return true;
}

/* Whether a single '.' spanning [start, end) ends a sentence: not inside
 * "1.5", not after "esim"/"e.g"/an initial, and after a Finnish ordinal
 * ("12. päivä") only when a capital letter follows. */
static bool dot_ends_sentence(const struct lexer *lx, size_t start, size_t end)
{
	if (is_word(cp_at(lx->s, lx->n, end)))
		return false;
	if (lx->word_end != start)
		return true;
	char w[WORD_MAX];
	word_fold(lx->s + lx->word_start, lx->word_end - lx->word_start, w);
	if (in_list(w, ABBREVIATIONS) || (w[0] && utf8_length(w, strlen(w)) == 1))
		return false;
	if (is_numeric(w)) {
		size_t k = end;
		while (k < lx->n && k - end < 16 && (is_eol(lx->s[k]) || lx->s[k] == ' '))
			k++;
		return is_upper(cp_at(lx->s, lx->n, k));
	}
	return true;
}

/* A run of '?', '!' and '.' counts once: "??", "?!", "!?!", "...". */
static enum tok lex_terminator(struct lexer *lx)
{
	const unsigned char *s = lx->s;
	size_t start = lx->i, i = start;
	bool q = false, bang = false, ellipsis = false;
	if (start > 0 && s[start - 1] == '(' && start + 1 < lx->n && s[start + 1] == ')') {
		lx->i = start + 2; /* "(?)", "(!)": an aside, not an ending */
		return TOK_NONE;
	}
	while (i < lx->n) {
		uint32_t c;
		size_t len = decode(s + i, lx->n - i, &c);
		if (is_qmark(c))
			q = true;
		else if (is_bang(c))
			bang = true;
		else if (is_stop(c))
			ellipsis = ellipsis || c != '.' || i > start;
		else
			break;
		i += len;
	}
	lx->i = i;
	if (q)
		return TOK_QEND;
	if (bang)
		return TOK_BANG;
	if (ellipsis || dot_ends_sentence(lx, start, i))
		return TOK_STOP;
	return TOK_NONE;
}

/* Length of a "quotation" opening at i, or 0: the quote mark must follow
 * a space or bracket, and its partner come within QUOTE_REACH bytes
 * before a blank line. ASCII quotes pair with ASCII, typographic ones
 * (“ ” „ « » - Finnish writes ”...”) with each other. */
static size_t quote_len(const unsigned char *s, size_t n, size_t i, uint32_t open)
{
	if (i > 0 && (!s[i - 1] || !strchr(" \t\r\n([{:", s[i - 1])))
		return 0;
	size_t j = i + (open == '"' ? 1 : open < 0x800 ? 2 : 3);
	if (j >= n || is_hspace(cp_at(s, n, j)) || is_eol(s[j]))
		return 0;
	while (j < n && j - i < QUOTE_REACH) {
		uint32_t c;
		size_t len = decode(s + j, n - j, &c);
		if (c == '\n' && hspace_skip(s, n, j + 1) < n && is_eol(s[hspace_skip(s, n, j + 1)]))
			return 0;
		if (open == '"' ? c == '"'
				: c == 0x201D || c == 0x201C || c == 0xBB || c == 0xAB)
			return j + len - i;
		j += len;
	}
	return 0;
}

/* Length of `code` at i (a backtick run closed by an equal run on the
 * same line), or 0. */
static size_t code_len(const unsigned char *s, size_t n, size_t i)
{
	size_t k = i;
	while (k < n && s[k] == '`')
		k++;
	size_t run = k - i;
	for (size_t j = k; j < n && !is_eol(s[j]) && j - i < CODE_REACH; j++) {
		size_t e = j;
		while (e < n && s[e] == '`')
			e++;
		if (e - j == run)
			return e - i;
		j = e > j ? e - 1 : j;
	}
	return 0;
}

/* A line break ends the sentence unless the next line continues it: an
 * indented line inside a list item, or a lower-case line after a long
 * one (text hard-wrapped by a mail client). Blank lines always end it. */
static enum tok lex_newline(struct lexer *lx)
{
	const unsigned char *s = lx->s;
	size_t line_len = lx->i - lx->line_begin;
	bool blank = false;
	lx->i = eol_skip(s, lx->n, lx->i);
	for (;;) {
		size_t k = hspace_skip(s, lx->n, lx->i);
		if (k >= lx->n || !is_eol(s[k]))
			break;
		lx->i = eol_skip(s, lx->n, k);
		blank = true;
	}
	lx->line_begin = lx->i;
	lx->bol = true;
	size_t first = hspace_skip(s, lx->n, lx->i);
	if (blank || first >= lx->n)
		return TOK_BREAK;
	if (marker_len(s, lx->n, first))
		return TOK_NONE; /* the marker ends the sentence itself */
	if ((lx->line_item && first - lx->i >= 2) ||
	    (line_len >= WRAP_COLUMN && is_lower(cp_at(s, lx->n, first)))) {
		lx->continued = true;
		return TOK_NONE;
	}
	return TOK_BREAK;
}

/* At a line start: "> " quoted lines and fenced code are skipped (they
 * end the sentence); a list marker opens an item. */
static enum tok lex_line_start(struct lexer *lx)
{
	lx->bol = false;
	if (!lx->continued)
		lx->line_item = false;
	lx->continued = false;
	size_t j = hspace_skip(lx->s, lx->n, lx->i);
	if (j >= lx->n || j - lx->i > INDENT_MAX)
		return TOK_NONE;
	if (lx->s[j] == '>') {
		lx->i = line_end(lx->s, lx->n, j);
		return TOK_BREAK;
	}
	size_t f = fence_end(lx->s, lx->n, j);
	if (f) {
		lx->i = f;
		return TOK_BREAK;
	}
	size_t m = marker_len(lx->s, lx->n, j);
	if (!m)
		return TOK_NONE;
	lx->i = j + m;
	lx->line_item = true;
	return TOK_MARKER;
}

static enum tok lex_one(struct lexer *lx, struct token *t)
{
	const unsigned char *s = lx->s;
	uint32_t c;
	size_t len = decode(s + lx->i, lx->n - lx->i, &c), span = 0;
	if (is_eol(s[lx->i]))
		return lex_newline(lx);
	if (is_qmark(c) || is_bang(c) || is_stop(c))
		return lex_terminator(lx);
	if (is_word(c))
		return lex_word(lx, t);
	if (c == ':' && (lx->i + 1 >= lx->n || is_hspace(cp_at(s, lx->n, lx->i + 1)) ||
			 is_eol(s[lx->i + 1]))) {
		lx->i++;
		return TOK_COLON;
	}
	if (c == '`')
		span = code_len(s, lx->n, lx->i);
	else if (c == '"' || c == 0x201C || c == 0x201D || c == 0x201E || c == 0xAB || c == 0xBB)
		span = quote_len(s, lx->n, lx->i, c);
	if (!span) {
		do
			lx->i += len;
		while (c == '`' && lx->i < lx->n && s[lx->i] == '`');
		return TOK_NONE;
	}
	t->start = lx->i;
	t->len = span;
	lx->i += span;
	return TOK_WORD;
}

static enum tok lex_next(struct lexer *lx, struct token *t)
{
	for (;;) {
		enum tok k = lx->bol ? lex_line_start(lx) : TOK_NONE;
		if (k == TOK_NONE && lx->i >= lx->n)
			k = TOK_EOF;
		if (k == TOK_NONE)
			k = lex_one(lx, t);
		if (k != TOK_NONE)
			return k;
	}
}

/* ------------------------------------------------------------ sentences */

struct sentence {
	int words;
	bool colon; /* ends in ':' - an introduction, not a question */
	bool asks;  /* mentions questions: "Kysymykseni:", "questions:" */
	char head[SENT_HEAD][WORD_MAX];
	uint32_t hash[SENT_HASHES];
};

static void sentence_add(struct sentence *se, const unsigned char *w, size_t len)
{
	char f[WORD_MAX];
	uint32_t h = word_fold(w, len, f);
	if (se->words < SENT_HEAD)
		memcpy(se->head[se->words], f, WORD_MAX);
	if (se->words < SENT_HASHES)
		se->hash[se->words] = h;
	if (strncmp(f, "kysy", 4) == 0 || strncmp(f, "question", 8) == 0 ||
	    strcmp(f, "ask") == 0 || strcmp(f, "asking") == 0)
		se->asks = true;
	se->words++;
	se->colon = false;
}

/* Removes one Finnish particle (-han/-hän, -pa/-pä, colloquial -s):
 * "Onkohan" -> "onko", "Mikäs" -> "mikä". */
static void strip_particle(const char *w, char base[WORD_MAX])
{
	static const char *const particles[] = {"hän", "han", "pä", "pa", "s", NULL};
	size_t n = strlen(w);
	memcpy(base, w, n + 1);
	for (int k = 0; particles[k]; k++) {
		size_t p = strlen(particles[k]);
		if (n >= p + 3 && ends_with(w, particles[k])) {
			base[n - p] = '\0';
			return;
		}
	}
}

/* The -ko/-kö question clitic: "onko", "voitteko", "toimitetaanko",
 * "pitääkö". It follows a vowel, n or t; "-kko", "-hko" and nouns such
 * as "koko" and "katko" merely end that way. */
static bool fi_clitic(const char *w)
{
	size_t n = strlen(w), stem;
	if (ends_with(w, "ko"))
		stem = n - 2;
	else if (ends_with(w, "kö"))
		stem = n - 3;
	else
		return false;
	if (utf8_length(w, n) < 4 || in_list(w, FI_CLITIC_STOP))
		return false;
	for (const char *p = w; *p; p++)
		if ((unsigned char)*p < 0x80 && !is_ascii_alpha((unsigned char)*p))
			return false;
	unsigned char before = (unsigned char)w[stem - 1];
	if (stem >= 2 && (unsigned char)w[stem - 2] == 0xC3)
		return before == 0xA4 || before == 0xB6; /* ä, ö */
	return strchr("aeiouynt", before) != NULL;
}

static bool fi_interrogative(const char *w, const char *next)
{
	char base[WORD_MAX];
	strip_particle(w, base);
	if (in_list(w, FI_WORDS) || in_list(base, FI_WORDS))
		return !in_list(next, FI_INDEFINITE) &&
		       !(strcmp(base, "mitä") == 0 && strcmp(next, "tulee") == 0) &&
		       !(strcmp(base, "kuinka") == 0 && strcmp(next, "ollakaan") == 0);
	return fi_clitic(base);
}

/* True when "is" or "was" comes among w[from..n): "What happens next
 * is a blank page" is a statement whose subject is a what-clause. */
static bool has_copula(const char (*w)[WORD_MAX], int from, int n)
{
	for (int k = from; k < n; k++)
		if (strcmp(w[k], "is") == 0 || strcmp(w[k], "was") == 0)
			return true;
	return false;
}

/* English needs the words after: a question inverts ("What is", "Can
 * you", "Where do") while a statement goes on with its subject ("What I
 * want", "When I log in", "Can't log in") or a copula ("What happens
 * next is ..."). w[0..n) are the words from the interrogative on. */
static bool en_interrogative(const char (*w)[WORD_MAX], int n)
{
	const char *first = w[0], *next = n > 1 ? w[1] : "", *third = n > 2 ? w[2] : "";
	if (strcmp(first, "why") == 0 || in_list(first, EN_WH_CONTRACTED))
		return true;
	if (strcmp(first, "when") == 0 || strcmp(first, "where") == 0)
		return in_list(next, EN_AUX);
	if (in_list(first, EN_WH))
		return !in_list(next, EN_CLAUSE_SUBJECTS) &&
		       (in_list(next, EN_AUX) || !has_copula(w, 2, n)) &&
		       !(strcmp(first, "which") == 0 &&
			 (strcmp(next, "means") == 0 || strcmp(next, "meant") == 0 ||
			  strcmp(third, "why") == 0));
	if (strcmp(first, "is") == 0 || strcmp(first, "are") == 0)
		return next[0] && strcmp(next, "not") != 0;
	return in_list(first, EN_AUX_LEAD) && in_list(next, EN_SUBJECTS);
}

static bool sentence_interrogative(const struct sentence *se)
{
	int limit = se->words < SENT_HEAD ? se->words : SENT_HEAD, k = 0;
	while (k < 2 && k + 1 < limit && in_list(se->head[k], OPENERS))
		k++;
	if (k >= limit)
		return false;
	const char *next = k + 1 < limit ? se->head[k + 1] : "";
	return fi_interrogative(se->head[k], next) ||
	       en_interrogative(se->head + k, limit - k);
}

/* True when every word is in one of the lists and, if must is given, at
 * least one is in must; only short sentences qualify. */
static bool sentence_only(const struct sentence *se, int max_words,
			  const char *const *must, const char *const *also)
{
	bool found = must == NULL;
	if (se->words > max_words || se->words > SENT_HEAD)
		return false;
	for (int k = 0; k < se->words; k++) {
		if (must && in_list(se->head[k], must))
			found = true;
		else if (!in_list(se->head[k], also))
			return false;
	}
	return found;
}

/* True when every word of a is among the words of b. */
static bool sentence_within(const struct sentence *a, const struct sentence *b)
{
	if (a->words > SENT_HASHES || b->words > SENT_HASHES)
		return false;
	for (int i = 0; i < a->words; i++) {
		bool seen = false;
		for (int j = 0; j < b->words && !seen; j++)
			seen = a->hash[i] == b->hash[j];
		if (!seen)
			return false;
	}
	return true;
}

/* A question right after another restates it when it is short ("Why??",
 * "Milloin??") unless it turns to a new topic ("Entä lasku?"), when it
 * only adds a condition ("Jos voi, miten?"), or when one's words all
 * appear in the other ("Why is it late? Why is it so late?"). */
static bool restates(const struct sentence *prev, const struct sentence *cur)
{
	if (in_list(cur->head[0], CONDITIONALS))
		return true;
	if (cur->words < SHORT_WORDS &&
	    !(cur->words >= 2 && in_list(cur->head[0], TOPIC_OPENERS)))
		return true;
	return sentence_within(cur, prev) || sentence_within(prev, cur);
}

/* ---------------------------------------------------------------- tally */

enum ending { END_NONE, END_Q, END_STOP, END_BANG };

struct tally {
	bool interrogatives; /* count "Miksi ..." without a '?' (pass 2) */
	int real, pleas;     /* questions, and pleas for help */
	int qmarks, markers; /* sentences ending in '?', list markers */
	bool prev_q;         /* the sentence before was a question */
	bool header;         /* "Minulla on kysymyksiä:" - items are questions */
	bool in_item, item_first, item_words, item_q, item_header;
	struct sentence prev, cur;
};

static void tally_question(struct tally *t)
{
	const struct sentence *c = &t->cur;
	if (t->item_first)
		t->real++; /* a list item asking something is its own question */
	else if (sentence_only(c, SENT_HEAD, PLEA_WORDS, PLEA_FILLER))
		t->pleas++;
	else if (t->prev_q && restates(&t->prev, c))
		; /* said again: counted once */
	else if (t->real > 0 && sentence_only(c, TAG_WORDS, NULL, TAG_WORDS_LIST))
		; /* "Really?", "Onko näin?" after a real question */
	else
		t->real++;
	t->item_q = t->item_q || t->in_item;
	t->prev = *c;
	t->prev_q = true;
}

static void tally_close(struct tally *t, enum ending end)
{
	struct sentence *c = &t->cur;
	if (c->words > 0) {
		bool q = end == END_Q || (t->interrogatives && end != END_BANG && !c->colon &&
					  sentence_interrogative(c));
		t->qmarks += end == END_Q;
		if (q)
			tally_question(t);
		else
			t->prev_q = false;
		if (c->colon && c->asks)
			t->header = true;
		else if (!t->in_item)
			t->header = false;
		t->item_words = t->item_words || t->in_item;
		t->item_first = false;
	}
	memset(c, 0, sizeof(*c));
}

/* An item under "Minulla on kysymyksiä:" is a question even when it
 * reads "1. toimitusaika". */
static void tally_item_end(struct tally *t)
{
	if (t->in_item && t->item_header && t->item_words && !t->item_q)
		t->real++;
	t->in_item = t->item_first = false;
}

static void tally_item_begin(struct tally *t)
{
	t->markers++;
	t->in_item = t->item_first = true;
	t->item_words = t->item_q = false;
	t->item_header = t->header;
}

static void tally_run(struct tally *t, const unsigned char *s, size_t n, bool interrogatives)
{
	struct lexer lx;
	struct token tk;
	memset(t, 0, sizeof(*t));
	t->interrogatives = interrogatives;
	lex_init(&lx, s, n);
	for (;;) {
		switch (lex_next(&lx, &tk)) {
		case TOK_WORD:
			sentence_add(&t->cur, s + tk.start, tk.len);
			break;
		case TOK_COLON:
			t->cur.colon = t->cur.words > 0;
			break;
		case TOK_QEND:
			tally_close(t, END_Q);
			break;
		case TOK_STOP:
			tally_close(t, END_STOP);
			break;
		case TOK_BANG:
			tally_close(t, END_BANG);
			break;
		case TOK_BREAK:
			tally_close(t, END_NONE);
			tally_item_end(t);
			break;
		case TOK_MARKER:
			tally_close(t, END_NONE);
			tally_item_end(t);
			tally_item_begin(t);
			break;
		case TOK_NONE:
		case TOK_EOF:
			tally_close(t, END_NONE);
			tally_item_end(t);
			return;
		}
	}
}

void questions_analyse(const char *text, struct question_report *out)
{
	struct tally t;
	size_t n = 0;
	out->questions = 0;
	out->multiple = false;
	if (!text)
		return;
	while (n < QUESTIONS_SCAN_MAX && text[n])
		n++;
	tally_run(&t, (const unsigned char *)text, n, false);
	if (t.qmarks > 0 || t.markers >= 2)
		tally_run(&t, (const unsigned char *)text, n, true);
	out->questions = t.real + (t.real == 0 && t.pleas > 0);
	out->multiple = out->questions >= 2;
}

bool questions_interrogative_start(const char *sentence, size_t len)
{
	struct lexer lx;
	struct token tk;
	struct sentence se;
	if (!sentence)
		return false;
	memset(&se, 0, sizeof(se));
	lex_init(&lx, (const unsigned char *)sentence, len < QUESTIONS_SCAN_MAX ? len : QUESTIONS_SCAN_MAX);
	for (;;) {
		enum tok k = lex_next(&lx, &tk);
		if (k == TOK_WORD)
			sentence_add(&se, lx.s + tk.start, tk.len);
		else if (k == TOK_EOF || (k != TOK_COLON && k != TOK_MARKER && se.words > 0))
			break;
		if (se.words >= SENT_HEAD)
			break;
	}
	return sentence_interrogative(&se);
}
