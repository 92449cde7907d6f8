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
	STMT_USER_SET_TIME_ZONE,
	STMT_SESSION_INSERT,
	STMT_SESSION_GET,
	STMT_SESSION_SET_LANG,
	STMT_SESSION_DELETE,
	STMT_SESSION_DELETE_USER,
	STMT_TOKEN_DELETE_USER,
	STMT_SESSION_PURGE,
	STMT_TOKEN_INSERT,
	STMT_TOKEN_USER,
	STMT_THROTTLE_GET,
	STMT_THROTTLE_FAIL,
	STMT_THROTTLE_CLEAR,
	STMT_THROTTLE_PURGE,
	STMT_CATEGORY_LIST,
	STMT_CATEGORY_GET,
	STMT_CATEGORY_INSERT,
	STMT_CATEGORY_UPDATE,
	STMT_TICKET_INSERT,
	STMT_TICKET_GET,
	STMT_TICKET_LIST,
	STMT_TICKET_QUEUE,
	STMT_TICKET_COUNTS,
	STMT_TICKET_STATE,
	STMT_TICKET_SET_STATUS,
	STMT_TICKET_SET_ASSIGNEE,
	STMT_MESSAGE_INSERT,
	STMT_MESSAGE_LIST,
	STMT_ATTACHMENT_INSERT,
	STMT_ATTACHMENT_LIST,
	STMT_ATTACHMENT_GET,
	STMT_EVENT_INSERT,
	STMT_EVENT_LIST,
	STMT_ARTICLE_GET,
	STMT_ARTICLE_BY_SLUG,
	STMT_ARTICLE_INSERT,
	STMT_ARTICLE_UPDATE,
	STMT_ARTICLE_VERSION_INSERT,
	STMT_ARTICLE_LIST,
	STMT_ARTICLE_DELETE,
	STMT_ARTICLE_VERSIONS,
	STMT_ARTICLE_VERSION_GET,
	STMT_ARTICLE_FEEDBACK,
	/* Pairs by language: the Finnish one, then the English one. */
	STMT_FTS_DELETE_FI,
	STMT_FTS_DELETE_EN,
	STMT_FTS_INSERT_FI,
	STMT_FTS_INSERT_EN,
	STMT_SEARCH_FI,
	STMT_SEARCH_EN,
	STMT_ANSWERED_SEARCH_FI,
	STMT_ANSWERED_SEARCH_EN,
	STMT_ANSWERED_INSERT_FI,
	STMT_ANSWERED_INSERT_EN,
	STMT_VOCAB_FI,
	STMT_VOCAB_EN,
	STMT_ARTICLE_COUNT,
	STMT_TRIGRAM_DF,
	STMT_ANSWERED_ANY_FI,
	STMT_ANSWERED_ANY_EN,
	STMT_TRIGRAM_DELETE,
	STMT_TRIGRAM_INSERT,
	STMT_TRIGRAM_SEARCH,
	STMT_SYNONYM_LIST,
	STMT_SYNONYM_ADD,
	STMT_SYNONYM_DELETE,
	STMT_ASSIST_INSERT,
	STMT_ASSIST_GET,
	STMT_ASSIST_CHOOSE,
	STMT_ARTICLE_ANSWERED,
	STMT_ASSIST_TICKET,
	STMT_ASSIST_COUNTS,
	STMT_ASSIST_GAPS,
	STMT_SUGGESTION_DELETE,
	STMT_SUGGESTION_INSERT,
	STMT_SUGGESTION_LIST,
	STMT_TICKET_MARK_DOCS,
	STMT_RATE_HIT,
	STMT_RATE_PURGE,
	STMT_FIRST_RESPONSES,
	STMT_SETTING_GET,
	STMT_SETTING_PUT,
	STMT_HOLIDAY_LIST,
	STMT_HOLIDAY_PUT,
	STMT_HOLIDAY_DELETE,
	STMT_TICKET_SET_DUE,
	STMT_PAYMENT_INSERT,
	STMT_PAYMENT_GET,
	STMT_PAYMENT_BY_EXTERNAL,
	STMT_PAYMENT_SET_CHECKOUT,
	STMT_PAYMENT_SET_STATE,
	STMT_PAYMENT_SET_CHARGE,
	STMT_PAYMENT_EVENT,
	STMT_PAYMENT_LIST,
	STMT_TICKET_PAYMENT,
	STMT__MAX
};

struct analyzer;

struct sq {
	struct store base;
	sqlite3 *db;
	struct analyzer *an;       /* query analysis, made on first search */
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
/* Runs a statement whose only parameter is one integer. */
int sq_run_int64(struct sq *q, enum stmt id, int64_t v);
/* Copies column col as text into arena memory (NULL for SQL NULL). */
const char *sq_text(struct arena *a, sqlite3_stmt *st, int col);
int sq_begin(struct sq *q);
int sq_commit(struct sq *q);
void sq_rollback(struct sq *q);

/* The backend's implementation of every store operation: sq_<name>. */
#define SQ_DECLARE(name, params, args) int sq_##name params;
STORE_OPS(SQ_DECLARE)
#undef SQ_DECLARE

/* Reads a users row (id, email, name, role, lang, created_at) from col. */
void sq_user_row(struct arena *a, sqlite3_stmt *st, int col, struct user *out);
/* Reads an articles row (ARTICLE_COLS) into a struct article. */
void sq_article_row(struct arena *a, sqlite3_stmt *st, void *item);
/* Records a ticket event inside the caller's transaction. */
int sq_event(struct sq *q, int64_t ticket_id, int64_t actor_id, enum ticket_event_kind kind,
	     const char *old_value, const char *new_value, bool internal, bool by_customer,
	     int64_t now);
/* The state a ticket change starts from, read inside the write
 * transaction; assignee_name only when a is not NULL. */
struct ticket_state {
	enum ticket_status status;
	int64_t waiting_since;
	int64_t assignee_id;
	const char *assignee_name;
	bool awaiting_payment;     /* priority asked, not paid: stays out of the queue */
};

int sq_ticket_state(struct sq *q, struct arena *a, int64_t id, struct ticket_state *out);
/* Moves a ticket from its current state to "to" (recording the activity
 * time, and an event when the status changes); the caller holds the
 * write transaction. */
int sq_ticket_move(struct sq *q, int64_t id, const struct ticket_state *from,
		   enum ticket_status to, int64_t actor_id, bool by_customer, int64_t now);
/* 0 for Finnish, 1 for English: the offset within a statement pair. */
static inline int sq_lang_index(const char *lang)
{
	return lang && lang[0] == 'e';
}

/* Stores a message's files inside the caller's transaction. */
int sq_attachments_insert(struct sq *q, int64_t message_id, const struct attachment_new *files,
			  size_t n, int64_t now);
/* Steps a one-row query; TK_ENOTFOUND on no row. Leaves the statement
 * positioned on the row: the caller reads it, then calls sq_done(). */
int sq_step_row(struct sq *q, sqlite3_stmt *st);
void sq_done(sqlite3_stmt *st);
/* Steps st to the end, reading each row with row() into a growing array
 * of items of size bytes in arena memory; resets st. */
typedef void (*sq_row_fn)(struct arena *a, sqlite3_stmt *st, void *item);
int sq_collect(struct sq *q, sqlite3_stmt *st, struct arena *a, size_t size, sq_row_fn row,
	       void **out, size_t *n);
/* sq_collect of statement id, whose only parameter is one id. */
int sq_collect_by_id(struct sq *q, enum stmt id, int64_t v, struct arena *a, size_t size,
		     sq_row_fn row, void **out, size_t *n);

#endif
