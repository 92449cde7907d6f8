/* fts_tokenizer.c - the "tuki" FTS5 tokenizer over the analyzer. */
#include "search/fts_tokenizer.h"

#include <stdlib.h>
#include <string.h>

#include "search/analyze.h"

_Static_assert(ANALYZER_COLOCATED == FTS5_TOKEN_COLOCATED,
	       "the analyzer's colocated flag is handed to FTS5 as it is");

enum { LANG_MAX = 8 };

struct tok {
	struct analyzer *an;
	char lang[LANG_MAX];
};

/* Where analyzer terms go: FTS5's callback and its context. */
struct sink {
	void *ctx;
	int (*token)(void *ctx, int flags, const char *term, int len, int start, int end);
};

static int sink_emit(void *ctx, int flags, const char *term, size_t len, size_t start,
		     size_t end)
{
	struct sink *s = ctx;
	return s->token(s->ctx, flags, term, (int)len, (int)start, (int)end);
}

/* xCreate: one analyzer per table and connection, argument the language. */
static int tok_create(void *user, const char **argv, int argc, Fts5Tokenizer **out)
{
	(void)user;
	*out = NULL;
	if (argc != 1 || !analyzer_lang_known(argv[0]) || strlen(argv[0]) >= LANG_MAX)
		return SQLITE_ERROR;
	struct tok *t = calloc(1, sizeof(*t));
	if (!t)
		return SQLITE_NOMEM;
	char *err = NULL;
	/* fts_tokenizer_register() has reported any reason already. */
	if (!(t->an = analyzer_new(&err))) {
		free(err);
		free(t);
		return SQLITE_ERROR;
	}
	memcpy(t->lang, argv[0], strlen(argv[0]) + 1);
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *p)
{
	struct tok *t = (struct tok *)p;
	if (t)
		analyzer_free(t->an);
	free(t);
}

/* "\x01t1\x01t2...": the terms of one word, the first a token and the
 * others colocated with it, as analyzer_terms() would emit them. */
static int pass_through(void *ctx, const char *text, size_t len,
			int (*token)(void *, int, const char *, int, int, int))
{
	size_t i = 1;
	int flags = 0;
	while (i < len) {
		const char *next = memchr(text + i, FTS_TERM_MARK, len - i);
		size_t end = next ? (size_t)(next - text) : len;
		if (end > i) {
			int rc = token(ctx, flags, text + i, (int)(end - i), 0, (int)len);
			if (rc != SQLITE_OK)
				return rc;
			flags = FTS5_TOKEN_COLOCATED;
		}
		i = end + 1;
	}
	return SQLITE_OK;
}

static int tok_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text, int n,
			int (*token)(void *, int, const char *, int, int, int))
{
	struct tok *t = (struct tok *)p;
	struct sink s = {.ctx = ctx, .token = token};
	size_t len = n > 0 ? (size_t)n : 0;
	/* A query string "\x01term" is a term analysed already by the search
	 * code: passed through as it is, so a query is analysed once (Voikko's
	 * spelling suggestions are the slow part) and never stemmed twice.
	 * Only our query builder writes \x01: what users type is analysed
	 * into terms before it gets near a MATCH. */
	if ((flags & FTS5_TOKENIZE_QUERY) && len > 1 && text[0] == FTS_TERM_MARK)
		return pass_through(ctx, text, len, token);
	if (flags & FTS5_TOKENIZE_PREFIX)
		return analyzer_words(t->an, text, len, sink_emit, &s);
	int rc = analyzer_terms(t->an, t->lang, text, len, (flags & FTS5_TOKENIZE_QUERY) != 0,
				sink_emit, &s);
	return rc < 0 ? SQLITE_ERROR : rc;
}

/* The FTS5 API of db, or NULL when SQLite was built without FTS5. */
static fts5_api *fts5_api_of(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	return api;
}

int fts_tokenizer_register(sqlite3 *db, char **err)
{
	fts5_api *api = fts5_api_of(db);
	if (!api) {
		*err = strdup("SQLite has no FTS5");
		return -1;
	}
	/* Try an analyzer now: inside xCreate the reason would be lost. */
	struct analyzer *probe = analyzer_new(err);
	if (!probe)
		return -1;
	analyzer_free(probe);
	fts5_tokenizer tok = {.xCreate = tok_create, .xDelete = tok_delete,
			      .xTokenize = tok_tokenize};
	if (api->xCreateTokenizer(api, "tuki", NULL, &tok, NULL) != SQLITE_OK) {
		*err = strdup("cannot register the FTS5 tokenizer");
		return -1;
	}
	return 0;
}
