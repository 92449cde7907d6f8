/* user.c - accounts in SQLite. */
#include "lib/arena.h"
#include "lib/err.h"
#include "store/sqlite/db.h"

void sq_user_row(struct arena *a, sqlite3_stmt *st, int col, struct user *out)
{
	out->id = sqlite3_column_int64(st, col);
	out->email = sq_text(a, st, col + 1);
	out->name = sq_text(a, st, col + 2);
	int role = role_parse((const char *)sqlite3_column_text(st, col + 3));
	out->role = role < 0 ? ROLE_CUSTOMER : (enum role)role;
	out->lang = sq_text(a, st, col + 4);
	out->created_at = sqlite3_column_int64(st, col + 5);
	out->time_zone = sq_text(a, st, col + 6);
}

int sq_user_create(struct store *s, const struct user_new *u, int64_t now, int64_t *id)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_USER_INSERT);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_text(st, 1, u->email, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, u->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, role_name(u->role), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, u->password_hash, -1, SQLITE_STATIC);
	if (u->lang)
		sqlite3_bind_text(st, 5, u->lang, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, now);
	int rc = sq_run(q, st);
	if (rc == TK_OK && id)
		*id = sqlite3_last_insert_rowid(q->db);
	return rc;
}

/* Runs a one-row user query whose key is already bound. */
static int user_fetch(struct sq *q, sqlite3_stmt *st, struct arena *a, struct user *out,
		      char **pwhash)
{
	int rc = sqlite3_step(st);
	int err = rc == SQLITE_ROW ? TK_OK : rc == SQLITE_DONE ? TK_ENOTFOUND : sq_err(q, rc);
	if (rc == SQLITE_ROW) {
		sq_user_row(a, st, 0, out);
		if (pwhash)
			*pwhash = (char *)sq_text(a, st, 7);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return err;
}

int sq_user_get(struct store *s, struct arena *a, int64_t id, struct user *out)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_USER_GET);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	return user_fetch(q, st, a, out, NULL);
}

int sq_user_by_email(struct store *s, struct arena *a, const char *email, struct user *out,
		     char **pwhash)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_USER_BY_EMAIL);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_text(st, 1, email, -1, SQLITE_STATIC);
	return user_fetch(q, st, a, out, pwhash);
}

int sq_user_set_password(struct store *s, int64_t id, const char *pwhash, int64_t now)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *set = sq_stmt(q, STMT_USER_SET_PASSWORD);
	sqlite3_stmt *revoke = sq_stmt(q, STMT_SESSION_DELETE_USER);
	if (!set || !revoke)
		return TK_EINTERNAL;
	int rc = sq_begin(q);
	if (rc)
		return rc;
	sqlite3_bind_int64(set, 1, id);
	sqlite3_bind_text(set, 2, pwhash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(set, 3, now);
	if ((rc = sq_run(q, set)))
		goto fail;
	if (sqlite3_changes(q->db) == 0) {
		rc = TK_ENOTFOUND;
		goto fail;
	}
	sqlite3_bind_int64(revoke, 1, id);
	if ((rc = sq_run(q, revoke)))
		goto fail;
	/* A new password is a new start: API tokens made before it go too. */
	sqlite3_stmt *tokens = sq_stmt(q, STMT_TOKEN_DELETE_USER);
	if (!tokens) {
		rc = TK_EINTERNAL;
		goto fail;
	}
	sqlite3_bind_int64(tokens, 1, id);
	if ((rc = sq_run(q, tokens)))
		goto fail;
	return sq_commit(q);
fail:
	sq_rollback(q);
	return rc;
}

int sq_user_set_lang(struct store *s, int64_t id, const char *lang)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_USER_SET_LANG);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	if (lang)
		sqlite3_bind_text(st, 2, lang, -1, SQLITE_STATIC);
	int rc = sq_run(q, st);
	if (rc == TK_OK && sqlite3_changes(q->db) == 0)
		rc = TK_ENOTFOUND;
	return rc;
}

int sq_user_set_time_zone(struct store *s, int64_t id, const char *zone)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_USER_SET_TIME_ZONE);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	if (zone)
		sqlite3_bind_text(st, 2, zone, -1, SQLITE_STATIC);
	int rc = sq_run(q, st);
	return rc == TK_OK && sqlite3_changes(q->db) == 0 ? TK_ENOTFOUND : rc;
}
