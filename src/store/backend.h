/* backend.h - what a database backend implements (store.c dispatches).
 *
 * A backend's connection struct starts with a struct store whose ops
 * point at its functions; store.c forwards every call through them. */
#ifndef TUKI_STORE_BACKEND_H
#define TUKI_STORE_BACKEND_H

#include "store/store.h"

struct store_ops {
	void (*close)(struct store *);
	int (*migrate)(struct store *, int *, int *);
	int (*ping)(struct store *);
	int (*secret)(struct store *, const char *, uint8_t *, size_t);
	int (*user_create)(struct store *, const struct user_new *, int64_t, int64_t *);
	int (*user_get)(struct store *, struct arena *, int64_t, struct user *);
	int (*user_by_email)(struct store *, struct arena *, const char *, struct user *, char **);
	int (*user_set_password)(struct store *, int64_t, const char *, int64_t);
	int (*user_set_lang)(struct store *, int64_t, const char *);
	int (*session_create)(struct store *, const uint8_t *, int64_t, const char *, int64_t, int64_t);
	int (*session_get)(struct store *, struct arena *, const uint8_t *, int64_t,
			   struct session *, struct user *);
	int (*session_set_lang)(struct store *, const uint8_t *, const char *, int64_t, int64_t);
	int (*session_delete)(struct store *, const uint8_t *);
	int (*token_create)(struct store *, int64_t, const char *, const uint8_t *, int64_t, int64_t *);
	int (*token_user)(struct store *, struct arena *, const uint8_t *, int64_t, struct user *);
	int (*throttle_get)(struct store *, const char *, int64_t, int64_t, int *, int64_t *);
	int (*throttle_fail)(struct store *, const char *, int64_t, int64_t, int *);
	int (*throttle_clear)(struct store *, const char *);
};

struct store {
	const struct store_ops *ops;
};

int sqlite_store_open(const char *path, struct store **out, char **err);

#endif
