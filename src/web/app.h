/* app.h - the application: what every handler can reach through req->app.
 *
 * Built once at start-up from the configuration and read-only while
 * serving (the store pool has its own lock). */
#ifndef TUKI_WEB_APP_H
#define TUKI_WEB_APP_H

#include <semaphore.h>
#include <stdbool.h>
#include <stdint.h>

#include "domain/throttle.h"
#include "http/request.h"
#include "lib/crypto.h"

struct config;
struct filetype;
struct i18n;
struct static_set;
struct store_pool;
struct tmpl_set;

struct app {
	const struct config *cfg;
	struct store_pool *pool;
	struct tmpl_set *tmpl;
	struct i18n *i18n;
	struct static_set *statics;
	struct filetype *filetype;
	uint8_t csrf_key[CRYPTO_KEY_BYTES];
	/* Verified when the email is unknown, so a log-in takes as long
	 * whether or not the account exists. */
	char dummy_hash[CRYPTO_PWHASH_MAX];
	struct throttle_policy login_account;
	struct throttle_policy login_ip;
	/* Password hashing takes 64 MiB and tens of milliseconds each: at
	 * most this many at once, so a burst of log-ins or registrations
	 * queues instead of exhausting memory. */
	sem_t pwhash_slots;
};

/* argon2id through the app's slots: hash into out (0 ok) or verify. */
int app_password_hash(struct app *app, const char *password, char *out);
bool app_password_verify(struct app *app, const char *hash, const char *password);

/* Loads templates, catalogs and static files, migrates the database and
 * reads the server secrets. Returns 0 or -1 with *err set. */
int app_init(struct app *app, const struct config *cfg, char **err);
void app_free(struct app *app);

/* The http_handler: authenticates, routes, checks access and CSRF, runs
 * the handler. */
void app_handle(void *ctx, struct request *req, struct response *resp);
/* Whether a multipart body may be read for req (see http_config). */
int app_accept_upload(void *ctx, struct request *req);
/* The http_error_fn: an error page or JSON error for a bare status. */
void app_error_status(void *ctx, struct request *req, struct response *resp, int status);

#endif
