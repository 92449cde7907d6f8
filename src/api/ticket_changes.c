/* ticket_changes.c - changing tickets through the API: PATCH, replies,
 * notes and attachments. The same store calls as the pages use. */
#include <string.h>
#include <time.h>

#include "api/json.h"
#include "lib/arena.h"
#include "lib/err.h"
#include "lib/i18n.h"
#include "web/page.h"
#include "web/routes.h"
#include "web/ticket_view.h"

/* The message just added, as the thread shows it. */
static void message_created(struct request *req, struct response *resp, const struct ticket *t,
			    int64_t message_id, json_t *rejected)
{
	json_t *thread, *msg = NULL, *v;
	size_t i;
	int rc = thread_json(req, t, &thread);
	if (rc) {
		web_error(req, resp, rc, NULL);
		return;
	}
	json_array_foreach(thread, i, v)
		if (json_integer_value(json_object_get(v, "id")) == message_id)
			msg = v;
	if (!rejected) {
		api_json(req, resp, 201, json_incref(msg));
		return;
	}
	api_json(req, resp, 201, json_pack("{s:O, s:O}", "message", msg, "rejected_files", rejected));
}

static void reply(struct request *req, struct response *resp, const struct ticket *t,
		  struct reply_new *r, json_t *rejected)
{
	int64_t id;
	r->ticket_id = t->id;
	r->author_id = req->user->id;
	r->by_customer = req->user->id == t->customer_id;
	r->status_after = -1;
	int rc = store_ticket_reply(req->store, r, time(NULL), &id);
	if (rc == TK_OK)
		ticket_after_change(req, t->id);
	if (rc == TK_ECONFLICT)
		web_error(req, resp, rc, N_("This ticket is closed. Please open a new ticket."));
	else if (rc)
		web_error(req, resp, rc, NULL);
	else
		message_created(req, resp, t, id, rejected);
}

void api_messages_post(struct request *req, struct response *resp)
{
	struct ticket t;
	int rc = ticket_load(req, req_param(req, "id"), &t);
	if (rc) {
		web_error(req, resp, rc, NULL);
		return;
	}
	json_t *in = api_body(req, resp);
	if (!in)
		return;
	struct reply_new r = {.body = api_str(in, "body")};
	json_t *internal = json_object_get(in, "internal");
	if (internal && !json_is_boolean(internal)) {
		api_invalid(req, resp, "internal", N_("\"internal\" must be true or false."));
		return;
	}
	r.internal = json_is_true(internal);
	if (r.internal && !is_agent(req)) {
		web_error(req, resp, TK_EFORBIDDEN, N_("Only the support team can write notes."));
		return;
	}
	const char *problem = ticket_body_check(r.body);
	if (problem)
		api_invalid(req, resp, "body", problem);
	else
		reply(req, resp, &t, &r, NULL);
}

void api_attachments_post(struct request *req, struct response *resp)
{
	struct ticket t;
	int rc = ticket_load(req, req_param(req, "id"), &t);
	if (rc) {
		web_error(req, resp, rc, NULL);
		return;
	}
	json_t *rejected = req_json(req, json_array());
	struct attachment_new *files;
	struct reply_new r = {.body = req_form(req, "body")};
	uploads_take(req, &files, &r.nfiles, rejected);
	r.files = files;
	if (r.nfiles == 0) {
		api_json(req, resp, 422, json_pack("{s:s, s:s, s:s, s:O}", "error", "invalid",
			"message", tr(req, N_("No file could be kept.")), "field", "files",
			"rejected_files", rejected));
		return;
	}
	if (!r.body || !*r.body)
		r.body = "";
	else if (ticket_body_check(r.body)) {
		api_invalid(req, resp, "body", ticket_body_check(r.body));
		return;
	}
	reply(req, resp, &t, &r, rejected);
}

/* {"assignee": "me" | null}: take or release. */
static int patch_assignee(struct request *req, struct response *resp, const struct ticket *t,
			  json_t *v)
{
	int64_t holder = 0;
	const char *name = NULL;
	int rc;
	if (json_is_null(v))
		rc = store_ticket_release(req->store, req->arena, t->id, req->user->id, time(NULL),
					  &holder, &name);
	else if (json_is_string(v) && strcmp(json_string_value(v), "me") == 0)
		rc = store_ticket_take(req->store, req->arena, t->id, req->user->id, time(NULL),
				       &holder, &name);
	else {
		api_invalid(req, resp, "assignee", N_("\"assignee\" must be \"me\" or null."));
		return 1;
	}
	if (rc == TK_ECONFLICT) {
		api_json(req, resp, 409, json_pack("{s:s, s:s, s:{s:I, s:s?}}", "error", "conflict",
			"message", arena_printf(req->arena, "%s: %s",
				tr(req, N_("Another agent is already handling this ticket")),
				name ? name : "?"),
			"holder", "id", (json_int_t)holder, "name", name));
		return 1;
	}
	return rc;
}

static int patch_status(struct request *req, struct response *resp, const struct ticket *t,
			json_t *v)
{
	int to = ticket_status_parse(json_string_value(v));
	if (to < 0) {
		api_invalid(req, resp, "status", N_("Unknown status."));
		return 1;
	}
	if (to == (int)t->status)
		return TK_OK;
	int rc = store_ticket_set_status(req->store, t->id, req->user->id, (enum ticket_status)to,
					 time(NULL));
	if (rc == TK_OK)
		ticket_after_change(req, t->id);
	if (rc == TK_EINVALID) {
		api_invalid(req, resp, "status", N_("That status change is not possible."));
		return 1;
	}
	return rc;
}

void api_ticket_patch(struct request *req, struct response *resp)
{
	struct ticket t;
	int rc = ticket_load(req, req_param(req, "id"), &t);
	if (rc) {
		web_error(req, resp, rc, NULL);
		return;
	}
	json_t *in = api_body(req, resp), *status, *assignee;
	if (!in)
		return;
	status = json_object_get(in, "status");
	assignee = json_object_get(in, "assignee");
	if (!status && !assignee) {
		api_invalid(req, resp, "status", N_("Nothing to change: give status or assignee."));
		return;
	}
	/* The assignee first: a ticket another agent holds answers 409
	 * before anything, the status included, has changed. */
	rc = assignee ? patch_assignee(req, resp, &t, assignee) : TK_OK;
	if (rc == TK_OK && status)
		rc = patch_status(req, resp, &t, status);
	if (rc == 1)
		return; /* answered already */
	if (rc == TK_OK)
		rc = store_ticket_get(req->store, req->arena, t.id, &t);
	if (rc)
		web_error(req, resp, rc, NULL);
	else
		api_json(req, resp, 200, ticket_json(req, &t));
}
