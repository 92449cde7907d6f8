/* search.c - finding articles for a question in SQLite.
 *
 * Three signals per article: BM25 over words reduced to base forms (our
 * "tuki" FTS5 tokenizer), BM25 over character trigrams (typos), and
 * BM25 over earlier questions the article answered (learning from
 * deflections). domain/assist.c ranks.
 *
 * The question is analysed once, here: each word's terms are looked up
 * in the index's vocabulary. Known words go to MATCH as exact terms
 * (quoted, marked so the tokenizer passes them through: no FTS5 syntax
 * a user types can reach MATCH, and Voikko's slow spelling suggestions
 * run once). At most QUERY_WORDS of the rarest known words are used, and
 * words in more than half of the articles are dropped: they say little
 * and their long posting lists are what makes a query slow on a large
 * help center. The trigram signal matches the whole question against
 * titles (short, so fast at any size, and where a typo matters most),
 * with its rarest trigrams for the same reason. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "search/analyze.h"
#include "search/fts_tokenizer.h"
#include "store/sqlite/db.h"

enum { TRIGRAMS_MAX = 96, TRIGRAMS_USED = 12, QUERY_MAX = 2000, QUERY_WORDS = 6, WORD_TERMS = 8 };

struct candidates {
	struct arena *a;
	struct search_candidate *items;
	size_t n, cap;
};

static struct search_candidate *candidate(struct candidates *c, int64_t id)
{
	for (size_t i = 0; i < c->n; i++)
		if (c->items[i].article_id == id)
			return &c->items[i];
	if (c->n == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 64;
		struct search_candidate *bigger = arena_alloc(c->a, cap * sizeof(*bigger));
		if (c->n)
			memcpy(bigger, c->items, c->n * sizeof(*bigger));
		c->items = bigger;
		c->cap = cap;
	}
	struct search_candidate *x = &c->items[c->n++];
	memset(x, 0, sizeof(*x));
	x->article_id = id;
	return x;
}

/* '"term" OR "term" ...' with quotes doubled inside terms. */
static const char *or_expression(struct arena *a, const char *const *terms, size_t n)
{
	struct buf b;
	buf_init(&b, 64 * 1024);
	for (size_t i = 0; i < n; i++) {
		buf_puts(&b, i ? " OR \"" : "\"");
		for (const char *p = terms[i]; *p; p++) {
			buf_putc(&b, *p);
			if (*p == '"')
				buf_putc(&b, '"');
		}
		buf_putc(&b, '"');
	}
	const char *out = arena_strdup(a, b.data ? b.data : "");
	buf_free(&b);
	return out;
}

/* The query with the expansions of any synonym whose term it contains
 * (as a whole word, case-insensitively). */
static const char *with_synonyms(struct sq *q, struct arena *a, const char *lang, const char *text)
{
	struct synonym *syn;
	size_t n;
	if (sq_synonym_list(&q->base, a, lang, &syn, &n) != TK_OK || n == 0)
		return text;
	const char *out = text;
	for (size_t i = 0; i < n; i++) {
		size_t tl = strlen(syn[i].term);
		for (const char *p = strcasestr(text, syn[i].term); p; p = strcasestr(p + 1, syn[i].term)) {
			bool start = p == text || !isalnum((unsigned char)p[-1]);
			bool end = !isalnum((unsigned char)p[tl]);
			if (start && end) {
				out = arena_printf(a, "%s %s", out, syn[i].expansion);
				break;
			}
		}
	}
	return out;
}

static int word_signal(struct sq *q, struct arena *a, const char *lang, const char *match,
		       int limit, struct candidates *c)
{
	sqlite3_stmt *st = sq_stmt(q, STMT_SEARCH_FI + sq_lang_index(lang));
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, limit);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct search_candidate *x = candidate(c, sqlite3_column_int64(st, 0));
		x->slug = sq_text(a, st, 1);
		x->title = sq_text(a, st, 2);
		x->text_score = sqlite3_column_double(st, 3);
		x->helpful_yes = sqlite3_column_int(st, 4);
		x->helpful_no = sqlite3_column_int(st, 5);
	}
	sq_done(st);
	return sq_err(q, rc);
}

/* The one number statement id finds for text; 0 when none (or on an
 * error, which only makes a signal weaker). */
static int64_t number_for(struct sq *q, enum stmt id, const char *text)
{
	sqlite3_stmt *st = sq_stmt(q, id);
	if (!st)
		return 0;
	sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	int64_t v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sq_done(st);
	return v;
}

struct gram {
	const char *text;
	int64_t df;
};

static int by_gram_df(const void *pa, const void *pb)
{
	const struct gram *a = pa, *b = pb;
	return (a->df > b->df) - (a->df < b->df);
}

/* The trigrams of every word of three or more characters. The index
 * folds case, so the lookups do too (ASCII; other letters as they are). */
static size_t trigrams_of(struct arena *a, const char *text, struct gram *out, size_t max)
{
	size_t n = 0, len = strnlen(text, QUERY_MAX);
	size_t starts[QUERY_MAX + 1], k = 0;
	for (size_t i = 0; i <= len && n < max; i++) {
		unsigned char ch = i < len ? (unsigned char)text[i] : ' ';
		if ((ch & 0xC0) == 0x80)
			continue; /* inside a character */
		if (isalnum(ch) || ch >= 0x80) {
			starts[k++] = i;
			continue;
		}
		for (size_t j = 0; k >= 3 && j + 3 <= k && n < max; j++) {
			size_t end = j + 3 < k ? starts[j + 3] : i;
			char *g = arena_strndup(a, text + starts[j], end - starts[j]);
			for (char *p = g; *p; p++)
				*p = (char)tolower((unsigned char)*p);
			out[n++] = (struct gram){.text = g};
		}
		k = 0;
	}
	return n;
}

/* The rarest TRIGRAMS_USED trigrams of the text as an OR query: a word
 * with a typo still shares most of its trigrams with the right word, and
 * the rare ones carry the signal while the common ones ("ing", "the")
 * would only make the query slow. */
static const char *trigram_expression(struct sq *q, struct arena *a, const char *text)
{
	struct gram grams[TRIGRAMS_MAX];
	size_t n = trigrams_of(a, text, grams, TRIGRAMS_MAX), kept = 0;
	for (size_t i = 0; i < n; i++)
		grams[i].df = number_for(q, STMT_TRIGRAM_DF, grams[i].text);
	qsort(grams, n, sizeof(*grams), by_gram_df);
	const char *use[TRIGRAMS_USED];
	for (size_t i = 0; i < n && kept < TRIGRAMS_USED; i++)
		if (grams[i].df > 0 && (kept == 0 || strcmp(grams[i].text, use[kept - 1]) != 0))
			use[kept++] = grams[i].text;
	return kept ? or_expression(a, use, kept) : NULL;
}

static int trigram_signal(struct sq *q, struct arena *a, const char *lang, const char *text,
			  int limit, struct candidates *c)
{
	const char *match = trigram_expression(q, a, text);
	sqlite3_stmt *st = sq_stmt(q, STMT_TRIGRAM_SEARCH);
	if (!match || !st)
		return match ? TK_EINTERNAL : TK_OK;
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, lang, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, limit);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct search_candidate *x = candidate(c, sqlite3_column_int64(st, 0));
		if (!x->slug) {
			x->slug = sq_text(a, st, 1);
			x->title = sq_text(a, st, 2);
			x->helpful_yes = sqlite3_column_int(st, 4);
			x->helpful_no = sqlite3_column_int(st, 5);
		}
		x->trigram_score = sqlite3_column_double(st, 3);
	}
	sq_done(st);
	return sq_err(q, rc);
}

/* Earlier questions that an article answered, like this one. */
static int answered_signal(struct sq *q, struct arena *a, const char *lang, const char *match,
			   struct candidates *c)
{
	/* Nothing learnt yet: skip the query (and its tokenizing). */
	sqlite3_stmt *any = sq_stmt(q, STMT_ANSWERED_ANY_FI + sq_lang_index(lang));
	if (!any)
		return TK_EINTERNAL;
	bool learnt = sqlite3_step(any) == SQLITE_ROW;
	sq_done(any);
	if (!learnt)
		return TK_OK;
	sqlite3_stmt *st = sq_stmt(q, STMT_ANSWERED_SEARCH_FI + sq_lang_index(lang));
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	int rc;
	size_t before = c->n;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		candidate(c, sqlite3_column_int64(st, 0))->answered_score += sqlite3_column_double(st, 1);
	sq_done(st);
	/* Articles found only this way still need their title; drop those
	 * unpublished or in the other language since. */
	for (size_t i = before; i < c->n; i++) {
		struct article r;
		struct search_candidate *x = &c->items[i];
		if (sq_article_get(&q->base, a, x->article_id, NULL, &r) == TK_OK && r.published &&
		    strcmp(r.lang, lang) == 0) {
			x->slug = r.slug;
			x->title = r.title;
			x->helpful_yes = r.helpful_yes;
			x->helpful_no = r.helpful_no;
		}
	}
	return sq_err(q, rc);
}

/* One word of the question and what the index knows of it. */
struct qword {
	size_t start, end;
	const char *terms[WORD_TERMS];
	size_t nterms;
	int64_t df;                /* articles with its most common term; 0: unknown */
};

struct qwords {
	struct arena *a;
	struct qword *w;
	size_t n, cap;
};

static int collect_term(void *ctx, int flags, const char *term, size_t len, size_t start,
			size_t end)
{
	struct qwords *q = ctx;
	if (!(flags & ANALYZER_COLOCATED)) {
		if (q->n == q->cap)
			return 1; /* enough words */
		q->w[q->n++] = (struct qword){.start = start, .end = end};
	}
	struct qword *w = &q->w[q->n - 1];
	if (q->n > 0 && w->nterms < WORD_TERMS)
		w->terms[w->nterms++] = arena_strndup(q->a, term, len);
	return 0;
}


static int by_df(const void *pa, const void *pb)
{
	const struct qword *a = pa, *b = pb;
	return (a->df > b->df) - (a->df < b->df);
}

/* The MATCH expression of the rarest known words. */
static const char *plan_query(struct sq *q, struct arena *a, const char *lang, const char *text)
{
	struct qwords qw = {.a = a, .cap = ANALYZER_QUERY_TERMS_MAX};
	qw.w = arena_alloc(a, qw.cap * sizeof(*qw.w));
	analyzer_terms(q->an, lang, text, strlen(text), true, collect_term, &qw);
	int64_t docs = number_for(q, STMT_ARTICLE_COUNT, lang);
	for (size_t i = 0; i < qw.n; i++)
		for (size_t t = 0; t < qw.w[i].nterms; t++) {
			int64_t df = number_for(q, STMT_VOCAB_FI + sq_lang_index(lang),
						qw.w[i].terms[t]);
			qw.w[i].df = df > qw.w[i].df ? df : qw.w[i].df;
		}
	qsort(qw.w, qw.n, sizeof(*qw.w), by_df);
	const char *terms[ANALYZER_QUERY_TERMS_MAX];
	size_t nt = 0, used = 0;
	for (size_t i = 0; i < qw.n && used < QUERY_WORDS; i++) {
		if (qw.w[i].df == 0 || (docs >= 20 && qw.w[i].df * 2 > docs))
			continue;
		used++;
		const char *word = "";
		for (size_t t = 0; t < qw.w[i].nterms; t++)
			word = arena_printf(a, "%s%c%s", word, FTS_TERM_MARK, qw.w[i].terms[t]);
		terms[nt++] = word;
	}
	return nt ? or_expression(a, terms, nt) : NULL;
}

int sq_article_search(struct store *s, struct arena *a, const char *lang, const char *query,
		      int limit, struct search_candidate **out, size_t *n)
{
	struct sq *q = sq_of(s);
	struct candidates c = {.a = a};
	char *err = NULL;
	*out = NULL;
	*n = 0;
	if (!q->an && !(q->an = analyzer_new(&err))) {
		free(err);
		return TK_EINTERNAL;
	}
	if (!analyzer_lang_known(lang))
		return TK_EINVALID;
	const char *text = with_synonyms(q, a, lang, arena_strndup(a, query, strnlen(query, QUERY_MAX)));
	const char *match = plan_query(q, a, lang, text);
	int rc = TK_OK;
	if (match && (rc = word_signal(q, a, lang, match, limit, &c)) == TK_OK)
		rc = answered_signal(q, a, lang, match, &c);
	if (rc == TK_OK)
		rc = trigram_signal(q, a, lang, text, limit, &c);
	/* Keep only candidates that resolved to a live article. */
	for (size_t i = 0; rc == TK_OK && i < c.n; i++)
		if (c.items[i].slug)
			c.items[(*n)++] = c.items[i];
	*out = c.items;
	return rc;
}
