/* category.c - the admin-managed list of ticket categories. */
#include "lib/arena.h"
#include "lib/err.h"
#include "store/sqlite/db.h"

static void category_row(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct category *c = item;
	c->id = sqlite3_column_int64(st, 0);
	c->name_en = sq_text(a, st, 1);
	c->name_fi = sq_text(a, st, 2);
	c->position = sqlite3_column_int(st, 3);
	c->active = sqlite3_column_int(st, 4) != 0;
}

int sq_category_list(struct store *s, struct arena *a, bool active_only, struct category **out,
		     size_t *n)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_CATEGORY_LIST);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_int(st, 1, active_only);
	return sq_collect(q, st, a, sizeof(**out), category_row, (void **)out, n);
}

int sq_category_get(struct store *s, struct arena *a, int64_t id, struct category *out)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_CATEGORY_GET);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	int rc = sq_step_row(q, st);
	if (rc == TK_OK)
		category_row(a, st, out);
	sq_done(st);
	return rc;
}

int sq_category_create(struct store *s, const char *name_en, const char *name_fi, int64_t *id)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_CATEGORY_INSERT);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_text(st, 1, name_en, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, name_fi, -1, SQLITE_STATIC);
	int rc = sq_run(q, st);
	if (rc == TK_OK && id)
		*id = sqlite3_last_insert_rowid(q->db);
	return rc;
}

int sq_category_update(struct store *s, int64_t id, const char *name_en, const char *name_fi,
		       bool active)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_CATEGORY_UPDATE);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, name_en, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, name_fi, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, active);
	int rc = sq_run(q, st);
	if (rc == TK_OK && sqlite3_changes(q->db) == 0)
		rc = TK_ENOTFOUND;
	return rc;
}
