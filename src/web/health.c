/* health.c - GET /healthz for load balancers and monitoring. */
#include "lib/err.h"
#include "store/store.h"
#include "web/routes.h"

void health_get(struct request *req, struct response *resp)
{
	int ok = store_ping(req->store) == TK_OK;
	resp->status = ok ? 200 : 503;
	resp->content_type = "text/plain; charset=utf-8";
	resp_header(resp, "Cache-Control", "no-store");
	buf_puts(&resp->body, ok ? "ok\n" : "database unavailable\n");
}
