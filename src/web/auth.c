/* auth.c - register, log in and log out. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "domain/account.h"
#include "lib/arena.h"
#include "lib/err.h"
#include "lib/i18n.h"
#include "config.h"
#include "lib/log.h"
#include "store/store.h"
#include "web/app.h"
#include "web/page.h"
#include "web/routes.h"
#include "web/session.h"

static void form_page(struct request *req, struct response *resp, int status, const char *tmpl,
		      const char *title, const char *error)
{
	json_t *m = page_model(req, resp, title);
	json_object_set_new(m, "form", json_pack("{s:s?, s:s?}", "name", req_form(req, "name"),
						 "email", req_form(req, "email")));
	json_object_set_new(m, "next", json_string(safe_next(req, "/account")));
	if (error)
		json_object_set_new(m, "error", json_string(tr(req, error)));
	page_render(req, resp, status, tmpl, m);
}

void register_get(struct request *req, struct response *resp)
{
	if (req->user) {
		resp_redirect(req, resp, "/account");
		return;
	}
	form_page(req, resp, 200, "register", N_("Create an account"), NULL);
}

/* New accounts per address per hour: each costs a password hash. */
static bool register_over_limit(struct request *req, struct response *resp)
{
	int count = 0;
	const char *key = arena_printf(req->arena, "register:%s", req->remote_ip);
	if (store_rate_hit(req->store, key, time(NULL), 3600, &count) != TK_OK ||
	    count <= req->app->cfg->register_rate_limit)
		return false;
	resp_header(resp, "Retry-After", arena_printf(req->arena, "%ld", 3600 - time(NULL) % 3600));
	form_page(req, resp, 429, "register", N_("Create an account"),
		  N_("Too many new accounts from your address. Please try again later."));
	return true;
}

void register_post(struct request *req, struct response *resp)
{
	if (register_over_limit(req, resp))
		return;
	struct user_new u = {.role = ROLE_CUSTOMER, .lang = req->session_lang};
	const char *pw = req_form(req, "password");
	const char *problem = account_name_check(req->arena, req_form(req, "name"), &u.name);
	if (!problem)
		problem = account_email_normalise(req->arena, req_form(req, "email"), &u.email);
	if (!problem)
		problem = account_password_check(pw);
	if (problem) {
		form_page(req, resp, 422, "register", N_("Create an account"), problem);
		return;
	}
	char hash[CRYPTO_PWHASH_MAX];
	int64_t id;
	int rc = app_password_hash(req->app, pw, hash) ? TK_EINTERNAL : TK_OK;
	u.password_hash = hash;
	if (rc == TK_OK)
		rc = store_user_create(req->store, &u, time(NULL), &id);
	if (rc == TK_ECONFLICT) {
		form_page(req, resp, 409, "register", N_("Create an account"),
			  N_("An account with this email address already exists. Log in instead."));
		return;
	}
	if (rc == TK_OK)
		rc = session_begin(req, resp, id);
	if (rc) {
		web_error(req, resp, rc, NULL);
		return;
	}
	log_info("account created: user %lld", (long long)id);
	resp_redirect(req, resp, safe_next(req, "/account"));
}

void login_get(struct request *req, struct response *resp)
{
	if (req->user) {
		resp_redirect(req, resp, safe_next(req, "/account"));
		return;
	}
	form_page(req, resp, 200, "login", N_("Log in"), NULL);
}

/* Seconds the account or the client must still wait, 0 when neither is
 * locked. */
static int64_t login_locked(struct request *req, const char *kemail, const char *kip)
{
	const struct app *app = req->app;
	int64_t now = time(NULL), last, wait = 0, w;
	int n;
	if (store_throttle_get(req->store, kemail, now, app->login_account.window, &n, &last) == 0 &&
	    (w = throttle_retry_after(&app->login_account, n, last, now)) > wait)
		wait = w;
	if (store_throttle_get(req->store, kip, now, app->login_ip.window, &n, &last) == 0 &&
	    (w = throttle_retry_after(&app->login_ip, n, last, now)) > wait)
		wait = w;
	return wait;
}

static void login_refused(struct request *req, struct response *resp, int64_t wait)
{
	long minutes = (long)((wait + 59) / 60);
	resp_header(resp, "Retry-After", arena_printf(req->arena, "%lld", (long long)wait));
	json_t *m = page_model(req, resp, N_("Log in"));
	json_object_set_new(m, "form", json_pack("{s:s?}", "email", req_form(req, "email")));
	json_object_set_new(m, "error", json_string(tr(req,
		N_("Too many failed log-in attempts. Please wait a moment and try again."))));
	json_object_set_new(m, "wait_minutes", json_integer(minutes));
	page_render(req, resp, 429, "login", m);
}

/* Checks the password; verifies a dummy hash for unknown addresses so the
 * answer takes as long either way. */
static int login_check(struct request *req, const char *email, const char *pw, struct user *u)
{
	char *hash = NULL;
	int rc = email ? store_user_by_email(req->store, req->arena, email, u, &hash)
		       : TK_ENOTFOUND;
	if (rc != TK_OK && rc != TK_ENOTFOUND)
		return rc;
	bool ok = app_password_verify(req->app, hash ? hash : req->app->dummy_hash, pw ? pw : "");
	return rc == TK_OK && ok ? TK_OK : TK_EUNAUTH;
}

void login_post(struct request *req, struct response *resp)
{
	const char *email = NULL;
	account_email_normalise(req->arena, req_form(req, "email"), &email);
	const char *kemail = arena_printf(req->arena, "email:%s", email ? email : "");
	const char *kip = arena_printf(req->arena, "ip:%s", req->remote_ip);
	int64_t wait = login_locked(req, kemail, kip);
	if (wait > 0) {
		login_refused(req, resp, wait);
		return;
	}
	struct user u;
	int rc = login_check(req, email, req_form(req, "password"), &u);
	if (rc == TK_EUNAUTH) {
		int n;
		int64_t now = time(NULL);
		store_throttle_fail(req->store, kemail, now, req->app->login_account.window, &n);
		store_throttle_fail(req->store, kip, now, req->app->login_ip.window, &n);
		form_page(req, resp, 401, "login", N_("Log in"), N_("Wrong email address or password."));
		return;
	}
	if (rc == TK_OK) {
		store_throttle_clear(req->store, kemail);
		if (!u.lang && req->session_lang)
			store_user_set_lang(req->store, u.id, req->session_lang);
		rc = session_begin(req, resp, u.id);
	}
	if (rc) {
		web_error(req, resp, rc, NULL);
		return;
	}
	resp_redirect(req, resp, safe_next(req, "/account"));
}

void logout_post(struct request *req, struct response *resp)
{
	session_end(req, resp);
	resp_redirect(req, resp, "/");
}
