/* assist.c - GET /api/v1/assist and POST /api/v1/assist/answered. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/json.h"
#include "config.h"
#include "lib/arena.h"
#include "lib/err.h"
#include "lib/i18n.h"
#include "store/store.h"
#include "web/app.h"
#include "web/assist.h"
#include "web/page.h"
#include "web/routes.h"

void api_assist_get(struct request *req, struct response *resp)
{
	const char *lang = req_query(req, "lang"), *limit_text = req_query(req, "limit");
	if (lang && !(lang = i18n_language(lang))) {
		api_invalid(req, resp, "lang", N_("Unknown language."));
		return;
	}
	long limit = ASSIST_LIMIT_DEFAULT;
	if (limit_text) {
		char *end;
		limit = strtol(limit_text, &end, 10);
		if (*end || limit < 1 || limit > ASSIST_LIMIT_MAX) {
			api_invalid(req, resp, "limit", N_("limit must be between 1 and 20."));
			return;
		}
	}
	json_t *out;
	int rc = assist_run(req, lang ? lang : req->lang, lang != NULL, req_query(req, "q"),
			    (int)limit, &out);
	if (rc == TK_ETHROTTLED)
		resp_header(resp, "Retry-After", assist_retry_after(req));
	if (rc)
		web_error(req, resp, rc, NULL);
	else
		api_json(req, resp, 200, json_incref(out));
}

void api_assist_answered_post(struct request *req, struct response *resp)
{
	json_t *in = api_body(req, resp);
	if (!in)
		return;
	json_t *i = json_object_get(in, "interaction_id"), *a = json_object_get(in, "article_id");
	if (!json_is_integer(i) || !json_is_integer(a)) {
		api_invalid(req, resp, "interaction_id",
			    N_("interaction_id and article_id must be numbers."));
		return;
	}
	int rc = assist_answered(req, json_integer_value(i), json_integer_value(a));
	if (rc == TK_ECONFLICT)
		rc = TK_OK; /* counted once already: the answer is the same */
	if (rc == TK_EINVALID)
		api_invalid(req, resp, "article_id", N_("That article was not suggested."));
	else if (rc)
		web_error(req, resp, rc, NULL);
	else
		api_json(req, resp, 200, json_pack("{s:b}", "deflected", 1));
}
