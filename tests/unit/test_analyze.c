/* test_analyze.c - Finnish and English search terms and the FTS5 tokenizer. */
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "lib/arena.h"
#include "lib/utf8.h"
#include "search/analyze.h"
#include "search/fts_tokenizer.h"

enum { TOKENS_MAX = 256, TOKEN_BYTES = 128 };

/* Every term an analysis emitted, with its flags and offsets. */
struct tokens {
	size_t n, text_len;
	bool bad;                  /* an emit broke a promise of the API */
	int flags[TOKENS_MAX];
	size_t start[TOKENS_MAX], end[TOKENS_MAX];
	char term[TOKENS_MAX][TOKEN_BYTES];
};

static int collect(void *ctx, int flags, const char *term, size_t len, size_t start, size_t end)
{
	struct tokens *t = ctx;
	if (len == 0 || len >= TOKEN_BYTES || start >= end || end > t->text_len ||
	    !utf8_valid(term, len) || (t->n == 0 && flags != 0))
		t->bad = true;
	if (t->n == TOKENS_MAX || len >= TOKEN_BYTES)
		return 0;
	t->flags[t->n] = flags;
	t->start[t->n] = start;
	t->end[t->n] = end;
	memcpy(t->term[t->n], term, len);
	t->term[t->n][len] = '\0';
	t->n++;
	return 0;
}

static struct analyzer *an;

static struct tokens *analyse(const char *lang, const char *text, bool query)
{
	static struct tokens t;
	memset(&t, 0, sizeof(t));
	t.text_len = strlen(text);
	CHECK(analyzer_terms(an, lang, text, t.text_len, query, collect, &t) == 0);
	CHECK(!t.bad);
	return &t;
}

static bool has(const struct tokens *t, const char *term)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->term[i], term) == 0)
			return true;
	return false;
}

/* True when the analyses of a and b share a term. */
static bool share(const char *lang, const char *a, const char *b, bool query)
{
	struct tokens ta = *analyse(lang, a, false);
	struct tokens *tb = analyse(lang, b, query);
	for (size_t i = 0; i < ta.n; i++)
		if (has(tb, ta.term[i]))
			return true;
	return false;
}

/* ---- SQLite ------------------------------------------------------------ */

static sqlite3 *db_open(void)
{
	sqlite3 *db = NULL;
	char *err = NULL;
	CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK);
	CHECK(fts_tokenizer_register(db, &err) == 0);
	CHECK(err == NULL);
	free(err);
	CHECK(sqlite3_exec(db,
			   "CREATE VIRTUAL TABLE kb_fi USING fts5(body, tokenize = 'tuki fi');"
			   "CREATE VIRTUAL TABLE kb_en USING fts5(body, tokenize = 'tuki en');",
			   NULL, NULL, NULL) == SQLITE_OK);
	return db;
}

static void db_insert(sqlite3 *db, const char *table, const char *body)
{
	sqlite3_stmt *st = NULL;
	const char *sql = strcmp(table, "kb_fi") == 0 ? "INSERT INTO kb_fi(body) VALUES (?1)"
						      : "INSERT INTO kb_en(body) VALUES (?1)";
	CHECK(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK);
	sqlite3_bind_text(st, 1, body, -1, SQLITE_STATIC);
	CHECK(sqlite3_step(st) == SQLITE_DONE);
	sqlite3_finalize(st);
}

/* Rows of table matching the FTS5 expression match, -1 on error. */
static int db_count(sqlite3 *db, const char *table, const char *match)
{
	sqlite3_stmt *st = NULL;
	const char *sql = strcmp(table, "kb_fi") == 0
				  ? "SELECT count(*) FROM kb_fi WHERE kb_fi MATCH ?1"
				  : "SELECT count(*) FROM kb_en WHERE kb_en MATCH ?1";
	int n = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* ---- Finnish ----------------------------------------------------------- */

static void test_fi_inflections_share_a_term(void)
{
	const char *forms[] = {"tilaus", "tilauksen", "tilausta", "tilauksia", "Tilauksissa"};
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		CHECK(has(analyse("fi", forms[i], false), "tilaus"));
		CHECK(has(analyse("fi", forms[i], true), "tilaus"));
	}
	CHECK(share("fi", "tilauksia", "tilausta", true));
	CHECK(share("fi", "palautuksen", "palautus", true));
}

static void test_fi_compound_parts(void)
{
	struct tokens *t = analyse("fi", "toimitustavan", false);
	CHECK(t->n == 3);
	CHECK_STR(t->term[0], "toimitustapa");
	CHECK(has(t, "toimitus"));
	CHECK(has(t, "tapa"));
	CHECK(t->flags[0] == 0 && t->flags[1] == ANALYZER_COLOCATED &&
	      t->flags[2] == ANALYZER_COLOCATED);
	for (size_t i = 0; i < t->n; i++)
		CHECK(t->start[i] == 0 && t->end[i] == 13);
	t = analyse("fi", "verkkokaupan", false);
	CHECK(has(t, "verkkokauppa") && has(t, "verkko") && has(t, "kauppa"));
	/* Genitive and derived parts come back in their base form. */
	CHECK(has(analyse("fi", "kaupungintalossa", false), "kaupunki"));
	CHECK(has(analyse("fi", "kuluttajansuojalaki", false), "kuluttaja"));
	CHECK(has(analyse("fi", "asiakaspalvelun", false), "palvelu"));
}

static void test_fi_query_has_no_parts(void)
{
	struct tokens *t = analyse("fi", "verkkokaupan", true);
	CHECK(has(t, "verkkokauppa"));
	CHECK(!has(t, "verkko"));
	CHECK(!has(t, "kauppa"));
}

static void test_fi_typos_in_queries(void)
{
	CHECK(has(analyse("fi", "toimitustapaa", true), "toimitustapa"));
	struct tokens *t = analyse("fi", "toimistustapa", true);
	CHECK(has(t, "toimitustapa"));
	CHECK(t->n >= 2);                     /* and its own stem */
	CHECK(!has(analyse("fi", "toimistustapa", false), "toimitustapa"));
	CHECK(has(analyse("fi", "asetuksett", true), "asetus"));
	/* Three letters or fewer: no guessing. */
	CHECK(analyse("fi", "xyz", true)->n == 1);
}

static void test_fi_unknown_words_stem(void)
{
	struct tokens *t = analyse("fi", "Klarnalla", false);
	CHECK(t->n == 1);
	CHECK(share("fi", "Klarnalla", "klarnan", false));
	CHECK(share("fi", "Klarnalla", "klarnan", true));
}

static void test_fi_fts(void)
{
	sqlite3 *db = db_open();
	db_insert(db, "kb_fi", "verkkokaupan asetukset");
	db_insert(db, "kb_fi", "Voit vaihtaa toimitustavan ennen kuin tilaus lähtee.");
	CHECK(db_count(db, "kb_fi", "kauppa") == 1);
	CHECK(db_count(db, "kb_fi", "verkkokauppa") == 1);
	CHECK(db_count(db, "kb_fi", "verkkokaupassa") == 1);
	CHECK(db_count(db, "kb_fi", "asetus") == 1);
	CHECK(db_count(db, "kb_fi", "toimistustapa") == 1);  /* typo */
	CHECK(db_count(db, "kb_fi", "tilauksia") == 1);
	CHECK(db_count(db, "kb_fi", "\"vaihtaa toimitustapaa\"") == 1);
	CHECK(db_count(db, "kb_fi", "kaup*") == 1);         /* prefix: as typed */
	CHECK(db_count(db, "kb_fi", "\"tilauksen\" OR \"verkkokauppa\"") == 2);
	CHECK(db_count(db, "kb_fi", "laskutus") == 0);
	sqlite3_stmt *st = NULL;
	CHECK(sqlite3_prepare_v2(db, "SELECT highlight(kb_fi, 0, '[', ']') FROM kb_fi "
				 "WHERE kb_fi MATCH 'kauppa'", -1, &st, NULL) == SQLITE_OK);
	CHECK(sqlite3_step(st) == SQLITE_ROW);
	CHECK_STR((const char *)sqlite3_column_text(st, 0), "[verkkokaupan] asetukset");
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static void test_fi_apostrophe_and_numbers(void)
{
	CHECK(has(analyse("fi", "vaa'an", false), "vaaka"));
	struct tokens *t = analyse("fi", "Tilaus 12345 ABC123", false);
	CHECK(t->n == 3);
	CHECK_STR(t->term[1], "12345");
	CHECK_STR(t->term[2], "abc123");
}

/* ---- English ----------------------------------------------------------- */

static void test_en_stems(void)
{
	const char *ship[] = {"shipping", "shipped", "ships", "Ship"};
	for (size_t i = 0; i < 4; i++) {
		struct tokens *t = analyse("en", ship[i], false);
		CHECK(t->n == 1);
		CHECK_STR(t->term[0], "ship");
	}
	CHECK_STR(analyse("en", "refunds", false)->term[0], "refund");
	CHECK_STR(analyse("en", "refunded", true)->term[0], "refund");
	CHECK(has(analyse("en", "customer's", false), "custom"));
	CHECK_STR(analyse("en", "don\xE2\x80\x99t", false)->term[0], "don't");
	CHECK_STR(analyse("en", "'quoted'", false)->term[0], "quot");
}

static void test_en_stopwords(void)
{
	struct tokens *t = analyse("en", "How do I get a refund for my order", true);
	CHECK(t->n == 3);
	CHECK_STR(t->term[0], "get");
	CHECK_STR(t->term[1], "refund");
	CHECK_STR(t->term[2], "order");
	CHECK(analyse("en", "the of and", false)->n == 0);
}

static void test_en_fts(void)
{
	sqlite3 *db = db_open();
	db_insert(db, "kb_en", "Your order has shipped.");
	db_insert(db, "kb_en", "How to get a refund of the order");
	CHECK(db_count(db, "kb_en", "shipping") == 1);
	CHECK(db_count(db, "kb_en", "refunded") == 1);
	CHECK(db_count(db, "kb_en", "orders") == 2);
	/* Stopwords are gone on both sides, so phrases still line up. */
	CHECK(db_count(db, "kb_en", "\"refund the order\"") == 1);
	CHECK(db_count(db, "kb_en", "\"refund order\"") == 1);
	CHECK(db_count(db, "kb_en", "the refund") == 1);
	CHECK(db_count(db, "kb_en", "toimitus") == 0);
	sqlite3_close(db);
}

/* ---- text handling ----------------------------------------------------- */

static void test_lowercase_unicode(void)
{
	struct tokens *t = analyse("fi", "ÄÄNI", false);
	CHECK_STR(t->term[0], "ääni");
	static struct tokens w;
	const char *text = "ÄÖÅ ÉŠŽ ŸĲ İSTANBUL ẞ ΣΩ ДОМ";
	memset(&w, 0, sizeof(w));
	w.text_len = strlen(text);
	CHECK(analyzer_words(an, text, w.text_len, collect, &w) == 0);
	CHECK(!w.bad);
	CHECK(w.n == 7);
	CHECK_STR(w.term[0], "äöå");
	CHECK_STR(w.term[1], "éšž");
	CHECK_STR(w.term[2], "ÿĳ");
	CHECK_STR(w.term[3], "istanbul");
	CHECK_STR(w.term[4], "ß");
	CHECK_STR(w.term[5], "σω");
	CHECK_STR(w.term[6], "дом");
}

static void test_offsets_are_bytes(void)
{
	const char *text = "  Ääni\t— tilauksen, «verkkokaupan»!";
	struct tokens *t = analyse("fi", text, false);
	const char *words[] = {"Ääni", "tilauksen", "verkkokaupan"};
	size_t w = 0;
	for (size_t i = 0; i < t->n; i++) {
		if (t->flags[i] == 0)
			w++;
		CHECK(w >= 1 && w <= 3);
		if (w < 1 || w > 3)
			break;
		size_t want = (size_t)(strstr(text, words[w - 1]) - text);
		CHECK(t->start[i] == want);
		CHECK(t->end[i] == want + strlen(words[w - 1]));
	}
	CHECK(w == 3);
}

static void test_limits(void)
{
	char word[80];
	memset(word, 'a', sizeof(word));
	word[65] = '\0';                      /* 65 bytes: skipped */
	CHECK(analyse("en", word, false)->n == 0);
	word[64] = '\0';                      /* 64 bytes: kept */
	CHECK(analyse("en", word, false)->n == 1);
	static struct tokens t;
	CHECK(analyzer_terms(an, "xx", "x", 1, false, collect, &t) == -1);
	CHECK(analyzer_terms(an, "fi", NULL, 0, true, collect, &t) == 0);
}

/* Counts the words and checks that none lies beyond the cap. */
static int count_words(void *ctx, int flags, const char *term, size_t len, size_t start,
		       size_t end)
{
	size_t *n = ctx;
	(void)term;
	(void)len;
	(void)start;
	if (!flags)
		(*n)++;
	return end > ANALYZER_TEXT_MAX ? 1 : 0;
}

static void test_text_cap(void)
{
	size_t big = 2 * ANALYZER_TEXT_MAX, n = 0;
	char *text = malloc(big);
	for (size_t i = 0; i < big; i += 4)
		memcpy(text + i, "abc ", 4);
	CHECK(analyzer_terms(an, "en", text, big, false, count_words, &n) == 0);
	CHECK(n == ANALYZER_TEXT_MAX / 4);
	free(text);
}

static uint32_t rnd_state = 12345;

static uint32_t rnd(void)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return rnd_state >> 8;
}

/* Random bytes, biased toward letters and UTF-8 lead bytes. */
static void garbage(char *buf, size_t n)
{
	static const char pool[] = "aeiouktsnAEÄÖ'’ -\xC3\xA4\xE2\x80\x99\xF0\x9F\x98\x80";
	for (size_t i = 0; i < n; i++)
		buf[i] = rnd() % 3 ? pool[rnd() % (sizeof(pool) - 1)] : (char)rnd();
}

static void test_garbage_never_crashes(void)
{
	char buf[400];
	for (int i = 0; i < 600; i++) {
		size_t n = rnd() % sizeof(buf);
		garbage(buf, n);
		static struct tokens t;
		memset(&t, 0, sizeof(t));
		t.text_len = n;
		bool query = i % 20 == 0;          /* suggestions are slow */
		CHECK(analyzer_terms(an, i % 2 ? "fi" : "en", buf, n, query, collect, &t) == 0);
		CHECK(analyzer_words(an, buf, n, collect, &t) == 0);
		CHECK(!t.bad);
	}
	const char *bad[] = {"\xC3", "ab\xC3(", "\xED\xA0\x80x", "\xF4\x90\x80\x80", "\xC0\xAF",
			     "x\0y", "\xFF\xFE", "a\xE2\x80"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		static struct tokens t;
		memset(&t, 0, sizeof(t));
		t.text_len = strlen(bad[i]);
		CHECK(analyzer_terms(an, "fi", bad[i], t.text_len, true, collect, &t) == 0);
		CHECK(!t.bad);
	}
}

/* ---- query words ------------------------------------------------------- */

static void test_query_terms(void)
{
	struct arena *a = arena_new();
	const char **w;
	size_t n;
	CHECK(analyzer_query_terms(an, "fi", "Miten vaihdan TOIMITUSTAVAN, toimitustapaa?", a,
				   &w, &n) == 0);
	CHECK(n == 3);
	CHECK_STR(w[0], "miten");
	CHECK_STR(w[1], "vaihdan");
	CHECK_STR(w[2], "toimitustavan");
	CHECK(analyzer_query_terms(an, "en", "How do I get a refund for refunded orders?", a,
				   &w, &n) == 0);
	CHECK(n == 3);
	CHECK_STR(w[0], "get");
	CHECK_STR(w[1], "refund");
	CHECK_STR(w[2], "orders");
	char many[64 * 8] = "";
	size_t len = 0;
	for (int i = 0; i < 50; i++)
		len += (size_t)snprintf(many + len, sizeof(many) - len, "w%d ", i);
	CHECK(analyzer_query_terms(an, "en", many, a, &w, &n) == 0);
	CHECK(n == ANALYZER_QUERY_TERMS_MAX);
	CHECK_STR(w[31], "w31");
	CHECK(analyzer_query_terms(an, "xx", "a", a, &w, &n) == -1 && n == 0);
	CHECK(analyzer_query_terms(an, "fi", "", a, &w, &n) == 0 && n == 0);
	arena_free(a);
}

static void test_bad_tokenizer_argument(void)
{
	sqlite3 *db = db_open();
	CHECK(sqlite3_exec(db, "CREATE VIRTUAL TABLE x USING fts5(b, tokenize = 'tuki sv')",
			   NULL, NULL, NULL) != SQLITE_OK);
	CHECK(sqlite3_exec(db, "CREATE VIRTUAL TABLE y USING fts5(b, tokenize = 'tuki')", NULL,
			   NULL, NULL) != SQLITE_OK);
	sqlite3_close(db);
}

int main(void)
{
	char *err = NULL;
	an = analyzer_new(&err);
	if (!an) {
		printf("Bail out! analyzer_new: %s\n", err ? err : "?");
		free(err);
		return 1;
	}
	RUN(test_fi_inflections_share_a_term);
	RUN(test_fi_compound_parts);
	RUN(test_fi_query_has_no_parts);
	RUN(test_fi_typos_in_queries);
	RUN(test_fi_unknown_words_stem);
	RUN(test_fi_fts);
	RUN(test_fi_apostrophe_and_numbers);
	RUN(test_en_stems);
	RUN(test_en_stopwords);
	RUN(test_en_fts);
	RUN(test_lowercase_unicode);
	RUN(test_offsets_are_bytes);
	RUN(test_limits);
	RUN(test_text_cap);
	RUN(test_garbage_never_crashes);
	RUN(test_query_terms);
	RUN(test_bad_tokenizer_argument);
	analyzer_free(an);
	return check_done();
}
