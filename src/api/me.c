/* me.c - GET /api/v1/me: the account behind the token or session. */
#include "store/store.h"
#include "web/page.h"
#include "web/routes.h"

void api_me_get(struct request *req, struct response *resp)
{
	const struct user *u = req->user;
	api_json(req, resp, 200,
		 json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)u->id, "email", u->email,
			   "name", u->name, "role", role_name(u->role), "lang", req->lang));
}
