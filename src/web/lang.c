/* lang.c - POST /lang: the language switch in every page's header. */
#include <string.h>
#include <time.h>

#include "config.h"
#include "lib/err.h"
#include "lib/i18n.h"
#include "store/store.h"
#include "web/app.h"
#include "web/page.h"
#include "web/routes.h"

void lang_post(struct request *req, struct response *resp)
{
	const char *want = req_form(req, "lang");
	const char *lang = want ? i18n_language(want) : NULL;
	if (!lang || strcmp(lang, want) != 0) {
		web_error(req, resp, TK_EBADREQ, N_("Unknown language."));
		return;
	}
	int rc;
	if (req->user) {
		rc = store_user_set_lang(req->store, req->user->id, lang);
	} else {
		/* The CSRF check guaranteed a cookie token. */
		uint8_t hash[CRYPTO_HASH_BYTES];
		crypto_token_hash(req->session_token, hash);
		int64_t now = time(NULL);
		rc = store_session_set_lang(req->store, hash, lang, now,
					    now + req->app->cfg->session_days * 86400L);
	}
	if (rc) {
		web_error(req, resp, rc, NULL);
		return;
	}
	resp_redirect(req, resp, safe_next(req, "/"));
}
