/* tickets.c - "My tickets", a ticket's page and the customer's reply. */
#include <string.h>
#include <time.h>

#include "config.h"
#include "lib/arena.h"
#include "lib/err.h"
#include "lib/i18n.h"
#include "web/app.h"
#include "web/page.h"
#include "web/routes.h"
#include "web/ticket_view.h"

enum { MY_TICKETS_MAX = 200 };

void tickets_get(struct request *req, struct response *resp)
{
	struct ticket_filter f = {.customer_id = req->user->id, .status = -1,
				  .limit = MY_TICKETS_MAX};
	struct ticket *t;
	size_t n;
	int rc = store_ticket_list(req->store, req->arena, &f, &t, &n);
	if (rc) {
		web_error(req, resp, rc, NULL);
		return;
	}
	json_t *m = page_model(req, resp, N_("My tickets"));
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, ticket_json(req, &t[i]));
	json_object_set_new(m, "tickets", list);
	page_render(req, resp, 200, "tickets", m);
}

/* Files the contact form refused, carried in the redirect's query as
 * rejected=REASON:NAME so the notice survives the POST-redirect-GET. */
static json_t *rejected_from_query(struct request *req)
{
	static const struct {
		const char *reason, *msgid;
	} reasons[] = {
		{"too_large", N_("too large")},
		{"too_many", N_("too many files")},
		{"empty", N_("empty file")},
	};
	json_t *list = json_array();
	for (size_t i = 0; i < req->query.n && json_array_size(list) < 20; i++) {
		const struct form_field *f = &req->query.fields[i];
		const char *colon = strchr(f->value, ':');
		if (strcmp(f->name, "rejected") != 0 || !colon)
			continue;
		for (size_t r = 0; r < sizeof(reasons) / sizeof(reasons[0]); r++)
			if (strncmp(f->value, reasons[r].reason, (size_t)(colon - f->value)) == 0 &&
			    strlen(reasons[r].reason) == (size_t)(colon - f->value))
				json_array_append_new(list, json_pack("{s:s, s:s}", "filename",
					colon + 1, "reason", tr(req, reasons[r].msgid)));
	}
	return list;
}

/* The customer's view of one ticket; also shown again after an error. */
static void ticket_page(struct request *req, struct response *resp, const struct ticket *t,
			int status, const char *error)
{
	json_t *thread;
	int rc = thread_json(req, t, &thread);
	if (rc) {
		web_error(req, resp, rc, NULL);
		return;
	}
	json_t *m = page_model(req, resp, N_("Ticket"));
	json_object_set_new(m, "title", json_string(t->subject));
	json_object_set_new(m, "ticket", ticket_json(req, t));
	json_object_set(m, "thread", thread);
	json_object_set_new(m, "rejected", rejected_from_query(req));
	json_object_set_new(m, "payments", payments_json(req, t->id));
	json_object_set_new(m, "max_files", json_integer(req->app->cfg->max_files));
	if (error)
		json_object_set_new(m, "error", json_string(tr(req, error)));
	page_render(req, resp, status, "ticket", m);
}

void ticket_get(struct request *req, struct response *resp)
{
	struct ticket t;
	int rc = ticket_load(req, req_param(req, "id"), &t);
	if (rc)
		web_error(req, resp, rc, NULL);
	else
		ticket_page(req, resp, &t, 200, NULL);
}

void ticket_reply_post(struct request *req, struct response *resp)
{
	struct ticket t;
	int rc = ticket_load(req, req_param(req, "id"), &t);
	if (rc) {
		web_error(req, resp, rc, NULL);
		return;
	}
	const char *body = req_form(req, "body");
	const char *problem = ticket_body_check(body);
	if (problem) {
		ticket_page(req, resp, &t, 422, problem);
		return;
	}
	json_t *rejected = req_json(req, json_array());
	struct attachment_new *files;
	struct reply_new r = {.ticket_id = t.id, .author_id = req->user->id,
			      .by_customer = req->user->id == t.customer_id, .body = body,
			      .status_after = -1};
	uploads_take(req, &files, &r.nfiles, rejected);
	r.files = files;
	rc = store_ticket_reply(req->store, &r, time(NULL), NULL);
	if (rc == TK_OK)
		ticket_after_change(req, t.id);
	if (rc == TK_ECONFLICT) {
		ticket_page(req, resp, &t, 409, N_("This ticket is closed. Please open a new ticket."));
		return;
	}
	if (rc) {
		web_error(req, resp, rc, NULL);
		return;
	}
	resp_redirect(req, resp,
		      ticket_url(req, arena_printf(req->arena, "/tickets/%lld", (long long)t.id), rejected));
}
