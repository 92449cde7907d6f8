/* test_router.c - route matching, parameters and 405 detection. */
#include "check.h"
#include "http/router.h"
#include "lib/arena.h"

static void h(struct request *req, struct response *resp)
{
	(void)req;
	(void)resp;
}

static const struct route table[] = {
	{HTTP_GET, "/", h, 0},
	{HTTP_GET, "/tickets/{id}", h, 1},
	{HTTP_POST, "/tickets/{id}/messages", h, 2},
	{HTTP_PATCH, "/tickets/{id}", h, 3},
	{HTTP_GET, "/files/*", h, 4},
};

static enum route_result run(struct request *req, const char *method, const char *path,
			     const struct route **r, const char **allow)
{
	req->method = http_method_parse(method);
	req->path = path;
	return router_match(table, sizeof(table) / sizeof(table[0]), req, r, allow);
}

static void test_exact_and_params(void)
{
	struct request req = {.arena = arena_new()};
	const struct route *r;
	const char *allow;
	CHECK(run(&req, "GET", "/", &r, &allow) == ROUTE_FOUND && r->flags == 0);
	CHECK(run(&req, "GET", "/tickets/42", &r, &allow) == ROUTE_FOUND && r->flags == 1);
	CHECK_STR(req_param(&req, "id"), "42");
	CHECK(run(&req, "POST", "/tickets/7/messages", &r, &allow) == ROUTE_FOUND);
	CHECK(r->flags == 2);
	CHECK_STR(req_param(&req, "id"), "7");
	CHECK(req_param(&req, "nope") == NULL);
	arena_free(req.arena);
}

static void test_not_found(void)
{
	struct request req = {.arena = arena_new()};
	const struct route *r;
	const char *allow;
	CHECK(run(&req, "GET", "/tickets", &r, &allow) == ROUTE_NOT_FOUND);
	CHECK(run(&req, "GET", "/tickets/", &r, &allow) == ROUTE_NOT_FOUND);
	CHECK(run(&req, "GET", "/tickets/1/2", &r, &allow) == ROUTE_NOT_FOUND);
	CHECK(run(&req, "GET", "", &r, &allow) == ROUTE_NOT_FOUND);
	CHECK(run(&req, "GET", "//", &r, &allow) == ROUTE_NOT_FOUND);
	arena_free(req.arena);
}

static void test_method_not_allowed(void)
{
	struct request req = {.arena = arena_new()};
	const struct route *r;
	const char *allow;
	CHECK(run(&req, "DELETE", "/tickets/9", &r, &allow) == ROUTE_BAD_METHOD);
	CHECK_STR(allow, "GET, HEAD, PATCH");
	CHECK(run(&req, "HEAD", "/tickets/9", &r, &allow) == ROUTE_FOUND && r->flags == 1);
	CHECK(run(&req, "BREW", "/", &r, &allow) == ROUTE_BAD_METHOD);
	arena_free(req.arena);
}

static void test_wildcard(void)
{
	struct request req = {.arena = arena_new()};
	const struct route *r;
	const char *allow;
	CHECK(run(&req, "GET", "/files/a/b.png", &r, &allow) == ROUTE_FOUND && r->flags == 4);
	CHECK(run(&req, "GET", "/filesx", &r, &allow) == ROUTE_NOT_FOUND);
	arena_free(req.arena);
}

int main(void)
{
	RUN(test_exact_and_params);
	RUN(test_not_found);
	RUN(test_method_not_allowed);
	RUN(test_wildcard);
	return check_done();
}
