/* app.c - start-up of the application and the per-request pipeline. */
#include "web/app.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "http/static.h"
#include "lib/filetype.h"
#include "lib/arena.h"
#include "lib/err.h"
#include "lib/i18n.h"
#include "lib/log.h"
#include "lib/tmpl.h"
#include "store/pool.h"
#include "store/store.h"
#include "web/page.h"
#include "web/routes.h"
#include "web/session.h"

static int load_assets(struct app *app, const struct config *cfg, char **err)
{
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s/templates", cfg->data_dir);
	if (tmpl_set_load(dir, &app->tmpl, err) < 0)
		return -1;
	if (!(app->filetype = filetype_open(err)))
		return -1;
	snprintf(dir, sizeof(dir), "%s/static", cfg->data_dir);
	if (static_load(dir, &app->statics, err) < 0)
		return -1;
	return i18n_load(cfg->locale_dir, &app->i18n, err);
}

/* Migrates and reads the server key with one connection of its own. */
static int prepare_db(struct app *app, const struct config *cfg, char **err)
{
	struct store *s;
	if (store_open(cfg->db, &s, err))
		return -1;
	int rc = store_migrate(s, NULL, NULL);
	if (rc == TK_OK)
		rc = store_secret(s, "csrf_key", app->csrf_key, sizeof(app->csrf_key));
	store_close(s);
	if (rc && asprintf(err, "database %s: cannot migrate or read secrets", cfg->db) < 0)
		*err = NULL;
	return rc ? -1 : 0;
}

int app_init(struct app *app, const struct config *cfg, char **err)
{
	memset(app, 0, sizeof(*app));
	app->cfg = cfg;
	if (load_assets(app, cfg, err) < 0 || prepare_db(app, cfg, err) < 0)
		return -1;
	char random_pw[CRYPTO_TOKEN_CHARS];
	crypto_token_new(random_pw);
	if (crypto_password_hash(random_pw, app->dummy_hash) != 0) {
		*err = strdup("cannot hash a password (out of memory?)");
		return -1;
	}
	/* Charging without a way to hear about the payment would take money
	 * and never confirm it: a Stripe key needs its webhook secret. */
	if (strcmp(cfg->stripe_secret_key, "-") != 0 &&
	    strncmp(cfg->stripe_webhook_secret, "whsec_", 6) != 0) {
		*err = strdup("TUKI_STRIPE_SECRET_KEY is set: set TUKI_STRIPE_WEBHOOK_SECRET "
			      "(whsec_...) too");
		return -1;
	}
	app->login_account = (struct throttle_policy){
		.max_failures = (int)cfg->login_max_failures,
		.base_seconds = 30, .max_seconds = 900, .window = 3600};
	app->login_ip = app->login_account;
	app->login_ip.max_failures = (int)cfg->login_max_failures_ip;
	app->pool = store_pool_new(cfg->db, (size_t)cfg->threads);
	sem_init(&app->pwhash_slots, 0, 2);
	return 0;
}

int app_password_hash(struct app *app, const char *password, char *out)
{
	sem_wait(&app->pwhash_slots);
	int rc = crypto_password_hash(password, out);
	sem_post(&app->pwhash_slots);
	return rc;
}

bool app_password_verify(struct app *app, const char *hash, const char *password)
{
	sem_wait(&app->pwhash_slots);
	bool ok = crypto_password_verify(hash, password);
	sem_post(&app->pwhash_slots);
	return ok;
}

void app_free(struct app *app)
{
	if (app->pool)
		sem_destroy(&app->pwhash_slots);
	store_pool_free(app->pool);
	tmpl_set_free(app->tmpl);
	i18n_free(app->i18n);
	static_free(app->statics);
	filetype_close(app->filetype);
}

/* The user's setting, then the session's choice, then the browser's
 * Accept-Language, then English. */
static const char *pick_language(struct request *req, const char *session_lang)
{
	const char *l = NULL;
	if (req->user && req->user->lang)
		l = i18n_language(req->user->lang);
	if (!l && session_lang)
		l = i18n_language(session_lang);
	if (!l)
		l = i18n_negotiate(req_header(req, "Accept-Language"));
	return l ? l : i18n_languages[0];
}

static int is_urlencoded(const struct request *req)
{
	const char *ct = req_header(req, "Content-Type");
	return ct && strncasecmp(ct, "application/x-www-form-urlencoded", 33) == 0;
}

/* Whether a signed-in user of this role may use a route that needs
 * `need`; one rule for the upload gate and for the handlers. */
static bool role_may(unsigned need, enum role role)
{
	return need == ACCESS_AGENT ? role != ROLE_CUSTOMER
	       : need == ACCESS_ADMIN ? role == ROLE_ADMIN
				      : true;
}

/* Access and CSRF, checked before any handler runs. */
static int check_access(struct request *req, struct response *resp, const struct route *r)
{
	unsigned need = r->flags & ACCESS__MASK;
	if (need != ACCESS_ANYONE && !req->user) {
		if (req_is_api(req) || req->method != HTTP_GET)
			return TK_EUNAUTH;
		resp_redirect(req, resp, arena_printf(req->arena, "/login?next=%s",
						      url_encode(req, req->path)));
		return 1;
	}
	if (need != ACCESS_ANYONE && !role_may(need, req->user->role))
		return TK_EFORBIDDEN;
	bool unsafe = req->method != HTTP_GET && req->method != HTTP_HEAD;
	if (unsafe && !req->via_bearer && !(r->flags & ROUTE_NO_CSRF) && !session_csrf_ok(req))
		return TK_EFORBIDDEN;
	return TK_OK;
}

static void route(struct request *req, struct response *resp)
{
	const struct route *r;
	const char *allow;
	switch (router_match(routes, nroutes, req, &r, &allow)) {
	case ROUTE_NOT_FOUND:
		web_error(req, resp, TK_ENOTFOUND, NULL);
		return;
	case ROUTE_BAD_METHOD:
		web_error(req, resp, TK_EMETHOD, NULL);
		resp_header(resp, "Allow", allow);
		return;
	case ROUTE_FOUND:
		break;
	}
	int rc = check_access(req, resp, r);
	if (rc < 0)
		web_error(req, resp, rc, rc == TK_EFORBIDDEN && !req->user ?
			  N_("The form has expired. Please reload the page and try again.") : NULL);
	else if (rc == 0)
		r->handler(req, resp);
}

/* True when ip is one of the comma-separated addresses in list. */
static bool listed(const char *list, const char *ip)
{
	size_t n = strlen(ip);
	for (const char *p = list; p && *p;) {
		size_t k = strcspn(p, ",");
		if (k == n && strncmp(p, ip, n) == 0)
			return true;
		p += k + (p[k] == ',');
	}
	return false;
}

/* Behind a trusted reverse proxy the client is the right-most address in
 * X-Forwarded-For that is not one of our proxies (the ones left of it
 * are whatever the client claimed). Throttles and rate limits count the
 * client, not the proxy that every request comes through. */
static void client_address(struct request *req)
{
	const char *proxies = req->app->cfg->trusted_proxies;
	const char *xff = req_header(req, "X-Forwarded-For");
	if (!xff || strcmp(proxies, "-") == 0 || !listed(proxies, req->remote_ip))
		return;
	char *list = arena_strdup(req->arena, xff);
	for (;;) {
		char *comma = strrchr(list, ',');
		char *ip = comma ? comma + 1 : list;
		while (*ip == ' ')
			ip++;
		size_t len = strcspn(ip, " ");
		ip[len] = '\0';
		if (len == 0 || len > 45 || strspn(ip, "0123456789abcdefABCDEF.:") != len)
			return; /* not an address: keep the proxy's */
		req->remote_ip = ip;
		if (!comma || !listed(proxies, ip))
			return;
		*comma = '\0';
	}
}

void app_handle(void *ctx, struct request *req, struct response *resp)
{
	struct app *app = ctx;
	req->app = app;
	client_address(req);
	req->lang = i18n_negotiate(req_header(req, "Accept-Language"));
	if (!req->lang)
		req->lang = i18n_languages[0];
	req->store = store_pool_get(app->pool);
	if (!req->store) {
		web_error(req, resp, TK_EUNAVAIL, NULL);
		return;
	}
	int rc = session_authenticate(req, &req->session_lang);
	req->lang = pick_language(req, req->session_lang);
	if (rc == TK_OK && is_urlencoded(req))
		rc = form_parse(req->arena, req->body, req->body_len, &req->form);
	if (rc)
		web_error(req, resp, rc, NULL);
	else
		route(req, resp);
	store_pool_put(app->pool, req->store);
	req->store = NULL;
}

int app_accept_upload(void *ctx, struct request *req)
{
	struct app *app = ctx;
	const struct route *r;
	const char *allow, *lang;
	req->app = app;
	if (router_match(routes, nroutes, req, &r, &allow) != ROUTE_FOUND ||
	    !(r->flags & ROUTE_UPLOADS))
		return 400;
	if (!(req->store = store_pool_get(app->pool)))
		return 503;
	int rc = session_authenticate(req, &lang);
	bool ok = rc == TK_OK && req->user && role_may(r->flags & ACCESS__MASK, req->user->role);
	int status = ok ? 0 : rc == TK_OK && req->user ? 403 : 401;
	store_pool_put(app->pool, req->store);
	/* app_handle() authenticates again, from a clean slate. */
	req->store = NULL;
	req->user = NULL;
	req->via_bearer = false;
	req->session_token = NULL;
	req->nparams = 0;
	return status;
}

void app_error_status(void *ctx, struct request *req, struct response *resp, int status)
{
	static const int map[][2] = {
		{400, TK_EBADREQ}, {401, TK_EUNAUTH}, {403, TK_EFORBIDDEN}, {404, TK_ENOTFOUND},
		{405, TK_EMETHOD}, {413, TK_ETOOLARGE}, {503, TK_EUNAVAIL},
	};
	struct app *app = ctx;
	int err = TK_EINTERNAL;
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i][0] == status)
			err = map[i][1];
	req->app = app;
	const char *l = i18n_negotiate(req_header(req, "Accept-Language"));
	req->lang = l ? l : i18n_languages[0];
	session_peek(req);
	web_error(req, resp, err, NULL);
}
