/* router.c - linear match over the route table.
 *
 * A few dozen routes: a linear scan with no allocation beats building a
 * tree and keeps the table the single source of truth. */
#include "http/router.h"

#include <string.h>

#include "lib/arena.h"

/* Matches pattern against path; on success stores parameters. */
static int match(const char *pat, const char *path, struct request *req)
{
	size_t np = 0;
	while (*pat && *path) {
		if (pat[0] == '*' && pat[1] == '\0')
			goto found;
		if (*pat == '{') {
			const char *close = strchr(pat, '}');
			const char *end = strchr(path, '/');
			size_t vlen = end ? (size_t)(end - path) : strlen(path);
			if (!close || vlen == 0 || np >= ROUTE_MAX_PARAMS)
				return 0;
			req->param_names[np] = arena_strndup(req->arena, pat + 1,
							     (size_t)(close - pat - 1));
			req->param_values[np++] = arena_strndup(req->arena, path, vlen);
			pat = close + 1;
			path += vlen;
			continue;
		}
		if (*pat++ != *path++)
			return 0;
	}
	if (*pat == '*' && pat[1] == '\0')
		goto found;
	if (*pat || *path)
		return 0;
found:
	req->nparams = np;
	return 1;
}

static void allow_add(struct request *req, const char **allow, enum http_method m)
{
	const char *name = http_method_name(m);
	if (*allow && strstr(*allow, name))
		return;
	*allow = *allow ? arena_printf(req->arena, "%s, %s", *allow, name) : name;
}

enum route_result router_match(const struct route *routes, size_t n, struct request *req,
			       const struct route **out, const char **allow)
{
	enum http_method m = req->method == HTTP_HEAD ? HTTP_GET : req->method;
	*allow = NULL;
	*out = NULL;
	for (size_t i = 0; i < n; i++) {
		if (!match(routes[i].pattern, req->path, req))
			continue;
		if (routes[i].method == m) {
			*out = &routes[i];
			return ROUTE_FOUND;
		}
		allow_add(req, allow, routes[i].method);
		if (routes[i].method == HTTP_GET)
			allow_add(req, allow, HTTP_HEAD);
	}
	req->nparams = 0;
	return *allow ? ROUTE_BAD_METHOD : ROUTE_NOT_FOUND;
}
