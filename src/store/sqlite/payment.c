/* payment.c - payments of priority tickets in SQLite. */
#include "lib/arena.h"
#include "lib/err.h"
#include "store/sqlite/db.h"

static void payment_row(struct arena *a, sqlite3_stmt *st, void *item)
{
	struct payment *p = item;
	p->id = sqlite3_column_int64(st, 0);
	p->ticket_id = sqlite3_column_int64(st, 1);
	p->customer_id = sqlite3_column_int64(st, 2);
	p->provider = sq_text(a, st, 3);
	p->external_id = sq_text(a, st, 4);
	p->amount_cents = sqlite3_column_int64(st, 5);
	p->currency = sq_text(a, st, 6);
	int state = payment_state_parse((const char *)sqlite3_column_text(st, 7));
	p->state = state < 0 ? PAY_PENDING : (enum payment_state)state;
	p->checkout_url = sq_text(a, st, 8);
	p->created_at = sqlite3_column_int64(st, 9);
	p->updated_at = sqlite3_column_int64(st, 10);
	p->charge = sq_text(a, st, 11);
}

int sq_payment_create(struct store *s, int64_t ticket_id, const char *provider,
		      int64_t amount_cents, const char *currency, int64_t now, int64_t *id)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_PAYMENT_INSERT);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_int64(st, 1, ticket_id);
	sqlite3_bind_text(st, 2, provider, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, amount_cents);
	sqlite3_bind_text(st, 4, currency, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, now);
	int rc = sq_run(q, st);
	if (rc == TK_OK)
		*id = sqlite3_last_insert_rowid(q->db);
	return rc;
}

int sq_payment_get(struct store *s, struct arena *a, int64_t id, const char *external_id,
		   struct payment *out)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, id > 0 ? STMT_PAYMENT_GET : STMT_PAYMENT_BY_EXTERNAL);
	if (!st)
		return TK_EINTERNAL;
	if (id > 0)
		sqlite3_bind_int64(st, 1, id);
	else
		sqlite3_bind_text(st, 1, external_id ? external_id : "", -1, SQLITE_STATIC);
	int rc = sq_step_row(q, st);
	if (rc == TK_OK)
		payment_row(a, st, out);
	sq_done(st);
	return rc;
}

int sq_payment_set_checkout(struct store *s, int64_t id, const char *external_id, const char *url)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_PAYMENT_SET_CHECKOUT);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, external_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, url, -1, SQLITE_STATIC);
	return sq_run(q, st);
}

int sq_payment_list(struct store *s, struct arena *a, int64_t ticket_id, struct payment **out,
		    size_t *n)
{
	return sq_collect_by_id(sq_of(s), STMT_PAYMENT_LIST, ticket_id, a, sizeof(**out), payment_row, (void **)out,
				n);
}

/* The event row; its unique provider_event makes a webhook count once. */
static int payment_event(struct sq *q, const struct payment *p, enum payment_state to,
			 int64_t actor_id, const char *provider_event, int64_t now)
{
	sqlite3_stmt *st = sq_stmt(q, STMT_PAYMENT_EVENT);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_int64(st, 1, p->id);
	sqlite3_bind_int64(st, 2, actor_id);
	sqlite3_bind_text(st, 3, payment_state_name(p->state), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, payment_state_name(to), -1, SQLITE_STATIC);
	if (provider_event)
		sqlite3_bind_text(st, 5, provider_event, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, now);
	return sq_run(q, st);
}

/* What the ticket becomes: paid -> priority lane, waiting from now;
 * canceled -> a normal ticket, waiting from now; others keep their place. */
static int ticket_follow(struct sq *q, const struct payment *p, enum payment_state to, int64_t now)
{
	sqlite3_stmt *st = sq_stmt(q, STMT_TICKET_PAYMENT);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_int64(st, 1, p->ticket_id);
	if (to != PAY_CANCELED)
		sqlite3_bind_text(st, 2, payment_state_name(to), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, to == PAY_PAID);
	sqlite3_bind_int64(st, 4, to == PAY_PAID || to == PAY_CANCELED ? now : 0);
	sqlite3_bind_int64(st, 5, now);
	return sq_run(q, st);
}

static bool ticket_awaits_payment(struct sq *q, struct arena *a, int64_t ticket_id)
{
	struct ticket_state st;
	return sq_ticket_state(q, a, ticket_id, &st) == TK_OK && st.awaiting_payment &&
	       st.status != TS_CLOSED;
}

int sq_payment_transition(struct store *s, int64_t id, enum payment_state to, int64_t actor_id,
			  const char *provider_event, int64_t now)
{
	struct sq *q = sq_of(s);
	struct arena *a = arena_new();
	struct payment p;
	sqlite3_stmt *st = sq_stmt(q, STMT_PAYMENT_SET_STATE);
	int rc = st ? sq_begin(q) : TK_EINTERNAL;
	if (rc == TK_OK && (rc = sq_payment_get(s, a, id, NULL, &p)) == TK_OK &&
	    !payment_transition_ok(p.state, to))
		rc = TK_EINVALID;
	/* One paid payment per ticket: a second checkout of the same ticket
	 * cannot be paid once the first was (or the ticket went normal). */
	if (rc == TK_OK && to == PAY_PAID && !ticket_awaits_payment(q, a, p.ticket_id))
		rc = TK_ECONFLICT;
	if (rc == TK_OK && (rc = payment_event(q, &p, to, actor_id, provider_event, now)) == TK_OK) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, payment_state_name(to), -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, now);
		if ((rc = sq_run(q, st)) == TK_OK)
			rc = ticket_follow(q, &p, to, now);
	}
	if (rc == TK_OK && (rc = sq_event(q, p.ticket_id, actor_id, EV_PAYMENT,
					  payment_state_name(p.state), payment_state_name(to), false,
					  false, now)) == TK_OK)
		rc = sq_commit(q);
	else
		sq_rollback(q);
	arena_free(a);
	return rc;
}

int sq_payment_set_charge(struct store *s, int64_t id, const char *charge)
{
	struct sq *q = sq_of(s);
	sqlite3_stmt *st = sq_stmt(q, STMT_PAYMENT_SET_CHARGE);
	if (!st)
		return TK_EINTERNAL;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, charge, -1, SQLITE_STATIC);
	return sq_run(q, st);
}
