/* assist.c - the assistant's log, deflections, suggestions kept with
 * tickets, and database-decided rate limits. */
#include <stdio.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/err.h"
#include "store/sqlite/db.h"

/* Below this best score an interaction counts as "no good answer". */
#define GAP_SCORE 0.35

static void synonym_row(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct synonym *y = item;
	y->id = sqlite3_column_int64(st, 0);
	y->lang = sq_text(a, st, 1);
	y->term = sq_text(a, st, 2);
	y->expansion = sq_text(a, st, 3);
}

int sq_synonym_list(struct store *s, struct arena *a, const char *lang, struct synonym **out,
		    size_t *n)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_SYNONYM_LIST);
	if (!st)
		return TK_EINTERNAL;
	if (lang)
		sqlite3_bind_text(st, 1, lang, -1, SQLITE_STATIC);
	return sq_collect(q, st, a, sizeof(**out), synonym_row, (void **)out, n);
}

int sq_synonym_add(struct store *s, const char *lang, const char *term, const char *expansion)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_SYNONYM_ADD);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_text(st, 1, lang, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, term, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, expansion, -1, SQLITE_STATIC);
	return sq_run(q, st);
}

int sq_synonym_delete(struct store *s, int64_t id)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_SYNONYM_DELETE);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	int rc = sq_run(q, st);
	return rc == TK_OK && sqlite3_changes(q->db) == 0 ? TK_ENOTFOUND : rc;
}

int sq_assist_record(struct store *s, const struct assist_record *r, int64_t now, int64_t *id)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_ASSIST_INSERT);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_int64(st, 1, r->user_id);
	sqlite3_bind_text(st, 2, r->lang, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, r->query, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, r->shown, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 5, r->top_score);
	sqlite3_bind_int64(st, 6, now);
	if (r->visitor)
		sqlite3_bind_blob(st, 7, r->visitor, CRYPTO_HASH_BYTES, SQLITE_STATIC);
	int rc = sq_run(q, st);
	*id = sqlite3_last_insert_rowid(q->db);
	return rc;
}

/* True when the interaction's row belongs to user_id, or (anonymous)
 * to the browser with the visitor hash. */
static bool owned(sqlite3_stmt *st, int64_t user_id, const uint8_t *visitor)
{
	if (user_id || sqlite3_column_int64(st, 0))
		return sqlite3_column_int64(st, 0) == user_id;
	return visitor && sqlite3_column_bytes(st, 4) == CRYPTO_HASH_BYTES &&
	       memcmp(sqlite3_column_blob(st, 4), visitor, CRYPTO_HASH_BYTES) == 0;
}

/* Reads an interaction; TK_ENOTFOUND unless it is the caller's. */
static int interaction(struct sq *q, struct arena *a, int64_t id, int64_t user_id,
		       const uint8_t *visitor, const char **lang, const char **query,
		       const char **shown)
{
	sqlite3_stmt *st = sq_stmt(q, STMT_ASSIST_GET);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	int rc = sq_step_row(q, st);
	if (rc == TK_OK && !owned(st, user_id, visitor))
		rc = TK_ENOTFOUND;
	if (rc == TK_OK) {
		*lang = sq_text(a, st, 1);
		*query = sq_text(a, st, 2);
		*shown = sq_text(a, st, 3);
	}
	sq_done(st);
	return rc;
}

/* True when id appears in the JSON array of ids text "[3,14,15]". */
static bool was_shown(const char *shown, int64_t id)
{
	char needle[32];
	for (const char *p = shown; p && *p; p++) {
		if (*p != '[' && *p != ',')
			continue;
		int n = snprintf(needle, sizeof(needle), "%lld", (long long)id);
		if (strncmp(p + 1, needle, (size_t)n) == 0 && (p[1 + n] == ',' || p[1 + n] == ']'))
			return true;
	}
	return false;
}

static int bind_run2(struct sq *q, enum stmt id, int64_t a1, int64_t a2)
{
	sqlite3_stmt *st = sq_stmt(q, id);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_int64(st, 1, a1);
	sqlite3_bind_int64(st, 2, a2);
	return sq_run(q, st);
}

int sq_assist_chosen(struct store *s, int64_t id, int64_t user_id, const uint8_t *visitor,
		     int64_t article_id)
{
	struct sq *q = sq_of(s);
	struct arena *a = arena_new();
	const char *lang, *query, *shown;
	int rc = sq_begin(q);
	if (rc == TK_OK)
		rc = interaction(q, a, id, user_id, visitor, &lang, &query, &shown);
	if (rc == TK_OK && !was_shown(shown, article_id))
		rc = TK_EINVALID;
	if (rc == TK_OK && (rc = bind_run2(q, STMT_ASSIST_CHOOSE, id, article_id)) == TK_OK &&
	    sqlite3_changes(q->db) == 0)
		rc = TK_ECONFLICT; /* chosen already: count a deflection once */
	sqlite3_stmt *learn = rc ? NULL : sq_stmt(q, STMT_ANSWERED_INSERT_FI + sq_lang_index(lang));
	if (rc == TK_OK && learn) {
		sqlite3_bind_text(learn, 1, query, -1, SQLITE_STATIC);
		sqlite3_bind_int64(learn, 2, article_id);
		rc = sq_run(q, learn);
	}
	if (rc == TK_OK)
		rc = bind_run2(q, STMT_ARTICLE_ANSWERED, article_id, 0);
	if (rc == TK_OK)
		rc = sq_commit(q);
	else
		sq_rollback(q);
	arena_free(a);
	return rc;
}

int sq_assist_ticket(struct store *s, int64_t id, int64_t user_id, int64_t ticket_id)
{
	struct sq *q = sq_of(s);
	struct arena *a = arena_new();
	const char *lang, *query, *shown;
	int rc = interaction(q, a, id, user_id, NULL, &lang, &query, &shown);
	if (rc == TK_OK)
		rc = bind_run2(q, STMT_ASSIST_TICKET, id, ticket_id);
	arena_free(a);
	return rc;
}

static void gap_row(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct assist_gap *g = item;
	g->query = sq_text(a, st, 0);
	g->count = sqlite3_column_int64(st, 1);
	g->best_score = sqlite3_column_double(st, 2);
}

int sq_assist_stats(struct store *s, struct arena *a, int64_t since, struct assist_stats *out)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_ASSIST_COUNTS), *gaps = sq_stmt(q, STMT_ASSIST_GAPS);
	if (!st || !gaps)
		return TK_EINTERNAL;
	sqlite3_bind_int64(st, 1, since);
	int rc = sq_step_row(q, st);
	if (rc == TK_OK) {
		out->interactions = sqlite3_column_int64(st, 0);
		out->deflected = sqlite3_column_int64(st, 1);
		out->tickets = sqlite3_column_int64(st, 2);
	}
	sq_done(st);
	if (rc)
		return rc;
	sqlite3_bind_int64(gaps, 1, since);
	sqlite3_bind_double(gaps, 2, GAP_SCORE);
	return sq_collect(q, gaps, a, sizeof(*out->gaps), gap_row, (void **)&out->gaps, &out->ngaps);
}

int sq_ticket_suggestions_set(struct store *s, int64_t ticket_id, const int64_t *ids, size_t n)
{
	struct sq *q = sq_of(s);
	int rc = sq_begin(q);
	if (rc == TK_OK)
		rc = bind_run2(q, STMT_SUGGESTION_DELETE, ticket_id, 0);
	for (size_t i = 0; rc == TK_OK && i < n; i++) {
		sqlite3_stmt *st = sq_stmt(q, STMT_SUGGESTION_INSERT);
		if (!st) {
			rc = TK_EINTERNAL;
			break;
		}
		sqlite3_bind_int64(st, 1, ticket_id);
		sqlite3_bind_int64(st, 2, ids[i]);
		sqlite3_bind_int64(st, 3, (sqlite3_int64)i);
		rc = sq_run(q, st);
	}
	if (rc == TK_OK)
		return sq_commit(q);
	sq_rollback(q);
	return rc;
}

int sq_ticket_mark_docs(struct store *s, int64_t ticket_id, bool answered_by_docs)
{
	struct sq *q = sq_of(s);
	int rc = bind_run2(q, STMT_TICKET_MARK_DOCS, ticket_id, answered_by_docs);
	return rc == TK_OK && sqlite3_changes(q->db) == 0 ? TK_ENOTFOUND : rc;
}

int sq_rate_hit(struct store *s, const char *key, int64_t now, int64_t window, int *count)
{
	struct sq *q = sq_of(s);
	*count = 0;
	if (window <= 0 || window > STORE_COUNTER_WINDOW_MAX)
		return TK_EINVALID;
	sqlite3_stmt *st = sq_stmt(q, STMT_RATE_HIT);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now - now % window);
	int rc = sqlite3_step(st);
	*count = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	if (rc == SQLITE_ROW)
		rc = sqlite3_step(st);
	sq_done(st);
	rc = sq_err(q, rc);
	/* A new count is the moment to drop the long-quiet ones: the index
	 * on window_start keeps it a short range delete. The hit is counted
	 * either way, so a failed purge (logged) waits for the next one. */
	if (rc == TK_OK && *count == 1)
		(void)sq_run_int64(q, STMT_RATE_PURGE, now - STORE_COUNTER_WINDOW_MAX);
	return rc;
}

int sq_ticket_suggestions(struct store *s, struct arena *a, int64_t ticket_id,
			  struct article **out, size_t *n)
{
	return sq_collect_by_id(sq_of(s), STMT_SUGGESTION_LIST, ticket_id, a, sizeof(**out), sq_article_row, (void **)out,
				n);
}
