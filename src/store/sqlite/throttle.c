/* throttle.c - failed log-in counters in SQLite.
 *
 * Counted in the database, not in process memory, so every node of a
 * cluster sees the same count. */
#include "lib/err.h"
#include "store/sqlite/db.h"

int sq_throttle_get(struct store *s, const char *key, int64_t now, int64_t window,
		    int *failures, int64_t *last_failure)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_THROTTLE_GET);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	*failures = 0;
	*last_failure = 0;
	if (rc == SQLITE_ROW && sqlite3_column_int64(st, 1) >= now - window) {
		*failures = sqlite3_column_int(st, 0);
		*last_failure = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? TK_OK : sq_err(q, rc);
}

int sq_throttle_fail(struct store *s, const char *key, int64_t now, int64_t window,
		     int *failures)
{
	struct sq *q = sq_of(s);
	*failures = 0;
	if (window <= 0 || window > STORE_COUNTER_WINDOW_MAX)
		return TK_EINVALID;
	sqlite3_stmt *st = sq_stmt(q, STMT_THROTTLE_FAIL);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, window);
	int rc = sqlite3_step(st);
	*failures = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	if (rc == SQLITE_ROW)
		rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	rc = sq_err(q, rc);
	/* As for rate limits: a new count purges the long-quiet ones. */
	if (rc == TK_OK && *failures == 1)
		(void)sq_run_int64(q, STMT_THROTTLE_PURGE, now - STORE_COUNTER_WINDOW_MAX);
	return rc;
}

int sq_throttle_clear(struct store *s, const char *key)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_THROTTLE_CLEAR);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	return sq_run(q, st);
}
