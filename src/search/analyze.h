/* analyze.h - text analysis for the knowledge-base search.
 *
 * Turns Finnish or English text into search terms: words are split on
 * anything that is not a letter or digit, lowercased, then reduced to a
 * dictionary form so that inflections meet (tilauksen, tilausta -> tilaus;
 * shipped, ships -> ship).
 *
 * Finnish uses Voikko: every base form of a word, and when indexing also
 * the parts of a compound (verkkokaupan -> verkkokauppa, verkko, kauppa).
 * A word Voikko does not know falls back to its Snowball stem; in a query
 * a word longer than 3 letters also gets the base form of Voikko's first
 * analysable spelling suggestion, as an alternative to the stem, so a typo
 * still finds the page while a brand name Voikko does not know still
 * matches itself. Suggestions cost 1-3 ms each, so only the first 8
 * unknown words of one call get them. Queries never add compound parts:
 * "verkkokauppa" must not match every page that says "verkko".
 *
 * English uses the Snowball english stemmer. A small stopword list (the,
 * how, do ...) is dropped both when indexing and in queries: FTS5
 * positions count emitted tokens, so dropping on both sides keeps phrase
 * queries aligned. Changing the list means reindexing.
 *
 * Words containing a digit are kept as they are (order numbers, codes).
 * Words over ANALYZER_WORD_MAX bytes are skipped; text beyond
 * ANALYZER_TEXT_MAX bytes is ignored. Invalid UTF-8 bytes separate words.
 *
 * One analyzer per thread or connection: it holds a Voikko handle and
 * Snowball stemmers and scratch space, and is NOT thread-safe. */
#ifndef TUKI_SEARCH_ANALYZE_H
#define TUKI_SEARCH_ANALYZE_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct analyzer;

enum {
	ANALYZER_WORD_MAX = 64,            /* bytes of one word */
	ANALYZER_TEXT_MAX = 100 * 1024,    /* bytes of text analysed */
	ANALYZER_QUERY_TERMS_MAX = 32,     /* distinct terms of a query */
	ANALYZER_COLOCATED = 0x0001,       /* same value as FTS5_TOKEN_COLOCATED */
};

/* Receives one term of the word at text[start, end). flags is 0 for the
 * first term of a word and ANALYZER_COLOCATED for the other forms of the
 * same word. term (not NUL-terminated) is valid only during the call. A
 * non-zero return stops the analysis and is returned to the caller. */
typedef int (*analyzer_emit_fn)(void *ctx, int flags, const char *term,
				size_t len, size_t start, size_t end);

/* A new analyzer, or NULL with a caller-freed message in *err. */
struct analyzer *analyzer_new(char **err);
void analyzer_free(struct analyzer *an);

/* True for the languages analyzer_terms() knows: "fi" and "en". */
bool analyzer_lang_known(const char *lang);

/* Emits the terms of text[0, len) in lang ("fi" or "en"); query selects
 * the query-side rules described above. Returns 0, the first non-zero
 * value returned by emit, or -1 for an unknown language. */
int analyzer_terms(struct analyzer *an, const char *lang, const char *text,
		   size_t len, bool query, analyzer_emit_fn emit, void *ctx);

/* Emits every word of text lowercased but not reduced, for prefix queries
 * ("kaup*") where a dictionary form would miss. Same return as above. */
int analyzer_words(struct analyzer *an, const char *text, size_t len,
		   analyzer_emit_fn emit, void *ctx);

/* The words of query worth searching for, for an FTS5 MATCH expression of
 * quoted strings ("w1" OR "w2") on a tuki table: lowercased, each adding
 * at least one term no earlier word gave (tilauksen tilausta -> tilauksen),
 * English stopwords gone, at most ANALYZER_QUERY_TERMS_MAX, first seen
 * first, NUL-terminated in arena a. They are words, not dictionary forms,
 * because FTS5 runs the tokenizer on every quoted string again: a stem
 * analysed a second time is stemmed twice or "corrected" by the speller.
 * Returns 0, or -1 for an unknown language. */
int analyzer_query_terms(struct analyzer *an, const char *lang,
			 const char *query, struct arena *a,
			 const char ***terms, size_t *n);

#endif
