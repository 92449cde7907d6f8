/* analyze.c - words to search terms with Voikko (fi) and Snowball (en). */
#include "search/analyze.h"

#include <libstemmer.h>
#include <libvoikko/voikko.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/utf8.h"

enum {
	TERM_MAX = 128,       /* bytes of one term, with its NUL */
	WORD_FORMS_MAX = 16,  /* terms of one word */
	PARTS_MAX = 8,        /* compound parts of one analysis */
	SUGGEST_TRIES = 5,    /* spelling suggestions tried per word */
	/* Voikko needs 1-3 ms per suggestion call; a query of many unknown
	 * words must not cost seconds, so later ones get the stem only. */
	SUGGEST_PER_CALL = 8,
};

/* The distinct terms of one word, first added first. */
struct forms {
	size_t n;
	size_t len[WORD_FORMS_MAX];
	char term[WORD_FORMS_MAX][TERM_MAX];
};

struct word {
	size_t start, end;              /* byte offsets in the text */
	size_t len, letters;            /* of low: bytes, code points */
	bool digit;
	char low[ANALYZER_WORD_MAX + 1]; /* lowercased, NUL-terminated */
};

/* One analysis run: the query flag and what is left of its budget. */
struct run {
	bool query;
	int suggest_left;
};

struct analyzer {
	struct VoikkoHandle *voikko;
	struct sb_stemmer *stem_en, *stem_fi;
	struct forms forms;
};

/* ---- UTF-8 and case ---------------------------------------------------- */

/* Length of the well-formed sequence at s (n > 0 bytes left) with its code
 * point in *cp, or 0 when s[0] starts none (a NUL counts as invalid). */
static size_t decode(const char *s, size_t n, uint32_t *cp)
{
	static const unsigned char mask[5] = {0, 0x7F, 0x1F, 0x0F, 0x07};
	unsigned char c = (unsigned char)s[0];
	size_t len = c < 0x80 ? 1 : c < 0xC2 ? 0 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 0;
	if (len == 0 || len > n || !utf8_valid(s, len))
		return 0;
	uint32_t v = c & mask[len];
	for (size_t i = 1; i < len; i++)
		v = v << 6 | ((unsigned char)s[i] & 0x3F);
	*cp = v;
	return len;
}

/* Writes cp as UTF-8 to out; returns its length. */
static size_t encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Lowercase of a Latin Extended-A letter (U+0100..U+017F), where case
 * pairs alternate but switch parity twice. */
static uint32_t lower_ext_a(uint32_t c)
{
	if (c == 0x130)
		return 'i';
	if (c == 0x178)
		return 0xFF;
	if (c == 0x131 || c == 0x138 || c == 0x149 || c == 0x17F)
		return c;
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
		return c % 2 ? c + 1 : c;
	return c % 2 ? c : c + 1;
}

/* Simple lowercase for Latin (Basic, Latin-1, Extended-A and Additional),
 * basic Greek and Cyrillic; other code points are returned unchanged. */
static uint32_t lower_cp(uint32_t c)
{
	if (c < 0x80)
		return c >= 'A' && c <= 'Z' ? c + 32 : c;
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
		return c + 32;
	if (c >= 0x100 && c <= 0x17F)
		return lower_ext_a(c);
	if ((c >= 0x391 && c <= 0x3AB && c != 0x3A2) || (c >= 0x410 && c <= 0x42F))
		return c + 32;
	if (c >= 0x400 && c <= 0x40F)
		return c + 80;
	if (c == 0x1E9E)
		return 0xDF;
	if (c >= 0x1E00 && c <= 0x1EFF && !(c >= 0x1E96 && c <= 0x1E9F))
		return c % 2 ? c : c + 1;
	return c;
}

/* Lowercases the valid UTF-8 s[0, n) into out (cap bytes with the NUL),
 * with the typographic apostrophe as ASCII so both spellings meet.
 * Returns the length, or 0 when it does not fit or is not valid. */
static size_t lower_utf8(const char *s, size_t n, char *out, size_t cap)
{
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		char enc[4];
		size_t l = decode(s + i, n - i, &cp);
		if (l == 0)
			return 0;
		size_t el = encode(cp == 0x2019 ? '\'' : lower_cp(cp), enc);
		if (o + el >= cap)
			return 0;
		memcpy(out + o, enc, el);
		o += el;
		i += l;
	}
	out[o] = '\0';
	return o;
}

/* ---- words ------------------------------------------------------------- */

/* Code points outside ASCII that separate words: spaces, punctuation,
 * symbols, private use, variation selectors, fullwidth punctuation and
 * emoji. Everything else counts as a letter, which covers every script
 * and combining marks without carrying the Unicode tables. */
static const struct {
	uint32_t lo, hi;
} separators[] = {
	{0x80, 0xA9}, {0xAB, 0xB4}, {0xB6, 0xB9}, {0xBB, 0xBF},
	{0xD7, 0xD7}, {0xF7, 0xF7},
	{0x2000, 0x2BFF}, {0x3000, 0x303F}, {0xE000, 0xF8FF},
	{0xFE00, 0xFE6F}, {0xFEFF, 0xFF0F}, {0xFF1A, 0xFF20},
	{0xFF3B, 0xFF40}, {0xFF5B, 0xFF65}, {0xFFF0, 0xFFFF},
	{0x1F000, 0x1FAFF}, {0xE0000, 0x10FFFF},
};

/* True for code points that make up words: letters, digits and marks. */
static bool is_word_cp(uint32_t c)
{
	if (c < 0x80)
		return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
	for (size_t i = 0; i < sizeof(separators) / sizeof(separators[0]); i++)
		if (c >= separators[i].lo && c <= separators[i].hi)
			return false;
	return true;
}

static bool is_apostrophe(uint32_t c)
{
	return c == '\'' || c == 0x2019;
}

/* True when a word character starts at t[i] (n bytes in all); its
 * length goes to *len. */
static bool word_char_at(const char *t, size_t n, size_t i, size_t *len)
{
	uint32_t cp;
	*len = i < n ? decode(t + i, n - i, &cp) : 0;
	return *len && is_word_cp(cp);
}

/* End of the word starting at t[i]: word characters, and apostrophes
 * between two of them (don't, vaa'an). */
static size_t word_end(const char *t, size_t n, size_t i)
{
	size_t l, l2;
	uint32_t cp;
	for (;;) {
		if (word_char_at(t, n, i, &l)) {
			i += l;
			continue;
		}
		l = i < n ? decode(t + i, n - i, &cp) : 0;
		if (l && is_apostrophe(cp) && word_char_at(t, n, i + l, &l2)) {
			i += l + l2;
			continue;
		}
		return i;
	}
}

/* Fills w from the word t[start, end); false when it is not usable. */
static bool word_fill(struct word *w, const char *t, size_t start, size_t end)
{
	w->start = start;
	w->end = end;
	w->len = lower_utf8(t + start, end - start, w->low, sizeof(w->low));
	w->letters = utf8_length(w->low, w->len);
	w->digit = strpbrk(w->low, "0123456789") != NULL;
	return w->len > 0;
}

/* Finds the next word of t[0, n) at or after *pos; false at the end.
 * Words over ANALYZER_WORD_MAX bytes are skipped: no dictionary has them
 * and they are most likely base64, hashes or URLs run together. */
static bool next_word(const char *t, size_t n, size_t *pos, struct word *w)
{
	size_t i = *pos, l;
	while (i < n) {
		if (!word_char_at(t, n, i, &l)) {
			i += l ? l : 1;
			continue;
		}
		size_t end = word_end(t, n, i);
		if (end - i <= ANALYZER_WORD_MAX && word_fill(w, t, i, end)) {
			*pos = end;
			return true;
		}
		i = end;
	}
	*pos = n;
	return false;
}

/* Length of the first ANALYZER_TEXT_MAX bytes of text, not splitting a
 * character. */
static size_t clip(const char *text, size_t len)
{
	if (len <= ANALYZER_TEXT_MAX)
		return len;
	len = ANALYZER_TEXT_MAX;
	while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
		len--;
	return len;
}

/* ---- forms of one word ------------------------------------------------- */

/* Adds the lowercase of s[0, n) unless it is empty, too long or there. */
static void forms_add(struct forms *f, const char *s, size_t n)
{
	if (f->n == WORD_FORMS_MAX)
		return;
	char *dst = f->term[f->n];
	size_t len = lower_utf8(s, n, dst, TERM_MAX);
	if (len == 0)
		return;
	for (size_t i = 0; i < f->n; i++)
		if (f->len[i] == len && memcmp(f->term[i], dst, len) == 0)
			return;
	f->len[f->n++] = len;
}

/* Adds the Snowball stem of w (for words no dictionary knows). */
static void forms_add_stem(struct forms *f, struct sb_stemmer *st, const struct word *w)
{
	const sb_symbol *s = sb_stemmer_stem(st, (const sb_symbol *)w->low, (int)w->len);
	if (s)
		forms_add(f, (const char *)s, (size_t)sb_stemmer_length(st));
	else
		forms_add(f, w->low, w->len); /* out of memory: the word will do */
}

/* Hands every form of w to emit: the first as a new token, the others
 * colocated with it. */
static int forms_emit(const struct forms *f, const struct word *w, analyzer_emit_fn emit,
		      void *ctx)
{
	for (size_t i = 0; i < f->n; i++) {
		int rc = emit(ctx, i ? ANALYZER_COLOCATED : 0, f->term[i], f->len[i], w->start,
			      w->end);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- Finnish compounds ------------------------------------------------- */

/* One morpheme of a Voikko WORDBASES value: "+surface(lemma)" or
 * "+surface"; a lemma starting with '+' marks a derivational suffix. */
struct morph {
	const char *surf, *lemma;
	size_t slen, llen;
};

/* Reads the morpheme at *p; false at the end of the value. */
static bool next_morph(const char **p, struct morph *m)
{
	const char *s = *p;
	if (*s != '+')
		return false;
	m->surf = ++s;
	s += strcspn(s, "+(");
	m->slen = (size_t)(s - m->surf);
	m->lemma = NULL;
	m->llen = 0;
	if (*s == '(') {
		m->lemma = ++s;
		s += strcspn(s, ")");
		m->llen = (size_t)(s - m->lemma);
		s += *s == ')';
	}
	*p = s;
	return true;
}

/* A compound part being put together from its morphemes. */
struct part {
	char buf[TERM_MAX];   /* surfaces of all but the last morpheme */
	size_t len;
	int nmorph;
	struct morph last;
};

/* The dictionary form of a finished part: a plain root gives its lemma
 * (kaupungin -> kaupunki); a derived one its surfaces with the lemma of
 * the last suffix (toimit + us -> toimitus, kulutta + jan -> kuluttaja). */
static void part_finish(struct part *p, struct forms *f)
{
	const struct morph *m = &p->last;
	if (p->nmorph == 1 && m->llen > 0 && m->lemma[0] != '+')
		forms_add(f, m->lemma, m->llen);
	else if (p->nmorph == 1)
		forms_add(f, m->surf, m->slen);
	else if (m->llen > 1 && p->len + m->llen - 1 < TERM_MAX) {
		memcpy(p->buf + p->len, m->lemma + 1, m->llen - 1);
		forms_add(f, p->buf, p->len + m->llen - 1);
	}
	p->nmorph = 0;
	p->len = 0;
}

/* Adds m to the part being built; returns the number of parts finished. */
static int part_feed(struct part *p, const struct morph *m, struct forms *f)
{
	bool suffix = m->llen > 0 && m->lemma[0] == '+';
	if (suffix && p->nmorph > 0) {
		if (p->len + p->last.slen < TERM_MAX) {
			memcpy(p->buf + p->len, p->last.surf, p->last.slen);
			p->len += p->last.slen;
		}
		p->last = *m;
		p->nmorph++;
		return 0;
	}
	int done = p->nmorph > 0;
	if (done)
		part_finish(p, f);
	if (m->slen > 0 && !(m->slen == 1 && m->surf[0] == '-')) {
		p->last = *m;
		p->nmorph = 1;
	}
	return done;
}

/* Adds the compound parts named by a WORDBASES value such as
 * "+toimit(toimittaa)+us(+us)+tapa(tapa)" (toimitus, tapa). A word of one
 * part adds nothing: its base form is already there. */
static void forms_add_parts(struct forms *f, const char *wordbases)
{
	size_t before = f->n;
	struct part p = {.nmorph = 0};
	struct morph m;
	int parts = 0;
	while (parts < PARTS_MAX && next_morph(&wordbases, &m))
		parts += part_feed(&p, &m, f);
	if (p.nmorph > 0) {
		part_finish(&p, f);
		parts++;
	}
	if (parts < 2)
		f->n = before;
}

/* ---- Finnish ----------------------------------------------------------- */

/* Adds the value of key in each analysis, or its compound parts. */
static void forms_add_key(struct forms *f, struct voikko_mor_analysis **list, const char *key,
			  bool parts)
{
	for (size_t i = 0; list[i]; i++) {
		char *v = voikko_mor_analysis_value_cstr(list[i], key);
		if (!v)
			continue;
		if (parts)
			forms_add_parts(f, v);
		else
			forms_add(f, v, strlen(v));
		voikko_free_mor_analysis_value_cstr(v);
	}
}

/* Adds the base forms Voikko gives for word and, with parts, the parts
 * of compounds; returns false when Voikko does not know the word. */
static bool fi_analyse(struct analyzer *an, const char *word, bool parts)
{
	struct voikko_mor_analysis **list = voikkoAnalyzeWordCstr(an->voikko, word);
	bool known = list && list[0];
	if (known) {
		forms_add_key(&an->forms, list, "BASEFORM", false);
		if (parts)
			forms_add_key(&an->forms, list, "WORDBASES", true);
	}
	if (list)
		voikko_free_mor_analysis(list);
	return known;
}

/* Adds the base forms of the first spelling suggestion Voikko can
 * analyse (a suggestion may be two words, "sala Sanna"). */
static void fi_suggest(struct analyzer *an, const char *word)
{
	char **sugg = voikkoSuggestCstr(an->voikko, word);
	for (size_t i = 0; sugg && sugg[i] && i < SUGGEST_TRIES; i++)
		if (fi_analyse(an, sugg[i], false))
			break;
	if (sugg)
		voikkoFreeCstrArray(sugg);
}

/* Finnish: base forms, compound parts when indexing; for an unknown word
 * the Snowball stem, and in a query also the speller's guess, as an
 * alternative so a brand name Voikko lacks still matches itself. */
static void fi_word(struct analyzer *an, const struct word *w, struct run *r)
{
	if (w->digit) {
		forms_add(&an->forms, w->low, w->len);
		return;
	}
	if (fi_analyse(an, w->low, !r->query))
		return;
	if (r->query && w->letters > 3 && r->suggest_left > 0) {
		r->suggest_left--;
		fi_suggest(an, w->low);
	}
	forms_add_stem(&an->forms, an->stem_fi, w);
}

/* ---- English ----------------------------------------------------------- */

/* Dropped when indexing and in queries alike, so positions agree. */
static const char *const en_stopwords[] = {
	"a", "an", "and", "can", "do", "does", "for", "how", "i", "in", "is",
	"it", "me", "my", "of", "on", "or", "the", "to", "what",
};

static bool en_stopword(const char *w)
{
	for (size_t i = 0; i < sizeof(en_stopwords) / sizeof(en_stopwords[0]); i++)
		if (strcmp(w, en_stopwords[i]) == 0)
			return true;
	return false;
}

/* English: the Snowball stem, numbers as written, stopwords nothing. */
static void en_word(struct analyzer *an, const struct word *w, struct run *r)
{
	(void)r;
	if (w->digit)
		forms_add(&an->forms, w->low, w->len);
	else if (!en_stopword(w->low))
		forms_add_stem(&an->forms, an->stem_en, w);
}

/* ---- public ------------------------------------------------------------ */

static const struct lang {
	const char *code;
	void (*word)(struct analyzer *an, const struct word *w, struct run *r);
} langs[] = {
	{"fi", fi_word},
	{"en", en_word},
};

static const struct lang *lang_find(const char *code)
{
	for (size_t i = 0; code && i < sizeof(langs) / sizeof(langs[0]); i++)
		if (strcmp(code, langs[i].code) == 0)
			return &langs[i];
	return NULL;
}

bool analyzer_lang_known(const char *lang)
{
	return lang_find(lang) != NULL;
}

static struct analyzer *fail(struct analyzer *an, char **err, const char *why)
{
	*err = strdup(why);
	analyzer_free(an);
	return NULL;
}

struct analyzer *analyzer_new(char **err)
{
	struct analyzer *an = calloc(1, sizeof(*an));
	if (!an)
		return fail(NULL, err, "out of memory");
	const char *verr = NULL;
	an->voikko = voikkoInit(&verr, "fi", NULL);
	if (!an->voikko)
		return fail(an, err, verr ? verr : "cannot load the Finnish Voikko dictionary");
	an->stem_en = sb_stemmer_new("english", NULL);
	an->stem_fi = sb_stemmer_new("finnish", NULL);
	if (!an->stem_en || !an->stem_fi)
		return fail(an, err, "cannot create the Snowball stemmers");
	return an;
}

void analyzer_free(struct analyzer *an)
{
	if (!an)
		return;
	if (an->voikko)
		voikkoTerminate(an->voikko);
	sb_stemmer_delete(an->stem_en);
	sb_stemmer_delete(an->stem_fi);
	free(an);
}

/* analyzer_terms() with the budget of r. */
static int terms_run(struct analyzer *an, const struct lang *l, const char *text, size_t len,
		     struct run *r, analyzer_emit_fn emit, void *ctx)
{
	struct word w;
	size_t pos = 0;
	len = clip(text, len);
	while (next_word(text, len, &pos, &w)) {
		an->forms.n = 0;
		l->word(an, &w, r);
		int rc = forms_emit(&an->forms, &w, emit, ctx);
		if (rc)
			return rc;
	}
	return 0;
}

int analyzer_terms(struct analyzer *an, const char *lang, const char *text, size_t len,
		   bool query, analyzer_emit_fn emit, void *ctx)
{
	const struct lang *l = lang_find(lang);
	struct run r = {.query = query, .suggest_left = SUGGEST_PER_CALL};
	return l ? terms_run(an, l, text, len, &r, emit, ctx) : -1;
}

int analyzer_words(struct analyzer *an, const char *text, size_t len, analyzer_emit_fn emit,
		   void *ctx)
{
	struct word w;
	size_t pos = 0;
	len = clip(text, len);
	while (next_word(text, len, &pos, &w)) {
		an->forms.n = 0;
		forms_add(&an->forms, w.low, w.len);
		int rc = forms_emit(&an->forms, &w, emit, ctx);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- query words ------------------------------------------------------- */

enum { SEEN_MAX = 4 * ANALYZER_QUERY_TERMS_MAX };

/* State of analyzer_query_terms(): the terms seen so far and the words
 * kept. A word is decided when its first term arrives for the next word
 * or at the end. */
struct query_words {
	struct arena *a;
	const char *text;
	const char **words;
	size_t nwords, nseen;
	const char *seen[SEEN_MAX];
	size_t start, end;  /* current word; end 0 before the first */
	bool fresh;         /* it gave a term not seen before */
};

static void query_word_done(struct query_words *q)
{
	if (!q->fresh || q->end == 0 || q->nwords == ANALYZER_QUERY_TERMS_MAX)
		return;
	char low[ANALYZER_WORD_MAX + 1];
	size_t n = lower_utf8(q->text + q->start, q->end - q->start, low, sizeof(low));
	for (size_t i = 0; n > 0 && i < q->nwords; i++)
		if (strcmp(q->words[i], low) == 0)
			return;
	if (n > 0)
		q->words[q->nwords++] = arena_strndup(q->a, low, n);
}

static bool query_seen(struct query_words *q, const char *term, size_t len)
{
	for (size_t i = 0; i < q->nseen; i++)
		if (strlen(q->seen[i]) == len && memcmp(q->seen[i], term, len) == 0)
			return true;
	if (q->nseen < SEEN_MAX)
		q->seen[q->nseen++] = arena_strndup(q->a, term, len);
	return false;
}

static int query_collect(void *ctx, int flags, const char *term, size_t len, size_t start,
			 size_t end)
{
	struct query_words *q = ctx;
	if (!(flags & ANALYZER_COLOCATED)) {
		query_word_done(q);
		q->start = start;
		q->end = end;
		q->fresh = false;
	}
	if (!query_seen(q, term, len))
		q->fresh = true;
	return 0;
}

int analyzer_query_terms(struct analyzer *an, const char *lang, const char *query,
			 struct arena *a, const char ***terms, size_t *n)
{
	const struct lang *l = lang_find(lang);
	struct query_words q = {.a = a, .text = query};
	q.words = arena_alloc(a, ANALYZER_QUERY_TERMS_MAX * sizeof(*q.words));
	*terms = q.words;
	*n = 0;
	if (!l)
		return -1;
	/* No spelling suggestions here: they only cost time, since FTS5
	 * analyses every returned word again and makes its own. */
	struct run r = {.query = true, .suggest_left = 0};
	terms_run(an, l, query, query ? strlen(query) : 0, &r, query_collect, &q);
	query_word_done(&q);
	*n = q.nwords;
	return 0;
}
