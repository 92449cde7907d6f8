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

/* Every store_*() operation forwards to the backend (see STORE_OPS). */
#define STORE_OP_FORWARD(name, params, args)                                               \
	int store_##name params                                                             \
	{                                                                                   \
		return s->ops->name args;                                                   \
	}
STORE_OPS(STORE_OP_FORWARD)
#undef STORE_OP_FORWARD
