/* ticket_view.c - shared ticket models and ticket access. */
#include "web/ticket_view.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/queue.h"
#include "lib/arena.h"
#include "lib/err.h"
#include "lib/filename.h"
#include "lib/filetype.h"
#include "lib/html.h"
#include "lib/i18n.h"
#include "lib/log.h"
#include "lib/timefmt.h"
#include "web/app.h"
#include "web/page.h"
#include "web/promise.h"

bool is_agent(const struct request *req)
{
	return req->user && req->user->role != ROLE_CUSTOMER;
}

int64_t parse_id(const char *s)
{
	if (!s || *s < '1' || *s > '9' || strlen(s) > 18)
		return 0;
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	return errno || *end ? 0 : (int64_t)v;
}

int ticket_load(struct request *req, const char *id_text, struct ticket *out)
{
	int64_t id = parse_id(id_text);
	if (!id || !req->user)
		return TK_ENOTFOUND;
	int rc = store_ticket_get(req->store, req->arena, id, out);
	if (rc == TK_OK && !is_agent(req) && out->customer_id != req->user->id)
		return TK_ENOTFOUND;
	return rc;
}

const char *category_name(const struct request *req, const char *en, const char *fi)
{
	return strcmp(req->lang, "fi") == 0 && fi && *fi ? fi : en;
}

/* A time as both the API's ISO string and the page's local text. */
static void set_time(struct request *req, json_t *obj, const char *key, int64_t t)
{
	if (!t) {
		json_object_set_new(obj, key, json_null());
		return;
	}
	json_object_set_new(obj, key, json_string(timefmt_iso(req->arena, t)));
	json_object_set_new(obj, arena_printf(req->arena, "%s_local", key),
			    json_string(local_time(req, t)));
}

static json_t *person(int64_t id, const char *name)
{
	return id ? json_pack("{s:I, s:s?}", "id", (json_int_t)id, "name", name) : json_null();
}

json_t *ticket_json(struct request *req, const struct ticket *t)
{
	json_t *o = json_pack(
		"{s:I, s:s, s:{s:I, s:s}, s:s, s:s, s:s, s:o, s:o}", "id", (json_int_t)t->id,
		"subject", t->subject, "category", "id", (json_int_t)t->category_id, "name",
		category_name(req, t->category_en, t->category_fi), "status",
		ticket_status_name(t->status), "status_label", tr(req, ticket_status_label(t->status)),
		"priority", t->priority ? "priority" : "normal", "customer",
		person(t->customer_id, t->customer_name), "assignee",
		person(t->assignee_id, t->assignee_name));
	set_time(req, o, "created_at", t->created_at);
	set_time(req, o, "updated_at", t->updated_at);
	set_time(req, o, "waiting_since", t->waiting_since);
	set_time(req, o, "due_at", t->due_at);
	json_object_set_new(o, "closed", json_boolean(t->status == TS_CLOSED));
	const struct calendar *cal = promise_for(req);
	json_t *p = cal ? promise_json(req, cal, t->due_at) : NULL;
	json_object_update(o, p);
	json_decref(p);
	json_object_set_new(o, "answered_by_docs", json_boolean(t->answered_by_docs));
	json_object_set_new(o, "payment_state", t->payment_state < 0 ? json_null() :
			    json_string(payment_state_name((enum payment_state)t->payment_state)));
	json_object_set_new(o, "awaiting_payment", json_boolean(t->payment_state == PAY_PENDING));
	return o;
}

static json_t *attachment_json(struct request *req, const struct attachment *x)
{
	char hex[65];
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", x->sha256[i]);
	json_t *o = json_pack("{s:I, s:s, s:s, s:I, s:s, s:s, s:b}", "id", (json_int_t)x->id,
			      "filename", x->filename, "content_type", x->content_type, "size",
			      (json_int_t)x->size, "sha256", hex, "url",
			      arena_printf(req->arena, "%s/attachments/%lld",
					   req_is_api(req) ? "/api/v1" : "", (long long)x->id),
			      "image", filetype_is_inline_image(x->content_type));
	set_time(req, o, "created_at", x->created_at);
	return o;
}

static json_t *message_json(struct request *req, const struct message *m)
{
	json_t *o = json_pack("{s:I, s:{s:I, s:s, s:s}, s:b, s:b, s:s, s:[]}", "id",
			      (json_int_t)m->id, "author", "id", (json_int_t)m->author_id, "name",
			      m->author_name, "role", role_name(m->author_role), "internal",
			      m->internal, "from_team", m->author_role != ROLE_CUSTOMER, "body",
			      m->body, "attachments");
	set_time(req, o, "created_at", m->created_at);
	return o;
}

int thread_json(struct request *req, const struct ticket *t, json_t **out)
{
	struct message *m;
	struct attachment *x;
	size_t nm, nx;
	bool team = is_agent(req);
	int rc = store_message_list(req->store, req->arena, t->id, team, &m, &nm);
	if (rc == TK_OK)
		rc = store_attachment_list(req->store, req->arena, t->id, team, &x, &nx);
	if (rc)
		return rc;
	json_t *list = req_json(req, json_array());
	size_t j = 0;
	for (size_t i = 0; i < nm; i++) {
		json_t *mj = message_json(req, &m[i]);
		json_t *files = json_object_get(mj, "attachments");
		for (; j < nx && x[j].message_id <= m[i].id; j++)
			if (x[j].message_id == m[i].id)
				json_array_append_new(files, attachment_json(req, &x[j]));
		json_array_append_new(list, mj);
	}
	*out = list;
	return TK_OK;
}

/* The event as a sentence for the history list, in the page's language. */
static const char *event_label(struct request *req, const struct ticket_event *e)
{
	static const struct {
		const char *kind, *msgid;
	} labels[] = {
		{"created", N_("sent the ticket")}, {"message", N_("replied")},
		{"note", N_("wrote an internal note")}, {"assigned", N_("took the ticket")},
		{"released", N_("released the ticket")}, {"status", N_("changed the status")},
		{"payment", N_("payment")},
	};
	const char *label = e->kind;
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strcmp(e->kind, labels[i].kind) == 0)
			label = tr(req, labels[i].msgid);
	if (strcmp(e->kind, "payment") == 0) {
		int to = payment_state_parse(e->new_value);
		return arena_printf(req->arena, "%s: %s", label,
				    to < 0 ? "?" : tr(req, payment_state_label((enum payment_state)to)));
	}
	int from = ticket_status_parse(e->old_value), to = ticket_status_parse(e->new_value);
	if (strcmp(e->kind, "status") != 0 || from < 0 || to < 0)
		return label;
	return arena_printf(req->arena, "%s: %s → %s", label,
			    tr(req, ticket_status_label((enum ticket_status)from)),
			    tr(req, ticket_status_label((enum ticket_status)to)));
}

int events_json(struct request *req, const struct ticket *t, json_t **out)
{
	struct ticket_event *e;
	size_t n;
	int rc = store_event_list(req->store, req->arena, t->id, is_agent(req), &e, &n);
	if (rc)
		return rc;
	json_t *list = req_json(req, json_array());
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_pack("{s:s, s:s, s:o, s:s?, s:s?}", "kind", e[i].kind, "label",
				      event_label(req, &e[i]), "actor",
				      person(e[i].actor_id, e[i].actor_name), "from",
				      e[i].old_value, "to", e[i].new_value);
		set_time(req, o, "created_at", e[i].created_at);
		json_array_append_new(list, o);
	}
	*out = list;
	return TK_OK;
}

json_t *categories_json(struct request *req, const struct category *c, size_t n)
{
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s, s:b}", "id",
						      (json_int_t)c[i].id, "name",
						      category_name(req, c[i].name_en, c[i].name_fi),
						      "name_en", c[i].name_en, "name_fi",
						      c[i].name_fi, "active", c[i].active));
	return list;
}

static const char *const upload_reasons[] = {
	[UPLOAD_OK] = "ok", [UPLOAD_TOO_LARGE] = "too_large",
	[UPLOAD_TOO_MANY] = "too_many", [UPLOAD_EMPTY] = "empty",
};

void uploads_take(struct request *req, struct attachment_new **files, size_t *n,
		  json_t *rejected)
{
	*files = arena_alloc(req->arena, (req->nuploads + 1) * sizeof(**files));
	*n = 0;
	for (size_t i = 0; i < req->nuploads; i++) {
		const struct upload *u = &req->uploads[i];
		const char *name = filename_sanitize(req->arena, u->filename);
		if (u->state != UPLOAD_OK) {
			json_array_append_new(rejected, json_pack("{s:s, s:s}", "filename", name,
								  "reason", upload_reasons[u->state]));
			continue;
		}
		char mime[128];
		filetype_detect(req->app->filetype, u->data, u->len, mime, sizeof(mime));
		struct attachment_new *f = &(*files)[(*n)++];
		f->filename = name;
		f->content_type = arena_strdup(req->arena, mime);
		f->data = u->data;
		f->size = u->len;
	}
}

const char *ticket_url(struct request *req, const char *path, json_t *rejected)
{
	struct buf b;
	size_t i;
	json_t *r;
	buf_init(&b, 8192);
	buf_puts(&b, path);
	json_array_foreach(rejected, i, r) {
		const char *name = json_string_value(json_object_get(r, "filename"));
		buf_printf(&b, "%crejected=%s%%3A", i ? '&' : '?',
			   json_string_value(json_object_get(r, "reason")));
		html_url_escape(&b, name, strlen(name));
	}
	const char *url = arena_strdup(req->arena, b.data);
	buf_free(&b);
	return url;
}

void ticket_after_change(struct request *req, int64_t id)
{
	/* The change itself is stored; a failure here only leaves an old
	 * due time, which the next change corrects. */
	if (promise_refresh_due(req, id) != TK_OK)
		log_error("ticket %lld: due time not refreshed", (long long)id);
}

void queue_reason(struct request *req, const struct ticket *t, json_t *tj)
{
	enum queue_lane lane = queue_lane_of(t->priority, false);
	const char *label = tr(req, queue_lane_label(lane));
	const char *due = json_string_value(json_object_get(tj, "expected_local"));
	const char *reason = !t->due_at ? label
			     : t->due_at < time(NULL)
				     ? arena_printf(req->arena, "%s, %s", label, tr(req, N_("overdue")))
				     : arena_printf(req->arena, "%s, %s %s", label, tr(req, N_("due")),
						    due ? due : "");
	json_object_set_new(tj, "lane", json_string(queue_lane_name(lane)));
	json_object_set_new(tj, "lane_label", json_string(label));
	json_object_set_new(tj, "reason", json_string(reason));
}

json_t *payments_json(struct request *req, int64_t ticket_id)
{
	struct payment *p;
	size_t n;
	json_t *list = json_array();
	if (store_payment_list(req->store, req->arena, ticket_id, &p, &n) != TK_OK)
		return list;
	for (size_t i = 0; i < n; i++) {
		char amount[PAYMENT_AMOUNT_FMT_MAX];
		payment_amount_format(p[i].amount_cents, req->lang, amount);
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s, s:b, s:b}", "id",
			(json_int_t)p[i].id, "amount", amount, "state", payment_state_name(p[i].state),
			"state_label", tr(req, payment_state_label(p[i].state)), "paid",
			p[i].state == PAY_PAID, "receipt", p[i].state == PAY_PAID ||
			p[i].state == PAY_REFUNDED));
	}
	return list;
}
