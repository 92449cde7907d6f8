/* settings.c - admin settings and holidays in SQLite. */
#include "lib/arena.h"
#include "lib/err.h"
#include "store/sqlite/db.h"

int sq_setting_get(struct store *s, struct arena *a, const char *name, const char **value)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_SETTING_GET);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	int rc = sq_step_row(q, st);
	*value = rc == TK_OK ? sq_text(a, st, 0) : NULL;
	sq_done(st);
	return rc == TK_ENOTFOUND ? TK_OK : rc;
}

int sq_setting_put(struct store *s, const char *name, const char *value, int64_t now)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_SETTING_PUT);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	return sq_run(q, st);
}

static void holiday_row(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct holiday *h = item;
	h->day = sqlite3_column_int(st, 0);
	h->name = sq_text(a, st, 1);
}

int sq_holiday_list(struct store *s, struct arena *a, struct holiday **out, size_t *n)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_HOLIDAY_LIST);
	if (!st)
		return TK_EINTERNAL;
	return sq_collect(q, st, a, sizeof(**out), holiday_row, (void **)out, n);
}

int sq_holiday_put(struct store *s, int32_t day, const char *name)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_HOLIDAY_PUT);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_int(st, 1, day);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	return sq_run(q, st);
}

int sq_holiday_delete(struct store *s, int32_t day)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_HOLIDAY_DELETE);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_int(st, 1, day);
	int rc = sq_run(q, st);
	return rc == TK_OK && sqlite3_changes(q->db) == 0 ? TK_ENOTFOUND : rc;
}

static void first_response_row(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct first_response *r = item;
	r->ticket_id = sqlite3_column_int64(st, 0);
	r->category_id = sqlite3_column_int64(st, 1);
	r->category_en = sq_text(a, st, 2);
	r->category_fi = sq_text(a, st, 3);
	r->priority = sqlite3_column_int(st, 4) != 0;
	r->created_at = sqlite3_column_int64(st, 5);
	r->started_at = sqlite3_column_int64(st, 6);
	r->responded_at = sqlite3_column_int64(st, 7);
	r->first_due_at = sqlite3_column_int64(st, 8);
}

int sq_first_responses(struct store *s, struct arena *a, int64_t since, size_t limit,
		       struct first_response **out, size_t *n)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_FIRST_RESPONSES);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_int64(st, 1, since);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
	return sq_collect(q, st, a, sizeof(**out), first_response_row, (void **)out, n);
}
