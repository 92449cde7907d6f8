/* admin_kb.c - the admin's knowledge-base editor (with preview and
 * versions), the assistant's figures and the synonym list. */
#include <string.h>
#include <time.h>

#include "domain/article.h"
#include "domain/assist.h"
#include "lib/arena.h"
#include "lib/err.h"
#include "lib/i18n.h"
#include "lib/markdown.h"
#include "lib/timefmt.h"
#include "store/store.h"
#include "web/page.h"
#include "web/promise.h"
#include "web/routes.h"
#include "web/ticket_view.h"

enum { STATS_DAYS = 30 };

void admin_kb_get(struct request *req, struct response *resp)
{
	struct article_filter f = {.limit = 5000};
	struct article *r;
	size_t n;
	int rc = store_article_list(req->store, req->arena, &f, &r, &n);
	if (rc) {
		web_error(req, resp, rc, NULL);
		return;
	}
	json_t *m = page_model(req, resp, N_("Knowledge base"));
	json_t *list = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s, s:s, s:b, s:i}", "id",
			(json_int_t)r[i].id, "slug", r[i].slug, "title", r[i].title, "lang", r[i].lang,
			"kind", r[i].kind, "published", r[i].published, "answered", r[i].answered));
	json_object_set_new(m, "articles", list);
	page_render(req, resp, 200, "admin_kb", m);
}

/* The editor: the article's fields (from the form when given), the
 * categories, a preview and the version list. */
static void editor(struct request *req, struct response *resp, int status, int64_t id,
		   json_t *fields, const char *error, bool preview)
{
	struct category *c;
	struct article_version *v = NULL;
	size_t nc, nv = 0;
	int rc = store_category_list(req->store, req->arena, false, &c, &nc);
	if (rc == TK_OK && id)
		rc = store_article_versions(req->store, req->arena, id, &v, &nv);
	if (rc) {
		web_error(req, resp, rc, NULL);
		return;
	}
	json_t *m = page_model(req, resp, id ? N_("Edit article") : N_("New article"));
	json_t *cats = categories_json(req, c, nc), *versions = json_array(), *x;
	int64_t cat = json_integer_value(json_object_get(fields, "category_id"));
	size_t i;
	json_array_foreach(cats, i, x)
		json_object_set_new(x, "selected", json_boolean(c[i].id == cat));
	for (i = 0; i < nv; i++)
		json_array_append_new(versions, json_pack("{s:I, s:s, s:s?, s:s}", "id",
			(json_int_t)v[i].id, "title", v[i].title, "author", v[i].author_name, "when",
			local_time(req, v[i].created_at)));
	json_object_set_new(m, "id", id ? json_integer(id) : json_null());
	json_object_set_new(m, "article_id", json_integer(id));
	const char *lang = json_string_value(json_object_get(fields, "lang"));
	const char *kind = json_string_value(json_object_get(fields, "kind"));
	json_object_set_new(fields, "lang_is_fi", json_boolean(lang && strcmp(lang, "fi") == 0));
	json_object_set_new(fields, "kind_is_doc", json_boolean(kind && strcmp(kind, "doc") == 0));
	json_object_set(m, "article", fields);
	json_object_set_new(m, "categories", cats);
	json_object_set_new(m, "versions", versions);
	const char *body = json_string_value(json_object_get(fields, "body"));
	if (preview && body)
		json_object_set_new(m, "preview", json_string(markdown_html(req->arena, body)));
	if (error)
		json_object_set_new(m, "error", json_string(tr(req, error)));
	page_render(req, resp, status, "admin_kb_edit", m);
}

static json_t *article_fields(struct request *req, const struct article *r)
{
	return req_json(req, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s?, s:I, s:b}", "slug", r->slug,
		"lang", r->lang, "kind", r->kind, "title", r->title, "body", r->body, "translation",
		r->translation, "category_id", (json_int_t)r->category_id, "published", r->published));
}

void admin_kb_new_get(struct request *req, struct response *resp)
{
	json_t *f = req_json(req, json_pack("{s:s, s:s, s:b}", "lang", req->lang, "kind", "faq",
					    "published", 1));
	editor(req, resp, 200, 0, f, NULL, false);
}

void admin_kb_edit_get(struct request *req, struct response *resp)
{
	struct article r;
	int64_t id = parse_id(req_param(req, "id"));
	int rc = id ? store_article_get(req->store, req->arena, id, NULL, &r) : TK_ENOTFOUND;
	if (rc)
		web_error(req, resp, rc, NULL);
	else
		editor(req, resp, 200, id, article_fields(req, &r), NULL, false);
}

/* Saves the form as article id (0: new), or shows the preview. */
static void save(struct request *req, struct response *resp, int64_t id)
{
	struct article_new in = {.slug = req_form(req, "slug"), .lang = req_form(req, "lang"),
				 .kind = req_form(req, "kind"), .title = req_form(req, "title"),
				 .body = req_form(req, "body"),
				 .translation = req_form(req, "translation"),
				 .category_id = parse_id(req_form(req, "category")),
				 .published = req_form(req, "published") != NULL,
				 .author_id = req->user->id};
	if (in.translation && !*in.translation)
		in.translation = NULL;
	json_t *fields = req_json(req, json_pack("{s:s?, s:s?, s:s?, s:s?, s:s?, s:s?, s:I, s:b}",
		"slug", in.slug, "lang", in.lang, "kind", in.kind, "title", in.title, "body", in.body,
		"translation", in.translation, "category_id", (json_int_t)in.category_id,
		"published", in.published));
	const char *action = req_form(req, "action");
	const char *problem = article_check(in.slug, in.lang, in.kind, in.title, in.body,
					    in.translation);
	if (problem || (action && strcmp(action, "preview") == 0)) {
		editor(req, resp, problem ? 422 : 200, id, fields, problem, !problem);
		return;
	}
	/* Saving is by slug: a new article must not take over another's,
	 * and an article keeps its address (links point to it). */
	struct article old;
	int found = store_article_get(req->store, req->arena, id, id ? NULL : in.slug, &old);
	if (id && found != TK_OK) {
		web_error(req, resp, found, NULL);
		return;
	}
	if (!id && found == TK_OK) {
		editor(req, resp, 409, id, fields, N_("Another article already has this address (slug)."),
		       false);
		return;
	}
	if (id && found == TK_OK && strcmp(old.slug, in.slug) != 0) {
		editor(req, resp, 422, id, fields, N_("The address (slug) of an article cannot change."),
		       false);
		return;
	}
	enum article_change what;
	int rc = store_article_save(req->store, &in, time(NULL), &id, &what);
	if (rc)
		web_error(req, resp, rc, NULL);
	else
		resp_redirect(req, resp, arena_printf(req->arena, "/admin/kb/%lld", (long long)id));
}

void admin_kb_create_post(struct request *req, struct response *resp)
{
	save(req, resp, 0);
}

void admin_kb_update_post(struct request *req, struct response *resp)
{
	int64_t id = parse_id(req_param(req, "id"));
	if (!id)
		web_error(req, resp, TK_ENOTFOUND, NULL);
	else
		save(req, resp, id);
}

void admin_kb_delete_post(struct request *req, struct response *resp)
{
	int rc = store_article_delete(req->store, parse_id(req_param(req, "id")));
	if (rc)
		web_error(req, resp, rc, NULL);
	else
		resp_redirect(req, resp, "/admin/kb");
}

void admin_kb_restore_post(struct request *req, struct response *resp)
{
	int64_t id = parse_id(req_param(req, "id"));
	int rc = store_article_restore(req->store, id, parse_id(req_form(req, "version")),
				       req->user->id, time(NULL));
	if (rc)
		web_error(req, resp, rc, NULL);
	else
		resp_redirect(req, resp, arena_printf(req->arena, "/admin/kb/%lld", (long long)id));
}

void admin_assist_get(struct request *req, struct response *resp)
{
	struct assist_stats st;
	struct synonym *syn;
	size_t ns;
	int rc = store_assist_stats(req->store, req->arena, time(NULL) - STATS_DAYS * 86400L, &st);
	if (rc == TK_OK)
		rc = store_synonym_list(req->store, req->arena, NULL, &syn, &ns);
	if (rc) {
		web_error(req, resp, rc, NULL);
		return;
	}
	json_t *m = page_model(req, resp, N_("Assistant"));
	json_t *gaps = json_array(), *syns = json_array();
	for (size_t i = 0; i < st.ngaps; i++)
		json_array_append_new(gaps, json_pack("{s:s, s:I, s:f}", "query", st.gaps[i].query,
			"count", (json_int_t)st.gaps[i].count, "best", st.gaps[i].best_score));
	for (size_t i = 0; i < ns; i++)
		json_array_append_new(syns, json_pack("{s:I, s:s, s:s, s:s}", "id", (json_int_t)syn[i].id,
			"lang", syn[i].lang, "term", syn[i].term, "expansion", syn[i].expansion));
	double rate = st.interactions ? 100.0 * (double)st.deflected / (double)st.interactions : 0;
	json_object_set_new(m, "stats", json_pack("{s:I, s:I, s:I, s:s, s:i}", "interactions",
		(json_int_t)st.interactions, "deflected", (json_int_t)st.deflected, "tickets",
		(json_int_t)st.tickets, "rate", arena_printf(req->arena, "%.1f", rate), "days",
		STATS_DAYS));
	json_object_set_new(m, "gaps", gaps);
	json_object_set_new(m, "synonyms", syns);
	page_render(req, resp, 200, "admin_assist", m);
}

void admin_synonym_post(struct request *req, struct response *resp)
{
	const char *lang = req_form(req, "lang"), *term = req_form(req, "term"),
		   *exp = req_form(req, "expansion");
	int rc = TK_EINVALID;
	if (lang && i18n_language(lang) && term && *term && exp && *exp && strlen(term) <= 100 &&
	    strlen(exp) <= 200)
		rc = store_synonym_add(req->store, i18n_language(lang), term, exp);
	if (rc == TK_ECONFLICT)
		rc = TK_OK;
	if (rc)
		web_error(req, resp, rc, N_("Give a language, a word and what it should also find."));
	else
		resp_redirect(req, resp, "/admin/assist");
}

void admin_synonym_delete_post(struct request *req, struct response *resp)
{
	int rc = store_synonym_delete(req->store, parse_id(req_param(req, "id")));
	if (rc)
		web_error(req, resp, rc, NULL);
	else
		resp_redirect(req, resp, "/admin/assist");
}
