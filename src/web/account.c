/* account.c - the account settings page and password change. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/account.h"
#include "lib/err.h"
#include "lib/i18n.h"
#include "lib/tz.h"
#include "store/store.h"
#include "web/app.h"
#include "web/page.h"
#include "web/routes.h"
#include "web/session.h"

static void account_page(struct request *req, struct response *resp, int status,
			 const char *error)
{
	json_t *m = page_model(req, resp, N_("Account settings"));
	const char *done = req_query(req, "done");
	if (done && strcmp(done, "password") == 0)
		json_object_set_new(m, "flash", json_string(tr(req, N_("Your password was changed."))));
	json_object_set_new(m, "role_label", json_string(tr(req,
		req->user->role == ROLE_ADMIN ? N_("Administrator") :
		req->user->role == ROLE_AGENT ? N_("Support agent") : N_("Customer"))));
	json_object_set_new(m, "time_zone", json_string(req->user->time_zone ? req->user->time_zone
									   : ""));
	if (error)
		json_object_set_new(m, "error", json_string(tr(req, error)));
	page_render(req, resp, status, "account", m);
}

void account_get(struct request *req, struct response *resp)
{
	account_page(req, resp, 200, NULL);
}

void account_password_post(struct request *req, struct response *resp)
{
	const char *current = req_form(req, "current_password");
	const char *next = req_form(req, "new_password");
	char *hash = NULL;
	struct user u;
	int rc = store_user_by_email(req->store, req->arena, req->user->email, &u, &hash);
	if (rc) {
		web_error(req, resp, rc, NULL);
		return;
	}
	if (!current || !app_password_verify(req->app, hash, current)) {
		account_page(req, resp, 422, N_("The current password is not correct."));
		return;
	}
	const char *problem = account_password_check(next);
	if (problem) {
		account_page(req, resp, 422, problem);
		return;
	}
	char fresh[CRYPTO_PWHASH_MAX];
	rc = app_password_hash(req->app, next, fresh) ? TK_EINTERNAL : TK_OK;
	/* Revokes every session, this one included; then this browser gets
	 * a new one so the person changing it stays logged in. */
	if (rc == TK_OK)
		rc = store_user_set_password(req->store, u.id, fresh, time(NULL));
	if (rc == TK_OK)
		rc = session_begin(req, resp, u.id);
	if (rc) {
		web_error(req, resp, rc, NULL);
		return;
	}
	resp_redirect(req, resp, "/account?done=password");
}

/* The zone the account's times are shown in; empty: the help desk's. */
void account_time_zone_post(struct request *req, struct response *resp)
{
	const char *zone = req_form(req, "time_zone");
	struct tz *z = NULL;
	char *err = NULL;
	if (zone && !*zone)
		zone = NULL;
	if (zone && tz_load(zone, &z, &err) != 0) {
		free(err);
		account_page(req, resp, 422, N_("Unknown time zone (e.g. Europe/Helsinki)."));
		return;
	}
	tz_free(z);
	int rc = store_user_set_time_zone(req->store, req->user->id, zone);
	if (rc)
		web_error(req, resp, rc, NULL);
	else
		resp_redirect(req, resp, "/account");
}
