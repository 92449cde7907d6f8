/* message.c - replies, notes and the event log of tickets in SQLite. */
#include "lib/arena.h"
#include "lib/err.h"
#include "store/sqlite/db.h"

int sq_event(struct sq *q, int64_t ticket_id, int64_t actor_id, enum ticket_event_kind kind,
	     const char *old_value, const char *new_value, bool internal, bool by_customer,
	     int64_t now)
{
	sqlite3_stmt *st = sq_stmt(q, STMT_EVENT_INSERT);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_int64(st, 1, ticket_id);
	sqlite3_bind_int64(st, 2, actor_id);
	sqlite3_bind_text(st, 3, ticket_event_name(kind), -1, SQLITE_STATIC);
	if (old_value)
		sqlite3_bind_text(st, 4, old_value, -1, SQLITE_STATIC);
	if (new_value)
		sqlite3_bind_text(st, 5, new_value, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, internal);
	/* The one place a customer-facing notice is decided: the outbox
	 * sender reads the rows marked here. */
	sqlite3_bind_int(st, 7, !internal && ticket_event_notifies(kind, by_customer));
	sqlite3_bind_int64(st, 8, now);
	return sq_run(q, st);
}

/* The status a reply leaves the ticket in: the state machine's answer,
 * or the status an agent picked with the reply when that change is ok. */
static int reply_status(const struct reply_new *r, enum ticket_status cur,
			enum ticket_status *out)
{
	if (!ticket_status_after_reply(cur, r->by_customer, r->internal, out))
		return TK_ECONFLICT;
	if (r->by_customer || r->status_after < 0 || (enum ticket_status)r->status_after == *out)
		return TK_OK;
	if (!ticket_status_change_ok(*out, (enum ticket_status)r->status_after))
		return TK_EINVALID;
	*out = (enum ticket_status)r->status_after;
	return TK_OK;
}

static int message_insert(struct sq *q, const struct reply_new *r, int64_t now, int64_t *id)
{
	sqlite3_stmt *st = sq_stmt(q, STMT_MESSAGE_INSERT);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_int64(st, 1, r->ticket_id);
	sqlite3_bind_int64(st, 2, r->author_id);
	sqlite3_bind_int(st, 3, r->internal);
	sqlite3_bind_text(st, 4, r->body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, now);
	int rc = sq_run(q, st);
	*id = sqlite3_last_insert_rowid(q->db);
	return rc;
}

static int bind_mark_docs(struct sq *q, int64_t ticket_id)
{
	sqlite3_stmt *st = sq_stmt(q, STMT_TICKET_MARK_DOCS);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_int64(st, 1, ticket_id);
	sqlite3_bind_int(st, 2, 1);
	return sq_run(q, st);
}

int sq_ticket_reply(struct store *s, const struct reply_new *r, int64_t now, int64_t *message_id)
{
	struct sq *q = sq_of(s);
	struct ticket_state from;
	enum ticket_status to;
	int64_t id;
	int rc = sq_begin(q);
	if (rc)
		return rc;
	if ((rc = sq_ticket_state(q, NULL, r->ticket_id, &from)) ||
	    (rc = reply_status(r, from.status, &to)) || (rc = message_insert(q, r, now, &id)) ||
	    (rc = sq_attachments_insert(q, id, r->files, r->nfiles, now)) ||
	    (rc = sq_event(q, r->ticket_id, r->author_id, r->internal ? EV_NOTE : EV_MESSAGE, NULL,
			   NULL, r->internal, r->by_customer, now)))
		goto fail;
	/* A note alone is the team's business and moves nothing the customer
	 * sees; a note that comes with a status change makes the change. */
	if ((!r->internal || to != from.status) &&
	    (rc = sq_ticket_move(q, r->ticket_id, &from, to, r->author_id, r->by_customer, now)))
		goto fail;
	if (r->answered_by_docs &&
	    (rc = bind_mark_docs(q, r->ticket_id)))
		goto fail;
	if ((rc = sq_commit(q)))
		return rc;
	if (message_id)
		*message_id = id;
	return TK_OK;
fail:
	sq_rollback(q);
	return rc;
}

static void message_row(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct message *m = item;
	m->id = sqlite3_column_int64(st, 0);
	m->ticket_id = sqlite3_column_int64(st, 1);
	m->author_id = sqlite3_column_int64(st, 2);
	m->author_name = sq_text(a, st, 3);
	int role = role_parse((const char *)sqlite3_column_text(st, 4));
	m->author_role = role < 0 ? ROLE_CUSTOMER : (enum role)role;
	m->internal = sqlite3_column_int(st, 5) != 0;
	m->body = sq_text(a, st, 6);
	m->created_at = sqlite3_column_int64(st, 7);
}

int sq_message_list(struct store *s, struct arena *a, int64_t ticket_id, bool with_internal,
		    struct message **out, size_t *n)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_MESSAGE_LIST);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_int64(st, 1, ticket_id);
	sqlite3_bind_int(st, 2, with_internal);
	return sq_collect(q, st, a, sizeof(**out), message_row, (void **)out, n);
}

static void event_row(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct ticket_event *e = item;
	e->id = sqlite3_column_int64(st, 0);
	e->actor_id = sqlite3_column_int64(st, 1);
	e->actor_name = sq_text(a, st, 2);
	e->kind = sq_text(a, st, 3);
	e->old_value = sq_text(a, st, 4);
	e->new_value = sq_text(a, st, 5);
	e->internal = sqlite3_column_int(st, 6) != 0;
	e->created_at = sqlite3_column_int64(st, 7);
}

int sq_event_list(struct store *s, struct arena *a, int64_t ticket_id, bool with_internal,
		  struct ticket_event **out, size_t *n)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_EVENT_LIST);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_int64(st, 1, ticket_id);
	sqlite3_bind_int(st, 2, with_internal);
	return sq_collect(q, st, a, sizeof(**out), event_row, (void **)out, n);
}
