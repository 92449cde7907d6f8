/* router.h - one table of routes, matched with path parameters.
 *
 * A pattern is a path whose segments may be "{name}" (one segment, kept
 * as a parameter) or, last, "*" (the rest of the path). The router knows
 * nothing of the handlers' types: flags are opaque to it. */
#ifndef TUKI_HTTP_ROUTER_H
#define TUKI_HTTP_ROUTER_H

#include <stddef.h>

#include "http/request.h"

typedef void (*route_fn)(struct request *req, struct response *resp);

struct route {
	enum http_method method;
	const char *pattern;
	route_fn handler;
	unsigned flags;
};

enum route_result { ROUTE_FOUND, ROUTE_NOT_FOUND, ROUTE_BAD_METHOD };

/* Finds the route for req->method and req->path, storing parameters in
 * req. HEAD matches GET routes. On ROUTE_BAD_METHOD, *allow lists the
 * methods the path accepts ("GET, POST"), in arena memory. */
enum route_result router_match(const struct route *routes, size_t n, struct request *req,
			       const struct route **out, const char **allow);

#endif
