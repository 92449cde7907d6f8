/* tickets.c - the tickets API: /api/v1/tickets and /api/v1/categories. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/json.h"
#include "domain/queue.h"
#include "lib/arena.h"
#include "lib/err.h"
#include "lib/i18n.h"
#include "web/page.h"
#include "web/routes.h"
#include "web/ticket_view.h"

enum { API_PAGE_DEFAULT = 25, API_PAGE_MAX = 100 };
#define CURSOR_SHOWN_MAX 1000000000LL

void api_categories_get(struct request *req, struct response *resp)
{
	struct category *c;
	size_t n;
	int rc = store_category_list(req->store, req->arena, true, &c, &n);
	if (rc)
		web_error(req, resp, rc, NULL);
	else
		api_json(req, resp, 200, json_pack("{s:o}", "categories", categories_json(req, c, n)));
}

/* The ticket with its thread and history, as GET /tickets/{id} shows it. */
static void ticket_full(struct request *req, struct response *resp, const struct ticket *t,
			int status)
{
	json_t *thread, *events;
	int rc = thread_json(req, t, &thread);
	if (rc == TK_OK)
		rc = events_json(req, t, &events);
	if (rc) {
		web_error(req, resp, rc, NULL);
		return;
	}
	json_t *o = ticket_json(req, t);
	json_object_set(o, "messages", thread);
	json_object_set(o, "events", events);
	api_json(req, resp, status, o);
}

void api_tickets_post(struct request *req, struct response *resp)
{
	json_t *in = api_body(req, resp);
	if (!in)
		return;
	struct ticket_new t = {.customer_id = req->user->id, .subject = api_str(in, "subject"),
			       .body = api_str(in, "body")};
	json_t *cat = json_object_get(in, "category");
	t.category_id = json_is_integer(cat) ? json_integer_value(cat) : 0;
	struct category c;
	const char *problem = ticket_subject_check(t.subject), *field = "subject";
	if (!problem && (problem = ticket_body_check(t.body)))
		field = "body";
	if (!problem && (t.category_id <= 0 ||
			 store_category_get(req->store, req->arena, t.category_id, &c) || !c.active)) {
		problem = N_("Please choose the part of the service your question is about.");
		field = "category";
	}
	if (problem) {
		api_invalid(req, resp, field, problem);
		return;
	}
	int64_t id;
	struct ticket out;
	int rc = store_ticket_create(req->store, &t, time(NULL), &id);
	if (rc == TK_OK)
		ticket_after_change(req, id);
	if (rc == TK_OK)
		rc = store_ticket_get(req->store, req->arena, id, &out);
	if (rc)
		web_error(req, resp, rc, NULL);
	else
		api_json(req, resp, 201, ticket_json(req, &out));
}

/* Reads limit and cursor ("KEY.ID.SHOWN" from next_cursor) into f;
 * *shown is how many rows the earlier pages held (queue positions go on
 * from there without counting rows in the database). */
static int page_params(struct request *req, struct ticket_filter *f, long long *shown)
{
	const char *limit = req_query(req, "limit"), *cursor = req_query(req, "cursor");
	f->limit = API_PAGE_DEFAULT;
	if (limit) {
		char *end;
		long n = strtol(limit, &end, 10);
		if (*end || n < 1 || n > API_PAGE_MAX)
			return TK_EBADREQ;
		f->limit = (int)n;
	}
	if (cursor && *cursor) {
		/* Lists: KEY.ID.SHOWN; the queue: LANE.DUE.KEY.ID.SHOWN. */
		long long v[5];
		size_t want = f->queue ? 5 : 3, got = 0;
		const char *p = cursor;
		char *end;
		errno = 0;
		while (got < want) {
			v[got++] = strtoll(p, &end, 10);
			if (end == p || (got < want && *end != '.'))
				return TK_EBADREQ;
			p = end + 1;
		}
		if (*end || errno || v[want - 2] <= 0 || v[want - 1] < 0 ||
		    v[want - 1] > CURSOR_SHOWN_MAX || (f->queue && (v[0] < 0 || v[0] >= LANE__MAX)))
			return TK_EBADREQ;
		if (f->queue) {
			f->cursor_lane = (int)v[0];
			f->cursor_due = v[1];
		}
		f->cursor_key = v[want - 3];
		f->cursor_id = v[want - 2];
		*shown = v[want - 1];
		f->has_cursor = true;
	}
	return TK_OK;
}

/* Answers a page of tickets with the cursor of the next one. */
static void ticket_page_json(struct request *req, struct response *resp,
			     const struct ticket_filter *f, long long before)
{
	struct ticket *t;
	size_t n;
	struct ticket_filter ask = *f;
	ask.limit = f->limit + 1; /* one more tells whether a next page exists */
	int rc = store_ticket_list(req->store, req->arena, &ask, &t, &n);
	if (rc) {
		web_error(req, resp, rc, NULL);
		return;
	}
	json_t *list = json_array(), *next = json_null();
	size_t shown = n > (size_t)f->limit ? (size_t)f->limit : n;
	for (size_t i = 0; i < shown; i++) {
		json_t *tj = ticket_json(req, &t[i]);
		if (f->queue) {
			json_object_set_new(tj, "position", json_integer(before + (json_int_t)i + 1));
			queue_reason(req, &t[i], tj);
		}
		json_array_append_new(list, tj);
	}
	if (n > shown) {
		const struct ticket *last = &t[shown - 1];
		json_decref(next);
		next = json_string(f->queue
			? arena_printf(req->arena, "%d.%lld.%lld.%lld.%lld", last->priority ? 0 : 1,
				       (long long)last->due_at, (long long)last->waiting_since,
				       (long long)last->id, before + (long long)shown)
			: arena_printf(req->arena, "%lld.%lld.%lld", (long long)last->updated_at,
				       (long long)last->id, before + (long long)shown));
	}
	api_json(req, resp, 200, json_pack("{s:o, s:o}", "tickets", list, "next_cursor", next));
}

void api_tickets_get(struct request *req, struct response *resp)
{
	struct ticket_filter f = {.status = -1};
	const char *status = req_query(req, "status");
	if (status && (f.status = ticket_status_parse(status)) < 0) {
		api_invalid(req, resp, "status", N_("Unknown status."));
		return;
	}
	f.category_id = parse_id(req_query(req, "category"));
	if (!is_agent(req))
		f.customer_id = req->user->id;
	long long before = 0;
	if (page_params(req, &f, &before))
		web_error(req, resp, TK_EBADREQ, N_("Bad limit or cursor."));
	else
		ticket_page_json(req, resp, &f, before);
}

void api_queue_get(struct request *req, struct response *resp)
{
	struct ticket_filter f = {.status = -1, .queue = true};
	f.category_id = parse_id(req_query(req, "category"));
	long long before = 0;
	if (page_params(req, &f, &before))
		web_error(req, resp, TK_EBADREQ, N_("Bad limit or cursor."));
	else
		ticket_page_json(req, resp, &f, before);
}

void api_ticket_get(struct request *req, struct response *resp)
{
	struct ticket t;
	int rc = ticket_load(req, req_param(req, "id"), &t);
	if (rc)
		web_error(req, resp, rc, NULL);
	else
		ticket_full(req, resp, &t, 200);
}
