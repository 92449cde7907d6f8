/* migrate.c - versioned schema for SQLite.
 *
 * Migrations are append-only: never edit one that has shipped, add the
 * next. Each runs in its own transaction together with its version row,
 * so a crash leaves the schema at a whole version. */
#include <stdio.h>

#include "lib/err.h"
#include "lib/log.h"
#include "store/sqlite/db.h"

static const char *const migrations[] = {
	/* 1: accounts, sessions, API tokens, log-in throttling, secrets */
	"CREATE TABLE secrets ("
	"  name TEXT PRIMARY KEY,"
	"  value BLOB NOT NULL);"
	"CREATE TABLE users ("
	"  id INTEGER PRIMARY KEY,"
	"  email TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  role TEXT NOT NULL CHECK (role IN ('customer', 'agent', 'admin')),"
	"  password_hash TEXT NOT NULL,"
	"  lang TEXT CHECK (lang IN ('en', 'fi')),"
	"  created_at INTEGER NOT NULL,"
	"  password_changed_at INTEGER NOT NULL);"
	"CREATE TABLE sessions ("
	"  token_hash BLOB PRIMARY KEY,"
	"  user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,"
	"  lang TEXT CHECK (lang IN ('en', 'fi')),"
	"  created_at INTEGER NOT NULL,"
	"  expires_at INTEGER NOT NULL);"
	"CREATE INDEX sessions_user ON sessions(user_id);"
	"CREATE INDEX sessions_expires ON sessions(expires_at);"
	"CREATE TABLE api_tokens ("
	"  id INTEGER PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  name TEXT NOT NULL,"
	"  token_hash BLOB NOT NULL UNIQUE,"
	"  created_at INTEGER NOT NULL);"
	"CREATE INDEX api_tokens_user ON api_tokens(user_id);"
	"CREATE TABLE login_failures ("
	"  key TEXT PRIMARY KEY,"
	"  failures INTEGER NOT NULL,"
	"  last_failure INTEGER NOT NULL);",
};

enum { MIGRATIONS = sizeof(migrations) / sizeof(migrations[0]) };

static int current_version(struct sq *q, int *version)
{
	int rc = sqlite3_exec(q->db,
			      "CREATE TABLE IF NOT EXISTS schema_migrations ("
			      " version INTEGER PRIMARY KEY,"
			      " applied_at INTEGER NOT NULL)",
			      NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return sq_err(q, rc);
	sqlite3_stmt *st;
	rc = sqlite3_prepare_v2(q->db, "SELECT coalesce(max(version), 0) FROM schema_migrations",
				-1, &st, NULL);
	if (rc != SQLITE_OK)
		return sq_err(q, rc);
	rc = sqlite3_step(st);
	*version = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	sqlite3_finalize(st);
	return *version < 0 ? TK_EINTERNAL : TK_OK;
}

/* Applies migration number v (1-based) inside the caller's transaction. */
static int apply(struct sq *q, int v)
{
	int rc = sqlite3_exec(q->db, migrations[v - 1], NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		return sq_err(q, rc);
	sqlite3_stmt *st;
	rc = sqlite3_prepare_v2(q->db,
				"INSERT INTO schema_migrations(version, applied_at) "
				"VALUES (?1, unixepoch())", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return sq_err(q, rc);
	sqlite3_bind_int(st, 1, v);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return sq_err(q, rc);
}

int sq_migrate(struct store *s, int *from, int *to)
{
	struct sq *q = sq_of(s);
	int version, rc;
	/* The write lock first, so two processes migrating at once take
	 * turns and the second sees the first one's version. */
	if ((rc = sq_begin(q)) || (rc = current_version(q, &version)))
		goto fail;
	if (from)
		*from = version;
	if (version > MIGRATIONS) {
		log_error("database schema %d is newer than this tuki (%d)", version, MIGRATIONS);
		rc = TK_EINVALID;
		goto fail;
	}
	for (int v = version + 1; v <= MIGRATIONS; v++)
		if ((rc = apply(q, v)))
			goto fail;
	if ((rc = sq_commit(q)))
		return rc;
	if (to)
		*to = MIGRATIONS;
	return TK_OK;
fail:
	sq_rollback(q);
	return rc;
}
