/* store.h - everything Tuki keeps, behind use-case functions.
 *
 * Handlers and commands talk only to this interface; all SQL lives in the
 * backends (store/sqlite/ now, PostgreSQL later), picked by the database
 * URL. A struct store is one connection: use it from one thread at a time
 * (the pool hands one to each request). Every function returns TK_OK or a
 * negative enum tk_err; strings written to out-structures are allocated
 * in the caller's arena. Times are Unix seconds, UTC. */
#ifndef TUKI_STORE_H
#define TUKI_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "lib/crypto.h"

struct arena;
struct store;

enum role { ROLE_CUSTOMER, ROLE_AGENT, ROLE_ADMIN, ROLE__MAX };

struct user {
	int64_t id;
	const char *email;
	const char *name;
	const char *lang;      /* NULL: no preference */
	enum role role;
	int64_t created_at;
};

struct user_new {
	const char *email;     /* normalised already (domain/account.h) */
	const char *name;
	const char *password_hash;
	const char *lang;      /* may be NULL */
	enum role role;
};

struct session {
	int64_t user_id;       /* 0: anonymous session (language choice only) */
	const char *lang;
	int64_t expires_at;
};

const char *role_name(enum role r);
/* Parses "customer"/"agent"/"admin"; -1 when unknown. */
int role_parse(const char *s);

/* Opens url ("sqlite:PATH"); on failure returns an error and sets *err
 * (free() it). */
int store_open(const char *url, struct store **out, char **err);
void store_close(struct store *s);

/* Brings the schema to the newest version; *from and *to may be NULL. */
int store_migrate(struct store *s, int *from, int *to);
int store_ping(struct store *s);
/* The named secret, created at random (n bytes) on first use; the same
 * on every node because the database decides. */
int store_secret(struct store *s, const char *name, uint8_t *out, size_t n);

int store_user_create(struct store *s, const struct user_new *u, int64_t now, int64_t *id);
int store_user_get(struct store *s, struct arena *a, int64_t id, struct user *out);
/* *pwhash may be NULL when not wanted. */
int store_user_by_email(struct store *s, struct arena *a, const char *email,
			struct user *out, char **pwhash);
/* Sets the password and revokes every session of the user, atomically. */
int store_user_set_password(struct store *s, int64_t id, const char *pwhash, int64_t now);
int store_user_set_lang(struct store *s, int64_t id, const char *lang);

int store_session_create(struct store *s, const uint8_t hash[CRYPTO_HASH_BYTES],
			 int64_t user_id, const char *lang, int64_t now, int64_t expires);
/* Live session by token hash; fills *user too when it has one. */
int store_session_get(struct store *s, struct arena *a, const uint8_t hash[CRYPTO_HASH_BYTES],
		      int64_t now, struct session *out, struct user *user);
/* Records the language on the session, creating an anonymous one. */
int store_session_set_lang(struct store *s, const uint8_t hash[CRYPTO_HASH_BYTES],
			   const char *lang, int64_t now, int64_t expires);
int store_session_delete(struct store *s, const uint8_t hash[CRYPTO_HASH_BYTES]);

int store_token_create(struct store *s, int64_t user_id, const char *name,
		       const uint8_t hash[CRYPTO_HASH_BYTES], int64_t now, int64_t *id);
/* Resolves an API token to its user. */
int store_token_user(struct store *s, struct arena *a, const uint8_t hash[CRYPTO_HASH_BYTES],
		     int64_t now, struct user *out);

/* Failed log-ins under key ("email:..." or "ip:..."). Failures older than
 * window seconds start a fresh count. */
int store_throttle_get(struct store *s, const char *key, int64_t now, int64_t window,
		       int *failures, int64_t *last_failure);
int store_throttle_fail(struct store *s, const char *key, int64_t now, int64_t window,
			int *failures);
int store_throttle_clear(struct store *s, const char *key);

#endif
