/* kb.c - the public knowledge base: index, articles, FAQ, search, and
 * the assistant's "this answered my question" for pages. */
#include <string.h>
#include <time.h>

#include "lib/arena.h"
#include "lib/err.h"
#include "lib/i18n.h"
#include "lib/markdown.h"
#include "lib/timefmt.h"
#include "store/store.h"
#include "web/assist.h"
#include "web/page.h"
#include "web/promise.h"
#include "web/routes.h"
#include "web/ticket_view.h"

enum { KB_PER_CATEGORY = 6, KB_POPULAR = 8, META_DESCRIPTION_MAX = 160 };

static json_t *article_brief(struct request *req, const struct article *r)
{
	return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:b}", "id", (json_int_t)r->id, "slug",
			 r->slug, "title", r->title, "kind", r->kind, "lang", r->lang, "url",
			 arena_printf(req->arena, "/kb/%s", r->slug), "published", r->published);
}

static int articles_json(struct request *req, const struct article_filter *f, json_t **out)
{
	struct article *r;
	size_t n;
	int rc = store_article_list(req->store, req->arena, f, &r, &n);
	if (rc)
		return rc;
	*out = req_json(req, json_array());
	for (size_t i = 0; i < n; i++)
		json_array_append_new(*out, article_brief(req, &r[i]));
	return TK_OK;
}

/* Categories with their articles of the given kind (NULL: all). */
static int by_category(struct request *req, const char *kind, int per, json_t **out)
{
	struct category *c;
	size_t n;
	int rc = store_category_list(req->store, req->arena, true, &c, &n);
	*out = req_json(req, json_array());
	for (size_t i = 0; rc == TK_OK && i < n; i++) {
		struct article_filter f = {.lang = req->lang, .kind = kind, .category_id = c[i].id,
					   .published_only = true, .limit = per};
		json_t *list;
		if ((rc = articles_json(req, &f, &list)) == TK_OK && json_array_size(list) > 0)
			json_array_append_new(*out, json_pack("{s:I, s:s, s:O}", "id",
				(json_int_t)c[i].id, "name", category_name(req, c[i].name_en, c[i].name_fi),
				"articles", list));
	}
	return rc;
}

void kb_index_get(struct request *req, struct response *resp)
{
	struct article_filter popular = {.lang = req->lang, .published_only = true,
					 .limit = KB_POPULAR};
	json_t *cats, *top;
	int rc = by_category(req, NULL, KB_PER_CATEGORY, &cats);
	if (rc == TK_OK)
		rc = articles_json(req, &popular, &top);
	if (rc) {
		web_error(req, resp, rc, NULL);
		return;
	}
	json_t *m = page_model(req, resp, N_("Help center"));
	json_object_set(m, "categories", cats);
	json_object_set(m, "popular", top);
	json_object_set_new(m, "description", json_string(tr(req,
		N_("Guides and answers for running your web shop."))));
	page_render(req, resp, 200, "kb_index", m);
}

void faq_get(struct request *req, struct response *resp)
{
	json_t *cats;
	int rc = by_category(req, "faq", 100, &cats);
	if (rc) {
		web_error(req, resp, rc, NULL);
		return;
	}
	json_t *m = page_model(req, resp, N_("Frequently asked questions"));
	json_object_set(m, "categories", cats);
	page_render(req, resp, 200, "faq", m);
}

/* A published article (agents also see drafts). */
static int article_load(struct request *req, struct article *r)
{
	int rc = store_article_get(req->store, req->arena, 0, req_param(req, "slug"), r);
	if (rc == TK_OK && !r->published && !is_agent(req))
		rc = TK_ENOTFOUND;
	return rc;
}

void kb_article_get(struct request *req, struct response *resp)
{
	struct article r, t;
	int rc = article_load(req, &r);
	if (rc) {
		web_error(req, resp, rc, NULL);
		return;
	}
	json_t *m = page_model(req, resp, N_("Help center"));
	json_t *a = article_brief(req, &r);
	json_object_set_new(a, "html", json_string(markdown_html(req->arena, r.body)));
	json_object_set_new(a, "category", json_string(r.category_en ?
		category_name(req, r.category_en, r.category_fi) : ""));
	json_object_set_new(a, "updated_local", json_string(local_time(req, r.updated_at)));
	if (r.translation && store_article_get(req->store, req->arena, 0, r.translation, &t) == 0 &&
	    t.published)
		json_object_set_new(a, "translation", article_brief(req, &t));
	json_object_set_new(m, "article", a);
	json_object_set_new(m, "title", json_string(r.title));
	json_object_set_new(m, "description", json_string(markdown_text(req->arena, r.body,
									META_DESCRIPTION_MAX)));
	json_object_set_new(m, "thanks", json_boolean(req_query(req, "thanks") != NULL));
	page_render(req, resp, 200, "kb_article", m);
}

void kb_feedback_post(struct request *req, struct response *resp)
{
	struct article r;
	const char *answer = req_form(req, "helpful");
	int rc = article_load(req, &r);
	if (rc == TK_OK && (!answer || (strcmp(answer, "yes") && strcmp(answer, "no"))))
		rc = TK_EBADREQ;
	if (rc == TK_OK)
		rc = store_article_feedback(req->store, r.id, strcmp(answer, "yes") == 0);
	if (rc)
		web_error(req, resp, rc, NULL);
	else
		resp_redirect(req, resp, arena_printf(req->arena, "/kb/%s?thanks=1", r.slug));
}

/* Runs the assistant for q and puts its answer in the page model m. */
int assist_model(struct request *req, json_t *m, const char *q)
{
	json_t *out;
	int rc = assist_run(req, req->lang, false, q, ASSIST_LIMIT_DEFAULT, &out);
	if (rc)
		return rc;
	json_object_set_new(m, "q", json_string(q ? q : ""));
	json_object_set(m, "assist", out);
	json_object_set_new(m, "searched", json_boolean(q && *q));
	return TK_OK;
}

void kb_search_get(struct request *req, struct response *resp)
{
	json_t *m = page_model(req, resp, N_("Search the help center"));
	int rc = assist_model(req, m, req_query(req, "q"));
	if (rc)
		web_error(req, resp, rc, NULL);
	else
		page_render(req, resp, 200, "kb_search", m);
}

void assist_answered_post(struct request *req, struct response *resp)
{
	int64_t interaction = parse_id(req_form(req, "interaction"));
	int64_t article_id = parse_id(req_form(req, "article"));
	struct article r;
	int rc = interaction && article_id ? assist_answered(req, interaction, article_id)
					   : TK_EBADREQ;
	if (rc == TK_ECONFLICT)
		rc = TK_OK;
	if (rc == TK_OK)
		rc = store_article_get(req->store, req->arena, article_id, NULL, &r);
	if (rc) {
		web_error(req, resp, rc == TK_EINVALID ? TK_EBADREQ : rc, NULL);
		return;
	}
	json_t *m = page_model(req, resp, N_("Glad we could help"));
	json_object_set_new(m, "article", article_brief(req, &r));
	page_render(req, resp, 200, "assist_thanks", m);
}
