/* token.c - personal API tokens in SQLite, stored only as hashes. */
#include "lib/err.h"
#include "store/sqlite/db.h"

int sq_token_create(struct store *s, int64_t user_id, const char *name, const uint8_t hash[CRYPTO_HASH_BYTES],
		    int64_t now, int64_t *id)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_TOKEN_INSERT);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_int64(st, 1, user_id);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, hash, CRYPTO_HASH_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, now);
	int rc = sq_run(q, st);
	if (rc == TK_OK && id)
		*id = sqlite3_last_insert_rowid(q->db);
	return rc;
}

int sq_token_revoke_user(struct store *s, int64_t user_id, int64_t *count)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_TOKEN_DELETE_USER);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_int64(st, 1, user_id);
	int rc = sq_run(q, st);
	*count = rc == TK_OK ? sqlite3_changes64(q->db) : 0;
	return rc;
}

int sq_token_user(struct store *s, struct arena *a, const uint8_t hash[CRYPTO_HASH_BYTES], int64_t now,
		  struct user *out)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_TOKEN_USER);
	if (!st)
		return TK_EINTERNAL;
	(void)now;
	sqlite3_bind_blob(st, 1, hash, CRYPTO_HASH_BYTES, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	int err = rc == SQLITE_ROW ? TK_OK : rc == SQLITE_DONE ? TK_ENOTFOUND : sq_err(q, rc);
	if (rc == SQLITE_ROW)
		sq_user_row(a, st, 0, out);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return err;
}
