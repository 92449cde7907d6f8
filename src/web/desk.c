/* desk.c - the agents' desk: the queue, a ticket with its history, and
 * the agent's actions (reply or note, status, take and release). */
#include <string.h>
#include <time.h>

#include "lib/arena.h"
#include "lib/err.h"
#include "lib/i18n.h"
#include "web/page.h"
#include "web/routes.h"
#include "web/ticket_view.h"

enum { DESK_PAGE = 100, HISTORY_MAX = 20 };

/* Per-status counts for the filter bar, marking the chosen status. */
static json_t *status_counts(struct request *req, int64_t category, int chosen)
{
	int64_t counts[TS__MAX];
	json_t *list = json_array();
	if (store_ticket_counts(req->store, category, counts) != TK_OK)
		return list;
	for (int i = 0; i < TS__MAX; i++)
		json_array_append_new(list, json_pack("{s:s, s:s, s:I, s:b}", "status",
			ticket_status_name((enum ticket_status)i), "label",
			tr(req, ticket_status_label((enum ticket_status)i)), "count",
			(json_int_t)counts[i], "selected", i == chosen));
	return list;
}

void desk_get(struct request *req, struct response *resp)
{
	int status = ticket_status_parse(req_query(req, "status"));
	int64_t category = parse_id(req_query(req, "category"));
	/* Without a status filter the desk shows the queue, in its order. */
	struct ticket_filter f = {.status = status, .category_id = category, .queue = status < 0,
				  .limit = DESK_PAGE};
	struct ticket *t;
	struct category *c;
	size_t n, nc;
	int rc = store_ticket_list(req->store, req->arena, &f, &t, &n);
	if (rc == TK_OK)
		rc = store_category_list(req->store, req->arena, false, &c, &nc);
	if (rc) {
		web_error(req, resp, rc, NULL);
		return;
	}
	json_t *m = page_model(req, resp, N_("Support desk"));
	json_t *list = json_array(), *cats = categories_json(req, c, nc), *v;
	for (size_t i = 0; i < n; i++) {
		json_t *tj = ticket_json(req, &t[i]);
		if (status < 0)
			queue_reason(req, &t[i], tj);
		json_array_append_new(list, tj);
	}
	size_t i;
	json_array_foreach(cats, i, v)
		json_object_set_new(v, "selected", json_boolean(c[i].id == category));
	json_object_set_new(m, "tickets", list);
	json_object_set_new(m, "categories", cats);
	json_object_set_new(m, "counts", status_counts(req, category, status));
	json_object_set_new(m, "queue", json_boolean(status < 0));
	page_render(req, resp, 200, "desk", m);
}

/* The customer's other tickets, newest first, for context. */
static int history_json(struct request *req, const struct ticket *t, json_t **out)
{
	struct ticket_filter f = {.customer_id = t->customer_id, .status = -1,
				  .limit = HISTORY_MAX + 1};
	struct ticket *list;
	size_t n;
	int rc = store_ticket_list(req->store, req->arena, &f, &list, &n);
	if (rc)
		return rc;
	*out = req_json(req, json_array());
	for (size_t i = 0; i < n; i++)
		if (list[i].id != t->id)
			json_array_append_new(*out, ticket_json(req, &list[i]));
	return TK_OK;
}

/* The articles the assistant found when the ticket was sent. */
static json_t *suggestions_json(struct request *req, const struct ticket *t)
{
	struct article *r;
	size_t n;
	json_t *list = json_array();
	if (store_ticket_suggestions(req->store, req->arena, t->id, &r, &n) != TK_OK)
		return list;
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:I, s:s, s:s}", "id", (json_int_t)r[i].id,
			"title", r[i].title, "url", arena_printf(req->arena, "/kb/%s", r[i].slug)));
	return list;
}

static void desk_ticket_page(struct request *req, struct response *resp, const struct ticket *t,
			     int status, const char *error)
{
	json_t *thread, *events, *history;
	int rc = thread_json(req, t, &thread);
	if (rc == TK_OK)
		rc = events_json(req, t, &events);
	if (rc == TK_OK)
		rc = history_json(req, t, &history);
	if (rc) {
		web_error(req, resp, rc, NULL);
		return;
	}
	json_t *m = page_model(req, resp, N_("Ticket"));
	json_t *tj = ticket_json(req, t), *statuses = json_array();
	json_object_set_new(m, "title", json_string(t->subject));
	json_object_set_new(tj, "mine", json_boolean(t->assignee_id == req->user->id));
	json_object_set_new(m, "ticket", tj);
	json_object_set(m, "thread", thread);
	json_object_set(m, "events", events);
	json_object_set(m, "history", history);
	for (int i = 0; i < TS__MAX; i++)
		if (ticket_status_change_ok(t->status, (enum ticket_status)i))
			json_array_append_new(statuses, json_pack("{s:s, s:s}", "status",
				ticket_status_name((enum ticket_status)i), "label",
				tr(req, ticket_status_label((enum ticket_status)i))));
	json_object_set_new(m, "next_statuses", statuses);
	json_object_set_new(m, "suggestions", suggestions_json(req, t));
	json_object_set_new(m, "payments", payments_json(req, t->id));
	if (error)
		json_object_set_new(m, "error", json_string(error));
	page_render(req, resp, status, "desk_ticket", m);
}

void desk_ticket_get(struct request *req, struct response *resp)
{
	struct ticket t;
	int rc = ticket_load(req, req_param(req, "id"), &t);
	if (rc)
		web_error(req, resp, rc, NULL);
	else
		desk_ticket_page(req, resp, &t, 200, NULL);
}

static const char *desk_url(struct request *req, int64_t id)
{
	return arena_printf(req->arena, "/desk/tickets/%lld", (long long)id);
}

void desk_reply_post(struct request *req, struct response *resp)
{
	struct ticket t;
	int rc = ticket_load(req, req_param(req, "id"), &t);
	if (rc) {
		web_error(req, resp, rc, NULL);
		return;
	}
	const char *body = req_form(req, "body"), *internal = req_form(req, "internal");
	const char *problem = ticket_body_check(body);
	if (problem) {
		desk_ticket_page(req, resp, &t, 422, tr(req, problem));
		return;
	}
	struct attachment_new *files;
	struct reply_new r = {.ticket_id = t.id, .author_id = req->user->id, .body = body,
			      .internal = internal && strcmp(internal, "1") == 0,
			      .status_after = ticket_status_parse(req_form(req, "status"))};
	json_t *rejected = req_json(req, json_array());
	uploads_take(req, &files, &r.nfiles, rejected);
	r.files = files;
	rc = store_ticket_reply(req->store, &r, time(NULL), NULL);
	if (rc == TK_OK)
		ticket_after_change(req, t.id);
	if (rc == TK_ECONFLICT || rc == TK_EINVALID) {
		desk_ticket_page(req, resp, &t, rc == TK_ECONFLICT ? 409 : 422,
				 tr(req, rc == TK_ECONFLICT ? N_("This ticket is closed.")
							    : N_("That status change is not possible.")));
		return;
	}
	if (rc)
		web_error(req, resp, rc, NULL);
	else
		resp_redirect(req, resp, ticket_url(req, desk_url(req, t.id), rejected));
}

void desk_status_post(struct request *req, struct response *resp)
{
	struct ticket t;
	int rc = ticket_load(req, req_param(req, "id"), &t);
	int to = ticket_status_parse(req_form(req, "status"));
	if (rc == TK_OK && to < 0)
		rc = TK_EINVALID;
	if (rc == TK_OK)
		rc = store_ticket_set_status(req->store, t.id, req->user->id,
					     (enum ticket_status)to, time(NULL));
	if (rc == TK_OK)
		ticket_after_change(req, t.id);
	if (rc == TK_EINVALID)
		desk_ticket_page(req, resp, &t, 422, tr(req, N_("That status change is not possible.")));
	else if (rc)
		web_error(req, resp, rc, NULL);
	else
		resp_redirect(req, resp, desk_url(req, t.id));
}

static void assign_post(struct request *req, struct response *resp, bool take)
{
	struct ticket t;
	int64_t holder = 0;
	const char *holder_name = NULL;
	int rc = ticket_load(req, req_param(req, "id"), &t);
	if (rc == TK_OK)
		rc = (take ? store_ticket_take : store_ticket_release)(
			req->store, req->arena, t.id, req->user->id, time(NULL), &holder,
			&holder_name);
	if (rc == TK_ECONFLICT) {
		t.assignee_id = holder;
		t.assignee_name = holder_name;
		desk_ticket_page(req, resp, &t, 409, arena_printf(req->arena, "%s: %s",
			tr(req, N_("Another agent is already handling this ticket")),
			holder_name ? holder_name : "?"));
	} else if (rc) {
		web_error(req, resp, rc, NULL);
	} else {
		resp_redirect(req, resp, desk_url(req, t.id));
	}
}

void desk_take_post(struct request *req, struct response *resp)
{
	assign_post(req, resp, true);
}

void desk_release_post(struct request *req, struct response *resp)
{
	assign_post(req, resp, false);
}

/* One click: answer with a link to the article, mark the ticket solved
 * and "answered by the documentation" (fair use counts these). */
void desk_answer_article_post(struct request *req, struct response *resp)
{
	struct ticket t;
	struct article r;
	int rc = ticket_load(req, req_param(req, "id"), &t);
	if (rc == TK_OK)
		rc = store_article_get(req->store, req->arena, parse_id(req_form(req, "article")),
				       NULL, &r);
	if (rc) {
		web_error(req, resp, rc, NULL);
		return;
	}
	if (!r.published) {
		web_error(req, resp, TK_ENOTFOUND, NULL);
		return;
	}
	struct reply_new reply = {.ticket_id = t.id, .author_id = req->user->id,
				  .status_after = TS_SOLVED, .answered_by_docs = true,
				  .body = arena_printf(req->arena, "%s\n\n%s\n/kb/%s",
					  tr(req, N_("This article answers your question:")),
					  r.title, r.slug)};
	rc = store_ticket_reply(req->store, &reply, time(NULL), NULL);
	if (rc == TK_OK)
		ticket_after_change(req, t.id);
	if (rc == TK_ECONFLICT || rc == TK_EINVALID)
		desk_ticket_page(req, resp, &t, rc == TK_ECONFLICT ? 409 : 422,
				 tr(req, N_("That status change is not possible.")));
	else if (rc)
		web_error(req, resp, rc, NULL);
	else
		resp_redirect(req, resp, desk_url(req, t.id));
}
