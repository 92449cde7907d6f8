/* db.h - the SQLite backend's connection, statement table and helpers.
 *
 * Every statement the backend runs is declared once in the table in db.c
 * (enum stmt names it), prepared on first use with bound parameters only,
 * and kept for the life of the connection. */
#ifndef TUKI_SQLITE_DB_H
#define TUKI_SQLITE_DB_H

#include <sqlite3.h>

#include "store/backend.h"

enum stmt {
	STMT_BEGIN_WRITE,
	STMT_COMMIT,
	STMT_ROLLBACK,
	STMT_PING,
	STMT_SECRET_GET,
	STMT_SECRET_PUT,
	STMT_USER_INSERT,
	STMT_USER_GET,
	STMT_USER_BY_EMAIL,
	STMT_USER_SET_PASSWORD,
	STMT_USER_SET_LANG,
	STMT_SESSION_INSERT,
	STMT_SESSION_GET,
	STMT_SESSION_SET_LANG,
	STMT_SESSION_DELETE,
	STMT_SESSION_DELETE_USER,
	STMT_SESSION_PURGE,
	STMT_TOKEN_INSERT,
	STMT_TOKEN_USER,
	STMT_THROTTLE_GET,
	STMT_THROTTLE_FAIL,
	STMT_THROTTLE_CLEAR,
	STMT__MAX
};

struct sq {
	struct store base;
	sqlite3 *db;
	sqlite3_stmt *stmt[STMT__MAX];
};

static inline struct sq *sq_of(struct store *s)
{
	return (struct sq *)s;
}

/* The cached statement, reset and ready to bind; NULL (logged) if the
 * SQL does not prepare, e.g. on an unmigrated database. */
sqlite3_stmt *sq_stmt(struct sq *q, enum stmt id);
/* Maps a SQLite result code to enum tk_err and logs unexpected ones. */
int sq_err(struct sq *q, int rc);
/* Steps a statement that returns no rows and resets it. */
int sq_run(struct sq *q, sqlite3_stmt *st);
/* Copies column col as text into arena memory (NULL for SQL NULL). */
const char *sq_text(struct arena *a, sqlite3_stmt *st, int col);
int sq_begin(struct sq *q);
int sq_commit(struct sq *q);
void sq_rollback(struct sq *q);

int sq_migrate(struct store *s, int *from, int *to);
int sq_user_create(struct store *, const struct user_new *, int64_t, int64_t *);
int sq_user_get(struct store *, struct arena *, int64_t, struct user *);
int sq_user_by_email(struct store *, struct arena *, const char *, struct user *, char **);
int sq_user_set_password(struct store *, int64_t, const char *, int64_t);
int sq_user_set_lang(struct store *, int64_t, const char *);
/* Reads a users row (id, email, name, role, lang, created_at) from col. */
void sq_user_row(struct arena *a, sqlite3_stmt *st, int col, struct user *out);
int sq_session_create(struct store *, const uint8_t *, int64_t, const char *, int64_t, int64_t);
int sq_session_get(struct store *, struct arena *, const uint8_t *, int64_t, struct session *,
		   struct user *);
int sq_session_set_lang(struct store *, const uint8_t *, const char *, int64_t, int64_t);
int sq_session_delete(struct store *, const uint8_t *);
int sq_token_create(struct store *, int64_t, const char *, const uint8_t *, int64_t, int64_t *);
int sq_token_user(struct store *, struct arena *, const uint8_t *, int64_t, struct user *);
int sq_throttle_get(struct store *, const char *, int64_t, int64_t, int *, int64_t *);
int sq_throttle_fail(struct store *, const char *, int64_t, int64_t, int *);
int sq_throttle_clear(struct store *, const char *);

#endif
