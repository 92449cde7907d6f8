/* contact.c - the contact form: the only way a ticket is born. */
#include <string.h>
#include <time.h>

#include "domain/questions.h"
#include "lib/arena.h"
#include "lib/err.h"
#include "lib/html.h"
#include "lib/i18n.h"
#include "web/assist.h"
#include "web/page.h"
#include "web/payment.h"
#include "web/promise.h"
#include "web/routes.h"
#include "web/ticket_view.h"

/* Adds the active categories, marking the selected one. */
static int categories_model(struct request *req, json_t *m, int64_t selected)
{
	struct category *c;
	size_t n;
	int rc = store_category_list(req->store, req->arena, true, &c, &n);
	if (rc)
		return rc;
	json_t *list = categories_json(req, c, n);
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
		json_object_set_new(v, "selected", json_boolean(c[i].id == selected));
	json_object_set_new(m, "categories", list);
	return TK_OK;
}

static void contact_page(struct request *req, struct response *resp, int status,
			 const char *error, json_t *form)
{
	json_t *m = page_model(req, resp, N_("Contact support"));
	int64_t selected = parse_id(json_string_value(json_object_get(form, "category")));
	int rc = categories_model(req, m, selected);
	const char *q = json_string_value(json_object_get(form, "body"));
	if (rc == TK_OK && status == 200)
		rc = assist_model(req, m, q);
	/* Without JavaScript the notice comes with the "search the guides
	 * first" round trip, still before the ticket is sent. */
	struct question_report qr;
	questions_analyse(q, &qr);
	if (qr.multiple)
		json_object_set_new(m, "question_notice", json_string(tr(req, QUESTIONS_NOTICE)));
	if (rc == TK_OK && !req->user)
		json_object_set_new(m, "login_next", json_string(arena_printf(req->arena,
			"/contact?q=%s", url_encode(req, q))));
	if (rc) {
		web_error(req, resp, rc, NULL);
		return;
	}
	json_object_set(m, "form", form);
	json_object_set_new(m, "promise", promise_now_json(req));
	json_object_set_new(m, "priority", priority_json(req));
	const char *interaction = req_form(req, "interaction");
	if (interaction)
		json_object_set_new(m, "interaction", json_string(interaction));
	if (error)
		json_object_set_new(m, "error", json_string(tr(req, error)));
	page_render(req, resp, status, "contact", m);
}

void contact_get(struct request *req, struct response *resp)
{
	/* The question comes as q (assistant box, log-in return) or, from
	 * the form's "search the guides first" button, with the other
	 * fields as they were typed. */
	const char *q = req_query(req, "q");
	if (!q)
		q = req_query(req, "body");
	json_t *form = req_json(req, json_pack("{s:s?, s:s?, s:s?}", "subject",
		req_query(req, "subject"), "category", req_query(req, "category"), "body", q));
	int64_t from = parse_id(req_query(req, "from"));
	struct ticket old;
	/* "Open a new ticket" from a closed one: refer to it in the text. */
	if (from && ticket_load(req, req_query(req, "from"), &old) == TK_OK)
		json_object_set_new(form, "body", json_string(arena_printf(req->arena,
			"%s #%lld (%s):\n\n", tr(req, N_("Follow-up to ticket")),
			(long long)old.id, old.subject)));
	contact_page(req, resp, 200, NULL, form);
}

/* What the form's fields say, kept to show again after an error. */
static json_t *form_echo(struct request *req)
{
	return req_json(req, json_pack("{s:s?, s:s?, s:s?}", "subject", req_form(req, "subject"),
				       "category", req_form(req, "category"), "body",
				       req_form(req, "body")));
}

/* The ticket follows an assistant interaction (if the page had one) and
 * keeps the assistant's best articles for the agent. Neither may fail
 * the ticket, which is already safely stored. */
static void ticket_assist_links(struct request *req, int64_t id, const struct ticket_new *t)
{
	int64_t interaction = parse_id(req_form(req, "interaction")), ids[3];
	size_t n;
	if (interaction)
		store_assist_ticket(req->store, interaction, req->user->id, id);
	const char *text = arena_printf(req->arena, "%s\n%s", t->subject, t->body);
	if (assist_top_ids(req, req->lang, text, ids, 3, &n) == TK_OK && n > 0)
		store_ticket_suggestions_set(req->store, id, ids, n);
}

void contact_post(struct request *req, struct response *resp)
{
	struct ticket_new t = {.customer_id = req->user->id};
	struct priority_offer offer;
	priority_offer(req, &offer);
	t.awaiting_payment = offer.enabled && req_form(req, "priority") != NULL;
	t.subject = req_form(req, "subject");
	t.body = req_form(req, "body");
	t.category_id = parse_id(req_form(req, "category"));
	const char *problem = ticket_subject_check(t.subject);
	if (!problem)
		problem = ticket_body_check(t.body);
	struct category c;
	if (!problem && (!t.category_id ||
			 store_category_get(req->store, req->arena, t.category_id, &c) ||
			 !c.active))
		problem = N_("Please choose the part of the service your question is about.");
	if (problem) {
		contact_page(req, resp, 422, problem, form_echo(req));
		return;
	}
	json_t *rejected = req_json(req, json_array());
	struct attachment_new *files;
	uploads_take(req, &files, &t.nfiles, rejected);
	t.files = files;
	int64_t id;
	int rc = store_ticket_create(req->store, &t, time(NULL), &id);
	if (rc) {
		web_error(req, resp, rc, NULL);
		return;
	}
	ticket_assist_links(req, id, &t);
	ticket_after_change(req, id);
	if (t.awaiting_payment) {
		payment_start(req, resp, id);
		return;
	}
	resp_redirect(req, resp,
		      ticket_url(req, arena_printf(req->arena, "/tickets/%lld", (long long)id), rejected));
}
