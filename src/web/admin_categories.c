/* admin_categories.c - the admin's list of ticket categories. */
#include <string.h>

#include "lib/arena.h"
#include "lib/err.h"
#include "lib/i18n.h"
#include "web/page.h"
#include "web/routes.h"
#include "web/ticket_view.h"

enum { CATEGORY_NAME_MAX = 60 };

static void categories_page(struct request *req, struct response *resp, int status,
			    const char *error)
{
	struct category *c;
	size_t n;
	int rc = store_category_list(req->store, req->arena, false, &c, &n);
	if (rc) {
		web_error(req, resp, rc, NULL);
		return;
	}
	json_t *m = page_model(req, resp, N_("Ticket categories"));
	json_object_set_new(m, "categories", categories_json(req, c, n));
	if (error)
		json_object_set_new(m, "error", json_string(tr(req, error)));
	page_render(req, resp, status, "admin_categories", m);
}

void admin_categories_get(struct request *req, struct response *resp)
{
	categories_page(req, resp, 200, NULL);
}

/* Both names present, one line, not too long. */
static const char *names_check(const char *en, const char *fi)
{
	if (!en || !fi || !*en || !*fi)
		return N_("Please give the name in both languages.");
	if (strlen(en) > CATEGORY_NAME_MAX || strlen(fi) > CATEGORY_NAME_MAX ||
	    strpbrk(en, "\r\n") || strpbrk(fi, "\r\n"))
		return N_("The name is too long.");
	return NULL;
}

static void categories_result(struct request *req, struct response *resp, int rc)
{
	if (rc == TK_ECONFLICT)
		categories_page(req, resp, 409, N_("A category with that name already exists."));
	else if (rc)
		web_error(req, resp, rc, NULL);
	else
		resp_redirect(req, resp, "/admin/categories");
}

void admin_categories_post(struct request *req, struct response *resp)
{
	const char *en = req_form(req, "name_en"), *fi = req_form(req, "name_fi");
	const char *problem = names_check(en, fi);
	if (problem) {
		categories_page(req, resp, 422, problem);
		return;
	}
	categories_result(req, resp, store_category_create(req->store, en, fi, NULL));
}

void admin_category_post(struct request *req, struct response *resp)
{
	int64_t id = parse_id(req_param(req, "id"));
	const char *en = req_form(req, "name_en"), *fi = req_form(req, "name_fi");
	const char *active = req_form(req, "active");
	const char *problem = names_check(en, fi);
	if (!id) {
		web_error(req, resp, TK_ENOTFOUND, NULL);
		return;
	}
	if (problem) {
		categories_page(req, resp, 422, problem);
		return;
	}
	categories_result(req, resp, store_category_update(req->store, id, en, fi,
							   active && strcmp(active, "1") == 0));
}
