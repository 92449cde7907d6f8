/* ticket.c - tickets in SQLite: creation, lists, status and assignment.
 *
 * Every change runs in one write transaction (BEGIN IMMEDIATE) that reads
 * the ticket's state, asks domain/ticket.c whether the change is allowed,
 * writes it and records its event, so two agents acting at once are
 * serialised by the database, never by this process's memory. */
#include "lib/arena.h"
#include "lib/err.h"
#include "store/sqlite/db.h"

static void ticket_row(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct ticket *t = item;
	t->id = sqlite3_column_int64(st, 0);
	t->customer_id = sqlite3_column_int64(st, 1);
	t->customer_name = sq_text(a, st, 2);
	t->customer_email = sq_text(a, st, 3);
	t->category_id = sqlite3_column_int64(st, 4);
	t->category_en = sq_text(a, st, 5);
	t->category_fi = sq_text(a, st, 6);
	t->subject = sq_text(a, st, 7);
	int status = ticket_status_parse((const char *)sqlite3_column_text(st, 8));
	t->status = status < 0 ? TS_NEW : (enum ticket_status)status;
	t->priority = sqlite3_column_int(st, 9) != 0;
	t->assignee_id = sqlite3_column_int64(st, 10);
	t->assignee_name = sq_text(a, st, 11);
	t->created_at = sqlite3_column_int64(st, 12);
	t->updated_at = sqlite3_column_int64(st, 13);
	t->waiting_since = sqlite3_column_int64(st, 14);
	t->due_at = sqlite3_column_int64(st, 15);
	t->answered_by_docs = sqlite3_column_int(st, 16) != 0;
	t->payment_state = payment_state_parse((const char *)sqlite3_column_text(st, 17));
}

int sq_ticket_create(struct store *s, const struct ticket_new *t, int64_t now, int64_t *id)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *ins = sq_stmt(q, STMT_TICKET_INSERT);
	sqlite3_stmt *msg = sq_stmt(q, STMT_MESSAGE_INSERT);
	if (!ins || !msg)
		return TK_EINTERNAL;
	int rc = sq_begin(q);
	if (rc)
		return rc;
	sqlite3_bind_int64(ins, 1, t->customer_id);
	sqlite3_bind_int64(ins, 2, t->category_id);
	sqlite3_bind_text(ins, 3, t->subject, -1, SQLITE_STATIC);
	sqlite3_bind_int64(ins, 4, now);
	sqlite3_bind_int(ins, 5, t->awaiting_payment);
	if ((rc = sq_run(q, ins)))
		goto fail;
	int64_t ticket_id = sqlite3_last_insert_rowid(q->db);
	sqlite3_bind_int64(msg, 1, ticket_id);
	sqlite3_bind_int64(msg, 2, t->customer_id);
	sqlite3_bind_int(msg, 3, 0);
	sqlite3_bind_text(msg, 4, t->body, -1, SQLITE_STATIC);
	sqlite3_bind_int64(msg, 5, now);
	if ((rc = sq_run(q, msg)))
		goto fail;
	int64_t message_id = sqlite3_last_insert_rowid(q->db);
	if ((rc = sq_attachments_insert(q, message_id, t->files, t->nfiles, now)) ||
	    (rc = sq_event(q, ticket_id, t->customer_id, EV_CREATED, NULL, "new", false, true, now)))
		goto fail;
	if ((rc = sq_commit(q)))
		return rc;
	*id = ticket_id;
	return TK_OK;
fail:
	sq_rollback(q);
	return rc == TK_ECONFLICT ? TK_EINVALID : rc; /* e.g. an unknown category */
}

int sq_ticket_get(struct store *s, struct arena *a, int64_t id, struct ticket *out)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_TICKET_GET);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	int rc = sq_step_row(q, st);
	if (rc == TK_OK)
		ticket_row(a, st, out);
	sq_done(st);
	return rc;
}

int sq_ticket_list(struct store *s, struct arena *a, const struct ticket_filter *f,
		   struct ticket **out, size_t *n)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, f->queue ? STMT_TICKET_QUEUE : STMT_TICKET_LIST);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_int64(st, 1, f->customer_id);
	if (f->status >= 0)
		sqlite3_bind_text(st, 2, ticket_status_name((enum ticket_status)f->status), -1,
				  SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, f->category_id);
	sqlite3_bind_int(st, 4, f->has_cursor);
	sqlite3_bind_int64(st, 5, f->cursor_key);
	sqlite3_bind_int64(st, 6, f->cursor_id);
	sqlite3_bind_int(st, 7, f->limit > 0 ? f->limit : 25);
	if (f->queue) {
		sqlite3_bind_int(st, 8, f->cursor_lane);
		sqlite3_bind_int64(st, 9, f->cursor_due ? f->cursor_due : INT64_MAX);
	}
	return sq_collect(q, st, a, sizeof(**out), ticket_row, (void **)out, n);
}

int sq_ticket_counts(struct store *s, int64_t category_id, int64_t counts[TS__MAX])
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_TICKET_COUNTS);
	if (!st)
		return TK_EINTERNAL;
	for (int i = 0; i < TS__MAX; i++)
		counts[i] = 0;
	sqlite3_bind_int64(st, 1, category_id);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int status = ticket_status_parse((const char *)sqlite3_column_text(st, 0));
		if (status >= 0)
			counts[status] = sqlite3_column_int64(st, 1);
	}
	sq_done(st);
	return sq_err(q, rc);
}

int sq_ticket_state(struct sq *q, struct arena *a, int64_t id, struct ticket_state *out)
{
	sqlite3_stmt *st = sq_stmt(q, STMT_TICKET_STATE);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	int rc = sq_step_row(q, st);
	if (rc == TK_OK) {
		int status = ticket_status_parse((const char *)sqlite3_column_text(st, 0));
		out->status = status < 0 ? TS_NEW : (enum ticket_status)status;
		out->waiting_since = sqlite3_column_int64(st, 1);
		out->assignee_id = sqlite3_column_int64(st, 2);
		out->assignee_name = a ? sq_text(a, st, 3) : NULL;
		out->awaiting_payment = sqlite3_column_int(st, 4) != 0;
	}
	sq_done(st);
	return rc;
}

/* Writes status "to" (and the activity time); a ticket keeps its place
 * in the queue while it keeps waiting for the team, and gets a new one
 * when it starts waiting again. */
static int status_write(struct sq *q, int64_t id, const struct ticket_state *from,
			enum ticket_status to, int64_t now)
{
	sqlite3_stmt *st = sq_stmt(q, STMT_TICKET_SET_STATUS);
	if (!st)
		return TK_EINTERNAL;
	int64_t waiting = 0;
	/* Unpaid priority tickets wait for their payment, not for the team:
	 * a reply or a status change does not slip them into the queue. */
	if (ticket_waits_for_team(to) && !from->awaiting_payment)
		waiting = ticket_waits_for_team(from->status) && from->waiting_since ? from->waiting_since
										       : now;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, ticket_status_name(to), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, waiting);
	sqlite3_bind_int64(st, 4, now);
	return sq_run(q, st);
}

int sq_ticket_move(struct sq *q, int64_t id, const struct ticket_state *from,
		   enum ticket_status to, int64_t actor_id, bool by_customer, int64_t now)
{
	int rc = status_write(q, id, from, to, now);
	if (rc || to == from->status)
		return rc;
	return sq_event(q, id, actor_id, EV_STATUS, ticket_status_name(from->status),
			ticket_status_name(to), false, by_customer, now);
}

int sq_ticket_set_status(struct store *s, int64_t id, int64_t actor_id, enum ticket_status to,
			 int64_t now)
{
	struct sq *q = sq_of(s);
	struct ticket_state from;
	int rc = sq_begin(q);
	if (rc)
		return rc;
	if ((rc = sq_ticket_state(q, NULL, id, &from)))
		goto fail;
	if (!ticket_status_change_ok(from.status, to)) {
		rc = TK_EINVALID;
		goto fail;
	}
	if ((rc = sq_ticket_move(q, id, &from, to, actor_id, false, now)))
		goto fail;
	return sq_commit(q);
fail:
	sq_rollback(q);
	return rc;
}

/* Sets the assignee to agent_id (take) or nobody (release) when the
 * ticket is free or already the agent's; otherwise names the holder. */
static int assign(struct store *s, struct arena *a, int64_t id, int64_t agent_id, bool take,
		  int64_t now, int64_t *holder_id, const char **holder_name)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_TICKET_SET_ASSIGNEE);
	struct ticket_state cur;
	if (!st)
		return TK_EINTERNAL;
	int rc = sq_begin(q);
	if (rc)
		return rc;
	if ((rc = sq_ticket_state(q, a, id, &cur)))
		goto fail;
	if (cur.assignee_id && cur.assignee_id != agent_id) {
		*holder_id = cur.assignee_id;
		*holder_name = cur.assignee_name;
		rc = TK_ECONFLICT;
		goto fail;
	}
	if ((take && cur.assignee_id == agent_id) || (!take && !cur.assignee_id)) {
		sq_rollback(q);
		return TK_OK; /* nothing changes */
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, take ? agent_id : 0);
	sqlite3_bind_int64(st, 3, now);
	if ((rc = sq_run(q, st)) ||
	    (rc = sq_event(q, id, agent_id, take ? EV_ASSIGNED : EV_RELEASED, NULL, NULL, false,
			   false, now)))
		goto fail;
	return sq_commit(q);
fail:
	sq_rollback(q);
	return rc;
}

int sq_ticket_take(struct store *s, struct arena *a, int64_t id, int64_t agent_id, int64_t now,
		   int64_t *holder_id, const char **holder_name)
{
	return assign(s, a, id, agent_id, true, now, holder_id, holder_name);
}

int sq_ticket_release(struct store *s, struct arena *a, int64_t id, int64_t agent_id,
		      int64_t now, int64_t *holder_id, const char **holder_name)
{
	return assign(s, a, id, agent_id, false, now, holder_id, holder_name);
}

int sq_ticket_set_due(struct store *s, int64_t ticket_id, int64_t due_at)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_TICKET_SET_DUE);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_int64(st, 1, ticket_id);
	sqlite3_bind_int64(st, 2, due_at);
	int rc = sq_run(q, st);
	return rc == TK_OK && sqlite3_changes(q->db) == 0 ? TK_ENOTFOUND : rc;
}
