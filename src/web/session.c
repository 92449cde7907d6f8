/* session.c - cookies, bearer tokens and CSRF tokens. */
#include "web/session.h"

#include <string.h>
#include <strings.h>
#include <time.h>

#include "config.h"
#include "lib/arena.h"
#include "lib/err.h"
#include "store/store.h"
#include "web/app.h"

/* A cookie or token value we issued: 43 base64url characters. */
static bool token_shape_ok(const char *t)
{
	if (!t || strlen(t) != CRYPTO_TOKEN_CHARS - 1)
		return false;
	return strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
	       CRYPTO_TOKEN_CHARS - 1;
}

static int bearer_authenticate(struct request *req, const char *auth)
{
	const char *tok = auth + 7;
	while (*tok == ' ')
		tok++;
	if (strncmp(tok, "tuki_", 5) != 0 || !token_shape_ok(tok + 5))
		return TK_EUNAUTH;
	uint8_t hash[CRYPTO_HASH_BYTES];
	crypto_token_hash(tok, hash);
	struct user *u = arena_alloc(req->arena, sizeof(*u));
	int rc = store_token_user(req->store, req->arena, hash, time(NULL), u);
	if (rc == TK_ENOTFOUND)
		return TK_EUNAUTH;
	if (rc)
		return rc;
	req->user = u;
	req->via_bearer = true;
	return TK_OK;
}

void session_peek(struct request *req)
{
	const char *tok = req_cookie(req, SESSION_COOKIE);
	if (token_shape_ok(tok))
		req->session_token = tok;
}

int session_authenticate(struct request *req, const char **session_lang)
{
	*session_lang = NULL;
	const char *auth = req_header(req, "Authorization");
	if (auth && strncasecmp(auth, "Bearer ", 7) == 0)
		return bearer_authenticate(req, auth);
	const char *tok = req_cookie(req, SESSION_COOKIE);
	if (!token_shape_ok(tok))
		return TK_OK;
	req->session_token = tok;
	uint8_t hash[CRYPTO_HASH_BYTES];
	crypto_token_hash(tok, hash);
	struct session s;
	struct user *u = arena_alloc(req->arena, sizeof(*u));
	int rc = store_session_get(req->store, req->arena, hash, time(NULL), &s, u);
	if (rc == TK_ENOTFOUND)
		return TK_OK;
	if (rc)
		return rc;
	*session_lang = s.lang;
	if (s.user_id)
		req->user = u;
	return TK_OK;
}

static void set_cookie(struct request *req, struct response *resp, const char *value,
		       long max_age)
{
	const struct config *cfg = req->app->cfg;
	bool secure = cfg->secure_cookies || req->tls;
	resp_header(resp, "Set-Cookie",
		    arena_printf(req->arena, "%s=%s; Path=/; Max-Age=%ld; HttpOnly; SameSite=Lax%s",
				 SESSION_COOKIE, value, max_age, secure ? "; Secure" : ""));
}

static long session_ttl(const struct request *req)
{
	return req->app->cfg->session_days * 86400L;
}

static void csrf_compute(struct request *req)
{
	char *mac = arena_alloc(req->arena, CRYPTO_TOKEN_CHARS);
	crypto_mac_text(req->app->csrf_key, req->session_token, mac);
	req->csrf = mac;
}

int session_begin(struct request *req, struct response *resp, int64_t user_id)
{
	char *tok = arena_alloc(req->arena, CRYPTO_TOKEN_CHARS);
	crypto_token_new(tok);
	uint8_t hash[CRYPTO_HASH_BYTES];
	crypto_token_hash(tok, hash);
	int64_t now = time(NULL);
	int rc = store_session_create(req->store, hash, user_id, NULL, now, now + session_ttl(req));
	if (rc)
		return rc;
	if (req->session_token) {
		/* The anonymous token may carry a language choice; it is
		 * replaced, not reused. */
		crypto_token_hash(req->session_token, hash);
		store_session_delete(req->store, hash);
	}
	req->session_token = tok;
	csrf_compute(req);
	set_cookie(req, resp, tok, session_ttl(req));
	return TK_OK;
}

void session_end(struct request *req, struct response *resp)
{
	if (req->session_token) {
		uint8_t hash[CRYPTO_HASH_BYTES];
		crypto_token_hash(req->session_token, hash);
		store_session_delete(req->store, hash);
	}
	req->session_token = NULL;
	req->csrf = NULL;
	req->user = NULL;
	set_cookie(req, resp, "", 0);
}

const char *session_csrf(struct request *req, struct response *resp)
{
	if (req->csrf)
		return req->csrf;
	if (!req->session_token) {
		char *tok = arena_alloc(req->arena, CRYPTO_TOKEN_CHARS);
		crypto_token_new(tok);
		req->session_token = tok;
		set_cookie(req, resp, tok, session_ttl(req));
	}
	csrf_compute(req);
	return req->csrf;
}

bool session_csrf_ok(struct request *req)
{
	if (!req->session_token)
		return false;
	const char *sent = req_form(req, "csrf");
	if (!sent)
		sent = req_header(req, "X-CSRF-Token");
	if (!sent)
		return false;
	if (!req->csrf)
		csrf_compute(req);
	return crypto_str_equal(sent, req->csrf);
}
