/* attachment.c - GET /attachments/{id}: a file, served so it cannot harm.
 *
 * Only raster images are ever shown inline; everything else (SVG and HTML
 * included) is a download. Every answer forbids sniffing and sandboxes
 * the response, so even a file that lies about its type runs nothing. */
#include <stdio.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/err.h"
#include "lib/filename.h"
#include "lib/filetype.h"
#include "web/page.h"
#include "web/routes.h"
#include "web/ticket_view.h"

/* The owner sees the files of their own ticket except notes' files;
 * agents see all. Anything else is "not found", as for tickets. */
static int attachment_load(struct request *req, struct attachment *x)
{
	int64_t id = parse_id(req_param(req, "id"));
	if (!id)
		return TK_ENOTFOUND;
	int rc = store_attachment_get(req->store, req->arena, id, x);
	if (rc == TK_OK && !is_agent(req) && (x->customer_id != req->user->id || x->internal))
		return TK_ENOTFOUND;
	return rc;
}

void attachment_get(struct request *req, struct response *resp)
{
	struct attachment x;
	int rc = attachment_load(req, &x);
	if (rc) {
		web_error(req, resp, rc, NULL);
		return;
	}
	const char *dl = req_query(req, "download");
	bool inline_ok = filetype_is_inline_image(x.content_type) && !(dl && strcmp(dl, "1") == 0);
	resp->status = 200;
	resp->content_type = inline_ok ? x.content_type : "application/octet-stream";
	resp->static_body = x.data;
	resp->static_len = (size_t)x.size;
	resp_header(resp, "Content-Disposition",
		    filename_disposition(req->arena, inline_ok ? "inline" : "attachment",
					 x.filename));
	resp_header(resp, "Content-Security-Policy", "default-src 'none'; sandbox");
	resp_header(resp, "Cache-Control", "private, no-cache");
	char sum[65];
	for (int i = 0; i < 32; i++)
		snprintf(sum + 2 * i, 3, "%02x", x.sha256[i]);
	resp_header(resp, "ETag", arena_printf(req->arena, "\"%s\"", sum));
}
