/* page.c - page models, rendering and error responses. */
#include "web/page.h"

#include <stdlib.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/err.h"
#include "lib/html.h"
#include "lib/i18n.h"
#include "lib/log.h"
#include "lib/tmpl.h"
#include "store/store.h"
#include "web/app.h"
#include "web/session.h"

const char *tr(const struct request *req, const char *msgid)
{
	return i18n_gettext(req->app->i18n, req->lang, msgid);
}

static void json_release(void *p)
{
	json_decref(p);
}

json_t *req_json(struct request *req, json_t *obj)
{
	if (!obj)
		abort();
	arena_defer(req->arena, json_release, obj);
	return obj;
}

static json_t *user_json(const struct user *u)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s?}", "id", (json_int_t)u->id, "email", u->email,
			 "name", u->name, "role", role_name(u->role), "lang", u->lang);
}

json_t *page_model(struct request *req, struct response *resp, const char *title_msgid)
{
	json_t *m = req_json(req, json_object());
	json_object_set_new(m, "lang", json_string(req->lang));
	json_object_set_new(m, "lang_fi", json_boolean(strcmp(req->lang, "fi") == 0));
	json_object_set_new(m, "lang_en", json_boolean(strcmp(req->lang, "en") == 0));
	json_object_set_new(m, "title", json_string(tr(req, title_msgid)));
	json_object_set_new(m, "csrf", json_string(session_csrf(req, resp)));
	json_object_set_new(m, "path", json_string(req->path));
	if (req->user) {
		json_object_set_new(m, "user", user_json(req->user));
		json_object_set_new(m, "is_agent", json_boolean(req->user->role != ROLE_CUSTOMER));
		json_object_set_new(m, "is_admin", json_boolean(req->user->role == ROLE_ADMIN));
	}
	return m;
}

void page_render(struct request *req, struct response *resp, int status, const char *name,
		 json_t *model)
{
	buf_reset(&resp->body);
	if (tmpl_render(req->app->tmpl, name, model, req->app->i18n, req->lang, &resp->body) < 0) {
		log_error("template %s failed to render", name);
		buf_reset(&resp->body);
		buf_puts(&resp->body, "Internal error");
		resp->status = 500;
		resp->content_type = "text/plain; charset=utf-8";
		return;
	}
	resp->status = status;
	resp->content_type = "text/html; charset=utf-8";
	resp_header(resp, "Cache-Control", "no-store");
}

void api_json(struct request *req, struct response *resp, int status, json_t *obj)
{
	char *s = json_dumps(obj, JSON_COMPACT);
	json_decref(obj);
	(void)req;
	buf_reset(&resp->body);
	if (!s || buf_puts(&resp->body, s) < 0)
		status = 500;
	free(s);
	resp->status = status;
	resp->content_type = "application/json";
	resp_header(resp, "Cache-Control", "no-store");
}

void web_error(struct request *req, struct response *resp, int err, const char *msgid)
{
	const char *message = tr(req, msgid ? msgid : err_message(err));
	int status = err_http_status(err);
	if (status == 401 && req_is_api(req))
		resp_header(resp, "WWW-Authenticate", "Bearer realm=\"tuki\"");
	if (req_is_api(req)) {
		api_json(req, resp, status,
			 json_pack("{s:s, s:s}", "error", err_code(err), "message", message));
		return;
	}
	json_t *m = page_model(req, resp, N_("Error"));
	json_object_set_new(m, "status", json_integer(status));
	json_object_set_new(m, "message", json_string(message));
	json_object_set_new(m, "title", json_string(message));
	page_render(req, resp, status, "error", m);
}

const char *safe_next(const struct request *req, const char *fallback)
{
	const char *next = req_form(req, "next");
	if (!next)
		next = req_query(req, "next");
	/* A local path only: one leading slash ("//host" is another site)
	 * and nothing but URL characters after it - browsers drop tabs and
	 * turn backslashes into slashes, so "/\t/host" would leave too. */
	if (!next || next[0] != '/' || next[1] == '/' || strlen(next) > 2000 ||
	    strspn(next, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
			 "-._~/?=&%+#:@!$,;*()") != strlen(next))
		return fallback;
	return next;
}

const char *url_encode(struct request *req, const char *s)
{
	struct buf b;
	buf_init(&b, 64 * 1024);
	html_url_escape(&b, s ? s : "", s ? strlen(s) : 0);
	const char *out = arena_strdup(req->arena, b.data ? b.data : "");
	buf_free(&b);
	return out;
}

const char *trf(struct request *req, const char *msgid, const char *const *kv, size_t n)
{
	const char *text = tr(req, msgid);
	struct buf b;
	buf_init(&b, 16 * 1024);
	for (const char *p = text; *p;) {
		const char *open = strchr(p, '{'), *close = open ? strchr(open, '}') : NULL;
		if (!close) {
			buf_puts(&b, p);
			break;
		}
		buf_append(&b, p, (size_t)(open - p));
		size_t klen = (size_t)(close - open - 1);
		const char *value = NULL;
		for (size_t i = 0; i + 1 < 2 * n; i += 2)
			if (strlen(kv[i]) == klen && strncmp(kv[i], open + 1, klen) == 0)
				value = kv[i + 1];
		if (value)
			buf_puts(&b, value);
		else
			buf_append(&b, open, (size_t)(close - open + 1));
		p = close + 1;
	}
	const char *out = arena_strdup(req->arena, b.data ? b.data : "");
	buf_free(&b);
	return out;
}
