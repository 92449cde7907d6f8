/* json.c - JSON bodies in, validation errors out. */
#include "api/json.h"

#include <string.h>
#include <strings.h>

#include "lib/err.h"
#include "lib/i18n.h"
#include "web/page.h"

enum { API_JSON_DEPTH = 32 };

json_t *api_body(struct request *req, struct response *resp)
{
	const char *ct = req_header(req, "Content-Type");
	if (!ct || strncasecmp(ct, "application/json", 16) != 0) {
		web_error(req, resp, TK_EBADREQ, N_("Send a JSON body (Content-Type: application/json)."));
		return NULL;
	}
	json_error_t jerr;
	/* Jansson checks UTF-8 and refuses NUL in strings (unless asked). */
	json_t *v = json_loadb(req->body, req->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (!v || !json_is_object(v)) {
		json_decref(v);
		web_error(req, resp, TK_EBADREQ, N_("The body must be a JSON object."));
		return NULL;
	}
	return req_json(req, v);
}

void api_invalid(struct request *req, struct response *resp, const char *field, const char *msgid)
{
	api_json(req, resp, 422, json_pack("{s:s, s:s, s:s}", "error", err_code(TK_EINVALID),
					   "message", tr(req, msgid), "field", field));
}

const char *api_str(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}
