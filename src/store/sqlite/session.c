/* session.c - browser sessions in SQLite, looked up by token hash. */
#include "lib/err.h"
#include "store/sqlite/db.h"

int sq_session_create(struct store *s, const uint8_t hash[CRYPTO_HASH_BYTES], int64_t user_id, const char *lang,
		      int64_t now, int64_t expires)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *purge = sq_stmt(q, STMT_SESSION_PURGE);
	sqlite3_stmt *st = sq_stmt(q, STMT_SESSION_INSERT);
	if (!st || !purge)
		return TK_EINTERNAL;
	/* Expired rows go when new ones come, so the table stays the size
	 * of the live sessions without a separate cleaner. */
	sqlite3_bind_int64(purge, 1, now);
	int rc = sq_run(q, purge);
	if (rc)
		return rc;
	sqlite3_bind_blob(st, 1, hash, CRYPTO_HASH_BYTES, SQLITE_STATIC);
	if (user_id)
		sqlite3_bind_int64(st, 2, user_id);
	if (lang)
		sqlite3_bind_text(st, 3, lang, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	sqlite3_bind_int64(st, 5, expires);
	return sq_run(q, st);
}

int sq_session_get(struct store *s, struct arena *a, const uint8_t hash[CRYPTO_HASH_BYTES], int64_t now,
		   struct session *out, struct user *user)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_SESSION_GET);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_blob(st, 1, hash, CRYPTO_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	int rc = sqlite3_step(st);
	int err = rc == SQLITE_ROW ? TK_OK : rc == SQLITE_DONE ? TK_ENOTFOUND : sq_err(q, rc);
	if (rc == SQLITE_ROW) {
		out->user_id = sqlite3_column_int64(st, 0);
		out->lang = sq_text(a, st, 1);
		out->expires_at = sqlite3_column_int64(st, 2);
		if (out->user_id && user)
			sq_user_row(a, st, 3, user);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return err;
}

int sq_session_set_lang(struct store *s, const uint8_t hash[CRYPTO_HASH_BYTES], const char *lang, int64_t now,
			int64_t expires)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_SESSION_SET_LANG);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_blob(st, 1, hash, CRYPTO_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, lang, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_int64(st, 4, expires);
	return sq_run(q, st);
}

int sq_session_delete(struct store *s, const uint8_t hash[CRYPTO_HASH_BYTES])
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_SESSION_DELETE);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_blob(st, 1, hash, CRYPTO_HASH_BYTES, SQLITE_STATIC);
	return sq_run(q, st);
}
