/* store.c - picks the backend from the URL and forwards calls to it. */
#include "store/backend.h"

#include <stdlib.h>
#include <string.h>

#include "lib/err.h"

static const char *const role_names[ROLE__MAX] = {
	[ROLE_CUSTOMER] = "customer", [ROLE_AGENT] = "agent", [ROLE_ADMIN] = "admin",
};

const char *role_name(enum role r)
{
	return (r >= 0 && r < ROLE__MAX) ? role_names[r] : "customer";
}

int role_parse(const char *s)
{
	for (int i = 0; s && i < ROLE__MAX; i++)
		if (strcmp(s, role_names[i]) == 0)
			return i;
	return -1;
}

int store_open(const char *url, struct store **out, char **err)
{
	*out = NULL;
	if (strncmp(url, "sqlite:", 7) == 0 && url[7] != '\0')
		return sqlite_store_open(url + 7, out, err);
	*err = strdup("unsupported database URL (expected sqlite:PATH)");
	return TK_EINVALID;
}

void store_close(struct store *s)
{
	if (s)
		s->ops->close(s);
}

int store_migrate(struct store *s, int *from, int *to)
{
	return s->ops->migrate(s, from, to);
}

int store_ping(struct store *s)
{
	return s->ops->ping(s);
}

int store_secret(struct store *s, const char *name, uint8_t *out, size_t n)
{
	return s->ops->secret(s, name, out, n);
}

int store_user_create(struct store *s, const struct user_new *u, int64_t now, int64_t *id)
{
	return s->ops->user_create(s, u, now, id);
}

int store_user_get(struct store *s, struct arena *a, int64_t id, struct user *out)
{
	return s->ops->user_get(s, a, id, out);
}

int store_user_by_email(struct store *s, struct arena *a, const char *email,
			struct user *out, char **pwhash)
{
	return s->ops->user_by_email(s, a, email, out, pwhash);
}

int store_user_set_password(struct store *s, int64_t id, const char *pwhash, int64_t now)
{
	return s->ops->user_set_password(s, id, pwhash, now);
}

int store_user_set_lang(struct store *s, int64_t id, const char *lang)
{
	return s->ops->user_set_lang(s, id, lang);
}

int store_session_create(struct store *s, const uint8_t hash[CRYPTO_HASH_BYTES],
			 int64_t user_id, const char *lang, int64_t now, int64_t expires)
{
	return s->ops->session_create(s, hash, user_id, lang, now, expires);
}

int store_session_get(struct store *s, struct arena *a, const uint8_t hash[CRYPTO_HASH_BYTES],
		      int64_t now, struct session *out, struct user *user)
{
	return s->ops->session_get(s, a, hash, now, out, user);
}

int store_session_set_lang(struct store *s, const uint8_t hash[CRYPTO_HASH_BYTES],
			   const char *lang, int64_t now, int64_t expires)
{
	return s->ops->session_set_lang(s, hash, lang, now, expires);
}

int store_session_delete(struct store *s, const uint8_t hash[CRYPTO_HASH_BYTES])
{
	return s->ops->session_delete(s, hash);
}

int store_token_create(struct store *s, int64_t user_id, const char *name,
		       const uint8_t hash[CRYPTO_HASH_BYTES], int64_t now, int64_t *id)
{
	return s->ops->token_create(s, user_id, name, hash, now, id);
}

int store_token_user(struct store *s, struct arena *a, const uint8_t hash[CRYPTO_HASH_BYTES],
		     int64_t now, struct user *out)
{
	return s->ops->token_user(s, a, hash, now, out);
}

int store_throttle_get(struct store *s, const char *key, int64_t now, int64_t window,
		       int *failures, int64_t *last_failure)
{
	return s->ops->throttle_get(s, key, now, window, failures, last_failure);
}

int store_throttle_fail(struct store *s, const char *key, int64_t now, int64_t window,
			int *failures)
{
	return s->ops->throttle_fail(s, key, now, window, failures);
}

int store_throttle_clear(struct store *s, const char *key)
{
	return s->ops->throttle_clear(s, key);
}
