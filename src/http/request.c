/* request.c - accessors over the decoded request and response building. */
#include "http/request.h"

#include <microhttpd.h>
#include <string.h>

#include "lib/arena.h"
#include "lib/log.h"

static const char *const method_names[HTTP_METHOD__MAX] = {
	[HTTP_GET] = "GET", [HTTP_HEAD] = "HEAD", [HTTP_POST] = "POST",
	[HTTP_PUT] = "PUT", [HTTP_PATCH] = "PATCH", [HTTP_DELETE] = "DELETE",
	[HTTP_OPTIONS] = "OPTIONS", [HTTP_OTHER] = "OTHER",
};

enum http_method http_method_parse(const char *s)
{
	for (int m = 0; m < HTTP_OTHER; m++)
		if (strcmp(s, method_names[m]) == 0)
			return (enum http_method)m;
	return HTTP_OTHER;
}

const char *http_method_name(enum http_method m)
{
	return (m >= 0 && m < HTTP_METHOD__MAX) ? method_names[m] : "OTHER";
}

const char *req_header(const struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, name);
}

const char *req_cookie(const struct request *req, const char *name)
{
	return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, name);
}

const char *req_param(const struct request *req, const char *name)
{
	for (size_t i = 0; i < req->nparams; i++)
		if (strcmp(req->param_names[i], name) == 0)
			return req->param_values[i];
	return NULL;
}

const char *req_form(const struct request *req, const char *name)
{
	return form_get(&req->form, name);
}

const char *req_query(const struct request *req, const char *name)
{
	return form_get(&req->query, name);
}

bool req_is_api(const struct request *req)
{
	return strncmp(req->path, "/api/", 5) == 0;
}

void resp_header(struct response *resp, const char *name, const char *value)
{
	if (resp->nheaders >= RESP_MAX_HEADERS) {
		log_error("response header dropped: %s", name);
		return;
	}
	resp->headers[resp->nheaders].name = name;
	resp->headers[resp->nheaders].value = value;
	resp->nheaders++;
}

void resp_redirect(struct request *req, struct response *resp, const char *location)
{
	(void)req;
	resp->status = 303;
	resp_header(resp, "Location", location);
}
